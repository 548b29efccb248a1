#include "core/hardware.h"

#include <algorithm>

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

} // namespace nne
