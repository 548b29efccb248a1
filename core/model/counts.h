#pragma once

#include "core/model/model.h"
#include "core/util/enum_ids.h"

#include <optional>
#include <string_view>

namespace nne {

// Which figures drive the energy: the publication's declared ones or a count of the architecture.
enum class CountSource { declared, counted };
extern const EnumIds<CountSource> kCountSourceIds; // "declared", "counted"
inline std::string_view count_source_id(CountSource source) noexcept
{
  return kCountSourceIds.id(source);
}
inline std::optional<CountSource> parse_count_source(std::string_view text) noexcept
{
  return kCountSourceIds.parse(text);
}

// The per-sample figures the energy model needs. Doubles: declared figures are not integers and
// GPT3-175B's bit counts exceed what the breakdown needs to keep exactly.
struct ModelCounts {
  double parameters = 0;               // stored in weight memory
  double routed_expert_parameters = 0; // of which in routed experts (MoE), else 0
  double n_expert = 1;
  double top_k = 1;
  double macs_per_sample = 0;
  double activation_elements_per_sample = 0;
  double kv_cache_elements_per_sample = 0;
  double tokens_per_sample = 1; // decode 1, prefill L, CNN 1
  // What must be held at once, per sample, to check a memory's capacity: the KV cache a sequence
  // keeps (all L positions; 0 for a CNN), and the largest single intermediate tensor (a feature
  // map, or a token's widest vector times the tokens of a step).
  double kv_cache_resident_elements_per_sample = 0;
  double largest_activation_elements_per_sample = 0;

  // The paper's computational intensity: 2 x MACs / parameters, at batch 1.
  double flops_per_parameter() const noexcept { return parameters > 0 ? 2.0 * macs_per_sample / parameters : 0.0; }
  // Bits moved per sample at a precision.
  double activation_bits_per_sample(const Precision& precision) const noexcept
  {
    return activation_elements_per_sample * bits_of(precision.activation);
  }
  double kv_cache_bits_per_sample(const Precision& precision) const noexcept
  {
    return kv_cache_elements_per_sample * bits_of(precision.kv_cache);
  }
  // Parameters fetched from weight memory for one step of `batch` samples: all dense weights once,
  // and of the routed experts those that at least one token picks (expected value, uniform routing).
  double parameters_read_per_step(double batch) const noexcept;

  friend bool operator==(const ModelCounts&, const ModelCounts&) = default;
};

// Which source each figure came from (a declared set may lack some, which are then counted).
struct CountProvenance {
  CountSource parameters = CountSource::counted;
  CountSource macs = CountSource::counted;
  CountSource activation = CountSource::counted;
  CountSource kv_cache = CountSource::counted;

  friend bool operator==(const CountProvenance&, const CountProvenance&) = default;
};

struct ResolvedCounts {
  ModelCounts counts;
  CountProvenance provenance;
};

// Counts the architecture for the given workload (CNN: the workload is ignored). Throws ModelError.
ModelCounts count_model(const Model& model, const Workload& workload);

// The model's declared figures where it has them, they describe its architecture (it was not
// edited: Model::applicable_declared) and `preferred` is declared; counted ones for the rest.
// Declared KV-cache figures are for n_ctx and scale linearly with the context L.
ResolvedCounts resolve_counts(const Model& model, const Workload& workload, CountSource preferred);

// Per-sample figures as a table beside the count shows them, each present or not: a publication
// declares some figures and not others.
struct PerSampleFigures {
  std::optional<double> parameters;
  std::optional<double> macs_per_sample;
  std::optional<double> activation_elements_per_sample;
  std::optional<double> kv_cache_elements_per_sample;

  std::optional<double> flops_per_sample() const noexcept; // 2 per MAC
  std::optional<double> activation_bits_per_sample(const Precision& precision) const noexcept;
  std::optional<double> kv_cache_bits_per_sample(const Precision& precision) const noexcept;
  std::optional<double> flops_per_parameter() const noexcept; // needs both parameters and MACs
};

// Every figure of a count.
PerSampleFigures per_sample_figures(const ModelCounts& counts);
// Only what the publication states, where it still describes the architecture (not edited):
// nothing filled in from the count. The one source of the "declared" column of the CLI's counts
// and of the model panel.
PerSampleFigures declared_figures(const Model& model, const Workload& workload);

} // namespace nne
