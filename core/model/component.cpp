#include "core/model/component.h"

#include "core/util/text_util.h"

#include <utility>

namespace nne {

std::string_view component_id(Component component) noexcept
{
  switch (component) {
  case Component::weight: return "weight";
  case Component::mac: return "mac";
  case Component::activation: return "activation";
  case Component::kv_cache: break;
  }
  return "kv_cache";
}

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

std::optional<Component> parse_component(std::string_view text) noexcept
{
  static constexpr std::pair<std::string_view, Component> kIds[]{
      {"weight", Component::weight},     {"mac", Component::mac},           {"activation", Component::activation},
      {"kv_cache", Component::kv_cache}, {"kv-cache", Component::kv_cache}, {"kv", Component::kv_cache},
  };
  return detail::lookup_id<Component>(kIds, text);
}

} // namespace nne
