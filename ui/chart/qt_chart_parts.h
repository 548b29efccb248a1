#pragma once

class QChart;
class QChartView;
class QWidget;

namespace nne::ui {

class ChartLegend;
class SteadyLabel;

// The parts of a chart that Qt Charts draws, made children of `owner` and laid out in it from top
// to bottom: the chart's view (taking the height), our legend (Qt's own is hidden: it elides long
// names) and the caption. The chart is set up for slider steps: no animation, square corners.
struct QtChartParts {
  QChart* chart = nullptr;
  QChartView* view = nullptr;
  ChartLegend* legend = nullptr;
  SteadyLabel* caption = nullptr;
};

QtChartParts make_qt_chart_parts(QWidget& owner);

// Lays out new axis labels and titles now rather than on a request Qt Charts posts for after the
// next paint, so that one paint shows the whole chart (a slider step is one frame, not two).
void lay_out_now(QChart& chart);

} // namespace nne::ui
