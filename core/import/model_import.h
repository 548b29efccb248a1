#pragma once

#include "core/energy/scenario.h"
#include "core/import/hf_config.h"
#include "core/model/model.h"

#include <filesystem>
#include <string_view>
#include <variant>

namespace nne {

struct PresetLibrary;

// Everything a user may hand the tool where it takes a model or a scenario, read by one function so
// that the command line, the GUI's Open, Import and drag and drop all accept the same files:
//   *.onnx                     an ONNX graph (parameters, MACs and activations from its shapes)
//   {"format": ".../model"}    our model format
//   {"format": ".../scenario"} our scenario format
//   a Hugging Face config.json (no "format"; "model_type", "architectures" or the standard keys)
// Throws InputError naming the file and, for JSON, the key at fault.
using ModelOrScenario = std::variant<Model, Scenario>;
ModelOrScenario read_model_or_scenario_file(const std::filesystem::path& path, const PresetLibrary& library,
                                            const ImportOptions& options = {});

// The model in such a file; a scenario file gives its model.
Model import_model_file(const std::filesystem::path& path, const PresetLibrary& library,
                        const ImportOptions& options = {});

// Whether an argument names a file rather than a preset id: it has a directory part or a model
// file's extension, or it is an existing file.
bool looks_like_file(std::string_view argument);

} // namespace nne
