#pragma once

#include "core/precision.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace nne {

// Where a number comes from, shown beside it in every view (tooltips, exports, `list hardware`).
struct Provenance {
  std::string source; // citation, e.g. "Horowitz, ISSCC 2014"
  std::string node;   // process / technology, e.g. "45 nm, 0.9 V"
  std::string note;   // disagreements between sources, how a value was derived

  friend bool operator==(const Provenance&, const Provenance&) = default;
};

// A memory technology of the catalog: LPDDR5, HBM2, an SRAM buffer ...
struct MemoryTechnology {
  std::string id;   // "lpddr5"
  std::string name; // "LPDDR5 DRAM"
  double energy_per_bit_pj = 0;
  Provenance provenance;
};

// MAC arithmetic of the catalog: one multiply-accumulate in a number format at a node.
struct MacUnit {
  std::string id;   // "horowitz-45nm-fp16"
  std::string name; // "FP16 MAC, 45 nm"
  NumberFormat format = NumberFormat::fp16;
  double energy_per_mac_pj = 0;
  Provenance provenance;
};

struct HardwareCatalog {
  std::vector<MemoryTechnology> memories;
  std::vector<MacUnit> mac_units;

  const MemoryTechnology* find_memory(std::string_view id) const noexcept;
  const MacUnit* find_mac_unit(std::string_view id) const noexcept;
};

// The memory that holds one tensor class. `technology` is a catalog id or empty for a custom value.
struct MemoryChoice {
  std::string technology;
  double energy_per_bit_pj = 0;
  Provenance provenance;

  friend bool operator==(const MemoryChoice&, const MemoryChoice&) = default;
};

struct MacChoice {
  std::string unit; // catalog id or empty for a custom value
  double energy_per_mac_pj = 0;
  Provenance provenance;

  friend bool operator==(const MacChoice&, const MacChoice&) = default;
};

// The per-unit energies a scenario runs on.
struct Hardware {
  std::string id;
  std::string name;
  std::string description;
  MemoryChoice weight;
  MemoryChoice activation;
  MemoryChoice kv_cache;
  MacChoice mac;
  nlohmann::json unknown_keys = nlohmann::json::object();
};

} // namespace nne
