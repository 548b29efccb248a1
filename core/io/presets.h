#pragma once

#include "core/energy/hardware.h"
#include "core/energy/scenario.h"
#include "core/import/hf_config.h"
#include "core/io/embedded_file.h"
#include "core/model/model.h"

#include <span>
#include <string_view>
#include <vector>

namespace nne {

// The models, hardware and scenarios that ship with the tool (presets/), parsed from the copies
// embedded in the executable.
struct PresetLibrary {
  HardwareCatalog catalog;
  std::vector<Model> models;
  std::vector<Hardware> hardware;
  std::vector<Scenario> scenarios;

  const Model* find_model(std::string_view id) const noexcept;
  const Hardware* find_hardware(std::string_view id) const noexcept;
  const Scenario* find_scenario(std::string_view id) const noexcept;
};

// Parses a set of preset files: "hardware/catalog.json", "hardware/*.json", "models/*.json",
// "scenarios/*.json" (paths relative to presets/). Throws InputError naming the file.
PresetLibrary load_presets(std::span<const EmbeddedFile> files);

// The built-in presets, parsed once.
const PresetLibrary& builtin_presets();
std::span<const EmbeddedFile> builtin_preset_files();

// What the command line and the GUI accept where they take a model or a scenario: a preset id or
// a file. A model where a scenario is asked for gets default_scenario_for(). Throws InputError
// (unknown id, unreadable or invalid file) naming what was given.
// `options` apply to a Hugging Face config among them.
Model resolve_model(std::string_view argument, const PresetLibrary& library, const ImportOptions& options = {});
Scenario resolve_scenario(std::string_view argument, const PresetLibrary& library, const ImportOptions& options = {});

} // namespace nne
