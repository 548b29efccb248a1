#pragma once

// Scenario files (docs/file-formats.md): a model and hardware (each a preset reference or a whole
// object), precisions, scales, batches, the workload and the sweep.

#include "core/energy/scenario.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace nne {

struct PresetLibrary;

// Version 2 names a process node for the MAC arithmetic where version 1 named one MAC unit.
inline constexpr int kScenarioFormatVersion = 2;
inline constexpr std::string_view kScenarioFormat = "nn-energy-explorer/scenario";
// What a scenario file's name ends with: the GUI saves scenarios under it and opens such a file
// as the scenario it is (any other file opens as a new, untitled one).
inline constexpr std::string_view kScenarioFileSuffix = ".nne.json";

// "model" and "hardware" are either {"preset": "id"} (looked up in `library`) or a whole object.
Scenario scenario_from_json(const nlohmann::json& json, const PresetLibrary& library, const std::string& origin);
nlohmann::json scenario_to_json(const Scenario& scenario);

Scenario load_scenario_file(const std::filesystem::path& path, const PresetLibrary& library);
// Atomically (core/io/atomic_file.h): a failed save never harms the user's file.
void save_scenario_file(const std::filesystem::path& path, const Scenario& scenario);

} // namespace nne
