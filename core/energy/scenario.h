#pragma once

#include "core/energy/energy.h"
#include "core/energy/hardware.h"
#include "core/model/component.h"
#include "core/model/counts.h"
#include "core/model/model.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nne {

struct SweepSpec {
  Component component = Component::weight;
  std::vector<double> scales{1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1.0};

  friend bool operator==(const SweepSpec&, const SweepSpec&) = default;
};

// Everything one view of the explorer shows: a model on some hardware at some precision, the
// what-if scales, the batches, and the sweep of one component.
struct Scenario {
  std::string id;
  std::string name;
  std::string description;
  Model model;
  std::string model_preset; // the preset `model` came from, written back as {"preset": id}
  Hardware hardware;
  std::string hardware_preset; // likewise
  Precision precision;
  CountSource count_source = CountSource::declared;
  Scales scales;
  std::vector<double> batches{1, 4, 8, 16};
  Workload workload;
  SweepSpec sweep;
  nlohmann::json unknown_keys = nlohmann::json::object();

  friend bool operator==(const Scenario&, const Scenario&) = default;
};

// What "normalized" energies are relative to: by default a scenario's own total at batch 1 with
// every scale at 1 (the paper's unit, which moves when a precision or a memory changes); or a
// reference the user pinned (a scenario as it was), so that a change is seen as a change.
struct EnergyReference {
  double joules = 0; // the total of one step at batch 1, every scale at 1
  std::string label; // what it is, for axis titles: "Llama-7B (paper) on LPDDR5, FP16"
  bool pinned = false;

  friend bool operator==(const EnergyReference&, const EnergyReference&) = default;
};

// A tensor class that does not fit the memory it is placed in (the memory's capacity comes from
// its catalog entry; DRAM technologies have none and are never checked).
struct CapacityWarning {
  Component component = Component::weight; // weight, activation or kv_cache
  double bytes = 0;                        // what must be held: at the largest batch
  double capacity_bytes = 0;
  std::string message; // "Weights (13.3 GB at FP16) do not fit in 8 KB SRAM ... (8.19 kB)"
};

// The evaluated scenario: the numbers every front end shows.
struct ScenarioResult {
  ResolvedCounts counts;
  EnergyCoefficients coefficients;
  EnergyReference reference;         // what the breakdowns' and the sweep's `normalized` are relative to
  std::vector<Breakdown> breakdowns; // one per batch, at the scenario's scales
  Sweep sweep;
  std::vector<CapacityWarning> capacity_warnings;
};

// Throws ModelError when the model cannot be counted, InputError (key "/precision/mac") when the
// hardware has no MAC figure for the scenario's MAC format.
EnergyCoefficients scenario_coefficients(const Scenario& scenario);
// `pinned`: a reference the normalized energies are relative to instead of the scenario's own.
ScenarioResult evaluate(const Scenario& scenario, const EnergyReference* pinned = nullptr);

// The scenario's own reference (batch 1, every scale at 1), labelled; what a user pins.
EnergyReference own_reference(const Scenario& scenario, const EnergyCoefficients& coefficients);

// The tensor classes that do not fit their memory at the scenario's largest batch.
std::vector<CapacityWarning> capacity_warnings(const Scenario& scenario, const ResolvedCounts& counts);

// The scenario's name for its MAC arithmetic, e.g. "INT8 MACs at 45 nm, 0.9 V (Horowitz, ISSCC 2014)".
std::string describe_arithmetic(const Scenario& scenario);

// The rule for a model picked, imported or opened into a scenario: it brings its own precisions and
// its declared figures (where it has them) drive the energy; the hardware and the sliders stay.
// `preset`: the id to save it under as a reference to a preset, empty to save it whole.
void adopt_model(Scenario& scenario, const Model& model, std::string preset = {});

// The batch sizes a scenario may hold, one rule for files, the command line and the GUI's batch
// field (so that nothing the GUI accepts is a file the app will not reopen): whole numbers from 1
// to kLargestBatch.
inline constexpr double kLargestBatch = 1e9;
bool is_valid_batch(double batch) noexcept;
// "1, 4, 8, 16" -> {1, 4, 8, 16}. Throws std::invalid_argument with a message for the user that
// quotes the offending part ("\"0\" is not a whole number from 1 to 1,000,000,000") or says that
// none was given.
std::vector<double> parse_batch_list(std::string_view text);

// A scenario for a bare model: LPDDR5 memory and 45 nm MACs (the paper's transformer hardware,
// whose MACs follow the model's MAC format), the paper's batches and scales.
Scenario default_scenario_for(const Model& model, const struct PresetLibrary& library);

} // namespace nne
