#include "core/io/model_json.h"

#include "core/io/json_reader.h"
#include "core/model/layer_fields.h"
#include "core/util/format.h"

#include <cmath>
#include <limits>
#include <set>
#include <type_traits>
#include <variant>

namespace nne {

using nlohmann::json;

Precision precision_from_json(const json& value, const std::string& origin, const std::string& pointer,
                              Precision fallback)
{
  ObjectReader reader(value, origin, pointer);
  Precision p;
  p.weight = reader.choice("weight", fallback.weight, kNumberFormatIds);
  p.activation = reader.choice("activation", fallback.activation, kNumberFormatIds);
  p.kv_cache = reader.choice("kv_cache", fallback.kv_cache, kNumberFormatIds);
  p.mac = reader.choice("mac", fallback.mac, kNumberFormatIds);
  reader.refuse_unknown_keys();
  return p;
}

json precision_to_json(const Precision& p)
{
  return {{"weight", format_name(p.weight)},
          {"activation", format_name(p.activation)},
          {"kv_cache", format_name(p.kv_cache)},
          {"mac", format_name(p.mac)}};
}

namespace {

// ---------------------------------------------------------------------------------------------
// Models

// An integer or [height, width].
std::pair<std::int64_t, std::int64_t> read_pair(ObjectReader& reader, std::string_view key,
                                                std::pair<std::int64_t, std::int64_t> fallback, std::int64_t minimum)
{
  const json* value = reader.find(key);
  if (value == nullptr) {
    return fallback;
  }
  const char* expected =
      minimum > 0 ? "a positive integer or [height, width]" : "a non-negative integer or [height, width]";
  if (value->is_array()) {
    if (value->size() != 2) {
      reader.fail(key, std::string("expected ") + expected + ", got " + shown_json(*value));
    }
    return {reader.integer_value(key, (*value)[0], minimum, expected),
            reader.integer_value(key, (*value)[1], minimum, expected)};
  }
  const std::int64_t both = reader.integer_value(key, *value, minimum, expected);
  return {both, both};
}

// One setting of a layer, as its kind's schema says (core/model/layer_fields.h); a default may
// depend on the settings read before it.
FieldValue read_field(ObjectReader& reader, const CnnLayer& layer, const KindField& kind_field)
{
  const std::string_view key = layer_field_id(kind_field.field);
  if (kind_field.presence == FieldPresence::required) {
    reader.require(key);
  }
  const FieldValue fallback = default_field_value(layer, kind_field.field);
  switch (field_type(kind_field.field)) {
  case FieldType::count: {
    const std::optional<std::int64_t> count = reader.optional_positive_integer(key);
    return count ? *count : std::get<std::int64_t>(fallback);
  }
  case FieldType::pair: return read_pair(reader, key, std::get<FieldPair>(fallback), field_minimum(kind_field.field));
  case FieldType::flag: return reader.boolean(key, std::get<bool>(fallback));
  }
  return fallback;
}

CnnLayer read_layer(const json& value, const std::string& origin, const std::string& pointer)
{
  ObjectReader reader(value, origin, pointer);
  CnnLayer layer;
  const json& name = reader.require("name");
  if (!name.is_string() || name.get<std::string>().empty()) {
    reader.fail("name", "expected a non-empty string, got " + shown_json(name));
  }
  layer.name = name.get<std::string>();
  reader.require("kind");
  layer.kind = reader.choice("kind", LayerKind::conv, kLayerKindIds);
  if (const json* inputs = reader.find("inputs")) {
    if (!inputs->is_array()) {
      reader.fail("inputs", "expected an array of layer names, got " + shown_json(*inputs));
    }
    for (std::size_t i = 0; i < inputs->size(); ++i) {
      if (!(*inputs)[i].is_string()) {
        throw InputError(origin, child_pointer(reader.pointer("inputs"), i),
                         "expected a layer name, got " + shown_json((*inputs)[i]));
      }
      layer.inputs.push_back((*inputs)[i].get<std::string>());
    }
  }
  for (const KindField& kind_field : layer_fields(layer.kind)) {
    set_field_value(layer, kind_field.field, read_field(reader, layer, kind_field));
  }
  reader.refuse_unknown_keys();
  return layer;
}

json layer_to_json(const CnnLayer& layer)
{
  json j{{"name", layer.name}, {"kind", layer_kind_id(layer.kind)}};
  if (!layer.inputs.empty()) {
    j["inputs"] = layer.inputs;
  }
  for (const KindField& kind_field : layer_fields(layer.kind)) {
    const FieldValue value = field_value(layer, kind_field.field);
    if (kind_field.presence != FieldPresence::optional || value != default_field_value(layer, kind_field.field)) {
      j[std::string(layer_field_id(kind_field.field))] = std::visit(
          [](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, FieldPair>) {
              return v.first == v.second ? json(v.first) : json::array({v.first, v.second});
            } else {
              return json(v);
            }
          },
          value);
    }
  }
  return j;
}

CnnModel read_cnn(ObjectReader& reader)
{
  CnnModel cnn;
  if (const json* input = reader.find("input")) {
    ObjectReader in(*input, reader.origin(), reader.pointer("input"));
    cnn.input = {in.positive_integer("channels"), in.positive_integer("height"), in.positive_integer("width")};
    in.refuse_unknown_keys();
  }
  cnn.count_batch_norm_parameters = reader.boolean("count_batch_norm_parameters", true);
  const json& layers = reader.require("layers");
  if (!layers.is_array() || layers.empty()) {
    reader.fail("layers", "expected a non-empty array of layers, got " + shown_json(layers));
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    cnn.layers.push_back(read_layer(layers[i], reader.origin(), child_pointer(reader.pointer("layers"), i)));
  }
  return cnn;
}

TransformerModel read_transformer(ObjectReader& reader)
{
  TransformerModel t;
  t.n_vocab = reader.positive_integer("n_vocab");
  t.n_ctx = reader.positive_integer("n_ctx");
  t.d_model = reader.positive_integer("d_model");
  t.n_layer = reader.positive_integer("n_layer");
  t.n_head = reader.positive_integer("n_head");
  t.n_kv_head = reader.optional_positive_integer("n_kv_head").value_or(t.n_head);
  if (const auto d_head = reader.optional_positive_integer("d_head")) {
    t.d_head = *d_head;
  } else if (t.d_model % t.n_head != 0) {
    reader.fail("d_head", "missing, and d_model (" + std::to_string(t.d_model) + ") is not a multiple of n_head (" +
                              std::to_string(t.n_head) + ") to derive it from");
  } else {
    t.d_head = t.d_model / t.n_head;
  }
  t.d_ff = reader.optional_positive_integer("d_ff").value_or(4 * t.d_model);
  t.gated_ffn = reader.boolean("gated_ffn", false);
  t.tied_embeddings = reader.boolean("tied_embeddings", true);
  t.attention_bias = reader.boolean("attention_bias", true);
  t.mlp_bias = reader.boolean("mlp_bias", true);
  t.norm = reader.choice("norm", NormKind::layer_norm, kNormKindIds);
  t.norm_bias = reader.boolean("norm_bias", t.norm == NormKind::layer_norm);
  t.position = reader.choice("position", PositionEmbedding::learned, kPositionEmbeddingIds);
  const TransformerModel defaults;
  for (const TransformerCountField& field : kOptionalTransformerCounts) {
    t.*field.member = reader.non_negative_integer(field.key, defaults.*field.member);
  }
  for (const TransformerFlagField& field : kOptionalTransformerFlags) {
    t.*field.member = reader.boolean(field.key, defaults.*field.member);
  }
  if (t.position_rows > 0 && t.position_rows < t.n_ctx) {
    reader.fail("position_rows", "expected 0 (n_ctx rows) or at least n_ctx (" + std::to_string(t.n_ctx) + "), got " +
                                     std::to_string(t.position_rows));
  }
  t.n_expert = reader.optional_positive_integer("n_expert").value_or(1);
  t.top_k = reader.optional_positive_integer("top_k").value_or(1);
  t.qk_norm = reader.choice("qk_norm", QkNorm::none, kQkNormIds);
  if (t.n_kv_head > t.n_head || t.n_head % t.n_kv_head != 0) {
    reader.fail("n_kv_head",
                "expected a divisor of n_head (" + std::to_string(t.n_head) + "), got " + std::to_string(t.n_kv_head));
  }
  if (t.top_k > t.n_expert) {
    reader.fail("top_k",
                "expected at most n_expert (" + std::to_string(t.n_expert) + "), got " + std::to_string(t.top_k));
  }
  return t;
}

json transformer_to_json(const TransformerModel& t)
{
  json j{{"n_vocab", t.n_vocab},
         {"n_ctx", t.n_ctx},
         {"d_model", t.d_model},
         {"n_layer", t.n_layer},
         {"n_head", t.n_head},
         {"n_kv_head", t.n_kv_head},
         {"d_head", t.d_head},
         {"d_ff", t.d_ff},
         {"gated_ffn", t.gated_ffn},
         {"tied_embeddings", t.tied_embeddings},
         {"attention_bias", t.attention_bias},
         {"mlp_bias", t.mlp_bias},
         {"norm", norm_kind_id(t.norm)},
         {"norm_bias", t.norm_bias},
         {"position", position_embedding_id(t.position)},
         {"n_expert", t.n_expert},
         {"top_k", t.top_k}};
  // Written only where they differ from their defaults, so that files of models without them
  // stay as they were.
  const TransformerModel defaults;
  for (const TransformerCountField& field : kOptionalTransformerCounts) {
    if (t.*field.member != defaults.*field.member) {
      j[std::string(field.key)] = t.*field.member;
    }
  }
  for (const TransformerFlagField& field : kOptionalTransformerFlags) {
    if (t.*field.member != defaults.*field.member) {
      j[std::string(field.key)] = t.*field.member;
    }
  }
  if (t.qk_norm != defaults.qk_norm) {
    j["qk_norm"] = qk_norm_id(t.qk_norm);
  }
  return j;
}

DeclaredCounts read_declared(const json& value, const std::string& origin, const std::string& pointer)
{
  ObjectReader reader(value, origin, pointer);
  DeclaredCounts d;
  d.parameters = reader.optional_number("parameters", true);
  d.flops_per_sample = reader.optional_number("flops_per_sample", true);
  d.macs_per_sample = reader.optional_number("macs_per_sample", true);
  d.activation_elements_per_sample = reader.optional_number("activation_elements_per_sample", false);
  d.kv_cache_elements_per_sample = reader.optional_number("kv_cache_elements_per_sample", false);
  d.source = reader.string("source");
  d.note = reader.string("note");
  reader.refuse_unknown_keys();
  return d;
}

json declared_to_json(const DeclaredCounts& d)
{
  json j = json::object();
  const auto put = [&](const char* key, const std::optional<double>& value) {
    if (value) {
      j[key] = *value;
    }
  };
  put("parameters", d.parameters);
  put("flops_per_sample", d.flops_per_sample);
  put("macs_per_sample", d.macs_per_sample);
  put("activation_elements_per_sample", d.activation_elements_per_sample);
  put("kv_cache_elements_per_sample", d.kv_cache_elements_per_sample);
  if (!d.source.empty()) {
    j["source"] = d.source;
  }
  if (!d.note.empty()) {
    j["note"] = d.note;
  }
  return j;
}

// Imported graphs (core/model/graph.h): what the importer counted per node, so that a scenario holding
// an imported model reopens without its ONNX file.

// An array of non-negative integers (a tensor shape); empty when absent.
std::vector<std::int64_t> read_shape(ObjectReader& reader, std::string_view key)
{
  std::vector<std::int64_t> shape;
  const json* value = reader.find(key);
  if (value == nullptr) {
    return shape;
  }
  if (!value->is_array()) {
    reader.fail(key, "expected an array of non-negative integers, got " + shown_json(*value));
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& dim = (*value)[i];
    const bool fits =
        dim.is_number_unsigned()
            ? dim.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
            : dim.is_number_integer() && dim.get<std::int64_t>() >= 0;
    if (!fits) {
      throw InputError(reader.origin(), child_pointer(reader.pointer(key), i),
                       "expected a non-negative integer, got " + shown_json(dim));
    }
    shape.push_back(dim.get<std::int64_t>());
  }
  return shape;
}

std::string read_non_empty_string(ObjectReader& reader, std::string_view key)
{
  const json& value = reader.require(key);
  if (!value.is_string() || value.get<std::string>().empty()) {
    reader.fail(key, "expected a non-empty string, got " + shown_json(value));
  }
  return value.get<std::string>();
}

GraphModel read_graph(ObjectReader& reader)
{
  GraphModel graph;
  graph.source = reader.string("source");
  graph.producer = reader.string("producer");
  graph.opset = reader.non_negative_integer("opset", 0);
  graph.batch = reader.optional_positive_integer("batch").value_or(1);
  graph.context = reader.non_negative_integer("context", 0);
  graph.kv_cache_elements = reader.non_negative_integer("kv_cache_elements", 0);
  const auto read_array = [&](std::string_view key, const char* expected, bool required, auto read_item) {
    const json* items = required ? &reader.require(key) : reader.find(key);
    if (items == nullptr) {
      return;
    }
    if (!items->is_array() || (required && items->empty())) {
      reader.fail(key, std::string("expected ") + expected + ", got " + shown_json(*items));
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
      read_item((*items)[i], child_pointer(reader.pointer(key), i));
    }
  };
  read_array("inputs", "an array of graph inputs", false, [&](const json& item, const std::string& pointer) {
    ObjectReader input(item, reader.origin(), pointer);
    graph.inputs.push_back({read_non_empty_string(input, "name"), read_shape(input, "shape")});
    input.refuse_unknown_keys();
  });
  read_array("notes", "an array of strings", false, [&](const json& item, const std::string& pointer) {
    if (!item.is_string()) {
      throw InputError(reader.origin(), pointer, "expected a string, got " + shown_json(item));
    }
    graph.notes.push_back(item.get<std::string>());
  });
  read_array("nodes", "a non-empty array of graph nodes", true, [&](const json& item, const std::string& pointer) {
    ObjectReader reader_of_node(item, reader.origin(), pointer);
    GraphNode node;
    node.name = read_non_empty_string(reader_of_node, "name");
    node.op_type = read_non_empty_string(reader_of_node, "op_type");
    node.output_shape = read_shape(reader_of_node, "output_shape");
    node.parameters = reader_of_node.non_negative_integer("parameters", 0);
    node.macs = reader_of_node.non_negative_integer("macs", 0);
    node.activation_traffic_elements = reader_of_node.non_negative_integer("activation_traffic_elements", 0);
    node.counted = reader_of_node.boolean("counted", true);
    node.note = reader_of_node.string("note");
    reader_of_node.refuse_unknown_keys();
    graph.nodes.push_back(std::move(node));
  });
  return graph;
}

json graph_to_json(const GraphModel& graph)
{
  json inputs = json::array();
  for (const GraphInput& input : graph.inputs) {
    inputs.push_back({{"name", input.name}, {"shape", input.shape}});
  }
  json nodes = json::array();
  for (const GraphNode& node : graph.nodes) {
    json j{{"name", node.name},
           {"op_type", node.op_type},
           {"output_shape", node.output_shape},
           {"parameters", node.parameters},
           {"macs", node.macs},
           {"activation_traffic_elements", node.activation_traffic_elements}};
    if (!node.counted) {
      j["counted"] = false;
    }
    if (!node.note.empty()) {
      j["note"] = node.note;
    }
    nodes.push_back(std::move(j));
  }
  json j{{"source", graph.source},
         {"producer", graph.producer},
         {"opset", graph.opset},
         {"batch", graph.batch},
         {"inputs", std::move(inputs)}};
  if (graph.context > 0 || graph.kv_cache_elements > 0) {
    j["context"] = graph.context;
    j["kv_cache_elements"] = graph.kv_cache_elements;
  }
  if (!graph.notes.empty()) {
    j["notes"] = graph.notes;
  }
  j["nodes"] = std::move(nodes);
  return j;
}

enum class Kind { cnn, transformer, graph };
constexpr EnumId<Kind> kArchitectureEntries[]{
    {"cnn", Kind::cnn}, {"transformer", Kind::transformer}, {"graph", Kind::graph}};
constexpr EnumIds<Kind> kArchitectureIds{kArchitectureEntries};

Model read_model(const json& value, const std::string& origin, const std::string& pointer, bool top_level)
{
  ObjectReader reader(value, origin, pointer);
  check_format(reader, kModelFormat, kModelFormatVersion, top_level);
  Model model;
  model.id = reader.string("id");
  model.name = reader.string("name", model.id);
  model.description = reader.string("description");
  reader.require("architecture");
  const Kind kind = reader.choice("architecture", Kind::cnn, kArchitectureIds);
  if (const json* precision = reader.find("precision")) {
    model.default_precision = precision_from_json(*precision, origin, reader.pointer("precision"), Precision{});
  }
  if (const json* declared = reader.find("declared")) {
    model.declared = read_declared(*declared, origin, reader.pointer("declared"));
  }
  if (kind == Kind::cnn) {
    model.architecture = read_cnn(reader);
  } else if (kind == Kind::graph) {
    model.architecture = read_graph(reader);
  } else {
    model.architecture = read_transformer(reader);
  }
  if (const std::optional<std::string> layout = reader.optional_string("layout")) {
    if (*layout != "assumed") {
      reader.fail("layout", "expected \"assumed\" (counted by an assumed layout) or no key, got \"" + *layout + "\"");
    }
    model.layout_assumed = true;
  }
  model.unknown_keys = reader.unknown_keys();
  model.mark_published();
  return model;
}

} // namespace

