#pragma once

#include "core/component.h"
#include "core/counts.h"
#include "core/energy.h"
#include "core/hardware.h"
#include "core/model.h"

#include <nlohmann/json.hpp>

#include <string>
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
};

// The evaluated scenario: the numbers every front end shows.
struct ScenarioResult {
  ResolvedCounts counts;
  EnergyCoefficients coefficients;
  std::vector<Breakdown> breakdowns; // one per batch, at the scenario's scales
  Sweep sweep;
};

// Throws ModelError when the model cannot be counted.
EnergyCoefficients scenario_coefficients(const Scenario& scenario);
ScenarioResult evaluate(const Scenario& scenario);

// A scenario for a bare model: the catalog's default hardware for the model's precision
// (LPDDR5 memory, the Horowitz 45 nm MAC of the model's MAC format), the paper's batches and scales.
Scenario default_scenario_for(const Model& model, const struct PresetLibrary& library);

} // namespace nne
