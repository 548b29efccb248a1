#pragma once

#include "core/energy/scenario.h"
#include "core/util/enum_ids.h"
#include "ui/chart/chart_spec.h"

namespace nne::ui {

// The plain-data adapters between core results and the chart seam: which fields of a Breakdown a
// chart shows, labelled and coloured. No arithmetic: every number is a field the core computed.

enum class BreakdownUnit { normalized, joules, per_sample, percent };
extern const EnumIds<BreakdownUnit> kBreakdownUnitIds; // "normalized", "joules", "per_sample", "percent"

// The unit of normalized energies: relative to the scenario's own batch-1 total, or to the
// reference the user pinned, named.
QString relative_unit(const ScenarioResult& result);

// Stacked bars per batch at the scenario's scales.
StackedBarSpec breakdown_spec(const Scenario& scenario, const ScenarioResult& result, BreakdownUnit unit);

// The paper's Fig 10a/b: per batch, the share of today's total saved by scaling each component
// alone by its slider's factor, bars side by side, in percent. With every slider at 1 it shows
// the paper's case, each component 16x cheaper.
StackedBarSpec savings_spec(const Scenario& scenario, const ScenarioResult& result);

// Memory-bound or compute-bound against batch (log-log): MAC energy over memory energy (weights,
// activations and KV cache), the boundary at 1 where they are equal, the energy crossover batch, the
// regions shaded. The paper's Fig 10c asks the same with FLOPs per parameter against a ridge that
// leaves out activations and the KV cache; its figures are in the CSV.
LineChartSpec regime_spec(const Scenario& scenario, const ScenarioResult& result);

// The paper's Fig 5-9: the swept component at each scale, as small multiples: one panel per batch,
// normalized energy stacked per component, one axis shared by every panel.
// `log_scale`: a logarithmic value axis (the small bars of a strong what-if stay readable).
SmallMultiplesSpec sweep_panels(const Scenario& scenario, const ScenarioResult& result, bool log_scale = false);

// The design space at the largest batch (the verdict's): energy left against today's over every
// memory scaled by one factor (rows, up) and the MACs by another (columns, across), both from 1
// to 1/1024 (the sliders' range) on `cells` log-spaced scales each (core's memory_mac_scale_map);
// the line where memory energy equals MAC energy, the two regions, and the sliders' point (its
// memory scale the three memory sliders' weighted by their energies, core's scale_map_point).
inline constexpr std::size_t kDesignSpaceCells = 128;
HeatMapSpec design_space_spec(const Scenario& scenario, const ScenarioResult& result,
                              std::size_t cells = kDesignSpaceCells);

// Scenario, hardware and the sources of its numbers, for a caption under an exported chart.
QString scenario_caption(const Scenario& scenario, const ScenarioResult& result);

// The factor the verdict quotes its savings for: the paper's strongest what-if.
inline constexpr double kVerdictScale = 1.0 / 16;

// The verdict the explorer shows under its charts (core's verdict): at the largest batch shown,
// where the regimes differ most, savings quoted for kVerdictScale.
QString verdict_text(const Scenario& scenario, const ScenarioResult& result);

// For a slide that stands alone, added under scenario_caption: the verdict and the what-if
// settings it was reached at (each slider's scale, the pinned reference if any).
QString verdict_caption(const Scenario& scenario, const ScenarioResult& result);

} // namespace nne::ui
