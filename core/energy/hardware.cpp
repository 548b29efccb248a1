#include "core/energy/hardware.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace nne {

const MemoryTechnology* HardwareCatalog::find_memory(std::string_view id) const noexcept
{
  auto it = std::ranges::find(memories, id, &MemoryTechnology::id);
  return it == memories.end() ? nullptr : &*it;
}

const MacUnit* HardwareCatalog::find_mac_unit(std::string_view id) const noexcept
{
  auto it = std::ranges::find(mac_units, id, &MacUnit::id);
  return it == mac_units.end() ? nullptr : &*it;
}

const ProcessNode* HardwareCatalog::find_node(std::string_view id) const noexcept
{
  auto it = std::ranges::find(nodes, id, &ProcessNode::id);
  return it == nodes.end() ? nullptr : &*it;
}

std::vector<const MacUnit*> HardwareCatalog::units_of(std::string_view node) const
{
  std::vector<const MacUnit*> units;
  for (const MacUnit& unit : mac_units) {
    if (unit.node == node) {
      units.push_back(&unit);
    }
  }
  return units;
}

MemoryChoice memory_choice(const MemoryTechnology& technology)
{
  return {technology.id, technology.name, technology.energy_per_bit_pj, technology.capacity_bytes,
          technology.provenance};
}

const MacFigure* MacArithmetic::figure_for(NumberFormat format) const noexcept
{
  auto it = std::ranges::find(figures, format, &MacFigure::format);
  return it == figures.end() ? nullptr : &*it;
}

std::vector<NumberFormat> MacArithmetic::formats() const
{
  std::vector<NumberFormat> formats;
  for (NumberFormat format : kAllNumberFormats) {
    if (figure_for(format) != nullptr) {
      formats.push_back(format);
    }
  }
  return formats;
}

std::optional<NumberFormat> MacArithmetic::nearest_format(NumberFormat wanted) const
{
  const auto is_integer = [](NumberFormat f) { return f == NumberFormat::int4 || f == NumberFormat::int8; };
  const auto distance = [&](NumberFormat f) {
    const int bits = bits_of(f) - bits_of(wanted);
    // Kind first, then width (a wider format is the safer stand-in), then the table's order.
    return std::tuple(is_integer(f) != is_integer(wanted), bits < 0 ? -2 * bits + 1 : 2 * bits);
  };
  std::optional<NumberFormat> best;
  for (const NumberFormat format : formats()) {
    if (!best || distance(format) < distance(*best)) {
      best = format;
    }
  }
  return best;
}

void MacArithmetic::add(const MacUnit& unit)
{
  if (figure_for(unit.format) == nullptr) {
    figures.push_back({unit.id, unit.node, unit.format, unit.energy_per_mac_pj, unit.provenance});
  }
}

void MacArithmetic::set_custom(NumberFormat format, double energy_per_mac_pj, Provenance provenance)
{
  MacFigure figure{std::string{}, std::string{}, format, energy_per_mac_pj, std::move(provenance)};
  auto it = std::ranges::find(figures, format, &MacFigure::format);
  if (it == figures.end()) {
    figures.push_back(std::move(figure));
  } else {
    *it = std::move(figure);
  }
}

void MacArithmetic::clear_custom(NumberFormat format, const HardwareCatalog& catalog)
{
  std::erase_if(figures, [format](const MacFigure& figure) { return figure.format == format && figure.is_custom(); });
  for (const MacUnit* unit : catalog.units_of(node)) {
    if (unit->format == format) {
      add(*unit);
    }
  }
}

MacArithmetic node_arithmetic(const HardwareCatalog& catalog, const ProcessNode& node)
{
  MacArithmetic arithmetic{node.id, node.name, {}};
  for (const MacUnit* unit : catalog.units_of(node.id)) {
    arithmetic.add(*unit);
  }
  return arithmetic;
}

const MemoryChoice* HardwareUnits::memory(Component component) const noexcept
{
  switch (component) {
  case Component::weight: return &weight;
  case Component::activation: return &activation;
  case Component::kv_cache: return &kv_cache;
  case Component::mac: break;
  }
  return nullptr;
}

MemoryChoice* HardwareUnits::memory(Component component) noexcept
{
  return const_cast<MemoryChoice*>(std::as_const(*this).memory(component)); // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

void Hardware::mark_published()
{
  published = std::make_shared<const HardwareUnits>(static_cast<const HardwareUnits&>(*this));
}

std::string display_name(const Hardware& hardware)
{
  return hardware.is_edited() ? std::string("Custom") : hardware.name;
}

} // namespace nne
