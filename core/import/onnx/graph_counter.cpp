#include "core/import/onnx/graph_counter.h"

#include "core/import/onnx/constant_folding.h"
#include "core/import/onnx/einsum.h"
#include "core/import/onnx/operator_rules.h"
#include "core/import/onnx/tensor_info.h"
#include "core/model/checked_int.h"
#include "core/util/errors.h"
#include "core/util/format.h"
#include "core/util/text_util.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace nne::onnx_import {

namespace {

// ONNX reports inference errors as
//   [ShapeInferenceError] Shape inference error(s): (op_type:Add, node name: add1): [ShapeInferenceError] Incompatible
//   dimensions
// which reads better as "node 'add1' (Add): Incompatible dimensions".
std::string readable_inference_error(std::string text)
{
  const auto erase_all = [&](std::string_view what) {
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what)) {
      text.erase(at, what.size());
    }
  };
  erase_all("[ShapeInferenceError] Shape inference error(s): ");
  erase_all("[ShapeInferenceError] ");
  erase_all("[TypeInferenceError] ");
  std::string readable;
  std::size_t at = 0;
  while ((at = text.find("(op_type:")) != std::string::npos) {
    const std::size_t comma = text.find(", node name: ", at);
    const std::size_t close = text.find("): ", at);
    if (comma == std::string::npos || close == std::string::npos || comma > close) {
      break;
    }
    readable += text.substr(0, at);
    const std::string op = text.substr(at + 9, comma - at - 9);
    const std::string name = text.substr(comma + 13, close - comma - 13);
    readable += "node '" + name + "' (" + op + "): ";
    text.erase(0, close + 3);
  }
  readable += text;
  while (!readable.empty() && std::isspace(static_cast<unsigned char>(readable.back()))) {
    readable.pop_back();
  }
  for (char& c : readable) {
    if (c == '\n') {
      c = ';';
    }
  }
  return readable;
}

// A constant tensor: an initializer or a Constant node's value.
struct Weight {
  std::int32_t elem_type = 0;
  Dims dims;
  std::int64_t elements = 0;
  bool attributed = false;    // already counted on a node
  std::string constant_node;  // the Constant node holding it; empty for an initializer
  bool external_data = false; // its bytes are in another file, which the importer does not open
};

// Operators that hand a weight on unchanged in substance (a zero initial state sliced per layer, a
// token expanded over the batch): whether it is a parameter depends on where their output goes.
// The input that carries the data is 0, or any for Concat.
bool passes_data_through(std::string_view op, int index) noexcept
{
  if (op == "Concat") {
    return true;
  }
  return index == 0 && (op == "Slice" || op == "Gather" || op == "Squeeze" || op == "Unsqueeze" || op == "Reshape" ||
                        op == "Transpose" || op == "Split" || op == "Expand" || op == "Identity" || op == "Cast" ||
                        op == "Flatten" || op == "Tile");
}

// "'a', 'b' and 3 more": names for a note, the first few of many.
std::string some_names(const std::vector<std::string>& names)
{
  constexpr std::size_t kShown = 8;
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) {
    text += (i == 0 ? "" : ", ") + names[i];
  }
  if (names.size() > kShown) {
    text += " and " + std::to_string(names.size() - kShown) + " more";
  }
  return text;
}

class GraphCounter {
public:
  GraphCounter(onnx::ModelProto& model, std::string origin, const OnnxImportOptions& options)
      : model_(model), origin_(std::move(origin)), options_(options)
  {
  }

  Model run()
  {
    GraphModel graph;
    const std::filesystem::path source(origin_);
    graph.source = source.filename().string();
    graph.producer =
        model_.producer_name() + (model_.producer_version().empty() ? std::string{} : " " + model_.producer_version());
    graph.opset = default_opset();
    const std::int64_t known_opset = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map().at("").second;
    if (graph.opset > known_opset) {
      graph.notes.push_back("the graph uses ONNX opset " + std::to_string(graph.opset) +
                            "; shapes were inferred with the operator definitions of opset " +
                            std::to_string(known_opset) + ", the newest this build of ONNX knows");
    }
    collect_weights();
    graph.batch = fix_batch(graph);
    infer_shapes_folding_constants();

    const onnx::GraphProto& g = model_.graph();
    graph.nodes.reserve(static_cast<std::size_t>(g.node_size()));
    for (const onnx::ValueInfoProto& input : g.input()) {
      defined_.insert(input.name());
    }
    for (int i = 0; i < g.node_size(); ++i) {
      for (int input = 0; input < g.node(i).input_size(); ++input) {
        consumers_[g.node(i).input(input)].emplace_back(i, input);
      }
    }
    for (int i = 0; i < g.node_size(); ++i) {
      graph.nodes.push_back(count_node(g.node(i), static_cast<std::size_t>(i)));
    }
    for (const onnx::ValueInfoProto& output : g.output()) {
      if (const auto it = materialized_of_.find(output.name()); it != materialized_of_.end()) {
        ++materialized_[it->second].consumers; // the graph's outputs are read out
      }
    }
    where_ = origin_;
    for (const Materialized& tensor : materialized_) {
      std::int64_t& traffic = graph.nodes[tensor.node].activation_traffic_elements;
      traffic = checked_add(traffic, checked_mul(tensor.elements, 1 + tensor.consumers));
    }
    if (!nodes_without_traffic_.empty()) {
      std::vector<std::string> names;
      for (const std::size_t node : nodes_without_traffic_) {
        names.push_back("'" + graph.nodes[node].name + "' (" + graph.nodes[node].op_type + ")");
      }
      graph.notes.push_back(std::to_string(nodes_without_traffic_.size()) +
                            " node(s) have outputs of unknown shape (an operator ONNX cannot infer, or a shape that "
                            "depends on the data), so their activation traffic is not counted: " +
                            some_names(names));
    }
    if (const std::optional<std::string> tied = tied_embedding_stored_twice()) {
      graph.notes.push_back(*tied);
    }
    if (!constants_counted_.empty()) {
      graph.notes.push_back(std::to_string(constants_counted_.size()) +
                            " Constant node(s) counted as weights, as floating-point tensors an operator takes as "
                            "weights: " +
                            some_names(constants_counted_));
    }
    if (!constants_not_counted_.empty()) {
      graph.notes.push_back(std::to_string(constants_not_counted_.size()) +
                            " floating-point Constant node(s) not counted as weights, as no operator takes them as "
                            "weights: " +
                            some_names(constants_not_counted_));
    }
    if (!external_files_.empty()) {
      graph.notes.push_back("the weights' data is in " + some_names(external_files_) +
                            " beside the model, which was not read: the counts need only the dims in the model file");
    }

    Model result;
    result.name = source.stem().string();
    result.id = detail::make_id(result.name);
    result.description = "Imported from " + graph.source + (graph.producer.empty() ? "" : " (" + graph.producer + ")") +
                         ", ONNX opset " + std::to_string(graph.opset) + ".";
    if (const std::optional<NumberFormat> format = dominant_weight_format()) {
      result.default_precision = {*format, *format, *format, *format};
    }
    count_graph(graph); // refuses sums beyond int64 now rather than when the model is used
    result.architecture = std::move(graph);
    result.mark_published();
    return result;
  }

private:
  struct Materialized {
    std::size_t node = 0;
    std::int64_t elements = 0;
    std::int64_t consumers = 0;
  };

