#pragma once

// Hardware files and the hardware catalog (docs/file-formats.md). Readers throw
// InputError(origin, key path, problem) at the first problem (core/io/json_reader.h).

#include "core/energy/hardware.h"
#include "core/model/precision.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace nne {

// Version 2 names a process node for the MAC arithmetic (one figure per number format) where
// version 1 named one MAC unit; version 1 files are still read.
inline constexpr int kHardwareFormatVersion = 2;
inline constexpr int kCatalogFormatVersion = 1;
inline constexpr std::string_view kHardwareFormat = "nn-energy-explorer/hardware";
inline constexpr std::string_view kCatalogFormat = "nn-energy-explorer/hardware-catalog";

HardwareCatalog catalog_from_json(const nlohmann::json& json, const std::string& origin);

// A memory names a catalog entry ({"technology": "lpddr5"}), whose energy, capacity and provenance
// are copied in, or gives its own number and provenance. The MACs name a process node of the
// catalog ({"node": "horowitz-45nm"}: its figure for each number format), a chip's units
// ({"units": [...]}), and the user's own figures per format ({"custom": [...]}).
// `prefix`: the pointer of `json` inside its document. `legacy_mac_format`: the format a version 1
// file's bare energy_per_mac_pj is for.
Hardware hardware_from_json(const nlohmann::json& json, const HardwareCatalog& catalog, const std::string& origin,
                            const std::string& prefix = "",
                            std::optional<NumberFormat> legacy_mac_format = std::nullopt);
nlohmann::json hardware_to_json(const Hardware& hardware); // with "format" and "version"

} // namespace nne
