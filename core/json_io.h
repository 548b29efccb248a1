#pragma once

#include "core/hardware.h"
#include "core/model.h"
#include "core/scenario.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace nne {

struct PresetLibrary;

// File formats (design.md section 4). Every file carries
//   "format": "nn-energy-explorer/<kind>", "version": 1
// A file whose version is newer than kFormatVersion is refused with a message saying so.
inline constexpr int kFormatVersion = 1;
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

// Memory and MAC choices may name a catalog entry ({"technology": "lpddr5"}, {"unit": "..."}),
// whose energy and provenance are then copied in, or give their own number and provenance.
Hardware hardware_from_json(const nlohmann::json& json, const HardwareCatalog& catalog, const std::string& origin,
                            const std::string& prefix = "");
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
