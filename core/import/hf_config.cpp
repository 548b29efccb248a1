#include "core/import/hf_config.h"

#include "core/io/json_reader.h"
#include "core/util/errors.h"
#include "core/util/text_util.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace nne {

using nlohmann::json;

namespace {

// A config.json read through the one JSON reader (core/io/json_reader.h), with what
// transformers adds: a null value means "not set", keys have aliases (n_embd for hidden_size), and
// a message says what a number means.
class ConfigReader {
public:
  ConfigReader(const json& config, const std::string& origin, std::string pointer = "")
      : object_(config, origin, std::move(pointer), ObjectReader::Nulls::are_absent)
  {
  }

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const { object_.fail(key, problem); }

  const json* find(std::string_view key) const { return object_.find(key); }
  const std::string& origin() const noexcept { return object_.origin(); }
  bool has(std::string_view key) const { return object_.has(key); }

  std::optional<std::int64_t> optional_integer(std::string_view key, const char* meaning) const
  {
    const json* value = find(key);
    if (value == nullptr) {
      return std::nullopt;
    }
    return object_.integer_value(key, *value, 1, std::string("a positive integer (") + meaning + ")");
  }

  // The first of `keys` that is present (transformers' aliases, e.g. n_embd for hidden_size).
  std::optional<std::int64_t> optional_integer(std::initializer_list<std::string_view> keys, const char* meaning) const
  {
    for (std::string_view key : keys) {
      if (has(key)) {
        return optional_integer(key, meaning);
      }
    }
    return std::nullopt;
  }

  std::int64_t integer(std::initializer_list<std::string_view> keys, const char* meaning) const
  {
    if (const std::optional<std::int64_t> value = optional_integer(keys, meaning)) {
      return *value;
    }
    std::string problem = std::string("missing; expected a positive integer (") + meaning + ")";
    if (keys.size() > 1) {
      problem += ", or its alias " + detail::join(std::vector<std::string>(keys.begin() + 1, keys.end()), " or ");
    }
    fail(*keys.begin(), problem);
  }

  // 0 or more, where 0 means "none" (first_k_dense_replace, q_lora_rank written as 0).
  std::int64_t non_negative(std::string_view key, std::int64_t fallback, const char* meaning) const
  {
    const json* value = find(key);
    return value == nullptr ? fallback
                            : object_.integer_value(key, *value, 0, std::string("an integer >= 0 (") + meaning + ")");
  }

  bool flag(std::string_view key, bool fallback) const { return object_.boolean(key, fallback); }
  std::optional<std::string> text(std::string_view key) const { return object_.optional_string(key); }

  // An array of strings (layer_types) or of layer indices (mlp_only_layers); empty when absent.
  std::vector<std::string> strings(std::string_view key) const
  {
    std::vector<std::string> result;
    if (const json* value = find(key)) {
      if (!value->is_array() || !std::ranges::all_of(*value, [](const json& item) { return item.is_string(); })) {
        fail(key, "expected an array of strings, got " + shown_json(*value));
      }
      for (const json& item : *value) {
        result.push_back(item.get<std::string>());
      }
    }
    return result;
  }
  std::vector<std::int64_t> indices(std::string_view key) const
  {
    std::vector<std::int64_t> result;
    if (const json* value = find(key)) {
      if (!value->is_array()) {
        fail(key, "expected an array of layer indices, got " + shown_json(*value));
      }
      for (const json& item : *value) {
        result.push_back(object_.integer_value(key, item, 0, "an array of layer indices"));
      }
    }
    return result;
  }
  // A nested object, such as a multimodal config's text_config.
  ConfigReader child(std::string_view key) const
  {
    const json* value = find(key);
    if (value == nullptr || !value->is_object()) {
      fail(key, "expected an object");
    }
    return ConfigReader(*value, object_.origin(), object_.pointer(key));
  }

private:
  ObjectReader object_;
};

// What the importer made of a config, for the description.
struct Mapping {
  TransformerModel model;
  std::string family; // e.g. "Llama", "Llama-like (generic)"
  std::string activation;
  std::vector<std::string> notes; // assumptions made for missing keys, parts not counted
};

std::int64_t derived_head_dim(const ConfigReader& reader, std::int64_t width, std::int64_t heads,
                              std::string_view width_key, std::string_view heads_key)
{
  if (width % heads != 0) {
    reader.fail("head_dim", "missing, and " + std::string(width_key) + " (" + std::to_string(width) +
                                ") is not a multiple of " + std::string(heads_key) + " (" + std::to_string(heads) +
                                ") to derive it from");
  }
  return width / heads;
}

void require_divisor(const ConfigReader& reader, std::string_view key, std::int64_t kv_heads, std::int64_t heads)
{
  if (kv_heads > heads || heads % kv_heads != 0) {
    reader.fail(key, "expected a divisor of num_attention_heads (" + std::to_string(heads) + "), got " +
                         std::to_string(kv_heads));
  }
}

// The sizes every decoder config states under transformers' standard keys.
void read_standard_sizes(const ConfigReader& reader, TransformerModel& t)
{
  t.d_model = reader.integer({"hidden_size"}, "the model width");
  t.n_layer = reader.integer({"num_hidden_layers"}, "the number of decoder layers");
  t.n_head = reader.integer({"num_attention_heads"}, "the number of query heads");
  t.n_kv_head = reader.optional_integer("num_key_value_heads", "the number of key/value heads").value_or(t.n_head);
  require_divisor(reader, "num_key_value_heads", t.n_kv_head, t.n_head);
  // Gemma's heads are wider than hidden_size / heads, so head_dim is given when it differs.
  const std::optional<std::int64_t> head_dim = reader.optional_integer("head_dim", "the width of one attention head");
  t.d_head = head_dim ? *head_dim : derived_head_dim(reader, t.d_model, t.n_head, "hidden_size", "num_attention_heads");
  t.d_ff = reader.integer({"intermediate_size"}, "the feed-forward width");
  t.n_vocab = reader.integer({"vocab_size"}, "the number of tokens");
  t.n_ctx = reader.integer({"max_position_embeddings"}, "the context length");
}

std::string gated_activation_name(const ConfigReader& reader, const char* fallback)
{
  const std::string activation =
      reader.text("hidden_act").value_or(reader.text("hidden_activation").value_or(fallback));
  if (activation == "silu" || activation == "swish") {
    return "SwiGLU";
  }
  if (activation.starts_with("gelu")) {
    return "GeGLU";
  }
  return "gated " + activation;
}

// How many layers attend over a sliding window. Since transformers 4.53 a config lists every
// layer's kind in layer_types; older ones state the family's rule, passed as `fallback`.
std::int64_t sliding_layers(const ConfigReader& reader, std::int64_t n_layer, std::int64_t fallback)
{
  const std::vector<std::string> kinds = reader.strings("layer_types");
  if (kinds.empty()) {
    return fallback;
  }
  if (static_cast<std::int64_t>(kinds.size()) != n_layer) {
    reader.fail("layer_types",
                "expected one entry per layer (" + std::to_string(n_layer) + "), got " + std::to_string(kinds.size()));
  }
  std::int64_t sliding = 0;
  for (const std::string& kind : kinds) {
    if (kind == "sliding_attention") {
      ++sliding;
    } else if (kind != "full_attention") {
      reader.fail("layer_types", "expected \"full_attention\" or \"sliding_attention\", got \"" + kind + "\"");
    }
  }
  return sliding;
}

void set_sliding_window(const ConfigReader& reader, TransformerModel& t, std::int64_t fallback_layers)
{
  const std::optional<std::int64_t> window = reader.optional_integer("sliding_window", "the sliding window");
  const std::int64_t layers = sliding_layers(reader, t.n_layer, window ? fallback_layers : 0);
  if (layers > 0 && !window) {
    reader.fail("sliding_window", "missing, and layer_types has sliding_attention layers");
  }
  t.sliding_window = layers > 0 ? *window : 0;
  t.n_sliding_layer = layers;
}

// Llama and the families built like it: gated FFN, RMSNorm without shift, rotary positions, no
// biases unless attention_bias / mlp_bias say so. `tied_default` is the family's config class
// default for tie_word_embeddings.
Mapping read_llama_like(const ConfigReader& reader, bool tied_default)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  read_standard_sizes(reader, t);
  t.gated_ffn = true;
  t.norm = NormKind::rms_norm;
  t.norm_bias = false;
  t.position = PositionEmbedding::rotary;
  t.attention_bias = reader.flag("attention_bias", false);
  t.mlp_bias = reader.flag("mlp_bias", false);
  t.tied_embeddings = reader.flag("tie_word_embeddings", tied_default);
  mapping.activation = gated_activation_name(reader, "silu");
  return mapping;
}