Model model_from_json(const json& value, const std::string& origin, const std::string& prefix)
{
  return read_model(value, origin, prefix, prefix.empty());
}

json model_to_json(const Model& model)
{
  json j{{"format", kModelFormat}, {"version", kModelFormatVersion}};
  // An edited model is no longer the one its labels and declared figures describe: it is saved
  // under a name that says so, and without those figures.
  const bool edited = model.is_edited();
  if (!model.id.empty()) {
    j["id"] = edited && !model.id.ends_with("-edited") ? model.id + "-edited" : model.id;
  }
  j["name"] = display_name(model);
  if (edited) {
    j["description"] = "Edited from " + model.name +
                       (model.declared.empty() ? "."
                                               : "; the figures published for it describe the original and "
                                                 "were left out.");
  } else if (!model.description.empty()) {
    j["description"] = model.description;
  }
  j["architecture"] = model.architecture_id();
  if (model.layout_assumed) {
    j["layout"] = "assumed";
  }
  j["precision"] = precision_to_json(model.default_precision);
  if (!edited && (!model.declared.empty() || !model.declared.source.empty())) {
    j["declared"] = declared_to_json(model.declared);
  }
  if (const auto* cnn = std::get_if<CnnModel>(&model.architecture)) {
    j["input"] = {{"channels", cnn->input.channels}, {"height", cnn->input.height}, {"width", cnn->input.width}};
    j["count_batch_norm_parameters"] = cnn->count_batch_norm_parameters;
    json layers = json::array();
    for (const CnnLayer& layer : cnn->layers) {
      layers.push_back(layer_to_json(layer));
    }
    j["layers"] = std::move(layers);
  } else if (const auto* graph = std::get_if<GraphModel>(&model.architecture)) {
    j.update(graph_to_json(*graph));
  } else {
    j.update(transformer_to_json(std::get<TransformerModel>(model.architecture)));
  }
  for (const auto& [key, value] : model.unknown_keys.items()) {
    if (!j.contains(key)) {
      j[key] = value;
    }
  }
  return j;
}

} // namespace nne
