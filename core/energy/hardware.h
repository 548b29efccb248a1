#pragma once

#include "core/model/component.h"
#include "core/model/precision.h"

#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <optional>
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
  // What one instance holds, where the entry is a sized array (an 8 KB SRAM, a 128 MB buffer);
  // none for a technology that comes in any size (DRAM).
  std::optional<double> capacity_bytes;
  Provenance provenance;
};

// MAC arithmetic of the catalog: one multiply-accumulate in a number format on a process node
// (or a chip) of the catalog.
struct MacUnit {
  std::string id;   // "horowitz-45nm-fp16"
  std::string name; // "FP16 MAC, 45 nm"
  NumberFormat format = NumberFormat::fp16;
  double energy_per_mac_pj = 0;
  std::string node; // the ProcessNode it belongs to, e.g. "horowitz-45nm"
  Provenance provenance;
};

// A process node, or a chip, whose MAC units the catalog lists, one per number format it has a
// sourced figure for. A hardware description names one; the energy of a MAC then follows the
// number format the scenario computes in.
struct ProcessNode {
  std::string id;   // "horowitz-45nm"
  std::string name; // "45 nm, 0.9 V (Horowitz, ISSCC 2014)"
  std::string note;
};

struct HardwareCatalog {
  std::vector<MemoryTechnology> memories;
  std::vector<MacUnit> mac_units;
  std::vector<ProcessNode> nodes;

  const MemoryTechnology* find_memory(std::string_view id) const noexcept;
  const MacUnit* find_mac_unit(std::string_view id) const noexcept;
  const ProcessNode* find_node(std::string_view id) const noexcept;
  // The node's units, in catalog order.
  std::vector<const MacUnit*> units_of(std::string_view node) const;
};

// The memory that holds one tensor class. `technology` is a catalog id or empty for a custom value.
struct MemoryChoice {
  std::string technology;
  std::string name; // the technology's name; empty for a custom value
  double energy_per_bit_pj = 0;
  std::optional<double> capacity_bytes;
  Provenance provenance;

  bool is_custom() const noexcept { return technology.empty(); }
  friend bool operator==(const MemoryChoice&, const MemoryChoice&) = default;
};

MemoryChoice memory_choice(const MemoryTechnology& technology);

// The energy of one MAC in one number format: a unit of the catalog, or a value the user typed.
struct MacFigure {
  std::string unit; // catalog unit id, empty for a value the user typed
  std::string node; // the catalog node of the unit
  NumberFormat format = NumberFormat::fp16;
  double energy_per_mac_pj = 0;
  Provenance provenance;

  bool is_custom() const noexcept { return unit.empty(); }
  friend bool operator==(const MacFigure&, const MacFigure&) = default;
};

// The MAC arithmetic of a hardware: the figures of one process node (or chip) of the catalog, one
// per number format, any of which the user may have replaced by a value of their own. A format
// with no figure has no MAC energy on this hardware: evaluating it is an error, never another
// format's energy.
struct MacArithmetic {
  std::string node;      // catalog node id; empty when every figure is the user's
  std::string node_name; // for people, e.g. "45 nm, 0.9 V (Horowitz, ISSCC 2014)"
  std::vector<MacFigure> figures; // at most one per format

  const MacFigure* figure_for(NumberFormat format) const noexcept;
  // The formats with a figure, in kAllNumberFormats order.
  std::vector<NumberFormat> formats() const;
  // Of the formats with a figure, the closest to `wanted` (the same kind, integer or floating point,
  // first; then the nearest width, wider before narrower), for a user to switch to explicitly when
  // `wanted` has none. nullopt when there is no figure at all.
  std::optional<NumberFormat> nearest_format(NumberFormat wanted) const;
  // A catalog unit's figure, unless the format has one already.
  void add(const MacUnit& unit);
  // The user's own value for `format`, replacing the node's figure for it.
  void set_custom(NumberFormat format, double energy_per_mac_pj, Provenance provenance);
  // Drops the user's value for `format`: the node's figure for it applies again, if it has one.
  void clear_custom(NumberFormat format, const HardwareCatalog& catalog);
  friend bool operator==(const MacArithmetic&, const MacArithmetic&) = default;
};

// The arithmetic of a catalog node: its units, as figures.
MacArithmetic node_arithmetic(const HardwareCatalog& catalog, const ProcessNode& node);

// What a hardware is made of: the memory holding each tensor class and the MAC arithmetic.
struct HardwareUnits {
  MemoryChoice weight;
  MemoryChoice activation;
  MemoryChoice kv_cache;
  MacArithmetic mac;

  // The memory of a tensor class (weight, activation, kv_cache); nullptr for the MACs.
  const MemoryChoice* memory(Component component) const noexcept;
  MemoryChoice* memory(Component component) noexcept;
  friend bool operator==(const HardwareUnits&, const HardwareUnits&) = default;
};

inline constexpr std::array<Component, 3> kMemoryComponents{Component::weight, Component::activation,
                                                            Component::kv_cache};

// The per-unit energies a scenario runs on, under the name of a preset or file.
struct Hardware : HardwareUnits {
  std::string id;
  std::string name;
  std::string description;
  nlohmann::json unknown_keys = nlohmann::json::object();
  // The units `id`, `name` and `description` describe: those of the preset or file it was read
  // from. An edit makes the hardware differ from them, and then those labels no longer apply.
  // Null for hardware built in code, which describes itself.
  std::shared_ptr<const HardwareUnits> published;

  // Remembers the current units as the ones the labels describe (readers call it).
  void mark_published();
  bool is_edited() const noexcept
  {
    return published != nullptr && *published != static_cast<const HardwareUnits&>(*this);
  }
  friend bool operator==(const Hardware&, const Hardware&) = default;
};

// The hardware's name where it is as published; "Custom" once it has been edited.
std::string display_name(const Hardware& hardware);

} // namespace nne