  [[noreturn]] void fail(const std::string& problem) const { throw ModelError(where_, problem); }

  std::int64_t checked_mul(std::int64_t a, std::int64_t b) const
  {
    const std::optional<std::int64_t> result = detail::checked_mul(a, b);
    if (!result) {
      fail(detail::kTooLargeToCount);
    }
    return *result;
  }
  std::int64_t checked_add(std::int64_t a, std::int64_t b) const
  {
    const std::optional<std::int64_t> result = detail::checked_add(a, b);
    if (!result) {
      fail(detail::kTooLargeToCount);
    }
    return *result;
  }
  std::int64_t product(const Dims& dims, std::size_t first = 0) const
  {
    std::int64_t result = 1;
    for (std::size_t i = first; i < dims.size(); ++i) {
      result = checked_mul(result, dims[i]);
    }
    return result;
  }

  std::int64_t default_opset() const
  {
    for (const onnx::OperatorSetIdProto& opset : model_.opset_import()) {
      if (is_default_domain(opset.domain())) {
        return opset.version();
      }
    }
    throw InputError(origin_, "", "the model declares no version of the ONNX operator set (opset_import)");
  }

  void collect_weights()
  {
    const auto add = [&](const std::string& name, std::int32_t elem_type, const auto& dims, std::int64_t elements) {
      Weight weight;
      weight.elem_type = elem_type;
      weight.dims.assign(dims.begin(), dims.end());
      weight.elements = elements;
      weights_.insert_or_assign(name, std::move(weight));
    };
    where_ = origin_;
    const auto elements_of = [&](const auto& dims, const std::string& name) {
      std::int64_t elements = 1;
      for (std::int64_t d : dims) {
        if (d < 0) {
          throw InputError(origin_, "",
                           "the tensor '" + name + "' has a negative dimension (" + std::to_string(d) + ")");
        }
        elements = checked_mul(elements, d);
      }
      return elements;
    };
    for (const onnx::TensorProto& tensor : model_.graph().initializer()) {
      add(tensor.name(), tensor.data_type(), tensor.dims(), elements_of(tensor.dims(), tensor.name()));
      if (tensor.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
        weights_.at(tensor.name()).external_data = true;
        for (const onnx::StringStringEntryProto& entry : tensor.external_data()) {
          const std::string file = "'" + entry.value() + "'";
          if (entry.key() == "location" && std::ranges::find(external_files_, file) == external_files_.end()) {
            external_files_.push_back(file);
          }
        }
      }
      if (std::optional<KnownValue> value = known_value_of(tensor)) {
        initializer_values_.insert_or_assign(tensor.name(), std::move(*value));
      }
    }
    for (const onnx::SparseTensorProto& sparse : model_.graph().sparse_initializer()) {
      // Stored values only: a sparse weight holds its non-zeros.
      add(sparse.values().name(), sparse.values().data_type(), sparse.dims(),
          elements_of(sparse.values().dims(), sparse.values().name()));
    }
    for (const onnx::NodeProto& node : model_.graph().node()) {
      if (node.op_type() != "Constant" || !is_default_domain(node.domain()) || node.output_size() == 0) {
        continue;
      }
      for (const onnx::AttributeProto& attribute : node.attribute()) {
        if (attribute.name() == "value" && attribute.has_t()) {
          add(node.output(0), attribute.t().data_type(), attribute.t().dims(),
              elements_of(attribute.t().dims(), node.output(0)));
          weights_.at(node.output(0)).constant_node = node.name().empty() ? node.output(0) : node.name();
        }
      }
    }
  }

  // A decoder exported with its KV cache as inputs, as Optimum writes one
  // (past_key_values.<layer>.key and .value) or as older exports did (past.<layer>).
  static bool is_past_input(const std::string& name)
  {
    return name.starts_with("past_key_values") || name.starts_with("past.");
  }

  // The symbols of a decoder's cached positions and their value, the context.
  struct DecoderSymbols {
    std::unordered_set<std::string> past; // the past inputs' symbols beyond the batch: past_sequence_length
    std::int64_t context = 0;
  };

