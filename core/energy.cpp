#include "core/energy.h"

#include <algorithm>
#include <cmath>

namespace nne {

namespace {
constexpr double kJoulesPerPicojoule = 1e-12;
}

EnergyCoefficients make_coefficients(const ModelCounts& counts, const Precision& precision, const Hardware& hardware)
{
  EnergyCoefficients c;
  c.counts = counts;
  c.weight_per_parameter = bits_of(precision.weight) * hardware.weight.energy_per_bit_pj * kJoulesPerPicojoule;
  c.mac_per_sample = counts.macs_per_sample * hardware.mac.energy_per_mac_pj * kJoulesPerPicojoule;
  c.activation_per_sample = counts.activation_elements_per_sample * bits_of(precision.activation) *
                            hardware.activation.energy_per_bit_pj * kJoulesPerPicojoule;
  c.kv_cache_per_sample = counts.kv_cache_elements_per_sample * bits_of(precision.kv_cache) *
                          hardware.kv_cache.energy_per_bit_pj * kJoulesPerPicojoule;
  return c;
}

ComponentEnergies step_energy(const EnergyCoefficients& c, double batch, const Scales& scales) noexcept
{
  ComponentEnergies e;
  e.weight = c.counts.parameters_read_per_step(batch) * c.weight_per_parameter * scales.weight;
  e.mac = batch * c.mac_per_sample * scales.mac;
  e.activation = batch * c.activation_per_sample * scales.activation;
  e.kv_cache = batch * c.kv_cache_per_sample * scales.kv_cache;
  return e;
}

namespace {

ComponentEnergies divided(const ComponentEnergies& e, double divisor) noexcept
{
  if (divisor == 0.0) {
    return {};
  }
  ComponentEnergies out;
  for (Component component : kAllComponents) {
    out[component] = e[component] / divisor;
  }
  return out;
}

} // namespace

Breakdown breakdown(const EnergyCoefficients& c, double batch, const Scales& scales) noexcept
{
  Breakdown b;
  b.batch = batch;
  b.scales = scales;
  b.joules = step_energy(c, batch, scales);
  b.normalized = divided(b.joules, step_energy(c, 1.0, Scales{}).total());
  b.per_sample = divided(b.joules, batch);
  b.shares = divided(b.joules, b.joules.total());
  return b;
}

double saving(const Breakdown& at, Component component, double scale) noexcept
{
  return (1.0 - scale) * at.shares[component];
}

std::optional<double> crossover_batch(const EnergyCoefficients& c, const Scales& scales) noexcept
{
  // MAC energy B M e_mac s_mac equals memory energy W(B) + B (A + KV): with a dense model W is
  // constant and B* = W / (M e_mac s_mac - A e_act s_act - KV e_kv s_kv).
  const double per_sample_margin = c.mac_per_sample * scales.mac - c.activation_per_sample * scales.activation -
                                   c.kv_cache_per_sample * scales.kv_cache;
  if (per_sample_margin <= 0.0) {
    return std::nullopt;
  }
  const auto margin = [&](double batch) {
    const ComponentEnergies e = step_energy(c, batch, scales);
    return e.mac - e.memory();
  };
  if (c.counts.routed_expert_parameters <= 0 || c.counts.n_expert <= 1) {
    return c.counts.parameters * c.weight_per_parameter * scales.weight / per_sample_margin;
  }
  // Mixture of experts: the weight read grows with the batch (more experts are hit) but never
  // beyond all parameters, so the margin turns positive by the dense bound; bisect on it.
  double high = c.counts.parameters * c.weight_per_parameter * scales.weight / per_sample_margin;
  if (margin(high) < 0.0) {
    return std::nullopt; // unreachable in exact arithmetic; guards rounding
  }
  double low = 0.0;
  for (int i = 0; i < 200 && high - low > 1e-12 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (margin(mid) < 0.0 ? low : high) = mid;
  }
  return high;
}

double flops_per_parameter_at(const EnergyCoefficients& c, double batch) noexcept
{
  const double parameters = c.counts.parameters_read_per_step(batch);
  return parameters > 0 ? 2.0 * batch * c.counts.macs_per_sample / parameters : 0.0;
}

double ridge_flops_per_parameter(const EnergyCoefficients& c, const Scales& scales) noexcept
{
  // 2 B M / P = 2 b_w e_w / e_mac is where weight energy equals MAC energy.
  const double mac_energy_per_mac =
      c.counts.macs_per_sample > 0 ? c.mac_per_sample / c.counts.macs_per_sample * scales.mac : 0.0;
  return mac_energy_per_mac > 0 ? 2.0 * c.weight_per_parameter * scales.weight / mac_energy_per_mac : 0.0;
}

RegimeCurve regime_curve(const EnergyCoefficients& c, const Scales& scales, double last_batch, int points)
{
  RegimeCurve curve;
  curve.ridge_flops_per_parameter = ridge_flops_per_parameter(c, scales);
  curve.crossover_batch = crossover_batch(c, scales);
  const int n = std::max(points, 2);
  const double top = std::max(last_batch, 1.0);
  curve.batches.reserve(static_cast<std::size_t>(n));
  curve.flops_per_parameter.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double batch = std::pow(top, static_cast<double>(i) / (n - 1));
    curve.batches.push_back(batch);
    curve.flops_per_parameter.push_back(flops_per_parameter_at(c, batch));
  }
  return curve;
}

double unit_energy_pj(const Hardware& hardware, Component component, double scale) noexcept
{
  switch (component) {
  case Component::weight: return hardware.weight.energy_per_bit_pj * scale;
  case Component::mac: return hardware.mac.energy_per_mac_pj * scale;
  case Component::activation: return hardware.activation.energy_per_bit_pj * scale;
  case Component::kv_cache: break;
  }
  return hardware.kv_cache.energy_per_bit_pj * scale;
}

Sweep sweep(const EnergyCoefficients& c, std::span<const double> batches, Component component,
            std::span<const double> scales, const Scales& base)
{
  Sweep result;
  result.component = component;
  result.rows.reserve(batches.size() * scales.size());
  for (double batch : batches) {
    for (double scale : scales) {
      Scales point = base;
      point[component] = scale;
      result.rows.push_back({batch, scale, breakdown(c, batch, point)});
    }
  }
  result.crossover_batch = crossover_batch(c, base);
  return result;
}

} // namespace nne
