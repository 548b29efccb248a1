#include "core/io/json_io.h"

#include "core/util/errors.h"
#include "core/util/format.h"
#include "core/io/presets.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace nne {

using nlohmann::json;

std::string shown_json(const json& value)
{
  std::string text = value.dump();
  constexpr std::size_t kLimit = 60;
  if (text.size() > kLimit) {
    text = text.substr(0, kLimit - 3) + "...";
  }
  return text;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Validation helpers: every problem becomes InputError(origin, JSON pointer, what was expected).

std::string escape_pointer_token(std::string_view key)
{
  std::string escaped;
  for (char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string child_pointer(const std::string& pointer, std::string_view key)
{
  return pointer + "/" + escape_pointer_token(key);
}

std::string child_pointer(const std::string& pointer, std::size_t index)
{
  return pointer + "/" + std::to_string(index);
}

std::string join(const std::vector<std::string>& items)
{
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// One JSON object being read: remembers which keys were used, so that the rest can be kept
// (unknown_keys) or refused.
class ObjectReader {
public:
  ObjectReader(const json& object, std::string origin, std::string pointer)
      : object_(object), origin_(std::move(origin)), pointer_(std::move(pointer))
  {
    if (!object_.is_object()) {
      fail_here("expected an object, got " + shown_json(object_));
    }
  }

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const
  {
    throw InputError(origin_, child_pointer(pointer_, key), problem);
  }
  [[noreturn]] void fail_here(const std::string& problem) const { throw InputError(origin_, pointer_, problem); }

  const std::string& origin() const noexcept { return origin_; }
  std::string pointer(std::string_view key) const { return child_pointer(pointer_, key); }

  const json* find(std::string_view key)
  {
    used_.emplace(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  const json& require(std::string_view key)
  {
    const json* value = find(key);
    if (value == nullptr) {
      fail(key, "missing required key");
    }
    return *value;
  }

  std::int64_t integer_value(std::string_view key, const json& value, std::int64_t minimum, const char* expected) const
  {
    std::optional<std::int64_t> parsed;
    if (value.is_number_integer()) {
      if (value.is_number_unsigned() &&
          value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail(key, std::string("expected ") + expected + ", got " + shown_json(value) + " (too large)");
      }
      parsed = value.get<std::int64_t>();
    } else if (value.is_number_float()) {
      const double d = value.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.2e18) {
        parsed = static_cast<std::int64_t>(d);
      }
    }
    if (!parsed || *parsed < minimum) {
      fail(key, std::string("expected ") + expected + ", got " + shown_json(value));
    }
    return *parsed;
  }

  std::int64_t positive_integer(std::string_view key)
  {
    return integer_value(key, require(key), 1, "a positive integer");
  }
  std::optional<std::int64_t> optional_positive_integer(std::string_view key)
  {
    const json* value = find(key);
    return value ? std::optional(integer_value(key, *value, 1, "a positive integer")) : std::nullopt;
  }
  std::int64_t non_negative_integer(std::string_view key, std::int64_t fallback)
  {
    const json* value = find(key);
    return value ? integer_value(key, *value, 0, "a non-negative integer") : fallback;
  }

  bool boolean(std::string_view key, bool fallback)
  {
    const json* value = find(key);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_boolean()) {
      fail(key, "expected true or false, got " + shown_json(*value));
    }
    return value->get<bool>();
  }

  std::string string(std::string_view key, std::string fallback = {})
  {
    const json* value = find(key);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_string()) {
      fail(key, "expected a string, got " + shown_json(*value));
    }
    return value->get<std::string>();
  }

  double number_value(std::string_view key, const json& value, bool positive) const
  {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0 ||
        (positive && value.get<double>() == 0)) {
      fail(key, std::string(positive ? "expected a positive number" : "expected a non-negative number") + ", got " +
                    shown_json(value));
    }
    return value.get<double>();
  }
  std::optional<double> optional_number(std::string_view key, bool positive)
  {
    const json* value = find(key);
    return value ? std::optional(number_value(key, *value, positive)) : std::nullopt;
  }

  // A string naming one of an enum's ids, read by `parse`.
  template <typename T, typename Parse>
  T choice(std::string_view key, T fallback, Parse parse, const std::vector<std::string>& ids)
  {
    const json* value = find(key);
    if (value == nullptr) {
      return fallback;
    }
    if (value->is_string()) {
      if (const std::optional<T> parsed = parse(value->get<std::string>())) {
        return *parsed;
      }
    }
    fail(key, "expected one of " + join(ids) + ", got " + shown_json(*value));
  }

  // Keys no reader asked for (kept and written back, so newer or foreign data survives a save).
  json unknown_keys(std::initializer_list<std::string_view> also_known = {}) const
  {
    json unknown = json::object();
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key) && std::ranges::find(also_known, key) == also_known.end()) {
        unknown[key] = value;
      }
    }
    return unknown;
  }

  // Where a typo must not pass silently.
  void refuse_unknown_keys() const
  {
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key)) {
        std::vector<std::string> known(used_.begin(), used_.end());
        fail(key, "unknown key; expected one of " + join(known));
      }
    }
  }

