#pragma once

#include "ui/chart/steady_label.h"

#include "ui/chart/chart_spec.h"
#include "ui/chart/chart_view.h"

#include <QWidget>

class QLabel;

namespace nne::ui {

class BarPanels;
class ChartLegend;

// The panels of a SmallMultiplesSpec in a grid, on one value axis, with the title over them and
// the legend (shown once) and the caption under them. The panels are painted by one widget
// (BarPanels), not by a chart library: a slider step repaints them in the window's own repaint.
class SmallMultiplesChart : public ChartView {
  Q_OBJECT

public:
  explicit SmallMultiplesChart(QWidget* parent = nullptr);

  void setSpec(const SmallMultiplesSpec& spec);
  const SmallMultiplesSpec& spec() const noexcept { return spec_; }
  ChartSpec chartSpec() const override { return spec_; }
  // The grid of panels, as drawn (each panel's bars, axes, tooltips); drawn first if the chart is
  // hidden and has a spec it has not drawn yet.
  BarPanels* panels();
  int panelCount() const noexcept { return static_cast<int>(spec_.panels.size()); }
  // The one legend, under the grid: every panel the same size, none giving room to it.
  ChartLegend* legend() const noexcept { return legend_; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  // The parts are placed by the chart itself, not by a QLayout: a caption's new text (every slider
  // step) asks this chart to place them again, and goes no further up unless the chart's own
  // minimum changes. Through a layout it also laid out the tab page and the tab widget, which then
  // repainted the whole page a frame after the chart.
  bool event(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  void draw() override;
  void placeParts();

  SmallMultiplesSpec spec_;
  QLabel* title_ = nullptr;
  SteadyLabel* caption_ = nullptr;
  BarPanels* panels_ = nullptr;
  ChartLegend* legend_ = nullptr;
  QSize announced_minimum_; // the panels' and the title's, when the window was last told
};

// Columns of a grid for `panels` panels: 2x2 for four, 3 across for five to nine.
int small_multiples_columns(int panels);

} // namespace nne::ui
