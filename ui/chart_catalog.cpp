#include "ui/chart_catalog.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace nne::ui {

namespace {

// The spec functions' own signatures differ (only the breakdown has a unit, the design space a
// resolution); these give them the table's.
ChartSpec breakdown(const Scenario& scenario, const ScenarioResult& result, const ChartSettings& settings)
{
  return breakdown_spec(scenario, result, settings.breakdown_unit);
}

ChartSpec sweep(const Scenario& scenario, const ScenarioResult& result, const ChartSettings& /*settings*/)
{
  return sweep_panels(scenario, result);
}

ChartSpec savings(const Scenario& scenario, const ScenarioResult& result, const ChartSettings& /*settings*/)
{
  return savings_spec(scenario, result);
}

ChartSpec regime(const Scenario& scenario, const ScenarioResult& result, const ChartSettings& /*settings*/)
{
  return regime_spec(scenario, result);
}

ChartSpec design_space(const Scenario& scenario, const ScenarioResult& result, const ChartSettings& /*settings*/)
{
  return design_space_spec(scenario, result);
}

const std::array kChartKinds{
    ChartKind{"breakdown", QT_TRANSLATE_NOOP("ChartKind", "Breakdown"), &breakdown},
    ChartKind{"sweep", QT_TRANSLATE_NOOP("ChartKind", "Scaling sweep"), &sweep},
    ChartKind{"savings", QT_TRANSLATE_NOOP("ChartKind", "Savings"), &savings},
    ChartKind{"regime", QT_TRANSLATE_NOOP("ChartKind", "Regime"), &regime},
    ChartKind{"design-space", QT_TRANSLATE_NOOP("ChartKind", "Design space"), &design_space},
};

} // namespace

std::span<const ChartKind> chart_kinds() noexcept
{
  return kChartKinds;
}

const ChartKind& chart_kind(std::string_view id)
{
  const auto found = std::ranges::find(kChartKinds, id, &ChartKind::id);
  if (found == kChartKinds.end()) {
    throw std::logic_error("no chart \"" + std::string(id) + "\" in chart_kinds()");
  }
  return *found;
}

std::vector<std::string> chart_ids()
{
  std::vector<std::string> ids;
  for (const ChartKind& kind : kChartKinds) {
    ids.emplace_back(kind.id);
  }
  return ids;
}

} // namespace nne::ui