Mapping read_llama(const ConfigReader& reader)
{
  return read_llama_like(reader, false);
}

// Mistral v0.1 attends over a 4096-token window in every layer (sliding_window; null from v0.2).
Mapping read_mistral(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  set_sliding_window(reader, mapping.model, mapping.model.n_layer);
  return mapping;
}

// num_experts_per_tok, read into top_k, cannot exceed the experts counted under `experts_key`.
void require_top_k_within(const ConfigReader& reader, const TransformerModel& t, std::string_view experts_key)
{
  if (t.top_k > t.n_expert) {
    reader.fail("num_experts_per_tok", "expected at most " + std::string(experts_key) + " (" +
                                           std::to_string(t.n_expert) + "), got " + std::to_string(t.top_k));
  }
}

// Qwen2's and Qwen3's rule: sliding windows only where use_sliding_window says so, on the layers
// from max_window_layers on.
void set_qwen_sliding_window(const ConfigReader& reader, TransformerModel& t)
{
  if (reader.flag("use_sliding_window", false)) {
    const std::int64_t first = reader.non_negative("max_window_layers", 28, "the first layer with a window");
    set_sliding_window(reader, t, t.n_layer - std::min(first, t.n_layer));
  }
}

// Mixtral: Mistral's layer with num_local_experts SwiGLU experts, num_experts_per_tok per token,
// and a router without bias.
Mapping read_mixtral(const ConfigReader& reader)
{
  Mapping mapping = read_mistral(reader);
  TransformerModel& t = mapping.model;
  t.n_expert = reader.integer({"num_local_experts"}, "the number of experts per layer");
  t.top_k = reader.optional_integer("num_experts_per_tok", "the experts each token is routed to").value_or(2);
  require_top_k_within(reader, t, "num_local_experts");
  return mapping;
}

// Qwen2: biases on q, k and v but none on the output projection (fixed in the model code);
// sliding windows only where use_sliding_window says so, from layer max_window_layers on.
Mapping read_qwen2(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  TransformerModel& t = mapping.model;
  t.attention_bias = false;
  t.qkv_bias = true;
  set_qwen_sliding_window(reader, t);
  return mapping;
}

// Qwen3: Llama's layout with an RMSNorm over each query and key head (q_norm, k_norm, shared
// by the heads), head_dim given, no biases unless attention_bias.
Mapping read_qwen3_attention(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  mapping.model.qk_norm = QkNorm::head;
  return mapping;
}

Mapping read_qwen3(const ConfigReader& reader)
{
  Mapping mapping = read_qwen3_attention(reader);
  TransformerModel& t = mapping.model;
  if (!reader.has("head_dim")) {
    t.d_head = 128; // Qwen3Config's own default, not hidden_size / heads
    mapping.notes.emplace_back("head_dim missing: 128, Qwen3Config's default");
  }
  set_qwen_sliding_window(reader, t);
  return mapping;
}

