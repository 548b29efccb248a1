#include "core/energy/energy.h"

#include "core/util/errors.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace nne {

namespace {
constexpr double kJoulesPerPicojoule = 1e-12;
}

std::string missing_mac_figure_problem(const Hardware& hardware, NumberFormat format)
{
  std::string has;
  for (NumberFormat other : hardware.mac.formats()) {
    has += (has.empty() ? "" : ", ") + std::string(format_name(other));
  }
  const std::string arithmetic = hardware.mac.node_name.empty() ? "the hardware's arithmetic" : hardware.mac.node_name;
  const std::string name(format_name(format));
  return "no sourced energy for " + name + " MACs: " + arithmetic +
         (has.empty() ? " has no figures" : " has figures for " + has + " only") +
         ". Compute in one of those formats, choose other hardware, or type your own pJ per " + name + " MAC";
}

const MacFigure& mac_figure(const Hardware& hardware, NumberFormat format)
{
  if (const MacFigure* figure = hardware.mac.figure_for(format)) {
    return *figure;
  }
  throw InputError(display_name(hardware), "/mac", missing_mac_figure_problem(hardware, format));
}

EnergyCoefficients make_coefficients(const ModelCounts& counts, const Precision& precision, const Hardware& hardware)
{
  EnergyCoefficients c;
  c.counts = counts;
  c.weight_per_parameter = bits_of(precision.weight) * hardware.weight.energy_per_bit_pj * kJoulesPerPicojoule;
  c.mac_per_sample =
      counts.macs_per_sample * mac_figure(hardware, precision.mac).energy_per_mac_pj * kJoulesPerPicojoule;
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

double reference_energy(const EnergyCoefficients& c) noexcept
{
  return step_energy(c, 1.0, Scales{}).total();
}

Breakdown breakdown(const EnergyCoefficients& c, double batch, const Scales& scales, double reference_joules) noexcept
{
  Breakdown b;
  b.batch = batch;
  b.scales = scales;
  b.joules = step_energy(c, batch, scales);
  b.normalized = divided(b.joules, reference_joules);
  b.per_sample = divided(b.joules, batch);
  b.shares = divided(b.joules, b.joules.total());
  return b;
}

Breakdown breakdown(const EnergyCoefficients& c, double batch, const Scales& scales) noexcept
{
  return breakdown(c, batch, scales, reference_energy(c));
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

double mac_to_memory_ratio(const EnergyCoefficients& c, double batch, const Scales& scales) noexcept
{
  const ComponentEnergies e = step_energy(c, batch, scales);
  return e.memory() > 0 ? e.mac / e.memory() : 0.0;
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
  curve.mac_to_memory.reserve(static_cast<std::size_t>(n));
  curve.flops_per_parameter.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double batch = std::pow(top, static_cast<double>(i) / (n - 1));
    curve.batches.push_back(batch);
    curve.mac_to_memory.push_back(mac_to_memory_ratio(c, batch, scales));
    curve.flops_per_parameter.push_back(flops_per_parameter_at(c, batch));
  }
  return curve;
}

std::optional<double> unit_energy_pj(const Hardware& hardware, const Precision& precision, Component component,
                                     double scale) noexcept
{
  if (const MemoryChoice* memory = hardware.memory(component)) {
    return memory->energy_per_bit_pj * scale;
  }
  const MacFigure* figure = hardware.mac.figure_for(precision.mac);
  return figure != nullptr ? std::optional(figure->energy_per_mac_pj * scale) : std::nullopt;
}

Sweep sweep(const EnergyCoefficients& c, std::span<const double> batches, Component component,
            std::span<const double> scales, const Scales& base, std::optional<double> reference_joules)
{
  const double reference = reference_joules.value_or(reference_energy(c));
  Sweep result;
  result.component = component;
  result.rows.reserve(batches.size() * scales.size());
  for (double batch : batches) {
    for (double scale : scales) {
      Scales point = base;
      point[component] = scale;
      result.rows.push_back({batch, scale, breakdown(c, batch, point, reference)});
    }
  }
  result.crossover_batch = crossover_batch(c, base);
  return result;
}

} // namespace nne
