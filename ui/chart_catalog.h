#pragma once

#include "core/energy/scenario.h"
#include "ui/chart/chart_spec.h"
#include "ui/chart_builders.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nne::ui {

// What a chart's spec depends on besides the scenario and its result: the choices its view
// offers (the command line's --unit).
struct ChartSettings {
  BreakdownUnit breakdown_unit = BreakdownUnit::normalized;
};

// One chart of the explorer: a tab of the main window, a file of File > Export All Charts and a
// `--chart` of the command line's export.
struct ChartKind {
  std::string_view id; // the command line's --chart, and the file Export All writes
  const char* title;   // the tab's, untranslated (QT_TRANSLATE_NOOP context "ChartKind")
  ChartSpec (*spec)(const Scenario& scenario, const ScenarioResult& result, const ChartSettings& settings);
};

// Every chart, in the order of the main window's tabs. Adding a chart is an entry here (its spec
// function in chart_builders.h) and a tab in MainWindow; the command line, Export All and the UI
// benchmark follow the table.
std::span<const ChartKind> chart_kinds() noexcept;

// The chart of `id`, one of chart_ids(). Throws std::logic_error for any other: ids come from the
// code or from input already checked against chart_ids().
const ChartKind& chart_kind(std::string_view id);

// The ids of chart_kinds(), in order: the choices of --chart.
std::vector<std::string> chart_ids();

} // namespace nne::ui
