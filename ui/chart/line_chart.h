#pragma once

#include "ui/chart/steady_label.h"

#include "ui/chart/chart_spec.h"
#include "ui/chart/chart_view.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;

namespace nne::ui {

class ChartLegend;

// Builds a LineChartSpec into a QChart: log-log axes, the lines, and the shaded regions.
// Shared by the widget and the exporter.
void build_line_chart(QChart& chart, const LineChartSpec& spec);

// Draws a LineChartSpec. When only the points move (a slider step) the series are updated in
// place; the chart is rebuilt when its axes or series change. A hidden chart (on another tab)
// keeps the spec and draws it when shown.
class LineChart : public ChartView {
  Q_OBJECT

public:
  explicit LineChart(QWidget* parent = nullptr);
  // A chart takes the height it is given; its wrapped caption and legend are laid out inside it.
  // Saying so keeps a change of caption text from asking every tab and the window for their
  // height-for-width, which cost more than the rest of a slider step.
  bool hasHeightForWidth() const override { return false; }

  void setSpec(const LineChartSpec& spec);
  const LineChartSpec& spec() const noexcept { return spec_; }
  ChartSpec chartSpec() const override { return spec_; }
  QChart* chart() const noexcept { return chart_; }
  // The legend under the chart (Qt Charts' own elides the long names of the ridge and the regions).
  ChartLegend* legend() const noexcept { return legend_; }

private:
  void draw() override;
  bool updateInPlace();

  LineChartSpec spec_;
  LineChartSpec drawn_; // what the chart shows now
  QChart* chart_ = nullptr;
  QChartView* view_ = nullptr;
  SteadyLabel* caption_ = nullptr;
  ChartLegend* legend_ = nullptr;
};

} // namespace nne::ui