private:
  const json& object_;
  std::string origin_;
  std::string pointer_;
  std::set<std::string, std::less<>> used_;
};

const std::vector<std::string> kFormatIds{"INT4", "INT8", "FP8", "FP16", "BF16", "FP32"};
const std::vector<std::string> kComponentIds{"weight", "mac", "activation", "kv_cache"};

// "format" and "version": required at the top of a file, optional on an object inside a scenario.
// Returns the version (`current` where none is given).
std::int64_t check_format(ObjectReader& reader, std::string_view expected, int current, bool required)
{
  const json* format = reader.find("format");
  if (format == nullptr) {
    if (required) {
      reader.fail("format", "missing required key; expected \"" + std::string(expected) + "\"");
    }
  } else if (!format->is_string() || format->get<std::string>() != expected) {
    reader.fail("format", "expected \"" + std::string(expected) + "\", got " + shown_json(*format));
  }
  const json* version = reader.find("version");
  if (version == nullptr) {
    if (required) {
      reader.fail("version", "missing required key; expected " + std::to_string(current));
    }
    return current;
  }
  const std::int64_t number = reader.integer_value("version", *version, 1, "a positive integer");
  if (number > current) {
    reader.fail("version", "written by a newer NN Energy Explorer (file format version " + std::to_string(number) +
                               "); this version reads format version " + std::to_string(current));
  }
  return number;
}

