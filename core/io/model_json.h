#pragma once

// Model files: "format": "nn-energy-explorer/model" (docs/file-formats.md). Readers throw
// InputError(origin, key path, problem) at the first problem (core/io/json_reader.h); keys they
// do not know are kept in the model's unknown_keys and written back.

#include "core/model/model.h"
#include "core/model/precision.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace nne {

inline constexpr int kModelFormatVersion = 1;
inline constexpr std::string_view kModelFormat = "nn-energy-explorer/model";

// `prefix` is the pointer of `json` inside its document (a model inside a scenario: "/model"); a
// model at the top of its own file must say its format and version.
Model model_from_json(const nlohmann::json& json, const std::string& origin, const std::string& prefix = "");
nlohmann::json model_to_json(const Model& model); // with "format" and "version"

// {"weight": "FP16", "activation": ..., "kv_cache": ..., "mac": ...}; missing ones from `fallback`.
Precision precision_from_json(const nlohmann::json& json, const std::string& origin, const std::string& pointer,
                              Precision fallback);
nlohmann::json precision_to_json(const Precision& precision);

} // namespace nne
