#include "core/io/hardware_json.h"

#include "core/io/json_reader.h"
#include "core/util/format.h"

#include <set>

namespace nne {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// Hardware

Provenance read_provenance(ObjectReader& reader, Provenance fallback)
{
  fallback.source = reader.string("source", fallback.source);
  fallback.node = reader.string("node", fallback.node);
  fallback.note = reader.string("note", fallback.note);
  return fallback;
}

void put_provenance(json& j, const Provenance& p)
{
  j["source"] = p.source;
  if (!p.node.empty()) {
    j["node"] = p.node;
  }
  if (!p.note.empty()) {
    j["note"] = p.note;
  }
}

MemoryChoice read_memory_choice(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                                const std::string& pointer)
{
  ObjectReader reader(value, origin, pointer);
  const std::optional<double> energy = reader.optional_number("energy_per_bit_pj", false);
  const std::optional<double> capacity = reader.optional_number("capacity_bytes", true);
  const Provenance given = read_provenance(reader, {});
  MemoryChoice choice;
  if (const json* technology = reader.find("technology")) {
    if (!technology->is_string()) {
      reader.fail("technology", "expected a memory technology id, got " + shown_json(*technology));
    }
    const MemoryTechnology* entry = catalog.find_memory(technology->get<std::string>());
    if (entry == nullptr) {
      reader.fail("technology", "unknown memory technology " + shown_json(*technology) +
                                    "; known: " + detail::join(detail::ids_of(catalog.memories)));
    }
    // The entry's figures and sources (version 1 files repeat them beside the id). A number of its
    // own beside the id is the user's, not the entry's: it is kept as a custom memory, so that no
    // label claims the entry for a number it does not have.
    choice = memory_choice(*entry);
    if ((energy && *energy != entry->energy_per_bit_pj) || (capacity && capacity != entry->capacity_bytes)) {
      // The user's own words about their number are kept; the entry's copied ones are not theirs.
      Provenance own = given;
      if (own.source.empty() || own.source == entry->provenance.source) {
        own = {"given in the file beside " + entry->id + " (" + format_shortest(entry->energy_per_bit_pj) + " pJ/bit)",
               "", given.note == entry->provenance.note ? "" : given.note};
      }
      choice = {std::string{}, std::string{}, energy.value_or(entry->energy_per_bit_pj),
                capacity ? capacity : entry->capacity_bytes, own};
    }
  } else {
    if (!energy) {
      reader.fail("energy_per_bit_pj", "missing required key (or a \"technology\" of the catalog)");
    }
    choice = {std::string{}, std::string{}, *energy, capacity, given};
  }
  reader.refuse_unknown_keys();
  return choice;
}

const MacUnit& find_mac_unit(ObjectReader& reader, std::string_view key, const json& id, const HardwareCatalog& catalog)
{
  const MacUnit* unit = id.is_string() ? catalog.find_mac_unit(id.get<std::string>()) : nullptr;
  if (unit == nullptr) {
    reader.fail(key,
                "unknown MAC unit " + shown_json(id) + "; known: " + detail::join(detail::ids_of(catalog.mac_units)));
  }
  return *unit;
}

// "mac": {"node": "horowitz-45nm"} (the node's figure for each format), {"units": [ids]} (a chip's
// own units), "custom": [{"format", "energy_per_mac_pj", "source"}] (the user's values, replacing
// the node's for their formats). Version 1 files name one unit ({"unit": id}, read as its node) or
// give one number ({"energy_per_mac_pj": x}, the user's value for `legacy_format`).
MacArithmetic read_mac(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                       const std::string& pointer, std::optional<NumberFormat> legacy_format)
{
  ObjectReader reader(value, origin, pointer);
  MacArithmetic arithmetic;
  const auto use_node = [&](std::string_view key, const std::string& id) {
    const ProcessNode* node = catalog.find_node(id);
    if (node == nullptr) {
      reader.fail(key, "unknown process node \"" + id + "\"; known: " + detail::join(detail::ids_of(catalog.nodes)));
    }
    arithmetic = node_arithmetic(catalog, *node);
  };
  // Version 1 wrote the unit's provenance beside it ("source", "note", and "node" as a label such
  // as "45 nm, 0.9 V"): in that form "node" is no catalog id.
  const json* legacy_unit = reader.find("unit");
  const bool new_form = reader.find("units") != nullptr || reader.find("custom") != nullptr;
  const json* legacy_energy = legacy_unit == nullptr && !new_form ? reader.find("energy_per_mac_pj") : nullptr;
  const json* node_key = reader.find("node");
  const bool node_is_label =
      legacy_unit != nullptr || (legacy_energy != nullptr && node_key != nullptr && node_key->is_string() &&
                                 catalog.find_node(node_key->get<std::string>()) == nullptr);
  if (const json* node = node_key; node != nullptr && !node_is_label) {
    if (!node->is_string()) {
      reader.fail("node", "expected a process node id, got " + shown_json(*node));
    }
    use_node("node", node->get<std::string>());
  }
  if (const json* units = reader.find("units")) {
    if (!units->is_array()) {
      reader.fail("units", "expected an array of MAC unit ids, got " + shown_json(*units));
    }
    for (const json& id : *units) {
      arithmetic.add(find_mac_unit(reader, "units", id, catalog));
    }
  }
  if (legacy_unit != nullptr) { // version 1
    const MacUnit& entry = find_mac_unit(reader, "unit", *legacy_unit, catalog);
    use_node("unit", entry.node);
    const Provenance given = read_provenance(reader, {}); // the unit's own, copied, unless changed
    if (const std::optional<double> energy = reader.optional_number("energy_per_mac_pj", false);
        energy && *energy != entry.energy_per_mac_pj) {
      Provenance own = given;
      if (own.source.empty() || own.source == entry.provenance.source) {
        own = {"given in the file beside " + entry.id, "", given.note == entry.provenance.note ? "" : given.note};
      }
      arithmetic.set_custom(entry.format, *energy, own);
    }
  } else if (const json* energy = legacy_energy) { // version 1: the user's own number
    const std::optional<NumberFormat> format =
        reader.find("format") != nullptr ? std::optional(reader.choice("format", NumberFormat::fp16, kNumberFormatIds))
                                         : legacy_format;
    if (!format) {
      reader.fail("format", "missing: the number format this energy_per_mac_pj is for");
    }
    arithmetic.set_custom(*format, reader.number_value("energy_per_mac_pj", *energy, false),
                          read_provenance(reader, {"entered by the user", "", ""}));
  }
  if (const json* custom = reader.find("custom")) {
    if (!custom->is_array()) {
      reader.fail("custom",
                  "expected an array of {\"format\", \"energy_per_mac_pj\", \"source\"}, got " + shown_json(*custom));
    }
    for (std::size_t i = 0; i < custom->size(); ++i) {
      ObjectReader entry((*custom)[i], origin, child_pointer(reader.pointer("custom"), i));
      entry.require("format");
      const NumberFormat format = entry.choice("format", NumberFormat::fp16, kNumberFormatIds);
      const double energy = entry.number_value("energy_per_mac_pj", entry.require("energy_per_mac_pj"), false);
      arithmetic.set_custom(format, energy, read_provenance(entry, {"entered by the user", "", ""}));
      entry.refuse_unknown_keys();
    }
  }
  if (arithmetic.figures.empty()) {
    reader.fail_here("expected a process \"node\" of the catalog, \"units\" or \"custom\" figures; known nodes: " +
                     detail::join(detail::ids_of(catalog.nodes)));
  }
  reader.refuse_unknown_keys();
  return arithmetic;
}

Hardware read_hardware(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                       const std::string& pointer, bool top_level,
                       std::optional<NumberFormat> legacy_mac_format = std::nullopt)
{
  ObjectReader reader(value, origin, pointer);
  check_format(reader, kHardwareFormat, kHardwareFormatVersion, top_level);
  Hardware hardware;
  hardware.id = reader.string("id");
  hardware.name = reader.string("name", hardware.id);
  hardware.description = reader.string("description");
  for (Component component : kMemoryComponents) {
    const std::string_view key = component_id(component);
    *hardware.memory(component) = read_memory_choice(reader.require(key), catalog, origin, reader.pointer(key));
  }
  hardware.mac = read_mac(reader.require("mac"), catalog, origin, reader.pointer("mac"), legacy_mac_format);
  hardware.unknown_keys = reader.unknown_keys();
  hardware.mark_published();
  return hardware;
}

json memory_to_json(const MemoryChoice& m)
{
  json j = json::object();
  if (!m.is_custom()) {
    j["technology"] = m.technology; // its energy, capacity and sources are the catalog's
    return j;
  }
  j["energy_per_bit_pj"] = m.energy_per_bit_pj;
  if (m.capacity_bytes) {
    j["capacity_bytes"] = *m.capacity_bytes;
  }
  put_provenance(j, m.provenance);
  return j;
}

json mac_to_json(const MacArithmetic& arithmetic)
{
  json j = json::object();
  if (!arithmetic.node.empty()) {
    j["node"] = arithmetic.node;
  }
  json units = json::array();
  json custom = json::array();
  for (const MacFigure& figure : arithmetic.figures) {
    if (figure.is_custom()) {
      json entry{{"format", format_name(figure.format)}, {"energy_per_mac_pj", figure.energy_per_mac_pj}};
      put_provenance(entry, figure.provenance);
      custom.push_back(std::move(entry));
    } else if (figure.node != arithmetic.node) { // a chip's own unit, not one of its node's
      units.push_back(figure.unit);
    }
  }
  if (!units.empty()) {
    j["units"] = std::move(units);
  }
  if (!custom.empty()) {
    j["custom"] = std::move(custom);
  }
  return j;
}

} // namespace

