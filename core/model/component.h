#pragma once

#include "core/util/enum_ids.h"

#include <array>
#include <optional>
#include <string_view>

namespace nne {

// The four energy components of the paper, under one name each everywhere (code, JSON, CLI, UI).
enum class Component { weight, mac, activation, kv_cache };

inline constexpr std::array<Component, 4> kAllComponents{Component::weight, Component::mac, Component::activation,
                                                         Component::kv_cache};

// "weight", "mac", "activation", "kv_cache"; also read: "kv-cache", "kv".
extern const EnumIds<Component> kComponentIds;
inline std::string_view component_id(Component component) noexcept
{
  return kComponentIds.id(component);
}
inline std::optional<Component> parse_component(std::string_view text) noexcept
{
  return kComponentIds.parse(text);
}
// "Weight memory", "MAC", "Activations", "KV cache"
std::string_view component_label(Component component) noexcept;

// One value per component.
template <typename T> struct PerComponent {
  T weight{};
  T mac{};
  T activation{};
  T kv_cache{};

  constexpr T& operator[](Component component) noexcept
  {
    switch (component) {
    case Component::weight: return weight;
    case Component::mac: return mac;
    case Component::activation: return activation;
    case Component::kv_cache: break;
    }
    return kv_cache;
  }
  constexpr const T& operator[](Component component) const noexcept
  {
    return const_cast<PerComponent&>(*this)[component]; // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
  friend constexpr bool operator==(const PerComponent&, const PerComponent&) = default;
};

// Energies of the four components (joules, or a normalized unit, as the owner says).
struct ComponentEnergies : PerComponent<double> {
  constexpr double total() const noexcept { return weight + mac + activation + kv_cache; }
  // Memory side of the crossover: everything but the MACs.
  constexpr double memory() const noexcept { return weight + activation + kv_cache; }
};

// What-if scale factor per component: 1 = today's hardware, 1/16 = 16x cheaper.
struct Scales : PerComponent<double> {
  constexpr Scales() noexcept : Scales(1.0, 1.0, 1.0, 1.0) {}
  constexpr Scales(double w, double m, double a, double kv) noexcept
  {
    weight = w;
    mac = m;
    activation = a;
    kv_cache = kv;
  }
  // All components at 1 except `component` at `scale`.
  static constexpr Scales only(Component component, double scale) noexcept
  {
    Scales s;
    s[component] = scale;
    return s;
  }
};

} // namespace nne
