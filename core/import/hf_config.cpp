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

// The families whose rules differ. Anything else with the standard keys is read as `generic`.
enum class Family { llama, mistral, mixtral, qwen2, gemma, phi3, gpt2, gpt_neox, opt, falcon, generic };

struct FamilyName {
  std::string_view id; // model_type
  Family family;
  std::string_view shown; // for the description
};

constexpr FamilyName kFamilies[]{
    {"llama", Family::llama, "Llama"},
    {"mistral", Family::mistral, "Mistral"},
    {"mixtral", Family::mixtral, "Mixtral"},
    {"qwen2", Family::qwen2, "Qwen2"},
    {"gemma", Family::gemma, "Gemma"},
    {"phi3", Family::phi3, "Phi-3"},
    {"gpt2", Family::gpt2, "GPT-2"},
    {"gpt_neox", Family::gpt_neox, "GPT-NeoX"},
    {"opt", Family::opt, "OPT"},
    {"falcon", Family::falcon, "Falcon"},
    // Falcon's configs before transformers adopted it: 7B's "RefinedWebModel", 40B's "RefinedWeb".
    {"RefinedWebModel", Family::falcon, "Falcon"},
    {"RefinedWeb", Family::falcon, "Falcon"},
};

// A config without model_type still names its class.
constexpr std::pair<std::string_view, std::string_view> kArchitectureTypes[]{
    {"LlamaForCausalLM", "llama"},   {"MistralForCausalLM", "mistral"},    {"MixtralForCausalLM", "mixtral"},
    {"Qwen2ForCausalLM", "qwen2"},   {"GemmaForCausalLM", "gemma"},        {"Phi3ForCausalLM", "phi3"},
    {"GPT2LMHeadModel", "gpt2"},     {"GPTNeoXForCausalLM", "gpt_neox"},   {"OPTForCausalLM", "opt"},
    {"FalconForCausalLM", "falcon"}, {"RWForCausalLM", "RefinedWebModel"},
};

// The keys a model_type this importer does not know must have to be read as a Llama-like decoder.
constexpr std::string_view kStandardKeys[]{"hidden_size",       "num_hidden_layers", "num_attention_heads",
                                           "intermediate_size", "vocab_size",        "max_position_embeddings"};

// Mixture-of-experts layouts other than Mixtral's (shared experts, a separate expert width, ...):
// counting them as Mixtral would give a wrong figure, so such a config is refused.
constexpr std::string_view kForeignExpertKeys[]{"num_experts", "n_routed_experts", "moe_intermediate_size",
                                                "shared_expert_intermediate_size", "n_shared_experts"};

// A config.json read through the one JSON reader (core/io/json_reader.h), with what
// transformers adds: a null value means "not set", keys have aliases (n_embd for hidden_size), and
// a message says what a number means.
class ConfigReader {
public:
  ConfigReader(const json& config, const std::string& origin)
      : object_(config, origin, "", ObjectReader::Nulls::are_absent)
  {
  }

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const { object_.fail(key, problem); }

  const json* find(std::string_view key) const { return object_.find(key); }
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

  bool flag(std::string_view key, bool fallback) const { return object_.boolean(key, fallback); }
  std::optional<std::string> text(std::string_view key) const { return object_.optional_string(key); }

private:
  ObjectReader object_;
};

