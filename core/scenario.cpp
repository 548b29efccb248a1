#include "core/scenario.h"

#include "core/errors.h"
#include "core/presets.h"

#include <string>

namespace nne {

EnergyCoefficients scenario_coefficients(const Scenario& scenario)
{
  const ResolvedCounts resolved = resolve_counts(scenario.model, scenario.workload, scenario.count_source);
  return make_coefficients(resolved.counts, scenario.precision, scenario.hardware);
}

ScenarioResult evaluate(const Scenario& scenario)
{
  ScenarioResult result;
  result.counts = resolve_counts(scenario.model, scenario.workload, scenario.count_source);
  result.coefficients = make_coefficients(result.counts.counts, scenario.precision, scenario.hardware);
  result.breakdowns.reserve(scenario.batches.size());
  for (double batch : scenario.batches) {
    result.breakdowns.push_back(breakdown(result.coefficients, batch, scenario.scales));
  }
  result.sweep =
      sweep(result.coefficients, scenario.batches, scenario.sweep.component, scenario.sweep.scales, scenario.scales);
  return result;
}

namespace {

MemoryChoice choose_memory(const MemoryTechnology& technology)
{
  return {technology.id, technology.energy_per_bit_pj, technology.provenance};
}

} // namespace

Scenario default_scenario_for(const Model& model, const PresetLibrary& library)
{
  constexpr std::string_view kDefaultMemory = "lpddr5";
  const MemoryTechnology* memory = library.catalog.find_memory(kDefaultMemory);
  const MacUnit* mac = nullptr;
  for (const MacUnit& unit : library.catalog.mac_units) {
    if (unit.format == model.default_precision.mac) {
      mac = &unit;
      break;
    }
  }
  if (memory == nullptr || mac == nullptr) {
    throw InputError(model.id.empty() ? model.name : model.id, "/precision/mac",
                     "the hardware catalog has no " +
                         std::string(mac == nullptr ? format_name(model.default_precision.mac) : "LPDDR5") +
                         " figure to build a default scenario on; give a scenario file with its hardware");
  }

  Scenario scenario;
  scenario.id = model.id;
  scenario.name = model.name;
  scenario.description = "Default scenario for " + model.name + ": " + memory->name + " and " + mac->name + ".";
  scenario.model = model;
  // Only the preset itself is saved as a reference to it: an imported config of the same name, or an
  // edited copy, is saved whole.
  const Model* preset = library.find_model(model.id);
  scenario.model_preset = preset != nullptr && preset->architecture == model.architecture &&
                                  preset->declared == model.declared
                              ? model.id
                              : std::string{};
  scenario.hardware.id = std::string(kDefaultMemory) + "-" + mac->id;
  scenario.hardware.name = memory->name + ", " + mac->name;
  scenario.hardware.weight = scenario.hardware.activation = scenario.hardware.kv_cache = choose_memory(*memory);
  scenario.hardware.mac = {mac->id, mac->energy_per_mac_pj, mac->provenance};
  scenario.precision = model.default_precision;
  scenario.count_source = model.declared.empty() ? CountSource::counted : CountSource::declared;
  return scenario;
}

} // namespace nne
