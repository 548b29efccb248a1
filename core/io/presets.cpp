#include "core/io/presets.h"

#include "core/import/model_import.h"
#include "core/io/hardware_json.h"
#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>

namespace nne {

namespace generated {
std::span<const EmbeddedFile> preset_files();
}

namespace {

template <typename T> const T* find_by_id(const std::vector<T>& items, std::string_view id) noexcept
{
  auto it = std::ranges::find(items, id, &T::id);
  return it == items.end() ? nullptr : &*it;
}

template <typename T> void add_unique(std::vector<T>& items, T item, const std::string& origin)
{
  if (find_by_id(items, item.id) != nullptr) {
    throw InputError(origin, "/id", "the preset id '" + item.id + "' is used by another preset");
  }
  items.push_back(std::move(item));
}

bool starts_with(std::string_view text, std::string_view prefix)
{
  return text.substr(0, prefix.size()) == prefix;
}

std::string origin_of(const EmbeddedFile& file)
{
  return "presets/" + std::string(file.path);
}

} // namespace

const Model* PresetLibrary::find_model(std::string_view id) const noexcept
{
  return find_by_id(models, id);
}
const Hardware* PresetLibrary::find_hardware(std::string_view id) const noexcept
{
  return find_by_id(hardware, id);
}
const Scenario* PresetLibrary::find_scenario(std::string_view id) const noexcept
{
  return find_by_id(scenarios, id);
}

PresetLibrary load_presets(std::span<const EmbeddedFile> files)
{
  // Order matters: hardware refers to the catalog, scenarios to models and hardware.
  PresetLibrary library;
  for (const EmbeddedFile& file : files) {
    if (file.path == "hardware/catalog.json") {
      library.catalog = catalog_from_json(parse_json_text(file.contents, origin_of(file)), origin_of(file));
    }
  }
  for (const EmbeddedFile& file : files) {
    const std::string origin = origin_of(file);
    if (starts_with(file.path, "hardware/") && file.path != "hardware/catalog.json") {
      add_unique(library.hardware, hardware_from_json(parse_json_text(file.contents, origin), library.catalog, origin),
                 origin);
    } else if (starts_with(file.path, "models/")) {
      add_unique(library.models, model_from_json(parse_json_text(file.contents, origin), origin), origin);
    }
  }
  for (const EmbeddedFile& file : files) {
    const std::string origin = origin_of(file);
    if (starts_with(file.path, "scenarios/")) {
      add_unique(library.scenarios, scenario_from_json(parse_json_text(file.contents, origin), library, origin),
                 origin);
    }
  }
  return library;
}

std::span<const EmbeddedFile> builtin_preset_files()
{
  return generated::preset_files();
}

const PresetLibrary& builtin_presets()
{
  static const PresetLibrary library = load_presets(builtin_preset_files());
  return library;
}

Model resolve_model(std::string_view argument, const PresetLibrary& library, const ImportOptions& options)
{
  if (const Model* model = library.find_model(argument)) {
    return *model;
  }
  if (const Scenario* scenario = library.find_scenario(argument)) {
    return scenario->model;
  }
  if (!looks_like_file(argument)) {
    throw InputError(std::string(argument), "",
                     "no model preset or file of that name (`nn-energy-explorer list models` lists the presets)");
  }
  return import_model_file(std::filesystem::path(argument), library, options);
}

Scenario resolve_scenario(std::string_view argument, const PresetLibrary& library, const ImportOptions& options)
{
  if (const Scenario* scenario = library.find_scenario(argument)) {
    return *scenario;
  }
  if (const Model* model = library.find_model(argument)) {
    return default_scenario_for(*model, library);
  }
  if (!looks_like_file(argument)) {
    throw InputError(std::string(argument), "",
                     "no scenario or model preset or file of that name (`nn-energy-explorer list` lists the presets)");
  }
  ModelOrScenario read = read_model_or_scenario_file(std::filesystem::path(argument), library, options);
  if (auto* model = std::get_if<Model>(&read)) {
    return default_scenario_for(*model, library);
  }
  return std::move(std::get<Scenario>(read));
}

} // namespace nne