// The number of layers whose FFN is the dense one in a Qwen-MoE config: those listed in
// mlp_only_layers and those off the decoder_sparse_step grid (layer i is sparse when
// (i + 1) % decoder_sparse_step == 0).
std::int64_t qwen_moe_dense_layers(const ConfigReader& reader, std::int64_t n_layer)
{
  const std::int64_t step =
      reader.optional_integer("decoder_sparse_step", "every how many layers an MoE one").value_or(1);
  std::vector<bool> dense(static_cast<std::size_t>(n_layer), false);
  for (std::int64_t index : reader.indices("mlp_only_layers")) {
    if (index >= n_layer) {
      reader.fail("mlp_only_layers",
                  "layer " + std::to_string(index) + " does not exist (" + std::to_string(n_layer) + " layers)");
    }
    dense[static_cast<std::size_t>(index)] = true;
  }
  for (std::int64_t i = 0; i < n_layer; ++i) {
    if ((i + 1) % step != 0) {
      dense[static_cast<std::size_t>(i)] = true;
    }
  }
  return std::ranges::count(dense, true);
}

void read_qwen_experts(const ConfigReader& reader, TransformerModel& t)
{
  // Which layers of a Qwen-MoE slide changed between transformers versions; only layer_types says
  // it unambiguously.
  if (reader.flag("use_sliding_window", false)) {
    if (!reader.has("layer_types")) {
      reader.fail("use_sliding_window", "true without layer_types: which layers attend over the window differs "
                                        "between transformers versions, so the KV cache cannot be counted exactly");
    }
    set_sliding_window(reader, t, 0);
  } else {
    t.sliding_window = t.n_sliding_layer = 0;
  }
  t.n_expert = reader.integer({"num_experts"}, "the number of routed experts per layer");
  t.top_k = reader.integer({"num_experts_per_tok"}, "the experts each token is routed to");
  require_top_k_within(reader, t, "num_experts");
  t.d_ff_expert = reader.integer({"moe_intermediate_size"}, "the width of one expert");
  t.n_dense_layer = qwen_moe_dense_layers(reader, t.n_layer);
  if (t.n_dense_layer == t.n_layer) {
    reader.fail("decoder_sparse_step", "leaves no layer with experts");
  }
}

// Qwen2-MoE (Qwen1.5-MoE): Qwen2's attention; routed experts of moe_intermediate_size, one shared
// expert of shared_expert_intermediate_size every token passes through, scaled by a sigmoid gate.
Mapping read_qwen2_moe(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  TransformerModel& t = mapping.model;
  t.attention_bias = false; // the output projection never has one
  t.qkv_bias = reader.flag("qkv_bias", true);
  read_qwen_experts(reader, t);
  t.d_ff_shared = reader.non_negative("shared_expert_intermediate_size", 0, "the shared expert's width");
  t.shared_expert_gate = t.d_ff_shared > 0;
  return mapping;
}

// Qwen3-MoE: Qwen3's attention, routed experts only.
Mapping read_qwen3_moe(const ConfigReader& reader)
{
  Mapping mapping = read_qwen3_attention(reader); // head_dim: hidden_size / heads unless given
  read_qwen_experts(reader, mapping.model);
  return mapping;
}

// Gemma: GeGLU, RMSNorm, head_dim given, tied embeddings (the embedding scaled by sqrt(hidden),
// which has no parameters).
Mapping read_gemma(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, true);
  mapping.activation = gated_activation_name(reader, "gelu_pytorch_tanh");
  return mapping;
}

// Gemma 2: four norms per layer (before and after attention, before and after the FFN); every
// other layer (the even ones) attends over a sliding window.
Mapping read_gemma2(const ConfigReader& reader)
{
  Mapping mapping = read_gemma(reader);
  TransformerModel& t = mapping.model;
  t.norms_per_layer = 4;
  set_sliding_window(reader, t, (t.n_layer + 1) / 2);
  return mapping;
}

// Gemma 3's text decoder: Gemma 2's layer with a norm on each query and key head; of every
// sliding_window_pattern layers all but the last attend over a sliding window.
Mapping read_gemma3_text(const ConfigReader& reader)
{
  Mapping mapping = read_gemma(reader);
  TransformerModel& t = mapping.model;
  t.norms_per_layer = 4;
  t.qk_norm = QkNorm::head;
  const std::int64_t pattern =
      reader
          .optional_integer({"sliding_window_pattern", "_sliding_window_pattern"}, "every how many layers a global one")
          .value_or(6);
  set_sliding_window(reader, t, t.n_layer - t.n_layer / pattern);
  return mapping;
}

// Gemma 3 with vision (gemma-3-4b and up): the language model is text_config's; the SigLIP vision
// tower and its projector are not a decoder and are not counted (said in the description).
Mapping read_gemma3(const ConfigReader& reader)
{
  if (!reader.has("text_config")) {
    return read_gemma3_text(reader);
  }
  // A multimodal config states only what differs from Gemma3TextConfig's defaults.
  static const json text_defaults{{"vocab_size", 262208},      {"hidden_size", 2304},
                                  {"intermediate_size", 9216}, {"num_hidden_layers", 26},
                                  {"num_attention_heads", 8},  {"num_key_value_heads", 4},
                                  {"head_dim", 256},           {"max_position_embeddings", 131072},
                                  {"sliding_window", 4096}};
  const ConfigReader stated = reader.child("text_config");
  json text = *reader.find("text_config");
  std::vector<std::string> defaulted;
  for (const auto& [key, value] : text_defaults.items()) {
    if (!stated.has(key)) {
      text[key] = value;
      defaulted.push_back(key + " " + value.dump());
    }
  }
  if (!text.contains("tie_word_embeddings") && reader.has("tie_word_embeddings")) {
    text["tie_word_embeddings"] = *reader.find("tie_word_embeddings");
  }
  Mapping mapping = read_gemma3_text(ConfigReader(text, reader.origin(), "/text_config"));
  if (!defaulted.empty()) {
    mapping.notes.push_back("text_config states no " + detail::join(defaulted, ", ") + ": Gemma3TextConfig's defaults");
  }
  mapping.notes.emplace_back("The vision tower (vision_config) and its projector are not counted: the figures are "
                             "the text decoder's");
  return mapping;
}

// Phi-3 and Phi-3.5 (mini, medium): Llama's layout with fused qkv and gate_up matrices, untied.
Mapping read_phi3(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  if (reader.find("sliding_window") != nullptr && reader.has("layer_types")) {
    set_sliding_window(reader, mapping.model, 0);
  }
  return mapping;
}

