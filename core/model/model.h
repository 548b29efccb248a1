#pragma once

#include "core/model/cnn.h"
#include "core/model/graph.h"
#include "core/model/precision.h"
#include "core/model/transformer.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace nne {

// Figures a publication states for a model, kept beside its architecture because they need not
// agree with a count of it (the paper's ResNet18 "1.8 GFLOPs" is 1.814 G MACs, halved).
// Every value is per sample (one image, or one sequence for one decode step at the model's n_ctx).
struct DeclaredCounts {
  std::optional<double> parameters;
  std::optional<double> flops_per_sample; // as stated; one MAC is two FLOPs
  // Multiply-accumulates as stated, for publications that count those (torchvision's "GFLOPS" are
  // MACs). Where both are declared, this one is used: it needs no convention to convert.
  std::optional<double> macs_per_sample;
  std::optional<double> activation_elements_per_sample;
  std::optional<double> kv_cache_elements_per_sample; // at the model's n_ctx
  std::string source;                                 // where the figures come from
  std::string note;                                   // how they were recovered, caveats

  bool empty() const noexcept
  {
    return !parameters && !flops_per_sample && !macs_per_sample && !activation_elements_per_sample &&
           !kv_cache_elements_per_sample;
  }
  friend bool operator==(const DeclaredCounts&, const DeclaredCounts&) = default;
};

using Architecture = std::variant<CnnModel, TransformerModel, GraphModel>; // GraphModel: imported (ONNX)

struct Model {
  std::string id;   // preset id, e.g. "llama-7b-paper"
  std::string name; // for people, e.g. "Llama-7B (paper)"
  std::string description;
  Architecture architecture;
  DeclaredCounts declared;
  Precision default_precision;                            // the precision the model is usually run at
  nlohmann::json unknown_keys = nlohmann::json::object(); // written back on save
  // Counted by a layout the user told the importer to assume (--assume-layout llama), not by one
  // verified for the model's family: every name shown for it says so.
  bool layout_assumed = false;
  // The architecture that `id`, `name`, `description` and `declared` describe: the one of the
  // preset, file or publication the model was read from. Once the architecture is edited they no
  // longer apply: the declared figures give way to counted ones and the name says "edited".
  // Null for a model built in code, which describes itself.
  std::shared_ptr<const Architecture> published;

  // Remembers the current architecture as the one the labels and declared figures describe
  // (readers and importers call it).
  void mark_published() { published = std::make_shared<const Architecture>(architecture); }
  bool is_edited() const noexcept { return published != nullptr && *published != architecture; }
  // The declared figures when they describe the architecture as it is; nullptr when there are
  // none or the architecture has been edited.
  const DeclaredCounts* applicable_declared() const noexcept
  {
    return declared.empty() || is_edited() ? nullptr : &declared;
  }

  bool is_cnn() const noexcept { return std::holds_alternative<CnnModel>(architecture); }
  bool is_transformer() const noexcept { return std::holds_alternative<TransformerModel>(architecture); }
  bool is_graph() const noexcept { return std::holds_alternative<GraphModel>(architecture); }
  // A decoder transformer, or a graph of a decoder exported with its KV cache as inputs: the models
  // whose energy has a KV-cache component.
  bool has_kv_cache() const noexcept
  {
    const auto* graph = std::get_if<GraphModel>(&architecture);
    return is_transformer() || (graph != nullptr && graph->kv_cache_elements > 0);
  }
  // "cnn", "transformer" or "graph": the file format's and the command line's name for the kind.
  std::string_view architecture_id() const noexcept
  {
    return is_cnn() ? "cnn" : is_transformer() ? "transformer" : "graph";
  }
  friend bool operator==(const Model&, const Model&) = default;
};

// The model's name where it is as published; "<name> (edited)" once its architecture was edited;
// "(assumed layout)" after it where the layout was assumed rather than known.
std::string display_name(const Model& model);

} // namespace nne
