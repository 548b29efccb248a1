#pragma once

#include "core/model/model.h"

#include <nlohmann/json.hpp>

#include <string>

namespace nne {

// Reading a Hugging Face transformers config.json (the file beside a model's weights on the Hub)
// as a decoder-only TransformerModel whose parameter count is exact.
//
// Families with their own rules: llama, mistral, mixtral, qwen2, gemma, phi3, gpt2, gpt_neox, opt
// and falcon (also the older "RefinedWebModel" / "RefinedWeb" types). Any other model_type that
// carries the standard keys (hidden_size, num_hidden_layers, num_attention_heads,
// intermediate_size, vocab_size, max_position_embeddings; num_key_value_heads, head_dim,
// tie_word_embeddings, hidden_act, attention_bias, mlp_bias, num_local_experts and
// num_experts_per_tok where present) is read as a Llama-like decoder: gated FFN, RMSNorm, rotary
// positions.

// Whether `json` looks like such a config rather than one of our files: an object without our
// "format" key that has "model_type", "architectures" or the standard size keys.
bool looks_like_hf_config(const nlohmann::json& json) noexcept;

// The model a config describes. `origin` names the file in error messages; `fallback_name` (e.g.
// the config's directory, "llama-2-7b") names the model when the config has no "_name_or_path".
// The default precision follows torch_dtype (float16 FP16, bfloat16 BF16, float32 FP32; missing:
// FP16, said in the description). The model keeps no declared figures. Throws InputError(origin,
// "/key", problem) for a missing or wrongly typed key, or an unknown model_type without the
// standard keys (naming the keys it lacks).
Model model_from_hf_config(const nlohmann::json& config, const std::string& origin, std::string fallback_name);

} // namespace nne
