#include "core/import/model_import.h"

#include "core/import/hf_config.h"
#include "core/import/onnx/onnx_import.h"
#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"

#include <string>
#include <system_error>

namespace nne {

namespace {

bool has_extension(const std::filesystem::path& path, std::string_view extension)
{
  std::string actual = path.extension().string();
  for (char& c : actual) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return actual == extension;
}

// "models/llama-2-7b/config.json" is named after its directory, as the Hub names it.
std::string name_for_config(const std::filesystem::path& path)
{
  const std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
  if (absolute.filename() == "config.json" && absolute.has_parent_path() &&
      !absolute.parent_path().filename().empty()) {
    return absolute.parent_path().filename().string();
  }
  return path.stem().string();
}

} // namespace

bool looks_like_file(std::string_view argument)
{
  std::error_code error;
  return argument.find('/') != std::string_view::npos || argument.ends_with(".json") || argument.ends_with(".onnx") ||
         std::filesystem::is_regular_file(std::filesystem::path(argument), error);
}

ModelOrScenario read_model_or_scenario_file(const std::filesystem::path& path, const PresetLibrary& library,
                                            const ImportOptions& options)
{
  if (has_extension(path, ".onnx")) {
    return import_onnx_file(path, OnnxImportOptions{options.decoder_context});
  }
  const nlohmann::json json = read_json_file(path);
  const std::string origin = path.string();
  if (json.is_object() && json.contains("format")) {
    if (json["format"] == kModelFormat) {
      return model_from_json(json, origin);
    }
    return scenario_from_json(json, library, origin); // which names the formats it expected
  }
  if (looks_like_hf_config(json)) {
    return model_from_hf_config(json, origin, name_for_config(path), options);
  }
  throw InputError(origin, "",
                   "not a scenario, a model or a Hugging Face config.json: it has no \"format\" key of ours and "
                   "none of \"model_type\", \"architectures\", \"hidden_size\"");
}

Model import_model_file(const std::filesystem::path& path, const PresetLibrary& library, const ImportOptions& options)
{
  ModelOrScenario read = read_model_or_scenario_file(path, library, options);
  if (auto* scenario = std::get_if<Scenario>(&read)) {
    return std::move(scenario->model);
  }
  return std::move(std::get<Model>(read));
}

} // namespace nne