// Phi (phi-1, phi-1.5, phi-2): attention and a plain GELU MLP in parallel from one LayerNorm,
// biases on every linear layer, partial rotary positions, an untied output projection with a bias.
Mapping read_phi(const ConfigReader& reader)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  read_standard_sizes(reader, t);
  t.position = PositionEmbedding::rotary;
  t.norms_per_layer = 1;
  t.tied_embeddings = reader.flag("tie_word_embeddings", false);
  t.lm_head_bias = true;
  if (reader.flag("qk_layernorm", false)) {
    t.qk_norm = QkNorm::head; // one LayerNorm(head_dim) with a shift each for q and k
    t.qk_norm_bias = true;
  }
  mapping.activation = reader.text("hidden_act").value_or("gelu_new");
  return mapping;
}

// PhiMoE (Phi-3.5-MoE): LayerNorms with shift, attention biases (attention_bias), SwiGLU experts
// routed top-2 by a router without bias, an untied output projection with a bias (lm_head_bias).
Mapping read_phimoe(const ConfigReader& reader)
{
  Mapping mapping = read_mixtral(reader);
  TransformerModel& t = mapping.model;
  t.norm = NormKind::layer_norm;
  t.norm_bias = true;
  t.attention_bias = reader.flag("attention_bias", false);
  t.lm_head_bias = reader.flag("lm_head_bias", false);
  return mapping;
}

// StableLM (StableLM-2, StableLM-3B-4E1T): LayerNorm with shift, SwiGLU, partial rotary,
// biases on q, k, v where use_qkv_bias, optional per-head LayerNorms on q and k, optional parallel
// residual sharing one norm, untied.
Mapping read_stablelm(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  TransformerModel& t = mapping.model;
  t.norm = NormKind::layer_norm;
  t.norm_bias = true;
  t.attention_bias = false;
  t.qkv_bias = reader.flag("use_qkv_bias", false);
  if (reader.flag("qk_layernorm", false)) {
    t.qk_norm = QkNorm::projection; // one LayerNorm per head
  }
  if (reader.flag("use_parallel_residual", false)) {
    t.norms_per_layer = 1;
  }
  return mapping;
}

// Starcoder2: LayerNorm with shift, a plain GELU MLP, biases on every linear layer (use_bias),
// grouped-query attention, a sliding window in every layer, tied embeddings.
Mapping read_starcoder2(const ConfigReader& reader)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  read_standard_sizes(reader, t);
  t.position = PositionEmbedding::rotary;
  t.attention_bias = t.mlp_bias = reader.flag("use_bias", true);
  t.tied_embeddings = reader.flag("tie_word_embeddings", true);
  set_sliding_window(reader, t, t.n_layer);
  mapping.activation = reader.text("hidden_act").value_or("gelu_pytorch_tanh");
  return mapping;
}

// OLMo: Llama's layout with LayerNorms that have neither scale nor shift.
Mapping read_olmo(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  mapping.model.norm = NormKind::layer_norm_no_affine;
  return mapping;
}

// OLMo 2: RMSNorms after attention and after the FFN (none before), and RMSNorms over all of q and
// all of k.
Mapping read_olmo2(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, false);
  mapping.model.qk_norm = QkNorm::projection;
  return mapping;
}

// Cohere (Command R): attention and SwiGLU FFN in parallel from one LayerNorm without shift,
// optional per-head norms on q and k (use_qk_norm), tied embeddings.
Mapping read_cohere(const ConfigReader& reader)
{
  Mapping mapping = read_llama_like(reader, true);
  TransformerModel& t = mapping.model;
  t.norm = NormKind::layer_norm;
  t.norm_bias = false;
  t.norms_per_layer = 1;
  if (reader.flag("use_qk_norm", false)) {
    t.qk_norm = QkNorm::projection;
  }
  return mapping;
}

// DeepSeek-V2 and V3: multi-head latent attention, the first first_k_dense_replace layers dense,
// the others with n_routed_experts routed experts of moe_intermediate_size and n_shared_experts
// shared ones; V3's router keeps a score correction per expert.
Mapping read_deepseek(const ConfigReader& reader, bool v3)
{
  Mapping mapping = read_llama_like(reader, false);
  TransformerModel& t = mapping.model;
  t.kv_lora_rank = reader.integer({"kv_lora_rank"}, "the width of the compressed keys and values");
  t.q_lora_rank = reader.non_negative("q_lora_rank", 0, "the width of the compressed queries; null: none");
  t.d_rope = reader.integer({"qk_rope_head_dim"}, "the rotary part of a query and key head");
  const std::int64_t nope = reader.integer({"qk_nope_head_dim"}, "the non-rotary part of a query and key head");
  t.d_head = nope + t.d_rope;
  t.d_head_v = reader.integer({"v_head_dim"}, "the width of a value head");
  t.n_kv_head = t.n_head;
  if (const auto routed = reader.optional_integer("n_routed_experts", "the number of routed experts")) {
    t.n_expert = *routed;
    t.top_k = reader.integer({"num_experts_per_tok"}, "the experts each token is routed to");
    require_top_k_within(reader, t, "n_routed_experts");
    t.d_ff_expert = reader.integer({"moe_intermediate_size"}, "the width of one expert");
    const std::int64_t first_dense =
        std::min(reader.non_negative("first_k_dense_replace", 0, "the leading dense layers"), t.n_layer);
    const std::int64_t frequency =
        reader.optional_integer("moe_layer_freq", "every how many layers an MoE one").value_or(1);
    std::int64_t moe_layers = 0;
    for (std::int64_t i = first_dense; i < t.n_layer; ++i) {
      moe_layers += i % frequency == 0 ? 1 : 0;
    }
    t.n_dense_layer = t.n_layer - moe_layers;
    t.d_ff_shared = reader.non_negative("n_shared_experts", 0, "the number of shared experts") * t.d_ff_expert;
    // V3's score correction per expert is stored in the checkpoint (transformers keeps it as a
    // buffer): counted, so that the total is the checkpoint's.
    t.router_bias = v3;
  }
  if (reader.non_negative("num_nextn_predict_layers", 0, "multi-token prediction layers") > 0) {
    mapping.notes.emplace_back("The multi-token-prediction layers (num_nextn_predict_layers) are not counted: "
                               "transformers does not load them and they take no part in inference");
  }
  mapping.notes.emplace_back("The KV cache holds the latent (kv_lora_rank + qk_rope_head_dim per token and layer), "
                             "as DeepSeek's inference, vLLM and SGLang keep it");
  return mapping;
}

