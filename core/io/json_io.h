#pragma once

#include "core/energy/hardware.h"
#include "core/model/model.h"
#include "core/energy/scenario.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace nne {

struct PresetLibrary;

// File formats (design.md section 4). Every file carries
//   "format": "nn-energy-explorer/<kind>", "version": N
// A file whose version is newer than its kind's version below is refused with a message saying so;
// older versions are read. Version 2 of hardware and scenarios names a process node for the MAC
// arithmetic (one figure per number format) where version 1 named one MAC unit.
inline constexpr int kModelFormatVersion = 1;
inline constexpr int kCatalogFormatVersion = 1;
inline constexpr int kHardwareFormatVersion = 2;
inline constexpr int kScenarioFormatVersion = 2;
inline constexpr std::string_view kModelFormat = "nn-energy-explorer/model";
inline constexpr std::string_view kHardwareFormat = "nn-energy-explorer/hardware";
inline constexpr std::string_view kCatalogFormat = "nn-energy-explorer/hardware-catalog";
inline constexpr std::string_view kScenarioFormat = "nn-energy-explorer/scenario";

// All readers validate and throw InputError(origin, key_path, problem) at the first problem, where
// origin is the file name (or a description) and key_path a JSON pointer such as "/model/n_layer".
// `prefix` is the pointer of `json` inside its document, so nested objects report full paths.
// Keys they do not know are kept in the value's unknown_keys and written back by the writers.

// The offending value, compactly (at most 60 characters), for a validation message.
std::string shown_json(const nlohmann::json& value);

nlohmann::json parse_json_text(std::string_view text, const std::string& origin); // syntax errors with line/column
nlohmann::json read_json_file(const std::filesystem::path& path);                 // + file errors; origin = file name

HardwareCatalog catalog_from_json(const nlohmann::json& json, const std::string& origin);

Model model_from_json(const nlohmann::json& json, const std::string& origin, const std::string& prefix = "");
nlohmann::json model_to_json(const Model& model); // with "format" and "version"

// A memory names a catalog entry ({"technology": "lpddr5"}), whose energy, capacity and provenance
// are copied in, or gives its own number and provenance. The MACs name a process node of the
// catalog ({"node": "horowitz-45nm"}: its figure for each number format), a chip's units
// ({"units": [...]}), and the user's own figures per format ({"custom": [...]}).
// `legacy_mac_format`: the format a version 1 file's bare energy_per_mac_pj is for.
Hardware hardware_from_json(const nlohmann::json& json, const HardwareCatalog& catalog, const std::string& origin,
                            const std::string& prefix = "",
                            std::optional<NumberFormat> legacy_mac_format = std::nullopt);
nlohmann::json hardware_to_json(const Hardware& hardware);

// "model" and "hardware" are either {"preset": "id"} (looked up in `library`) or a whole object.
Scenario scenario_from_json(const nlohmann::json& json, const PresetLibrary& library, const std::string& origin);
nlohmann::json scenario_to_json(const Scenario& scenario);

// Loading and saving files. Save writes a temporary file beside the target and renames it over
// the target only when everything was written, so a failed save never harms the user's file.
Model load_model_file(const std::filesystem::path& path);
Scenario load_scenario_file(const std::filesystem::path& path, const PresetLibrary& library);
void save_scenario_file(const std::filesystem::path& path, const Scenario& scenario);
void write_file_atomically(const std::filesystem::path& path, std::string_view contents); // throws std::runtime_error

// Scale factors are read from numbers or from strings such as "1/16"; written as numbers.
double parse_scale_text(std::string_view text); // throws std::invalid_argument
// "1", "1/2", ..., "1/1024" for powers of two; otherwise a short decimal.
std::string format_scale(double scale);

} // namespace nne
