#pragma once

#include "ui/chart/steady_label.h"

#include "ui/chart/chart_spec.h"
#include "ui/chart/chart_view.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace nne::ui {

class ChartLegend;
class StackedBarChart;

// A grid of StackedBarCharts, one per panel of a SmallMultiplesSpec; the legend is shown once.
class SmallMultiplesChart : public ChartView {
  Q_OBJECT

public:
  explicit SmallMultiplesChart(QWidget* parent = nullptr);

  void setSpec(const SmallMultiplesSpec& spec);
  const SmallMultiplesSpec& spec() const noexcept { return spec_; }
  ChartSpec chartSpec() const override { return spec_; }
  StackedBarChart* panel(int index) const;
  int panelCount() const noexcept { return static_cast<int>(panels_.size()); }
  // The one legend, under the grid: every panel the same size, none giving room to it.
  ChartLegend* legend() const noexcept { return legend_; }

private:
  SmallMultiplesSpec spec_;
  QLabel* title_ = nullptr;
  SteadyLabel* caption_ = nullptr;
  QGridLayout* grid_ = nullptr;
  ChartLegend* legend_ = nullptr;
  std::vector<StackedBarChart*> panels_;
};

// Columns of a grid for `panels` panels: 2x2 for four, 3 across for five to nine.
int small_multiples_columns(int panels);

} // namespace nne::ui
