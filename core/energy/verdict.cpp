#include "core/energy/verdict.h"

#include "core/util/format.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace nne {

namespace {

std::string percent(double fraction)
{
  if (fraction > 0 && fraction < 0.005) {
    return "< 1\u00a0%"; // present, but "0 %" would say it is not
  }
  // A no-break space keeps a number and its % on one line where the text wraps.
  return format_significant(std::round(100.0 * fraction), 3) + "\u00a0%";
}

// "16x cheaper" for 1/16, "1.5x cheaper" for 2/3.
std::string cheaper(double scale)
{
  return format_significant(1.0 / scale, 3) + "x cheaper";
}

std::string short_label(Component component)
{
  switch (component) {
  case Component::weight: return "weights";
  case Component::mac: return "MACs";
  case Component::activation: return "activations";
  case Component::kv_cache: break;
  }
  return "KV cache";
}

std::string what_is_scaled(Component component)
{
  switch (component) {
  case Component::weight: return "weight memory";
  case Component::mac: return "MACs";
  case Component::activation: return "activation memory";
  case Component::kv_cache: break;
  }
  return "KV-cache memory";
}

} // namespace

std::string verdict(const Scenario& scenario, const ScenarioResult& result, double batch, double what_if_scale)
{
  const Breakdown at = breakdown(result.coefficients, batch, scenario.scales);
  const bool memory_bound = at.joules.memory() >= at.joules.mac;

  // Components in order of their share, leaving out those with nothing (a CNN's KV cache).
  std::vector<Component> present;
  for (Component component : kAllComponents) {
    if (at.joules[component] > 0) {
      present.push_back(component);
    }
  }
  std::ranges::stable_sort(present, [&](Component a, Component b) { return at.shares[a] > at.shares[b]; });

  std::string text = display_name(scenario.model) + " at batch " + format_shortest(batch) + " is " +
                     (memory_bound ? "memory-bound" : "compute-bound") + ": ";
  for (std::size_t i = 0; i < present.size(); ++i) {
    text += (i == 0 ? "" : ", ") + short_label(present[i]) + " " + percent(at.shares[present[i]]);
  }
  text += ". ";

  // What a cheaper weight memory and cheaper MACs (and KV cache, for a decoder) would save.
  std::vector<Component> levers{Component::weight, Component::mac};
  if (at.joules.kv_cache > 0) {
    levers.push_back(Component::kv_cache);
  }
  for (std::size_t i = 0; i < levers.size(); ++i) {
    const double saved = saving(at, levers[i], what_if_scale);
    text += (i == 0 ? "" : "; ") + cheaper(what_if_scale) + " " + what_is_scaled(levers[i]) +
            (levers[i] == Component::mac ? " save " : " saves ") + percent(saved);
  }
  text += ". ";

  const std::optional<double> crossover = crossover_batch(result.coefficients, scenario.scales);
  if (!crossover) {
    text += scenario.model.has_kv_cache() ? "It never becomes compute-bound at this context length."
                                          : "It never becomes compute-bound.";
  } else if (memory_bound) {
    text += "It becomes compute-bound above batch " + format_significant(*crossover, 3) + ".";
  } else if (*crossover <= 1.0) {
    // MACs outweigh memory even for a single sample (ViT-B/16, VGG16): a crossover "below batch 1"
    // is no batch anyone runs.
    text += "It is compute-bound from batch 1.";
  } else {
    text += "It has been compute-bound since batch " + format_significant(*crossover, 3) + ".";
  }
  return text;
}

} // namespace nne

namespace nne {

std::string explain_component(const Scenario& scenario, const ScenarioResult& result, Component component, double batch,
                              const Scales& scales)
{
  const ModelCounts& counts = result.coefficients.counts;
  const Hardware& hardware = scenario.hardware;
  const Precision& precision = scenario.precision;
  const double joules = step_energy(result.coefficients, batch, scales)[component];
  const std::string b = format_shortest(batch);
  const std::string s = format_scale(scales[component]);
  const auto bits = [](NumberFormat format) { return std::to_string(bits_of(format)) + " bit"; };
  const auto pj = [](double value, const std::string& unit) { return format_significant(value, 4) + " pJ/" + unit; };
  std::string text;
  switch (component) {
  case Component::weight:
    text = "weight = P x b_w x e_w x s_w = " + format_count(counts.parameters_read_per_step(batch)) + " x " +
           bits(precision.weight) + " x " + pj(hardware.weight.energy_per_bit_pj, "bit") + " x " + s;
    break;
  case Component::mac:
    text = "mac = B x M x e_mac x s_mac = " + b + " x " + format_count(counts.macs_per_sample) + " x " +
           pj(mac_figure(hardware, precision.mac).energy_per_mac_pj, std::string(format_name(precision.mac)) + " MAC") +
           " x " + s;
    break;
  case Component::activation:
    text = "activation = B x A x b_act x e_act x s_act = " + b + " x " +
           format_count(counts.activation_elements_per_sample) + " x " + bits(precision.activation) + " x " +
           pj(hardware.activation.energy_per_bit_pj, "bit") + " x " + s;
    break;
  case Component::kv_cache:
    text = "kv_cache = B x KV x b_kv x e_kv x s_kv = " + b + " x " + format_count(counts.kv_cache_elements_per_sample) +
           " x " + bits(precision.kv_cache) + " x " + pj(hardware.kv_cache.energy_per_bit_pj, "bit") + " x " + s;
    break;
  }
  return text + " = " + format_joules(joules);
}

} // namespace nne
