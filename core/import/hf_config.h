#pragma once

#include "core/model/model.h"

#include "core/util/errors.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace nne {

// Reading a Hugging Face transformers config.json (the file beside a model's weights on the Hub)
// as a decoder-only TransformerModel whose parameter count is exact.
//
// Every family is read by its own layout, taken from transformers' modeling_<family>.py: llama,
// mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe, gemma, gemma2, gemma3 and gemma3_text,
// phi, phi3, phimoe, stablelm, starcoder2, gpt_bigcode, gptj, bloom, deepseek_v2, deepseek_v3,
// olmo, olmo2, granite, cohere, gpt2, gpt_neox, opt and falcon (also the older "RefinedWebModel"
// / "RefinedWeb" types). Any other model_type is refused by name, unless the caller asks for a
// Llama-like reading (gated FFN, RMSNorm, rotary positions, from the standard keys), which marks
// the model as of an assumed layout.

struct ImportOptions {
  bool assume_llama_layout = false; // --assume-layout llama
  std::int64_t decoder_context =
      0; // --context: the cached positions of an ONNX decoder with past_key_values (0: the default)
};

// A config of a model_type the importer has no layout for: bad input like any other, but one the
// user may choose to read with an assumed layout (the GUI asks).
class UnknownFamilyError : public InputError {
public:
  using InputError::InputError;
};

// Whether `json` looks like such a config rather than one of our files: an object without our
// "format" key that has "model_type", "architectures" or the standard size keys.
bool looks_like_hf_config(const nlohmann::json& json) noexcept;

// The model a config describes. `origin` names the file in error messages; `fallback_name` (e.g.
// the config's directory, "llama-2-7b") names the model when the config has no "_name_or_path".
// The default precision follows torch_dtype (float16 FP16, bfloat16 BF16, float32 FP32; missing:
// FP16, said in the description). The model keeps no declared figures. Throws InputError(origin,
// "/key", problem) for a missing or wrongly typed key, or (naming "/model_type" and the families)
// a model_type it does not know unless `options` assume a Llama-like layout.
Model model_from_hf_config(const nlohmann::json& config, const std::string& origin, std::string fallback_name,
                           const ImportOptions& options = {});

} // namespace nne
