#include "core/model/component.h"

namespace nne {

namespace {
constexpr EnumId<Component> kComponentEntries[]{
    {"weight", Component::weight},     {"mac", Component::mac},           {"activation", Component::activation},
    {"kv_cache", Component::kv_cache}, {"kv-cache", Component::kv_cache}, {"kv", Component::kv_cache},
};
} // namespace

const EnumIds<Component> kComponentIds{kComponentEntries};

std::string_view component_label(Component component) noexcept
{
  switch (component) {
  case Component::weight: return "Weight memory";
  case Component::mac: return "MAC";
  case Component::activation: return "Activations";
  case Component::kv_cache: break;
  }
  return "KV cache";
}

} // namespace nne