// What the importer made of a config, for the description.
struct Mapping {
  TransformerModel model;
  std::string family; // e.g. "Llama", "Llama-like (generic)"
  std::string activation;
  std::vector<std::string> notes; // assumptions made for missing keys
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

// Llama and the families built like it (Mistral, Mixtral, Qwen2, Gemma, Phi-3, and unknown
// model_types with the standard keys): gated FFN, RMSNorm without shift, rotary positions.
Mapping read_llama_like(const ConfigReader& reader, Family family)
{
  Mapping mapping;
  TransformerModel& t = mapping.model;
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
  t.gated_ffn = true;
  t.norm = NormKind::rms_norm;
  t.norm_bias = false;
  t.position = PositionEmbedding::rotary;
  t.attention_bias = reader.flag("attention_bias", false);
  t.mlp_bias = reader.flag("mlp_bias", false);
  if (family == Family::qwen2) {
    // Qwen2's q, k and v projections have biases, its output projection has none (fixed in the
    // model code, not configurable).
    t.attention_bias = false;
    t.qkv_bias = true;
  }
  // transformers' own default: tied for Gemma and for a class that keeps PretrainedConfig's
  // default, untied for the Llama family's config classes.
  const bool tied_default = family == Family::gemma || family == Family::generic;
  if (!reader.has("tie_word_embeddings") && family == Family::generic) {
    mapping.notes.emplace_back("tie_word_embeddings missing: tied embeddings assumed, transformers' default");
  }
  t.tied_embeddings = reader.flag("tie_word_embeddings", tied_default);

  if (family == Family::mixtral || reader.has("num_local_experts")) {
    t.n_expert = reader.integer({"num_local_experts"}, "the number of experts per layer");
    t.top_k = reader.optional_integer("num_experts_per_tok", "the experts each token is routed to").value_or(2);
    if (t.top_k > t.n_expert) {
      reader.fail("num_experts_per_tok", "expected at most num_local_experts (" + std::to_string(t.n_expert) +
                                             "), got " + std::to_string(t.top_k));
    }
  }

  const std::string activation = reader.text("hidden_act").value_or(reader.text("hidden_activation").value_or("silu"));
  if (activation == "silu" || activation == "swish") {
    mapping.activation = "SwiGLU";
  } else if (activation.starts_with("gelu")) {
    mapping.activation = "GeGLU";
  } else {
    mapping.activation = "gated " + activation;
  }
  return mapping;
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

// GPT-NeoX (Pythia): rotary positions, LayerNorm with shift, biases everywhere, untied.
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
    reader.fail("layer_norm_elementwise_affine", "expected true: layer norms without scale and shift are not "
                                                 "supported by this importer");
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

std::string family_list()
{
  std::vector<std::string> ids;
  for (const FamilyName& entry : kFamilies) {
    ids.emplace_back(entry.id);
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

Model model_from_hf_config(const json& config, const std::string& origin, std::string fallback_name)
{
  if (!config.is_object()) {
    throw InputError(origin, "", "expected a Hugging Face config.json object, got " + shown_json(config));
  }
  const ConfigReader reader(config, origin);
  const std::string model_type = model_type_of(reader);
  const auto known = std::ranges::find(kFamilies, model_type, &FamilyName::id);
  const Family family = known == std::end(kFamilies) ? Family::generic : known->family;

  Mapping mapping;
  switch (family) {
  case Family::gpt2: mapping = read_gpt2(reader); break;
  case Family::gpt_neox: mapping = read_gpt_neox(reader); break;
  case Family::opt: mapping = read_opt(reader); break;
  case Family::falcon: mapping = read_falcon(reader, model_type); break;
  case Family::generic: {
    std::vector<std::string> missing;
    for (std::string_view key : kStandardKeys) {
      if (!reader.has(key)) {
        missing.emplace_back(key);
      }
    }
    if (!missing.empty()) {
      const std::string what =
          model_type.empty() ? std::string("a config without model_type") : "model_type \"" + model_type + "\"";
      throw InputError(origin, model_type.empty() ? "" : "/model_type",
                       what + " is not one of the families this importer knows (" + family_list() +
                           "), and the config lacks the standard keys " + detail::join(missing) +
                           " to read it as a Llama-like decoder");
    }
    for (std::string_view key : kForeignExpertKeys) {
      if (const json* value = reader.find(key); value != nullptr && !(value->is_number() && *value == 0)) {
        reader.fail(key, "a mixture-of-experts layout this importer does not know (model_type \"" + model_type +
                             "\"); only Mixtral's num_local_experts / num_experts_per_tok is counted exactly");
      }
    }
    mapping = read_llama_like(reader, family);
    break;
  }
  default: mapping = read_llama_like(reader, family); break;
  }
  mapping.family = known == std::end(kFamilies) ? "Llama-like (generic)" : std::string(known->shown);

  Model model;
  model.default_precision = precision_of(reader, mapping.notes);
  model.name = name_of(reader, std::move(fallback_name), model_type);
  model.id = detail::make_id(model.name);
  model.description = describe(mapping, model_type.empty() ? "none" : model_type);
  model.architecture = mapping.model;
  model.mark_published();
  return model;
}

} // namespace nne