Mapping read_deepseek_v2(const ConfigReader& reader)
{
  return read_deepseek(reader, false);
}
Mapping read_deepseek_v3(const ConfigReader& reader)
{
  return read_deepseek(reader, true);
}

// GPT-2: learned positions, LayerNorm, biases everywhere, tied embeddings, GPT-2's own key names.
Mapping read_gpt2(const ConfigReader& reader)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  t.n_vocab = reader.integer({"vocab_size"}, "the number of tokens");
  t.n_ctx = reader.integer({"n_positions", "n_ctx", "max_position_embeddings"}, "the context length");
  t.d_model = reader.integer({"n_embd", "hidden_size"}, "the model width");
  t.n_layer = reader.integer({"n_layer", "num_hidden_layers"}, "the number of decoder layers");
  t.n_head = reader.integer({"n_head", "num_attention_heads"}, "the number of attention heads");
  t.n_kv_head = t.n_head;
  t.d_head = derived_head_dim(reader, t.d_model, t.n_head, "n_embd", "n_head");
  t.d_ff = reader.optional_integer("n_inner", "the feed-forward width").value_or(4 * t.d_model);
  t.tied_embeddings = reader.flag("tie_word_embeddings", true);
  mapping.activation = reader.text("activation_function").value_or("gelu_new");
  return mapping;
}

// GPT-BigCode (SantaCoder, StarCoder): GPT-2's layout with multi-query attention (one key/value
// head) unless multi_query is false.
Mapping read_gpt_bigcode(const ConfigReader& reader)
{
  Mapping mapping = read_gpt2(reader);
  if (reader.flag("multi_query", true)) {
    mapping.model.n_kv_head = 1;
  }
  mapping.activation = reader.text("activation_function").value_or("gelu_pytorch_tanh");
  return mapping;
}

// GPT-J: attention and a plain MLP in parallel from one LayerNorm, no biases on q, k, v and the
// output projection, biases on the MLP, partial rotary positions, an untied output projection
// with a bias.
Mapping read_gptj(const ConfigReader& reader)
{
  Mapping mapping = read_gpt2(reader);
  TransformerModel& t = mapping.model;
  t.position = PositionEmbedding::rotary;
  t.norms_per_layer = 1;
  t.attention_bias = false;
  t.mlp_bias = true;
  t.tied_embeddings = reader.flag("tie_word_embeddings", false);
  t.lm_head_bias = true;
  return mapping;
}

// BLOOM: ALiBi (no position parameters), a LayerNorm on the token embeddings, biases everywhere,
// a plain 4 x hidden GELU MLP, tied embeddings. The config states no context length: ALiBi has
// none; seq_length is the training one.
Mapping read_bloom(const ConfigReader& reader)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  t.n_vocab = reader.integer({"vocab_size"}, "the number of tokens");
  t.d_model = reader.integer({"hidden_size", "n_embed"}, "the model width");
  t.n_layer = reader.integer({"n_layer", "num_hidden_layers"}, "the number of decoder layers");
  t.n_head = reader.integer({"n_head", "num_attention_heads"}, "the number of attention heads");
  t.n_kv_head = t.n_head;
  t.d_head = derived_head_dim(reader, t.d_model, t.n_head, "hidden_size", "n_head");
  t.d_ff = 4 * t.d_model;
  t.position = PositionEmbedding::none;
  t.embedding_norm = true;
  t.tied_embeddings = reader.flag("tie_word_embeddings", true);
  if (const auto context = reader.optional_integer({"seq_length", "max_position_embeddings"}, "the context length")) {
    t.n_ctx = *context;
  } else {
    t.n_ctx = 2048;
    mapping.notes.emplace_back("no seq_length: a context of 2048 tokens assumed, BLOOM's training length");
  }
  mapping.activation = "GELU";
  return mapping;
}

// GPT-NeoX (Pythia): rotary positions, LayerNorm with shift, biases everywhere, untied. The
// parallel residual (use_parallel_residual) still has two norms.
Mapping read_gpt_neox(const ConfigReader& reader)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  t.n_vocab = reader.integer({"vocab_size"}, "the number of tokens");
  t.n_ctx = reader.integer({"max_position_embeddings"}, "the context length");
  t.d_model = reader.integer({"hidden_size"}, "the model width");
  t.n_layer = reader.integer({"num_hidden_layers"}, "the number of decoder layers");
  t.n_head = reader.integer({"num_attention_heads"}, "the number of attention heads");
  t.n_kv_head = t.n_head;
  t.d_head = derived_head_dim(reader, t.d_model, t.n_head, "hidden_size", "num_attention_heads");
  t.d_ff = reader.integer({"intermediate_size"}, "the feed-forward width");
  t.position = PositionEmbedding::rotary; // rotary_pct of each head: no parameters either way
  t.attention_bias = reader.flag("attention_bias", true);
  t.tied_embeddings = reader.flag("tie_word_embeddings", false);
  mapping.activation = reader.text("hidden_act").value_or("gelu");
  return mapping;
}

