#include "core/energy/scenario.h"

#include "core/io/presets.h"
#include "core/util/errors.h"
#include "core/util/format.h"
#include "core/util/text_util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nne {

namespace {

std::string origin_of(const Scenario& scenario)
{
  return !scenario.id.empty() ? scenario.id : !scenario.name.empty() ? scenario.name : "the scenario";
}

EnergyCoefficients coefficients_for(const Scenario& scenario, const ModelCounts& counts)
{
  // The MAC energy follows the scenario's MAC format; a format the hardware has no figure for is
  // an error at the precision, which is what the user picks.
  if (scenario.hardware.mac.figure_for(scenario.precision.mac) == nullptr) {
    throw InputError(origin_of(scenario), "/precision/mac",
                     missing_mac_figure_problem(scenario.hardware, scenario.precision.mac));
  }
  return make_coefficients(counts, scenario.precision, scenario.hardware);
}

double largest_batch(const Scenario& scenario)
{
  return scenario.batches.empty() ? 1.0 : *std::max_element(scenario.batches.begin(), scenario.batches.end());
}

} // namespace

EnergyCoefficients scenario_coefficients(const Scenario& scenario)
{
  return coefficients_for(scenario, resolve_counts(scenario.model, scenario.workload, scenario.count_source).counts);
}

EnergyReference own_reference(const Scenario& scenario, const EnergyCoefficients& coefficients)
{
  return {reference_energy(coefficients),
          display_name(scenario.model) + ", " + std::string(format_name(scenario.precision.weight)) + " weights on " +
              display_name(scenario.hardware),
          false};
}

ScenarioResult evaluate(const Scenario& scenario, const EnergyReference* pinned)
{
  ScenarioResult result;
  result.counts = resolve_counts(scenario.model, scenario.workload, scenario.count_source);
  result.coefficients = coefficients_for(scenario, result.counts.counts);
  result.reference = pinned != nullptr ? *pinned : own_reference(scenario, result.coefficients);
  result.breakdowns.reserve(scenario.batches.size());
  for (double batch : scenario.batches) {
    result.breakdowns.push_back(breakdown(result.coefficients, batch, scenario.scales, result.reference.joules));
  }
  result.sweep = sweep(result.coefficients, scenario.batches, scenario.sweep.component, scenario.sweep.scales,
                       scenario.scales, result.reference.joules);
  result.capacity_warnings = capacity_warnings(scenario, result.counts);
  return result;
}

std::vector<CapacityWarning> capacity_warnings(const Scenario& scenario, const ResolvedCounts& resolved)
{
  const ModelCounts& counts = resolved.counts;
  const double batch = largest_batch(scenario);
  const auto bytes = [](double elements, NumberFormat format) { return elements * bits_of(format) / 8.0; };
  struct Need {
    Component component;
    double bytes;
    NumberFormat format;
    const char* what;
  };
  const Need needs[]{
      {Component::weight, bytes(counts.parameters, scenario.precision.weight), scenario.precision.weight,
       "The weights"},
      {Component::activation,
       bytes(counts.largest_activation_elements_per_sample * batch, scenario.precision.activation),
       scenario.precision.activation, "The largest activation tensor"},
      {Component::kv_cache, bytes(counts.kv_cache_resident_elements_per_sample * batch, scenario.precision.kv_cache),
       scenario.precision.kv_cache, "The KV cache"},
  };
  std::vector<CapacityWarning> warnings;
  for (const Need& need : needs) {
    const MemoryChoice& memory = *scenario.hardware.memory(need.component);
    if (!memory.capacity_bytes || need.bytes <= *memory.capacity_bytes) {
      continue;
    }
    const std::string at_batch = need.component == Component::weight ? "" : " at batch " + format_shortest(batch);
    const std::string name = memory.name.empty() ? "the custom memory" : memory.name;
    warnings.push_back({need.component, need.bytes, *memory.capacity_bytes,
                        std::string(need.what) + " (" + format_bytes(need.bytes) + " at " +
                            std::string(format_name(need.format)) + at_batch + ") do not fit in " + name + " (" +
                            format_bytes(*memory.capacity_bytes) + ")"});
  }
  return warnings;
}

std::string describe_arithmetic(const Scenario& scenario)
{
  const MacFigure* figure = scenario.hardware.mac.figure_for(scenario.precision.mac);
  std::string text = std::string(format_name(scenario.precision.mac)) + " MACs";
  if (figure != nullptr && figure->is_custom()) {
    return text + " at " + format_shortest(figure->energy_per_mac_pj) + " pJ (custom)";
  }
  if (!scenario.hardware.mac.node_name.empty()) {
    text += " at " + scenario.hardware.mac.node_name;
  }
  return text;
}

void adopt_model(Scenario& scenario, const Model& model, std::string preset)
{
  scenario.model = model;
  scenario.model_preset = std::move(preset);
  scenario.precision = model.default_precision;
  scenario.count_source = model.applicable_declared() != nullptr ? CountSource::declared : CountSource::counted;
}

Scenario default_scenario_for(const Model& model, const PresetLibrary& library)
{
  // The paper's transformer hardware: LPDDR5 for every tensor class and Horowitz's 45 nm MACs,
  // whose energy follows the model's MAC format.
  constexpr std::string_view kDefaultHardware = "paper-lpddr5-fp16";
  const Hardware* hardware = library.find_hardware(kDefaultHardware);
  if (hardware == nullptr) {
    throw InputError(model.id.empty() ? model.name : model.id, "",
                     "the presets have no default hardware (" + std::string(kDefaultHardware) +
                         ") to build a scenario on; give a scenario file with its hardware");
  }
  Scenario scenario;
  scenario.id = model.id;
  scenario.name = display_name(model);
  scenario.description = "Default scenario for " + display_name(model) + ": " + hardware->name + ".";
  scenario.hardware = *hardware;
  scenario.hardware_preset = hardware->id;
  // Only the preset itself is saved as a reference to it: an imported config of the same name, or an
  // edited copy, is saved whole.
  const Model* preset = library.find_model(model.id);
  const bool is_preset = preset != nullptr && !model.is_edited() && preset->architecture == model.architecture &&
                         preset->declared == model.declared;
  adopt_model(scenario, model, is_preset ? model.id : std::string{});
  return scenario;
}

bool is_valid_batch(double batch) noexcept
{
  return std::isfinite(batch) && batch == std::floor(batch) && batch >= 1 && batch <= kLargestBatch;
}

std::vector<double> parse_batch_list(std::string_view text)
{
  std::vector<double> batches;
  for (const std::string_view part : detail::split_list(text)) {
    double batch = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), batch);
    if (error != std::errc{} || end != part.data() + part.size() || !is_valid_batch(batch)) {
      throw std::invalid_argument("\"" + std::string(part) + "\" is not a whole number from 1 to " +
                                  format_grouped(kLargestBatch));
    }
    batches.push_back(batch);
  }
  if (batches.empty()) {
    throw std::invalid_argument("give at least one batch size");
  }
  return batches;
}

} // namespace nne