  DecoderSymbols decoder_symbols()
  {
    DecoderSymbols symbols;
    for (const onnx::ValueInfoProto& input : model_.graph().input()) {
      if (!is_past_input(input.name()) || weights_.contains(input.name())) {
        continue;
      }
      past_inputs_.insert(input.name());
      for (int axis = 1; axis < input.type().tensor_type().shape().dim_size(); ++axis) {
        const onnx::TensorShapeProto_Dimension& dim = input.type().tensor_type().shape().dim(axis);
        if (dim.has_dim_param()) {
          symbols.past.insert(dim.dim_param());
        }
      }
    }
    symbols.context = options_.decoder_context > 0 ? options_.decoder_context : kDefaultDecoderContext;
    return symbols;
  }

  // A symbolic dimension of a decoder's input for one decode step: the cached positions'
  // symbol is the context, any other symbol (sequence_length) the one new token, and a sum of
  // symbols and numbers ("past_sequence_length + 1") the sum. nullopt for another expression.
  static std::optional<std::int64_t> decoder_dimension(const std::string& expression, const DecoderSymbols& symbols)
  {
    std::int64_t sum = 0;
    std::size_t begin = 0;
    while (begin <= expression.size()) {
      const std::size_t plus = std::min(expression.find('+', begin), expression.size());
      std::string term = expression.substr(begin, plus - begin);
      term.erase(0, term.find_first_not_of(' '));
      term.erase(term.find_last_not_of(' ') + 1);
      if (term.empty() || !std::ranges::all_of(term, [](unsigned char c) { return std::isalnum(c) || c == '_'; })) {
        return std::nullopt;
      }
      if (std::ranges::all_of(term, [](unsigned char c) { return std::isdigit(c); })) {
        sum += std::stoll(term);
      } else {
        sum += symbols.past.contains(term) ? symbols.context : 1;
      }
      begin = plus + 1;
    }
    return sum;
  }

  void record_kv_cache(GraphModel& graph, const DecoderSymbols& decoder)
  {
    where_ = origin_;
    for (const GraphInput& input : graph.inputs) {
      if (past_inputs_.contains(input.name)) {
        graph.kv_cache_elements = checked_add(graph.kv_cache_elements, product(input.shape));
      }
    }
    // Exported at a fixed size, the cache holds what its [batch, heads, positions, head size] says.
    graph.context = decoder.context;
    if (decoder.past.empty()) {
      for (const GraphInput& input : graph.inputs) {
        if (past_inputs_.contains(input.name) && input.shape.size() == 4) {
          graph.context = input.shape[2];
        }
      }
    }
    graph.notes.push_back("a decoder with its KV cache as inputs (" + std::to_string(past_inputs_.size()) +
                          " past_key_values inputs): counted for one decode step, one new token at a context of " +
                          std::to_string(graph.context) + " cached positions" +
                          (decoder.past.empty()           ? std::string(" (fixed in the export)")
                           : options_.decoder_context > 0 ? std::string{}
                                                          : " (the default; --context sets it)") +
                          "; the KV cache read per step is the past inputs' " +
                          format_grouped(static_cast<double>(graph.kv_cache_elements)) + " elements");
  }

  // A symbolic or unknown batch dimension becomes 1. Returns the graph's batch: 1, or the fixed
  // first dimension of an image input (N x C x H x W or N x C x D x H x W, the layout ONNX's
  // convolutions and pooling require). Other inputs' first dimension need not be a batch (an RNN's
  // input is sequence first, a Gemm's may be transposed), so a graph without image inputs counts
  // one evaluation as one sample.
  std::int64_t fix_batch(GraphModel& graph)
  {
    std::optional<std::int64_t> fixed_batch;
    const DecoderSymbols decoder = decoder_symbols();
    for (onnx::ValueInfoProto& input : *model_.mutable_graph()->mutable_input()) {
      if (weights_.contains(input.name())) {
        continue; // an initializer listed as an input too (IR version < 4, or keep_initializers_as_inputs)
      }
      const std::string where = origin_ + ": graph input '" + input.name() + "'";
      if (!input.type().has_tensor_type() || !input.type().tensor_type().has_shape()) {
        throw ModelError(where, "has no shape; the importer needs the shape of every input");
      }
      onnx::TensorShapeProto& shape = *input.mutable_type()->mutable_tensor_type()->mutable_shape();
      for (int axis = 0; axis < shape.dim_size(); ++axis) {
        onnx::TensorShapeProto_Dimension& dim = *shape.mutable_dim(axis);
        if (dim.has_dim_value() && dim.dim_value() >= 0) {
          if (axis == 0 && !fixed_batch && (shape.dim_size() == 4 || shape.dim_size() == 5)) {
            fixed_batch = dim.dim_value();
          }
          continue;
        }
        if (axis == 0) {
          dim.set_dim_value(1); // clears dim_param
          continue;
        }
        if (!past_inputs_.empty() && dim.has_dim_param()) {
          if (const std::optional<std::int64_t> size = decoder_dimension(dim.dim_param(), decoder)) {
            dim.set_dim_value(*size);
            continue;
          }
          throw ModelError(where, "dimension " + std::to_string(axis) + " is '" + dim.dim_param() +
                                      "', which is neither a symbol nor a sum of symbols and numbers");
        }
        throw ModelError(where, "dimension " + std::to_string(axis) +
                                    (dim.has_dim_param() ? " is the symbol '" + dim.dim_param() + "'" : " is unknown") +
                                    "; only the batch dimension (0) may be left open (it is set to 1): export the "
                                    "model with a fixed size for this dimension");
      }
      GraphInput recorded{input.name(), {}};
      for (const onnx::TensorShapeProto_Dimension& dim : shape.dim()) {
        recorded.shape.push_back(dim.dim_value());
      }
      graph.inputs.push_back(std::move(recorded));
    }
    if (!past_inputs_.empty()) {
      record_kv_cache(graph, decoder);
    }
    if (fixed_batch && *fixed_batch > 1) {
      graph.notes.push_back("the graph's image input has a fixed batch of " + std::to_string(*fixed_batch) +
                            ": its MACs and activation traffic per sample are the graph's divided by it");
      return *fixed_batch;
    }
    return 1;
  }