// OPT: learned positions with 2 extra rows (an offset from fairseq), optional projections between
// a narrower token embedding and hidden_size, post-norm without a final norm in OPT-350m.
Mapping read_opt(const ConfigReader& reader)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  t.n_vocab = reader.integer({"vocab_size"}, "the number of tokens");
  t.n_ctx = reader.integer({"max_position_embeddings"}, "the context length");
  t.position_rows = t.n_ctx + 2;
  t.d_model = reader.integer({"hidden_size"}, "the model width");
  t.n_layer = reader.integer({"num_hidden_layers"}, "the number of decoder layers");
  t.n_head = reader.integer({"num_attention_heads"}, "the number of attention heads");
  t.n_kv_head = t.n_head;
  t.d_head = derived_head_dim(reader, t.d_model, t.n_head, "hidden_size", "num_attention_heads");
  t.d_ff = reader.integer({"ffn_dim"}, "the feed-forward width");
  const std::int64_t embed_width =
      reader.optional_integer("word_embed_proj_dim", "the token embedding width").value_or(t.d_model);
  t.d_embed = embed_width == t.d_model ? 0 : embed_width;
  t.attention_bias = t.mlp_bias = reader.flag("enable_bias", true);
  if (!reader.flag("layer_norm_elementwise_affine", true)) {
    t.norm = NormKind::layer_norm_no_affine;
  }
  t.final_norm = reader.flag("do_layer_norm_before", true) && !reader.flag("_remove_final_layer_norm", false);
  t.tied_embeddings = reader.flag("tie_word_embeddings", true);
  mapping.activation = reader.text("activation_function").value_or("relu");
  return mapping;
}

// Falcon: one fused qkv projection (multi-query for 7B, grouped for the new decoder architecture
// of 40B and 180B), parallel attention and FFN, LayerNorm, no linear biases, tied embeddings.
Mapping read_falcon(const ConfigReader& reader, std::string_view model_type)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
  t.n_vocab = reader.integer({"vocab_size"}, "the number of tokens");
  t.d_model = reader.integer({"hidden_size", "n_embed"}, "the model width");
  t.n_layer = reader.integer({"num_hidden_layers", "n_layer"}, "the number of decoder layers");
  t.n_head = reader.integer({"num_attention_heads", "n_head"}, "the number of query heads");
  t.d_head = derived_head_dim(reader, t.d_model, t.n_head, "hidden_size", "num_attention_heads");
  // The old "RefinedWeb" type is the new decoder architecture by definition.
  const bool new_architecture = reader.flag("new_decoder_architecture", model_type == "RefinedWeb");
  const bool multi_query = reader.flag("multi_query", true);
  // As transformers' FalconAttention sizes query_key_value: num_kv_heads counts only in the new
  // architecture; otherwise one shared key/value head (multi-query) or one per query head.
  if (new_architecture) {
    t.n_kv_head =
        reader.optional_integer({"num_kv_heads", "n_head_kv"}, "the number of key/value heads").value_or(t.n_head);
    require_divisor(reader, reader.has("num_kv_heads") ? "num_kv_heads" : "n_head_kv", t.n_kv_head, t.n_head);
  } else {
    t.n_kv_head = multi_query ? 1 : t.n_head;
  }
  t.d_ff = reader.optional_integer("ffn_hidden_size", "the feed-forward width").value_or(4 * t.d_model);
  t.attention_bias = t.mlp_bias = reader.flag("bias", false);
  // FalconDecoderLayer: sequential blocks have two norms; parallel ones share one input norm unless
  // num_ln_in_parallel_attn is 2 (the new architecture's default: ln_attn and ln_mlp).
  const bool parallel = reader.flag("parallel_attn", true);
  const std::int64_t parallel_norms =
      reader.optional_integer("num_ln_in_parallel_attn", "the norms of a parallel block")
          .value_or(new_architecture ? 2 : 1);
  t.norms_per_layer = !parallel || parallel_norms == 2 ? 2 : 1;
  t.position = reader.flag("alibi", false) ? PositionEmbedding::none : PositionEmbedding::rotary;
  if (const auto positions = reader.optional_integer("max_position_embeddings", "the context length")) {
    t.n_ctx = *positions;
  } else {
    t.n_ctx = 2048;
    mapping.notes.emplace_back("max_position_embeddings missing: 2048 tokens assumed, FalconConfig's default");
  }
  t.tied_embeddings = reader.flag("tie_word_embeddings", true);
  mapping.activation = reader.text("activation").value_or("gelu");
  return mapping;
}

// Mixture-of-experts layouts other than Mixtral's (shared experts, a separate expert width, ...):
// an assumed Llama-like reading cannot count them even approximately.
constexpr std::string_view kForeignExpertKeys[]{"num_experts", "n_routed_experts", "moe_intermediate_size",
                                                "shared_expert_intermediate_size", "n_shared_experts"};

// What --assume-layout llama reads: Llama's layout from the standard keys, with Mixtral's experts
// where num_local_experts is given, tied embeddings unless said otherwise (PretrainedConfig's
// default).
Mapping read_assumed_llama(const ConfigReader& reader)
{
  for (std::string_view key : kForeignExpertKeys) {
    if (const json* value = reader.find(key); value != nullptr && !(value->is_number() && *value == 0)) {
      reader.fail(key, "a mixture-of-experts layout Llama's cannot stand for, even as an assumption; only "
                       "Mixtral's num_local_experts / num_experts_per_tok can be assumed");
    }
  }
  Mapping mapping = reader.has("num_local_experts") ? read_mixtral(reader) : read_llama_like(reader, true);
  if (reader.has("num_local_experts")) {
    mapping.model.tied_embeddings = reader.flag("tie_word_embeddings", true);
  }
  return mapping;
}

// Every model_type the importer reads, each by its own verified layout. Anything else is refused
// unless the user asks for a Llama-like reading (ImportOptions::assume_llama_layout).
struct Family {
  std::string_view model_type;
  std::string_view shown; // for the description
  Mapping (*read)(const ConfigReader&);
};

Mapping read_falcon_current(const ConfigReader& reader)
{
  return read_falcon(reader, "falcon");
}
Mapping read_refined_web_model(const ConfigReader& reader)
{
  return read_falcon(reader, "RefinedWebModel");
}
Mapping read_refined_web(const ConfigReader& reader)
{
  return read_falcon(reader, "RefinedWeb");
}