HardwareCatalog catalog_from_json(const json& value, const std::string& origin)
{
  ObjectReader reader(value, origin, "");
  check_format(reader, kCatalogFormat, kCatalogFormatVersion, true);
  HardwareCatalog catalog;
  const auto read_list = [&](std::string_view key, auto read_entry) {
    const json& list = reader.require(key);
    if (!list.is_array()) {
      reader.fail(key, "expected an array, got " + shown_json(list));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      read_entry(ObjectReader(list[i], origin, child_pointer(reader.pointer(key), i)));
    }
  };
  std::set<std::string, std::less<>> ids;
  const auto read_id = [&](ObjectReader& entry) {
    const json& id = entry.require("id");
    if (!id.is_string() || id.get<std::string>().empty()) {
      entry.fail("id", "expected a non-empty string, got " + shown_json(id));
    }
    if (!ids.insert(id.get<std::string>()).second) {
      entry.fail("id", "the id " + shown_json(id) + " is used twice");
    }
    return id.get<std::string>();
  };
  read_list("memories", [&](ObjectReader entry) {
    MemoryTechnology m;
    m.id = read_id(entry);
    m.name = entry.string("name", m.id);
    m.energy_per_bit_pj = entry.number_value("energy_per_bit_pj", entry.require("energy_per_bit_pj"), false);
    m.capacity_bytes = entry.optional_number("capacity_bytes", true);
    m.provenance = read_provenance(entry, {});
    entry.refuse_unknown_keys();
    catalog.memories.push_back(std::move(m));
  });
  read_list("nodes", [&](ObjectReader entry) {
    ProcessNode n;
    n.id = read_id(entry);
    n.name = entry.string("name", n.id);
    n.note = entry.string("note");
    entry.refuse_unknown_keys();
    catalog.nodes.push_back(std::move(n));
  });
  read_list("mac_units", [&](ObjectReader entry) {
    MacUnit u;
    u.id = read_id(entry);
    u.name = entry.string("name", u.id);
    entry.require("format");
    u.format = entry.choice("format", NumberFormat::fp16, kNumberFormatIds);
    u.energy_per_mac_pj = entry.number_value("energy_per_mac_pj", entry.require("energy_per_mac_pj"), false);
    u.node = entry.string("node");
    const ProcessNode* node = catalog.find_node(u.node);
    if (node == nullptr) {
      entry.fail("node", "expected the id of one of the catalog's nodes (" +
                             detail::join(detail::ids_of(catalog.nodes)) + "), got " +
                             shown_json(entry.require("node")));
    }
    for (const MacUnit* other : catalog.units_of(u.node)) {
      if (other->format == u.format) {
        entry.fail("format", "node \"" + u.node + "\" has a " + std::string(format_name(u.format)) + " unit already (" +
                                 other->id + "): one figure per format and node");
      }
    }
    u.provenance = read_provenance(entry, {});
    u.provenance.node = node->name;
    entry.refuse_unknown_keys();
    catalog.mac_units.push_back(std::move(u));
  });
  return catalog;
}

Hardware hardware_from_json(const json& value, const HardwareCatalog& catalog, const std::string& origin,
                            const std::string& prefix, std::optional<NumberFormat> legacy_mac_format)
{
  return read_hardware(value, catalog, origin, prefix, prefix.empty(), legacy_mac_format);
}

json hardware_to_json(const Hardware& hardware)
{
  json j{{"format", kHardwareFormat}, {"version", kHardwareFormatVersion}};
  // Edited hardware is no longer the preset or file it came from: it says so instead of keeping
  // their labels.
  const bool edited = hardware.is_edited();
  if (!hardware.id.empty() && !edited) {
    j["id"] = hardware.id;
  }
  j["name"] = display_name(hardware);
  if (edited) {
    j["description"] = "Edited from " + hardware.name + ".";
  } else if (!hardware.description.empty()) {
    j["description"] = hardware.description;
  }
  for (Component component : kMemoryComponents) {
    j[std::string(component_id(component))] = memory_to_json(*hardware.memory(component));
  }
  j["mac"] = mac_to_json(hardware.mac);
  for (const auto& [key, value] : hardware.unknown_keys.items()) {
    if (!j.contains(key)) {
      j[key] = value;
    }
  }
  return j;
}

} // namespace nne