  // Shape inference, alternating with folding the values computed from shapes
  // (core/import/onnx/constant_folding.h): each round infers the shapes of the graph in which the
  // nodes folded so far are initializers holding their values (inferred_), then folds what those
  // shapes allow. The rounds end when neither gives anything new; each node is folded once, so they
  // end. Swin-B takes 30 rounds: the inference graph is kept from round to round, not copied.
  void infer_shapes_folding_constants()
  {
    prepare_inference_graph();
    for (bool progress = true; progress;) {
      update_inference_graph();
      infer_shapes(inferred_);
      collect_tensor_infos(inferred_.graph());
      progress = complete_einsum_shapes();
      progress = fold_constants() || progress;
    }
  }

  // The graph shape inference sees, before anything is folded: an initializer whose data the
  // importer does not have (a payload it skipped, external data) becomes an input of its type and
  // shape, as shape inference must not read absent bytes.
  void prepare_inference_graph()
  {
    inferred_ = model_;
    onnx::GraphProto& g = *inferred_.mutable_graph();
    std::unordered_set<std::string> inputs;
    for (const onnx::ValueInfoProto& input : g.input()) {
      inputs.insert(input.name());
    }
    google::protobuf::RepeatedPtrField<onnx::TensorProto> with_data;
    for (onnx::TensorProto& tensor : *g.mutable_initializer()) {
      if (initializer_values_.contains(tensor.name())) {
        with_data.Add()->Swap(&tensor);
        continue;
      }
      if (!inputs.contains(tensor.name())) {
        onnx::ValueInfoProto& input = *g.add_input();
        input.set_name(tensor.name());
        onnx::TypeProto_Tensor& type = *input.mutable_type()->mutable_tensor_type();
        type.set_elem_type(tensor.data_type());
        onnx::TensorShapeProto& shape = *type.mutable_shape();
        for (const std::int64_t d : tensor.dims()) {
          shape.add_dim()->set_dim_value(d);
        }
      }
    }
    g.mutable_initializer()->Swap(&with_data);
  }

  // Hands the values folded since the last round to shape inference: their nodes leave the
  // inference graph, initializers holding the values take their place. The inferred shapes of the
  // last round are dropped (they are in infos_), the Einsum shapes filled in are the graph's own.
  void update_inference_graph()
  {
    onnx::GraphProto& g = *inferred_.mutable_graph();
    bool newly_folded = false;
    for (const auto& [name, value] : folded_) {
      if (handed_to_inference_.insert(name).second) {
        *g.add_initializer() = tensor_of(value, name);
        newly_folded = true;
      }
    }
    if (newly_folded) {
      google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
      for (onnx::NodeProto& node : *g.mutable_node()) {
        if (!all_outputs_folded(node)) {
          kept.Add()->Swap(&node);
        }
      }
      g.mutable_node()->Swap(&kept);
    }
    *g.mutable_value_info() = model_.graph().value_info();
    *g.mutable_output() = model_.graph().output();
  }

  bool all_outputs_folded(const onnx::NodeProto& node) const
  {
    return node.output_size() > 0 &&
           std::all_of(node.output().begin(), node.output().end(),
                       [&](const std::string& name) { return name.empty() || folded_.contains(name); });
  }