constexpr Family kFamilies[]{
    {"llama", "Llama", read_llama},
    {"mistral", "Mistral", read_mistral},
    {"mixtral", "Mixtral", read_mixtral},
    {"qwen2", "Qwen2", read_qwen2},
    {"qwen2_moe", "Qwen2-MoE", read_qwen2_moe},
    {"qwen3", "Qwen3", read_qwen3},
    {"qwen3_moe", "Qwen3-MoE", read_qwen3_moe},
    {"gemma", "Gemma", read_gemma},
    {"gemma2", "Gemma 2", read_gemma2},
    {"gemma3_text", "Gemma 3", read_gemma3_text},
    {"gemma3", "Gemma 3", read_gemma3},
    {"phi", "Phi", read_phi},
    {"phi3", "Phi-3", read_phi3},
    {"phimoe", "PhiMoE", read_phimoe},
    {"stablelm", "StableLM", read_stablelm},
    {"starcoder2", "Starcoder2", read_starcoder2},
    {"gpt_bigcode", "GPT-BigCode", read_gpt_bigcode},
    {"gptj", "GPT-J", read_gptj},
    {"bloom", "BLOOM", read_bloom},
    {"deepseek_v2", "DeepSeek-V2", read_deepseek_v2},
    {"deepseek_v3", "DeepSeek-V3", read_deepseek_v3},
    {"olmo", "OLMo", read_olmo},
    {"olmo2", "OLMo 2", read_olmo2},
    // Granite: Llama's layout; its embedding, residual, attention and logit multipliers have no parameters.
    {"granite", "Granite", read_llama},
    {"cohere", "Cohere", read_cohere},
    {"gpt2", "GPT-2", read_gpt2},
    {"gpt_neox", "GPT-NeoX", read_gpt_neox},
    {"opt", "OPT", read_opt},
    {"falcon", "Falcon", read_falcon_current},
    // Falcon's configs before transformers adopted it: 7B's "RefinedWebModel", 40B's "RefinedWeb".
    {"RefinedWebModel", "Falcon", read_refined_web_model},
    {"RefinedWeb", "Falcon", read_refined_web},
};

// A config without model_type still names its class.
constexpr std::pair<std::string_view, std::string_view> kArchitectureTypes[]{
    {"LlamaForCausalLM", "llama"},
    {"MistralForCausalLM", "mistral"},
    {"MixtralForCausalLM", "mixtral"},
    {"Qwen2ForCausalLM", "qwen2"},
    {"Qwen2MoeForCausalLM", "qwen2_moe"},
    {"Qwen3ForCausalLM", "qwen3"},
    {"Qwen3MoeForCausalLM", "qwen3_moe"},
    {"GemmaForCausalLM", "gemma"},
    {"Gemma2ForCausalLM", "gemma2"},
    {"Gemma3ForCausalLM", "gemma3_text"},
    {"Gemma3ForConditionalGeneration", "gemma3"},
    {"PhiForCausalLM", "phi"},
    {"Phi3ForCausalLM", "phi3"},
    {"PhimoeForCausalLM", "phimoe"},
    {"PhiMoEForCausalLM", "phimoe"},
    {"StableLmForCausalLM", "stablelm"},
    {"Starcoder2ForCausalLM", "starcoder2"},
    {"GPTBigCodeForCausalLM", "gpt_bigcode"},
    {"GPTJForCausalLM", "gptj"},
    {"BloomForCausalLM", "bloom"},
    {"DeepseekV2ForCausalLM", "deepseek_v2"},
    {"DeepseekV3ForCausalLM", "deepseek_v3"},
    {"OlmoForCausalLM", "olmo"},
    {"Olmo2ForCausalLM", "olmo2"},
    {"GraniteForCausalLM", "granite"},
    {"CohereForCausalLM", "cohere"},
    {"GPT2LMHeadModel", "gpt2"},
    {"GPTNeoXForCausalLM", "gpt_neox"},
    {"OPTForCausalLM", "opt"},
    {"FalconForCausalLM", "falcon"},
    {"RWForCausalLM", "RefinedWebModel"},
};

std::string family_list()
{
  std::vector<std::string> ids;
  for (const Family& family : kFamilies) {
    ids.emplace_back(family.model_type);
  }
  return detail::join(ids);
}

std::string model_type_of(const ConfigReader& reader)
{
  if (const std::optional<std::string> type = reader.text("model_type")) {
    return *type;
  }
  if (const json* architectures = reader.find("architectures"); architectures != nullptr && architectures->is_array() &&
                                                                !architectures->empty() &&
                                                                (*architectures)[0].is_string()) {
    const std::string architecture = (*architectures)[0].get<std::string>();
    for (const auto& [name, type] : kArchitectureTypes) {
      if (architecture == name) {
        return std::string(type);
      }
    }
  }
  return {};
}

std::optional<NumberFormat> format_of_dtype(std::string dtype)
{
  if (dtype.starts_with("torch.")) {
    dtype = dtype.substr(6);
  }
  static constexpr std::pair<std::string_view, NumberFormat> kDtypes[]{
      {"float16", NumberFormat::fp16},    {"half", NumberFormat::fp16}, {"fp16", NumberFormat::fp16},
      {"bfloat16", NumberFormat::bf16},   {"bf16", NumberFormat::bf16}, {"float32", NumberFormat::fp32},
      {"float", NumberFormat::fp32},      {"fp32", NumberFormat::fp32}, {"float8_e4m3fn", NumberFormat::fp8},
      {"float8_e5m2", NumberFormat::fp8},
  };
  for (const auto& [name, format] : kDtypes) {
    if (dtype == name) {
      return format;
    }
  }
  return std::nullopt;
}

Precision precision_of(const ConfigReader& reader, std::vector<std::string>& notes)
{
  // transformers writes "torch_dtype", and "dtype" since v4.56.
  const std::string_view key = reader.has("torch_dtype") ? "torch_dtype" : "dtype";
  const std::optional<std::string> dtype = reader.text(key);
  if (!dtype) {
    notes.emplace_back("torch_dtype missing: FP16 assumed");
    return Precision{};
  }
  const std::optional<NumberFormat> format = format_of_dtype(*dtype);
  if (!format) {
    reader.fail(key, "expected float16, bfloat16 or float32, got \"" + *dtype + "\"");
  }
  return Precision{*format, *format, *format, *format};
}