Precision read_precision(const json& value, const std::string& origin, const std::string& pointer, Precision fallback)
{
  ObjectReader reader(value, origin, pointer);
  Precision p;
  p.weight = reader.choice("weight", fallback.weight, parse_number_format, kFormatIds);
  p.activation = reader.choice("activation", fallback.activation, parse_number_format, kFormatIds);
  p.kv_cache = reader.choice("kv_cache", fallback.kv_cache, parse_number_format, kFormatIds);
  p.mac = reader.choice("mac", fallback.mac, parse_number_format, kFormatIds);
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

std::vector<std::string> layer_kind_ids()
{
  std::vector<std::string> ids;
  for (LayerKind kind : all_layer_kinds()) {
    ids.emplace_back(layer_kind_id(kind));
  }
  return ids;
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
  layer.kind = reader.choice("kind", LayerKind::conv, parse_layer_kind, layer_kind_ids());
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
  const bool pool = layer.kind == LayerKind::max_pool || layer.kind == LayerKind::avg_pool;
  if (layer.kind == LayerKind::conv) {
    layer.out_channels = reader.positive_integer("out_channels");
  }
  if (layer.kind == LayerKind::conv || pool) {
    std::tie(layer.kernel_h, layer.kernel_w) =
        pool ? [&] { reader.require("kernel"); return read_pair(reader, "kernel", {1, 1}, 1); }()
             : read_pair(reader, "kernel", {1, 1}, 1);
    // PyTorch: a pooling window's stride defaults to its size.
    std::tie(layer.stride_h, layer.stride_w) =
        read_pair(reader, "stride",
                  pool ? std::pair{layer.kernel_h, layer.kernel_w} : std::pair<std::int64_t, std::int64_t>{1, 1}, 1);
    std::tie(layer.padding_h, layer.padding_w) = read_pair(reader, "padding", {0, 0}, 0);
    std::tie(layer.dilation_h, layer.dilation_w) = read_pair(reader, "dilation", {1, 1}, 1);
  }
  if (layer.kind == LayerKind::conv) {
    layer.groups = reader.optional_positive_integer("groups").value_or(1);
  }
  if (pool) {
    layer.ceil_mode = reader.boolean("ceil_mode", false);
  }
  if (layer.kind == LayerKind::linear) {
    layer.out_features = reader.positive_integer("out_features");
  }
  if (layer.kind == LayerKind::self_attention) {
    layer.heads = reader.positive_integer("heads");
  }
  if (layer.kind == LayerKind::conv || layer.kind == LayerKind::linear || layer.kind == LayerKind::self_attention) {
    // A convolution usually feeds a batch norm and has no bias; Linear and MultiheadAttention have
    // one by default in PyTorch.
    layer.bias = reader.boolean("bias", layer.kind != LayerKind::conv);
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
  const auto pair = [](std::int64_t h, std::int64_t w) { return h == w ? json(h) : json::array({h, w}); };
  const bool pool = layer.kind == LayerKind::max_pool || layer.kind == LayerKind::avg_pool;
  if (layer.kind == LayerKind::conv) {
    j["out_channels"] = layer.out_channels;
  }
  if (layer.kind == LayerKind::conv || pool) {
    j["kernel"] = pair(layer.kernel_h, layer.kernel_w);
    const bool default_stride = pool ? (layer.stride_h == layer.kernel_h && layer.stride_w == layer.kernel_w)
                                     : (layer.stride_h == 1 && layer.stride_w == 1);
    if (!default_stride) {
      j["stride"] = pair(layer.stride_h, layer.stride_w);
    }
    if (layer.padding_h != 0 || layer.padding_w != 0) {
      j["padding"] = pair(layer.padding_h, layer.padding_w);
    }
    if (layer.dilation_h != 1 || layer.dilation_w != 1) {
      j["dilation"] = pair(layer.dilation_h, layer.dilation_w);
    }
  }
  if (layer.kind == LayerKind::conv && layer.groups != 1) {
    j["groups"] = layer.groups;
  }
  if (pool && layer.ceil_mode) {
    j["ceil_mode"] = true;
  }
  if (layer.kind == LayerKind::linear) {
    j["out_features"] = layer.out_features;
  }
  if (layer.kind == LayerKind::self_attention) {
    j["heads"] = layer.heads;
  }
  if (layer.kind == LayerKind::conv || layer.kind == LayerKind::linear || layer.kind == LayerKind::self_attention) {
    j["bias"] = layer.bias;
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
  t.qkv_bias = reader.boolean("qkv_bias", false);
  t.mlp_bias = reader.boolean("mlp_bias", true);
  t.norm = reader.choice("norm", NormKind::layer_norm, parse_norm_kind, {"layer_norm", "rms_norm"});
  t.norm_bias = reader.boolean("norm_bias", t.norm == NormKind::layer_norm);
  t.norms_per_layer = reader.non_negative_integer("norms_per_layer", 2);
  t.final_norm = reader.boolean("final_norm", true);
  t.position =
      reader.choice("position", PositionEmbedding::learned, parse_position_embedding, {"learned", "rotary", "none"});
  t.position_rows = reader.non_negative_integer("position_rows", 0);
  if (t.position_rows > 0 && t.position_rows < t.n_ctx) {
    reader.fail("position_rows", "expected 0 (n_ctx rows) or at least n_ctx (" + std::to_string(t.n_ctx) + "), got " +
                                     std::to_string(t.position_rows));
  }
  t.d_embed = reader.non_negative_integer("d_embed", 0);
  t.n_expert = reader.optional_positive_integer("n_expert").value_or(1);
  t.top_k = reader.optional_positive_integer("top_k").value_or(1);
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
  if (t.qkv_bias != defaults.qkv_bias) {
    j["qkv_bias"] = t.qkv_bias;
  }
  if (t.norms_per_layer != defaults.norms_per_layer) {
    j["norms_per_layer"] = t.norms_per_layer;
  }
  if (t.final_norm != defaults.final_norm) {
    j["final_norm"] = t.final_norm;
  }
  if (t.position_rows != defaults.position_rows) {
    j["position_rows"] = t.position_rows;
  }
  if (t.d_embed != defaults.d_embed) {
    j["d_embed"] = t.d_embed;
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
  if (!graph.notes.empty()) {
    j["notes"] = graph.notes;
  }
  j["nodes"] = std::move(nodes);
  return j;
}

Model read_model(const json& value, const std::string& origin, const std::string& pointer, bool top_level)
{
  ObjectReader reader(value, origin, pointer);
  check_format(reader, kModelFormat, kModelFormatVersion, top_level);
  Model model;
  model.id = reader.string("id");
  model.name = reader.string("name", model.id);
  model.description = reader.string("description");
  reader.require("architecture");
  enum class Kind { cnn, transformer, graph };
  const Kind kind = reader.choice("architecture", Kind::cnn,
                                  [](std::string_view text) -> std::optional<Kind> {
                                    if (text == "cnn")
                                      return Kind::cnn;
                                    if (text == "transformer")
                                      return Kind::transformer;
                                    if (text == "graph")
                                      return Kind::graph;
                                    return std::nullopt;
                                  },
                                  {"cnn", "transformer", "graph"});
  if (const json* precision = reader.find("precision")) {
    model.default_precision = read_precision(*precision, origin, reader.pointer("precision"), Precision{});
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
  model.unknown_keys = reader.unknown_keys();
  model.mark_published();
  return model;
}

// ---------------------------------------------------------------------------------------------
// Hardware

std::vector<std::string> ids_of(const auto& items)
{
  std::vector<std::string> ids;
  for (const auto& item : items) {
    ids.push_back(item.id);
  }
  return ids;
}

Provenance read_provenance(ObjectReader& reader, Provenance fallback)
{
  fallback.source = reader.string("source", fallback.source);
  fallback.node = reader.string("node", fallback.node);
  fallback.note = reader.string("note", fallback.note);
  return fallback;
}

void put_provenance(json& j, const Provenance& p)
{
  j["source"] = p.source;
  if (!p.node.empty()) {
    j["node"] = p.node;
  }
  if (!p.note.empty()) {
    j["note"] = p.note;
  }
}

MemoryChoice read_memory_choice(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                                const std::string& pointer)
{
  ObjectReader reader(value, origin, pointer);
  const std::optional<double> energy = reader.optional_number("energy_per_bit_pj", false);
  const std::optional<double> capacity = reader.optional_number("capacity_bytes", true);
  const Provenance given = read_provenance(reader, {});
  MemoryChoice choice;
  if (const json* technology = reader.find("technology")) {
    if (!technology->is_string()) {
      reader.fail("technology", "expected a memory technology id, got " + shown_json(*technology));
    }
    const MemoryTechnology* entry = catalog.find_memory(technology->get<std::string>());
    if (entry == nullptr) {
      reader.fail("technology", "unknown memory technology " + shown_json(*technology) +
                                    "; known: " + join(ids_of(catalog.memories)));
    }
    // The entry's figures and sources (version 1 files repeat them beside the id). A number of its
    // own beside the id is the user's, not the entry's: it is kept as a custom memory, so that no
    // label claims the entry for a number it does not have.
    choice = memory_choice(*entry);
    if ((energy && *energy != entry->energy_per_bit_pj) || (capacity && capacity != entry->capacity_bytes)) {
      // The user's own words about their number are kept; the entry's copied ones are not theirs.
      Provenance own = given;
      if (own.source.empty() || own.source == entry->provenance.source) {
        own = {"given in the file beside " + entry->id + " (" + format_shortest(entry->energy_per_bit_pj) + " pJ/bit)",
               "", given.note == entry->provenance.note ? "" : given.note};
      }
      choice = {std::string{}, std::string{}, energy.value_or(entry->energy_per_bit_pj),
                capacity ? capacity : entry->capacity_bytes, own};
    }
  } else {
    if (!energy) {
      reader.fail("energy_per_bit_pj", "missing required key (or a \"technology\" of the catalog)");
    }
    choice = {std::string{}, std::string{}, *energy, capacity, given};
  }
  reader.refuse_unknown_keys();
  return choice;
}

const MacUnit& find_mac_unit(ObjectReader& reader, std::string_view key, const json& id, const HardwareCatalog& catalog)
{
  const MacUnit* unit = id.is_string() ? catalog.find_mac_unit(id.get<std::string>()) : nullptr;
  if (unit == nullptr) {
    reader.fail(key, "unknown MAC unit " + shown_json(id) + "; known: " + join(ids_of(catalog.mac_units)));
  }
  return *unit;
}

// "mac": {"node": "horowitz-45nm"} (the node's figure for each format), {"units": [ids]} (a chip's
// own units), "custom": [{"format", "energy_per_mac_pj", "source"}] (the user's values, replacing
// the node's for their formats). Version 1 files name one unit ({"unit": id}, read as its node) or
// give one number ({"energy_per_mac_pj": x}, the user's value for `legacy_format`).
MacArithmetic read_mac(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                       const std::string& pointer, std::optional<NumberFormat> legacy_format)
{
  ObjectReader reader(value, origin, pointer);
  MacArithmetic arithmetic;
  const auto use_node = [&](std::string_view key, const std::string& id) {
    const ProcessNode* node = catalog.find_node(id);
    if (node == nullptr) {
      reader.fail(key, "unknown process node \"" + id + "\"; known: " + join(ids_of(catalog.nodes)));
    }
    arithmetic = node_arithmetic(catalog, *node);
  };
  // Version 1 wrote the unit's provenance beside it ("source", "note", and "node" as a label such
  // as "45 nm, 0.9 V"): in that form "node" is no catalog id.
  const json* legacy_unit = reader.find("unit");
  const bool new_form = reader.find("units") != nullptr || reader.find("custom") != nullptr;
  const json* legacy_energy = legacy_unit == nullptr && !new_form ? reader.find("energy_per_mac_pj") : nullptr;
  const json* node_key = reader.find("node");
  const bool node_is_label =
      legacy_unit != nullptr || (legacy_energy != nullptr && node_key != nullptr && node_key->is_string() &&
                                 catalog.find_node(node_key->get<std::string>()) == nullptr);
  if (const json* node = node_key; node != nullptr && !node_is_label) {
    if (!node->is_string()) {
      reader.fail("node", "expected a process node id, got " + shown_json(*node));
    }
    use_node("node", node->get<std::string>());
  }
  if (const json* units = reader.find("units")) {
    if (!units->is_array()) {
      reader.fail("units", "expected an array of MAC unit ids, got " + shown_json(*units));
    }
    for (const json& id : *units) {
      arithmetic.add(find_mac_unit(reader, "units", id, catalog));
    }
  }
  if (legacy_unit != nullptr) { // version 1
    const MacUnit& entry = find_mac_unit(reader, "unit", *legacy_unit, catalog);
    use_node("unit", entry.node);
    const Provenance given = read_provenance(reader, {}); // the unit's own, copied, unless changed
    if (const std::optional<double> energy = reader.optional_number("energy_per_mac_pj", false);
        energy && *energy != entry.energy_per_mac_pj) {
      Provenance own = given;
      if (own.source.empty() || own.source == entry.provenance.source) {
        own = {"given in the file beside " + entry.id, "", given.note == entry.provenance.note ? "" : given.note};
      }
      arithmetic.set_custom(entry.format, *energy, own);
    }
  } else if (const json* energy = legacy_energy) { // version 1: the user's own number
    const std::optional<NumberFormat> format =
        reader.find("format") != nullptr
            ? std::optional(reader.choice("format", NumberFormat::fp16, parse_number_format, kFormatIds))
            : legacy_format;
    if (!format) {
      reader.fail("format", "missing: the number format this energy_per_mac_pj is for");
    }
    arithmetic.set_custom(*format, reader.number_value("energy_per_mac_pj", *energy, false),
                          read_provenance(reader, {"entered by the user", "", ""}));
  }
  if (const json* custom = reader.find("custom")) {
    if (!custom->is_array()) {
      reader.fail("custom",
                  "expected an array of {\"format\", \"energy_per_mac_pj\", \"source\"}, got " + shown_json(*custom));
    }
    for (std::size_t i = 0; i < custom->size(); ++i) {
      ObjectReader entry((*custom)[i], origin, child_pointer(reader.pointer("custom"), i));
      entry.require("format");
      const NumberFormat format = entry.choice("format", NumberFormat::fp16, parse_number_format, kFormatIds);
      const double energy = entry.number_value("energy_per_mac_pj", entry.require("energy_per_mac_pj"), false);
      arithmetic.set_custom(format, energy, read_provenance(entry, {"entered by the user", "", ""}));
      entry.refuse_unknown_keys();
    }
  }
  if (arithmetic.figures.empty()) {
    reader.fail_here("expected a process \"node\" of the catalog, \"units\" or \"custom\" figures; known nodes: " +
                     join(ids_of(catalog.nodes)));
  }
  reader.refuse_unknown_keys();
  return arithmetic;
}

Hardware read_hardware(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                       const std::string& pointer, bool top_level,
                       std::optional<NumberFormat> legacy_mac_format = std::nullopt)
{
  ObjectReader reader(value, origin, pointer);
  check_format(reader, kHardwareFormat, kHardwareFormatVersion, top_level);
  Hardware hardware;
  hardware.id = reader.string("id");
  hardware.name = reader.string("name", hardware.id);
  hardware.description = reader.string("description");
  for (Component component : kMemoryComponents) {
    const std::string_view key = component_id(component);
    *hardware.memory(component) = read_memory_choice(reader.require(key), catalog, origin, reader.pointer(key));
  }
  hardware.mac = read_mac(reader.require("mac"), catalog, origin, reader.pointer("mac"), legacy_mac_format);
  hardware.unknown_keys = reader.unknown_keys();
  hardware.mark_published();
  return hardware;
}

json memory_to_json(const MemoryChoice& m)
{
  json j = json::object();
  if (!m.is_custom()) {
    j["technology"] = m.technology; // its energy, capacity and sources are the catalog's
    return j;
  }
  j["energy_per_bit_pj"] = m.energy_per_bit_pj;
  if (m.capacity_bytes) {
    j["capacity_bytes"] = *m.capacity_bytes;
  }
  put_provenance(j, m.provenance);
  return j;
}

json mac_to_json(const MacArithmetic& arithmetic)
{
  json j = json::object();
  if (!arithmetic.node.empty()) {
    j["node"] = arithmetic.node;
  }
  json units = json::array();
  json custom = json::array();
  for (const MacFigure& figure : arithmetic.figures) {
    if (figure.is_custom()) {
      json entry{{"format", format_name(figure.format)}, {"energy_per_mac_pj", figure.energy_per_mac_pj}};
      put_provenance(entry, figure.provenance);
      custom.push_back(std::move(entry));
    } else if (figure.node != arithmetic.node) { // a chip's own unit, not one of its node's
      units.push_back(figure.unit);
    }
  }
  if (!units.empty()) {
    j["units"] = std::move(units);
  }
  if (!custom.empty()) {
    j["custom"] = std::move(custom);
  }
  return j;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

double read_scale(const ObjectReader& reader, std::string_view key, const json& value, const std::string& pointer)
{
  constexpr double kLargestScale = 1e6;
  double scale = 0;
  if (value.is_number()) {
    scale = value.get<double>();
  } else if (value.is_string()) {
    try {
      scale = parse_scale_text(value.get<std::string>());
    } catch (const std::invalid_argument&) {
      scale = -1;
    }
  } else {
    scale = -1;
  }
  if (!(scale > 0 && scale <= kLargestScale)) {
    throw InputError(reader.origin(), pointer.empty() ? reader.pointer(key) : pointer,
                     "expected a scale factor in (0, 1000000] such as 0.25 or \"1/4\", got " + shown_json(value));
  }
  return scale;
}

std::vector<double> read_scale_list(ObjectReader& reader, std::string_view key)
{
  const json& list = reader.require(key);
  if (!list.is_array() || list.empty()) {
    reader.fail(key, "expected a non-empty array of scale factors, got " + shown_json(list));
  }
  std::vector<double> scales;
  scales.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    scales.push_back(read_scale(reader, key, list[i], child_pointer(reader.pointer(key), i)));
  }
  return scales;
}

} // namespace

// -------------------------------------------------------------------------------------------------

json parse_json_text(std::string_view text, const std::string& origin)
{
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    std::size_t line = 1;
    std::size_t column = 1;
    const std::size_t end = std::min<std::size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string detail = error.what();
    if (const auto dash = detail.find(" - "); dash != std::string::npos) {
      detail = detail.substr(dash + 3);
    }
    throw InputError(origin, "",
                     "not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                         detail);
  }
}

json read_json_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path.string(), "", std::string("cannot open file: ") + std::strerror(errno));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    throw InputError(path.string(), "", std::string("cannot read file: ") + std::strerror(errno));
  }
  return parse_json_text(contents.str(), path.string());
}

HardwareCatalog catalog_from_json(const json& value, const std::string& origin)
{
  ObjectReader reader(value, origin, "");
  check_format(reader, kCatalogFormat, kCatalogFormatVersion, true);
  HardwareCatalog catalog;
  const auto read_list = [&](std::string_view key, auto read_entry) {
    const json& list = reader.require(key);
    if (!list.is_array()) {
      reader.fail(key, "expected an array, got " + shown_json(list));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      read_entry(ObjectReader(list[i], origin, child_pointer(reader.pointer(key), i)));
    }
  };
  std::set<std::string, std::less<>> ids;
  const auto read_id = [&](ObjectReader& entry) {
    const json& id = entry.require("id");
    if (!id.is_string() || id.get<std::string>().empty()) {
      entry.fail("id", "expected a non-empty string, got " + shown_json(id));
    }
    if (!ids.insert(id.get<std::string>()).second) {
      entry.fail("id", "the id " + shown_json(id) + " is used twice");
    }
    return id.get<std::string>();
  };
  read_list("memories", [&](ObjectReader entry) {
    MemoryTechnology m;
    m.id = read_id(entry);
    m.name = entry.string("name", m.id);
    m.energy_per_bit_pj = entry.number_value("energy_per_bit_pj", entry.require("energy_per_bit_pj"), false);
    m.capacity_bytes = entry.optional_number("capacity_bytes", true);
    m.provenance = read_provenance(entry, {});
    entry.refuse_unknown_keys();
    catalog.memories.push_back(std::move(m));
  });
  read_list("nodes", [&](ObjectReader entry) {
    ProcessNode n;
    n.id = read_id(entry);
    n.name = entry.string("name", n.id);
    n.note = entry.string("note");
    entry.refuse_unknown_keys();
    catalog.nodes.push_back(std::move(n));
  });
  read_list("mac_units", [&](ObjectReader entry) {
    MacUnit u;
    u.id = read_id(entry);
    u.name = entry.string("name", u.id);
    entry.require("format");
    u.format = entry.choice("format", NumberFormat::fp16, parse_number_format, kFormatIds);
    u.energy_per_mac_pj = entry.number_value("energy_per_mac_pj", entry.require("energy_per_mac_pj"), false);
    u.node = entry.string("node");
    const ProcessNode* node = catalog.find_node(u.node);
    if (node == nullptr) {
      entry.fail("node", "expected the id of one of the catalog's nodes (" + join(ids_of(catalog.nodes)) + "), got " +
                             shown_json(entry.require("node")));
    }
    for (const MacUnit* other : catalog.units_of(u.node)) {
      if (other->format == u.format) {
        entry.fail("format", "node \"" + u.node + "\" has a " + std::string(format_name(u.format)) + " unit already (" +
                                 other->id + "): one figure per format and node");
      }
    }
    u.provenance = read_provenance(entry, {});
    u.provenance.node = node->name;
    entry.refuse_unknown_keys();
    catalog.mac_units.push_back(std::move(u));
  });
  return catalog;
}

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

Hardware hardware_from_json(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                            const std::string& prefix, std::optional<NumberFormat> legacy_mac_format)
{
  return read_hardware(value, catalog, origin, prefix, prefix.empty(), legacy_mac_format);
}

json hardware_to_json(const Hardware& hardware)
{
  json j{{"format", kHardwareFormat}, {"version", kHardwareFormatVersion}};
  // Edited hardware is no longer the preset or file it came from: it says so instead of keeping
  // their labels.
  const bool edited = hardware.is_edited();
  if (!hardware.id.empty() && !edited) {
    j["id"] = hardware.id;
  }
  j["name"] = display_name(hardware);
  if (edited) {
    j["description"] = "Edited from " + hardware.name + ".";
  } else if (!hardware.description.empty()) {
    j["description"] = hardware.description;
  }
  for (Component component : kMemoryComponents) {
    j[std::string(component_id(component))] = memory_to_json(*hardware.memory(component));
  }
  j["mac"] = mac_to_json(hardware.mac);
  for (const auto& [key, value] : hardware.unknown_keys.items()) {
    if (!j.contains(key)) {
      j[key] = value;
    }
  }
  return j;
}

Scenario scenario_from_json(const json& value, const PresetLibrary& library, const std::string& origin)
{
  ObjectReader reader(value, origin, "");
  check_format(reader, kScenarioFormat, kScenarioFormatVersion, true);
  Scenario s;
  s.id = reader.string("id");
  s.name = reader.string("name", s.id);
  s.description = reader.string("description");

  // A preset reference or a whole object, for the model and the hardware alike.
  const auto preset_reference = [&](std::string_view key) -> std::optional<std::string> {
    const json& object = reader.require(key);
    if (!object.is_object() || !object.contains("preset")) {
      return std::nullopt;
    }
    ObjectReader ref(object, origin, reader.pointer(key));
    const std::string id = ref.string("preset");
    ref.refuse_unknown_keys();
    return id;
  };
  if (const auto id = preset_reference("model")) {
    const Model* model = library.find_model(*id);
    if (model == nullptr) {
      throw InputError(origin, reader.pointer("model") + "/preset",
                       "unknown model preset \"" + *id + "\"; known: " + join(ids_of(library.models)));
    }
    s.model = *model;
    s.model_preset = *id;
  } else {
    s.model = read_model(reader.require("model"), origin, reader.pointer("model"), false);
  }
  s.precision = s.model.default_precision;
  if (const json* precision = reader.find("precision")) {
    s.precision = read_precision(*precision, origin, reader.pointer("precision"), s.model.default_precision);
  }
  if (const auto id = preset_reference("hardware")) {
    const Hardware* hardware = library.find_hardware(*id);
    if (hardware == nullptr) {
      throw InputError(origin, reader.pointer("hardware") + "/preset",
                       "unknown hardware preset \"" + *id + "\"; known: " + join(ids_of(library.hardware)));
    }
    s.hardware = *hardware;
    s.hardware_preset = *id;
  } else {
    // A version 1 file's own MAC energy was for the arithmetic the scenario computes in.
    s.hardware = read_hardware(reader.require("hardware"), library.catalog, origin, reader.pointer("hardware"), false,
                               s.precision.mac);
  }

  s.count_source = reader.choice("count_source", CountSource::declared, parse_count_source, {"declared", "counted"});
  if (const json* scales = reader.find("scales")) {
    ObjectReader scale_reader(*scales, origin, reader.pointer("scales"));
    for (Component component : kAllComponents) {
      if (const json* scale = scale_reader.find(component_id(component))) {
        s.scales[component] = read_scale(scale_reader, component_id(component), *scale, "");
      }
    }
    scale_reader.refuse_unknown_keys();
  }
  if (const json* batches = reader.find("batches")) {
    if (!batches->is_array() || batches->empty()) {
      reader.fail("batches", "expected a non-empty array of positive integers, got " + shown_json(*batches));
    }
    s.batches.clear();
    for (std::size_t i = 0; i < batches->size(); ++i) {
      const std::string pointer = child_pointer(reader.pointer("batches"), i);
      const json& batch = (*batches)[i];
      const bool integral = batch.is_number_integer() ||
                            (batch.is_number_float() && batch.get<double>() == std::floor(batch.get<double>()));
      if (!batch.is_number() || !integral || batch.get<double>() < 1 || batch.get<double>() > 1e9) {
        throw InputError(origin, pointer, "expected a positive integer batch size, got " + shown_json(batch));
      }
      s.batches.push_back(batch.get<double>());
    }
  }
  s.workload.phase = reader.choice("phase", Phase::decode, parse_phase, {"decode", "prefill"});
  s.workload.context = reader.non_negative_integer("context", 0);
  if (const json* sweep = reader.find("sweep")) {
    ObjectReader sweep_reader(*sweep, origin, reader.pointer("sweep"));
    s.sweep.component = sweep_reader.choice("component", Component::weight, parse_component, kComponentIds);
    if (sweep_reader.find("scales") != nullptr) {
      s.sweep.scales = read_scale_list(sweep_reader, "scales");
    }
    sweep_reader.refuse_unknown_keys();
  }
  s.unknown_keys = reader.unknown_keys();
  return s;
}

json scenario_to_json(const Scenario& s)
{
  json j{{"format", kScenarioFormat}, {"version", kScenarioFormatVersion}};
  if (!s.id.empty()) {
    j["id"] = s.id;
  }
  j["name"] = s.name;
  if (!s.description.empty()) {
    j["description"] = s.description;
  }
  // A reference to a preset only while the model or hardware is that preset, unedited.
  if (!s.model_preset.empty() && !s.model.is_edited()) {
    j["model"] = {{"preset", s.model_preset}};
  } else {
    json model = model_to_json(s.model);
    model.erase("format");
    model.erase("version");
    j["model"] = std::move(model);
  }
  if (!s.hardware_preset.empty() && !s.hardware.is_edited()) {
    j["hardware"] = {{"preset", s.hardware_preset}};
  } else {
    json hardware = hardware_to_json(s.hardware);
    hardware.erase("format");
    hardware.erase("version");
    j["hardware"] = std::move(hardware);
  }
  j["count_source"] = count_source_id(s.count_source);
  j["precision"] = precision_to_json(s.precision);
  j["scales"] = {{"weight", s.scales.weight},
                 {"mac", s.scales.mac},
                 {"activation", s.scales.activation},
                 {"kv_cache", s.scales.kv_cache}};
  j["batches"] = json::array();
  for (double batch : s.batches) {
    j["batches"].push_back(static_cast<std::int64_t>(batch));
  }
  j["phase"] = phase_id(s.workload.phase);
  j["context"] = s.workload.context;
  j["sweep"] = {{"component", component_id(s.sweep.component)}, {"scales", s.sweep.scales}};
  for (const auto& [key, value] : s.unknown_keys.items()) {
    if (!j.contains(key)) {
      j[key] = value;
    }
  }
  return j;
}

Model load_model_file(const std::filesystem::path& path)
{
  return model_from_json(read_json_file(path), path.string());
}

Scenario load_scenario_file(const std::filesystem::path& path, const PresetLibrary& library)
{
  return scenario_from_json(read_json_file(path), library, path.string());
}

void save_scenario_file(const std::filesystem::path& path, const Scenario& scenario)
{
  write_file_atomically(path, scenario_to_json(scenario).dump(2) + "\n");
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents)
{
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string temp = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  const auto failure = [&](const std::string& what) {
    return std::runtime_error("cannot save " + path.string() + ": " + what + ": " + std::strerror(errno));
  };
  if (fd < 0) {
    throw failure("cannot create a temporary file in " + directory.string());
  }
  const auto abandon = [&](const std::string& what) {
    const std::runtime_error error = failure(what);
    ::close(fd);
    ::unlink(temp.c_str());
    throw error;
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      abandon("write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  // Keep the permissions of the file being replaced; a new file gets the usual 0644 less umask.
  struct stat existing {};
  const mode_t umask_value = ::umask(0);
  ::umask(umask_value);
  const mode_t mode = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : (0666 & ~umask_value);
  if (::fchmod(fd, mode) != 0) {
    abandon("cannot set permissions");
  }
  if (::fsync(fd) != 0) {
    abandon("cannot flush to disk");
  }
  if (::close(fd) != 0) {
    ::unlink(temp.c_str());
    throw failure("cannot close the temporary file");
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::runtime_error error = failure("cannot replace the file");
    ::unlink(temp.c_str());
    throw error;
  }
}

double parse_scale_text(std::string_view text)
{
  const auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
      s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1);
    }
    return s;
  };
  const auto number = [&](std::string_view part) {
    part = trim(part);
    double value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc{} || end != part.data() + part.size() || !std::isfinite(value) ||
        value <= 0) {
      throw std::invalid_argument("expected a scale such as 0.25 or 1/4, got \"" + std::string(text) + "\"");
    }
    return value;
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return number(text);
  }
  const double scale = number(text.substr(0, slash)) / number(text.substr(slash + 1));
  if (!std::isfinite(scale) || scale <= 0) {
    throw std::invalid_argument("expected a scale such as 0.25 or 1/4, got \"" + std::string(text) + "\"");
  }
  return scale;
}

std::string format_scale(double scale)
{
  if (scale > 0 && std::isfinite(scale)) {
    int exponent = 0;
    const double mantissa = std::frexp(scale, &exponent);
    if (mantissa == 0.5) { // an exact power of two: 2^(exponent - 1)
      const int power = exponent - 1;
      if (power == 0) {
        return "1";
      }
      if (power < 0 && power >= -62) {
        return "1/" + std::to_string(1ULL << -power);
      }
      if (power > 0 && power <= 62) {
        return std::to_string(1ULL << power);
      }
    }
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", scale);
  return buffer;
}

} // namespace nne