  void infer_shapes(onnx::ModelProto& model) const
  {
    try {
      onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                         onnx::ShapeInferenceOptions(/*check_type=*/false, /*error_mode=*/1,
                                                                     /*enable_data_propagation=*/true));
    } catch (const std::exception& error) {
      throw ModelError(origin_, "the shapes cannot be inferred: " + readable_inference_error(error.what()));
    }
  }

  // Folds every node whose inputs' values (or, for Shape and Size, shapes) are known now, in graph
  // order so that a chain folds in one pass. Returns whether any node was folded.
  bool fold_constants()
  {
    const FoldingInputs inputs{[&](const std::string& name) -> const KnownValue* {
                                 if (const auto it = folded_.find(name); it != folded_.end()) {
                                   return &it->second;
                                 }
                                 const auto it = initializer_values_.find(name);
                                 return it == initializer_values_.end() ? nullptr : &it->second;
                               },
                               [&](const std::string& name) -> const Dims* {
                                 const TensorInfo* tensor = info(name);
                                 return tensor != nullptr && tensor->shape_known() ? &tensor->dims : nullptr;
                               }};
    const std::int64_t opset = default_opset();
    bool folded_any = false;
    for (const onnx::NodeProto& node : model_.graph().node()) {
      if (all_outputs_folded(node)) {
        continue;
      }
      std::optional<std::vector<KnownValue>> values = fold_node(node, opset, inputs);
      if (!values || values->size() != static_cast<std::size_t>(node.output_size())) {
        continue;
      }
      for (int i = 0; i < node.output_size(); ++i) {
        if (!node.output(i).empty()) {
          folded_.insert_or_assign(node.output(i), std::move((*values)[static_cast<std::size_t>(i)]));
        }
      }
      folded_any = true;
    }
    return folded_any;
  }

  // ONNX 1.12 infers only the rank of an Einsum's output; its dimensions follow from the
  // equation. Fills in the Einsums whose operands are known (in the graph itself, so that every
  // later round's copy has them); the next round's inference then reaches the nodes after them.
  // Returns whether any was filled in.
  bool complete_einsum_shapes()
  {
    bool completed = false;
    const onnx::GraphProto& g = model_.graph();
    for (int i = 0; i < g.node_size(); ++i) {
      const onnx::NodeProto& node = g.node(i);
      if (node.op_type() != "Einsum" || !is_default_domain(node.domain()) || node.output_size() == 0 ||
          einsums_completed_.contains(node.output(0))) {
        continue;
      }
      const TensorInfo* out = info(node.output(0));
      if (out != nullptr && out->shape_known()) {
        continue;
      }
      std::vector<Dims> operands;
      for (const std::string& name : node.input()) {
        if (const TensorInfo* operand = info(name); operand != nullptr && operand->shape_known()) {
          operands.push_back(operand->dims);
        }
      }
      Dims dims;
      try {
        if (operands.size() != static_cast<std::size_t>(node.input_size())) {
          continue;
        }
        dims = einsum_output_dims(einsum_space(attribute_string(node, "equation").value_or(""), operands));
      } catch (const std::invalid_argument&) {
        continue; // counting the node reports it
      }
      einsums_completed_.insert(node.output(0)); // each once: no endless rounds
      set_shape(node.output(0), out != nullptr ? out->elem_type : 0, dims);
      completed = true;
    }
    return completed;
  }

  void set_shape(const std::string& name, std::int32_t elem_type, const Dims& dims)
  {
    onnx::GraphProto& g = *model_.mutable_graph();
    onnx::ValueInfoProto* value = nullptr;
    for (auto* list : {g.mutable_output(), g.mutable_value_info()}) {
      for (onnx::ValueInfoProto& candidate : *list) {
        if (candidate.name() == name) {
          value = &candidate;
        }
      }
    }
    if (value == nullptr) {
      value = g.add_value_info();
      value->set_name(name);
    }
    onnx::TypeProto_Tensor& tensor = *value->mutable_type()->mutable_tensor_type();
    if (elem_type != 0) {
      tensor.set_elem_type(elem_type);
    }
    onnx::TensorShapeProto& shape = *tensor.mutable_shape();
    shape.clear_dim();
    for (std::int64_t dim : dims) {
      shape.add_dim()->set_dim_value(dim);
    }
  }

  void collect_tensor_infos(const onnx::GraphProto& g)
  {
    infos_.clear();
    for (const auto* list : {&g.input(), &g.value_info(), &g.output()}) {
      for (const onnx::ValueInfoProto& value : *list) {
        TensorInfo info = info_of(value.type());
        auto [it, inserted] = infos_.try_emplace(value.name(), info);
        if (!inserted && !it->second.shape_known() && info.shape_known()) {
          it->second = std::move(info);
        }
      }
    }
    for (const auto& [name, weight] : weights_) {
      infos_.insert_or_assign(name, TensorInfo{weight.elem_type, true, weight.dims, {}});
      static_tensors_.insert(name);
    }
    for (const auto& [name, value] : folded_) {
      infos_.insert_or_assign(name, TensorInfo{value.elem_type, true, value.dims, {}});
    }
  }

  const TensorInfo* info(const std::string& name) const
  {
    const auto it = infos_.find(name);
    return it == infos_.end() ? nullptr : &it->second;
  }

  // The shape of a node's input or output; the role names it in a message ("input 1 (the weights)").
  const Dims& shape_of(const std::string& name, const std::string& role) const
  {
    const TensorInfo* tensor = info(name);
    if (tensor != nullptr && tensor->shape_known()) {
      return tensor->dims;
    }
    std::string problem = "the shape of " + role + " '" + name + "' cannot be inferred";
    if (tensor != nullptr && tensor->rank_known) {
      problem += " (" + tensor->unknown_dim + ")";
    }
    if (const auto it = unknown_origin_.find(name); it != unknown_origin_.end()) {
      problem += "; it depends on " + it->second;
    }
    fail(problem);
  }

  std::int64_t attribute_int(const onnx::NodeProto& node, std::string_view name, std::int64_t fallback) const
  {
    for (const onnx::AttributeProto& attribute : node.attribute()) {
      if (attribute.name() == name) {
        return attribute.i();
      }
    }
    return fallback;
  }

  std::optional<std::string> attribute_string(const onnx::NodeProto& node, std::string_view name) const
  {
    for (const onnx::AttributeProto& attribute : node.attribute()) {
      if (attribute.name() == name) {
        return attribute.s();
      }
    }
    return std::nullopt;
  }

  const std::string& input(const onnx::NodeProto& node, int index, const char* role) const
  {
    if (index >= node.input_size() || node.input(index).empty()) {
      fail("has no " + std::string(role) + " (input " + std::to_string(index) + ")");
    }
    return node.input(index);
  }

  const std::string& output(const onnx::NodeProto& node) const
  {
    if (node.output_size() == 0 || node.output(0).empty()) {
      fail("has no output");
    }
    return node.output(0);
  }

  // Output elements x (input channels per group x kernel elements).
  std::int64_t conv_macs(const onnx::NodeProto& node, std::string_view op) const
  {
    const int weight_index = op == "QLinearConv" ? 3 : 1;
    const Dims& x = shape_of(input(node, 0, "input"), "the input");
    const Dims& w = shape_of(input(node, weight_index, "weights"), "the weights");
    const Dims& y = shape_of(output(node), "the output");
    const std::int64_t groups = attribute_int(node, "group", 1);
    if (w.size() < 3 || x.size() != w.size()) {
      fail("expected weights of rank 3 or more matching the input's rank " + std::to_string(x.size()) + ", got " +
           dims_text(w));
    }
    if (groups <= 0 || x[1] != checked_mul(w[1], groups)) {
      fail("the weights " + dims_text(w) + " take " + std::to_string(w[1]) + " input channels per group x " +
           std::to_string(groups) + " group(s), but the input " + dims_text(x) + " has " + std::to_string(x[1]));
    }
    return checked_mul(product(y), product(w, 1));
  }

  // Each input element is scattered to (output channels per group x kernel elements) outputs.
  std::int64_t conv_transpose_macs(const onnx::NodeProto& node) const
  {
    const Dims& x = shape_of(input(node, 0, "input"), "the input");
    const Dims& w = shape_of(input(node, 1, "weights"), "the weights");
    if (w.size() < 3 || x.size() != w.size() || x[1] != w[0]) {
      fail("the weights " + dims_text(w) + " do not fit the input " + dims_text(x));
    }
    return checked_mul(product(x), product(w, 1));
  }

  // M x K x N: output elements x K.
  std::int64_t gemm_macs(const onnx::NodeProto& node) const
  {
    const Dims& a = shape_of(input(node, 0, "input A"), "input A");
    const Dims& y = shape_of(output(node), "the output");
    if (a.size() != 2) {
      fail("expected a matrix for input A, got " + dims_text(a));
    }
    const std::int64_t k = attribute_int(node, "transA", 0) != 0 ? a[0] : a[1];
    return checked_mul(product(y), k);
  }

  // numpy matmul, batched and broadcast: output elements x K (A's last dimension).
  std::int64_t matmul_macs(const onnx::NodeProto& node) const
  {
    const Dims& a = shape_of(input(node, 0, "input A"), "input A");
    const Dims& y = shape_of(output(node), "the output");
    if (a.empty()) {
      fail("input A is a scalar; MatMul needs a vector or a matrix");
    }
    return checked_mul(product(y), a.back());
  }

  // Of two operands: the size of the iteration space, every index letter once (and the broadcast
  // "..." dimensions); no MACs when no index is summed over (an element-wise or outer product).
  // Returns nullopt when it cannot be counted from shapes alone (three or more operands).
  std::optional<std::int64_t> einsum_macs(const onnx::NodeProto& node, std::string& note) const
  {
    const std::string equation = attribute_string(node, "equation").value_or("");
    if (node.input_size() == 1) {
      note = "one operand: a sum or a transpose, no MACs";
      return 0;
    }
    if (node.input_size() > 2) {
      note = "three or more operands: the MACs depend on the order of contraction";
      return std::nullopt;
    }
    std::vector<Dims> operands;
    for (int i = 0; i < node.input_size(); ++i) {
      operands.push_back(shape_of(input(node, i, "operand"), "operand " + std::to_string(i)));
    }
    EinsumSpace space;
    try {
      space = einsum_space(equation, operands);
    } catch (const std::invalid_argument& error) {
      fail(error.what());
    }
    if (!space.sums) {
      note = "an element-wise or outer product: not a MAC";
      return 0;
    }
    std::int64_t macs = product(space.ellipsis);
    for (const auto& [letter, size] : space.sizes) {
      macs = checked_mul(macs, size);
    }
    return macs;
  }

  // Per step and direction, batch x (W's and R's elements): the input and recurrent matrix products.
  std::int64_t recurrent_macs(const onnx::NodeProto& node) const
  {
    const Dims& x = shape_of(input(node, 0, "input"), "the input");
    const Dims& w = shape_of(input(node, 1, "input weights W"), "the input weights W");
    const Dims& r = shape_of(input(node, 2, "recurrent weights R"), "the recurrent weights R");
    if (x.size() != 3 || w.size() != 3 || r.size() != 3) {
      fail("expected an input, W and R of rank 3, got " + dims_text(x) + ", " + dims_text(w) + ", " + dims_text(r));
    }
    const bool batch_first = attribute_int(node, "layout", 0) != 0;
    const std::int64_t steps = batch_first ? x[1] : x[0];
    const std::int64_t batch = batch_first ? x[0] : x[1];
    return checked_mul(checked_mul(steps, batch), checked_add(product(w), product(r)));
  }

  // Whether a weight tensor holds parameters: it reaches an input that takes weights, directly or
  // through operators that only move it (passes_data_through). A zero initial state that torch
  // writes as a Constant and slices per layer reaches only LSTMs' initial-state inputs: not a
  // parameter. Records in weight_use_ the input that decided, for the notes.
  bool holds_parameters(const std::string& name, std::int32_t type)
  {
    if (const auto known = holds_parameters_.find(name); known != holds_parameters_.end()) {
      return known->second;
    }
    holds_parameters_[name] = false; // a graph has no cycles, but a malformed one must not recurse forever
    bool parameter = false;
    std::string decided_by;
    const auto consumers = consumers_.find(name);
    for (const auto& [node_index, input_index] :
         consumers == consumers_.end() ? std::vector<std::pair<int, int>>{} : consumers->second) {
      const onnx::NodeProto& node = model_.graph().node(node_index);
      const std::string_view op = node.op_type();
      const bool default_domain = is_default_domain(node.domain());
      const std::string use = "input " + std::to_string(input_index) + " of " + node.op_type() + " '" +
                              (node.name().empty() ? node.op_type() + "_" + std::to_string(node_index) : node.name()) +
                              "'";
      if (default_domain && passes_data_through(op, input_index)) {
        for (const std::string& output : node.output()) {
          if (output.empty()) {
            continue;
          }
          parameter = holds_parameters(output, type);
          if (parameter || decided_by.empty()) {
            decided_by = weight_use_[output]; // the use downstream that decided
          }
          if (parameter) {
            break;
          }
        }
      } else if (default_domain ? !is_non_parameter_input(op, input_index) &&
                                      (is_floating(type) || is_integer_weight_input(op, input_index))
                                : is_floating(type)) {
        parameter = true;
        decided_by = use + (is_floating(type) ? ", a weight input" : ", a quantized weight input");
      } else if (decided_by.empty() && default_domain && is_non_parameter_input(op, input_index)) {
        decided_by = use + ", " + non_parameter_role(op, input_index);
      }
      if (parameter) {
        break;
      }
    }
    holds_parameters_[name] = parameter;
    weight_use_[name] = decided_by;
    return parameter;
  }

  // A decoder whose head is tied to its embedding: torch's constant folding stores the head's
  // transposed copy as a weight of its own, so the file holds the embedding twice. Nothing in the
  // file says the two are one, so both count; the note says what they most likely are.
  std::optional<std::string> tied_embedding_stored_twice() const
  {
    const auto first_use = [&](const std::string& name) -> std::pair<std::string_view, int> {
      const auto it = consumers_.find(name);
      if (it == consumers_.end() || it->second.empty()) {
        return {"", -1};
      }
      return {model_.graph().node(it->second.front().first).op_type(), it->second.front().second};
    };
    // In the file's order, so that the note names the same pair every time.
    for (const onnx::TensorProto& table_tensor : model_.graph().initializer()) {
      const std::string& table = table_tensor.name();
      const Weight& embedding = weights_.at(table);
      if (!embedding.attributed || embedding.dims.size() != 2 || embedding.dims[0] == embedding.dims[1] ||
          first_use(table) != std::pair<std::string_view, int>{"Gather", 0}) {
        continue;
      }
      for (const onnx::TensorProto& head_tensor : model_.graph().initializer()) {
        const std::string& head = head_tensor.name();
        const Weight& copy = weights_.at(head);
        const auto [op, index] = first_use(head);
        if (copy.attributed && copy.dims == Dims{embedding.dims[1], embedding.dims[0]} &&
            (op == "MatMul" || op == "Gemm") && index == 1) {
          std::string note = "'" + table + "' (";
          note += dims_text(embedding.dims) + ", an embedding) and '" + head + "' (" + dims_text(copy.dims);
          note += ", the head's weights) have transposed shapes: most likely one embedding tied to the head, which "
                  "the exporter stored twice; both are counted, as the file holds both";
          return note;
        }
      }
    }
    return std::nullopt;
  }

  static std::string non_parameter_role(std::string_view op, int index)
  {
    if (op == "LSTM" || op == "GRU" || op == "RNN") {
      return index == 6 ? "an initial cell state" : "an initial hidden state";
    }
    if (op == "BatchNormalization") {
      return "a running statistic";
    }
    return "not a weight input";
  }

  bool is_static(const onnx::NodeProto& node, std::string_view op) const
  {
    if (op == "Shape" || op == "Size" || all_outputs_folded(node)) {
      return true; // every shape is known at import: the result is a constant
    }
    return std::all_of(node.input().begin(), node.input().end(),
                       [&](const std::string& name) { return name.empty() || static_tensors_.contains(name); });
  }

  GraphNode count_node(const onnx::NodeProto& node, std::size_t index)
  {
    GraphNode out;
    const bool default_domain = is_default_domain(node.domain());
    out.op_type = default_domain ? node.op_type() : node.domain() + "." + node.op_type();
    out.name = node.name().empty() ? out.op_type + "_" + std::to_string(index) : node.name();
    where_ = origin_ + ": node '" + out.name + "' (" + out.op_type + ", index " + std::to_string(index) + ")";

    for (const std::string& name : node.input()) {
      if (!name.empty() && !defined_.contains(name) && !weights_.contains(name)) {
        fail("its input '" + name + "' is neither a graph input, an initializer nor an earlier node's output");
      }
    }

    const auto& rules = operator_rules();
    const auto rule_it = default_domain ? rules.find(node.op_type()) : rules.end();
    const bool known = rule_it != rules.end();
    const OperatorRule rule = known ? rule_it->second : OperatorRule{};
    const std::string_view op = node.op_type();
    const bool constant = is_static(node, op);

    // Parameters: the weights this node is the first to use.
    for (int i = 0; i < node.input_size(); ++i) {
      const auto weight = weights_.find(node.input(i));
      if (weight == weights_.end() || weight->second.attributed || weight->second.dims.empty()) {
        continue; // not a weight, counted already, or a scalar (eps, an exponent): a constant
      }
      const std::int32_t type = weight->second.elem_type;
      if (holds_parameters(node.input(i), type)) {
        out.parameters = checked_add(out.parameters, weight->second.elements);
        weight->second.attributed = true;
        if (const std::optional<NumberFormat> format = number_format_of(type)) {
          weight_elements_by_format_[*format] += weight->second.elements;
        }
        if (!weight->second.constant_node.empty()) {
          constants_counted_.push_back("'" + weight->second.constant_node + "' (" + dims_text(weight->second.dims) +
                                       ", " + weight_use_[node.input(i)] + ")");
        }
      } else if (!weight->second.constant_node.empty() && is_floating(type) && !weight_use_[node.input(i)].empty()) {
        constants_not_counted_.push_back("'" + weight->second.constant_node + "' (" + weight_use_[node.input(i)] + ")");
        weight->second.attributed = true; // said once
      }
    }

    // MACs.
    if (constant) {
      out.note = "constant: computed before inference";
    } else if (!known) {
      out.counted = false;
      out.note = (op == "If" || op == "Loop" || op == "Scan") && default_domain
                     ? "control flow: its subgraphs are not counted"
                     : "no counting rule for this operator";
    } else {
      out.note = rule.note;
      switch (rule.rule) {
      case Rule::conv: out.macs = conv_macs(node, op); break;
      case Rule::conv_transpose: out.macs = conv_transpose_macs(node); break;
      case Rule::gemm: out.macs = gemm_macs(node); break;
      case Rule::matmul: out.macs = matmul_macs(node); break;
      case Rule::recurrent: out.macs = recurrent_macs(node); break;
      case Rule::einsum: {
        std::string note;
        const std::optional<std::int64_t> macs = einsum_macs(node, note);
        out.counted = macs.has_value();
        out.macs = macs.value_or(0);
        out.note = note;
        break;
      }
      case Rule::no_macs: break;
      }
    }

    // Shapes of unknown origin: remember where they come from, for a later node's message.
    if (!node.output().empty()) {
      if (const TensorInfo* first = info(node.output(0)); first != nullptr && first->shape_known()) {
        out.output_shape = first->dims;
      }
    }
    for (const std::string& name : node.output()) {
      const TensorInfo* tensor = info(name);
      if (name.empty() || (tensor != nullptr && tensor->shape_known())) {
        continue;
      }
      std::string origin = "node '" + out.name + "' (" + out.op_type + ")";
      for (const std::string& in : node.input()) {
        if (const auto it = unknown_origin_.find(in); it != unknown_origin_.end()) {
          origin = it->second;
          break;
        }
      }
      if (origin.starts_with("node '" + out.name + "'")) {
        const auto external = std::ranges::find_if(node.input(), [&](const std::string& in) {
          const auto weight = weights_.find(in);
          return weight != weights_.end() && weight->second.external_data && !is_floating(weight->second.elem_type);
        });
        origin += !known                           ? ", whose output shapes ONNX cannot infer"
                  : external != node.input().end() ? ", whose output shape depends on the values of '" + *external +
                                                         "', which are in an external data file and not read"
                                                   : ", whose output shape depends on the data";
      }
      unknown_origin_.emplace(name, std::move(origin));
    }

    count_traffic(node, index, constant, rule.traffic, out);
    for (const std::string& name : node.output()) {
      defined_.insert(name);
    }
    return out;
  }

  void count_traffic(const onnx::NodeProto& node, std::size_t index, bool constant, Traffic traffic, GraphNode& out)
  {
    if (constant) {
      for (const std::string& name : node.output()) {
        static_tensors_.insert(name);
      }
      return;
    }
    if (traffic == Traffic::fused) {
      // The output is the first input's memory (only the first output carries data at inference).
      if (node.input_size() > 0 && node.output_size() > 0) {
        if (const auto it = materialized_of_.find(node.input(0)); it != materialized_of_.end()) {
          materialized_of_.insert_or_assign(node.output(0), it->second);
        }
      }
      return;
    }
    for (const std::string& name : node.input()) {
      if (const auto it = materialized_of_.find(name); it != materialized_of_.end()) {
        ++materialized_[it->second].consumers;
      }
    }
    if (node.op_type() == "Concat" &&
        std::ranges::any_of(node.input(), [&](const std::string& name) { return past_inputs_.contains(name); })) {
      out.note = "appends the new key or value to the KV cache: counted as the cache, not as activations";
      return;
    }
    bool missing_shape = false;
    for (const std::string& name : node.output()) {
      if (name.empty()) {
        continue;
      }
      const TensorInfo* tensor = info(name);
      if (tensor == nullptr || !tensor->shape_known()) {
        missing_shape = true;
        continue;
      }
      materialized_of_.insert_or_assign(name, materialized_.size());
      materialized_.push_back({index, product(tensor->dims), 0});
    }
    if (missing_shape) {
      nodes_without_traffic_.push_back(index);
      out.note +=
          std::string(out.note.empty() ? "" : "; ") + "output shape not known: its activation traffic is not counted";
    }
  }

  std::optional<NumberFormat> dominant_weight_format() const
  {
    std::optional<NumberFormat> dominant;
    std::int64_t most = 0;
    for (const auto& [format, elements] : weight_elements_by_format_) {
      if (elements > most) {
        most = elements;
        dominant = format;
      }
    }
    return dominant;
  }

  onnx::ModelProto& model_;
  std::string origin_;
  OnnxImportOptions options_;
  std::unordered_set<std::string> past_inputs_; // a decoder's KV cache: past_key_values.<layer>.key, ...
  std::string where_;                           // names the node being counted, for errors
  std::unordered_map<std::string, Weight> weights_;
  std::unordered_map<std::string, TensorInfo> infos_;
  std::unordered_map<std::string, KnownValue> initializer_values_; // the initializers whose data was kept
  std::unordered_map<std::string, KnownValue> folded_;             // node outputs computed at import
  onnx::ModelProto inferred_;                           // the graph shape inference sees (update_inference_graph)
  std::unordered_set<std::string> handed_to_inference_; // folded values that are initializers of inferred_
  std::unordered_set<std::string> einsums_completed_;   // Einsum outputs whose shape was filled in
  std::unordered_map<std::string, std::vector<std::pair<int, int>>> consumers_; // tensor -> (node, input index)
  std::unordered_map<std::string, bool> holds_parameters_;
  std::unordered_map<std::string, std::string> weight_use_;      // tensor -> the use that decided holds_parameters
  std::vector<std::string> constants_counted_;                   // Constant nodes counted as weights, for a note
  std::vector<std::string> constants_not_counted_;               // floating-point Constants that are not
  std::vector<std::string> external_files_;                      // external data files named, never opened
  std::unordered_set<std::string> static_tensors_;               // known before inference: weights, constants, shapes
  std::unordered_set<std::string> defined_;                      // outputs of the nodes counted so far
  std::unordered_map<std::string, std::string> unknown_origin_;  // tensor -> what makes its shape unknown
  std::unordered_map<std::string, std::size_t> materialized_of_; // tensor -> the materialized tensor holding it
  std::vector<Materialized> materialized_;
  std::vector<std::size_t> nodes_without_traffic_; // nodes whose traffic is not counted
  std::map<NumberFormat, std::int64_t> weight_elements_by_format_;
};

} // namespace

Model count_onnx_graph(onnx::ModelProto& model, const std::string& origin, const OnnxImportOptions& options)
{
  return GraphCounter(model, origin, options).run();
}

} // namespace nne::onnx_import