// "meta-llama/Llama-2-7b-hf" stays as it is; a local path keeps its last directory.
std::string name_of(const ConfigReader& reader, std::string fallback_name, std::string_view model_type)
{
  std::string name = reader.text("_name_or_path").value_or("");
  const bool local_path =
      name.starts_with("/") || name.starts_with(".") || name.starts_with("~") || name.find('\\') != std::string::npos;
  if (local_path) {
    while (!name.empty() && (name.back() == '/' || name.back() == '\\')) {
      name.pop_back();
    }
    name = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  }
  if (name.empty() || name == "." || name == "..") {
    name = std::move(fallback_name);
  }
  if (name.empty()) {
    name = model_type.empty() ? "imported model" : std::string(model_type);
  }
  return name;
}

std::string describe(const Mapping& mapping, std::string_view model_type)
{
  const TransformerModel& t = mapping.model;
  std::vector<std::string> parts;
  if (t.n_kv_head == t.n_head) {
    parts.push_back("multi-head attention (" + std::to_string(t.n_head) + " heads of " + std::to_string(t.d_head) +
                    ")");
  } else if (t.n_kv_head == 1) {
    parts.push_back("multi-query attention (" + std::to_string(t.n_head) + " query heads of " +
                    std::to_string(t.d_head) + ", one key/value head)");
  } else {
    parts.push_back("grouped-query attention (" + std::to_string(t.n_head) + " query heads of " +
                    std::to_string(t.d_head) + ", " + std::to_string(t.n_kv_head) + " key/value heads)");
  }
  std::string ffn = mapping.activation + (t.gated_ffn ? " feed-forward" : " feed-forward, not gated");
  if (t.n_expert > 1) {
    ffn += " in " + std::to_string(t.n_expert) + " experts, " + std::to_string(t.top_k) + " per token";
  }
  parts.push_back(ffn);
  std::string norms =
      t.norm == NormKind::rms_norm ? "RMSNorm" : (t.norm_bias ? "LayerNorm" : "LayerNorm without shift");
  if (t.norms_per_layer == 1) {
    norms += ", one per layer shared by the parallel attention and feed-forward";
  }
  if (!t.final_norm) {
    norms += ", no final norm";
  }
  parts.push_back(norms);
  switch (t.position) {
  case PositionEmbedding::learned:
    parts.push_back("learned positions (" + std::to_string(t.position_table_rows()) + " rows)");
    break;
  case PositionEmbedding::rotary: parts.emplace_back("rotary positions"); break;
  case PositionEmbedding::none: parts.emplace_back("ALiBi (no position parameters)"); break;
  }
  if (t.attention_bias && t.mlp_bias) {
    parts.emplace_back("biases on every linear layer");
  } else if (t.attention_bias) {
    parts.emplace_back("biases on the attention projections only");
  } else if (t.qkv_bias) {
    parts.emplace_back(t.mlp_bias ? "biases on q, k, v and the feed-forward" : "biases on q, k and v only");
  } else if (t.mlp_bias) {
    parts.emplace_back("biases on the feed-forward only");
  } else {
    parts.emplace_back("no linear biases");
  }
  parts.emplace_back(t.tied_embeddings ? "output projection tied to the token embedding" : "untied output projection");
  if (t.d_embed > 0) {
    parts.push_back(std::to_string(t.d_embed) + "-wide token embedding with projections to and from " +
                    std::to_string(t.d_model));
  }
  std::string text = "Imported from a Hugging Face config.json (model_type \"" + std::string(model_type) +
                     "\") with the " + mapping.family + " mapping: " + detail::join(parts, "; ") + ".";
  for (const std::string& note : mapping.notes) {
    text += " " + note + ".";
  }
  return text;
}

} // namespace

bool looks_like_hf_config(const json& value) noexcept
{
  if (!value.is_object() || value.contains("format")) {
    return false;
  }
  return value.contains("model_type") || value.contains("architectures") ||
         (value.contains("hidden_size") && value.contains("num_hidden_layers")) ||
         (value.contains("n_embd") && value.contains("n_layer"));
}

Model model_from_hf_config(const json& config, const std::string& origin, std::string fallback_name,
                           const ImportOptions& options)
{
  if (!config.is_object()) {
    throw InputError(origin, "", "expected a Hugging Face config.json object, got " + shown_json(config));
  }
  const ConfigReader reader(config, origin);
  const std::string model_type = model_type_of(reader);
  const auto known = std::ranges::find(kFamilies, model_type, &Family::model_type);

  Mapping mapping;
  if (known != std::end(kFamilies)) {
    mapping = known->read(reader);
    mapping.family = known->shown;
  } else if (options.assume_llama_layout) {
    // Asked for by name: read as Llama's layout, and say so wherever the counts are shown.
    mapping = read_assumed_llama(reader);
    mapping.family = "assumed Llama-like";
    mapping.notes.emplace_back("The layout was assumed (--assume-layout llama), not verified for this model_type: "
                               "parameters and MACs may be off wherever the family differs from Llama");
    if (!reader.has("tie_word_embeddings")) {
      mapping.notes.emplace_back("tie_word_embeddings missing: tied embeddings assumed, transformers' default");
    }
  } else {
    const std::string what =
        model_type.empty() ? std::string("a config without model_type") : "model_type \"" + model_type + "\"";
    throw UnknownFamilyError(origin, model_type.empty() ? "" : "/model_type",
                             what + " is not one of the families this importer counts exactly (" + family_list() +
                                 "); --assume-layout llama reads it as a Llama-like decoder, marked as assumed");
  }

  Model model;
  model.default_precision = precision_of(reader, mapping.notes);
  model.name = name_of(reader, std::move(fallback_name), model_type);
  model.id = detail::make_id(model.name);
  model.description = describe(mapping, model_type.empty() ? "none" : model_type);
  model.architecture = mapping.model;
  model.layout_assumed = known == std::end(kFamilies);
  model.mark_published();
  return model;
}

} // namespace nne
