#pragma once

#include "ui/chart/steady_label.h"

#include "ui/chart/chart_spec.h"
#include "ui/chart/chart_view.h"

#include <QRect>
#include <QWidget>

#include <optional>
#include <utility>

class QChart;
class QChartView;
class QBarCategoryAxis;
class QValueAxis;
class QStackedBarSeries;
class QPercentBarSeries;
class QAbstractBarSeries;
class QLabel;
class QGraphicsPolygonItem;
class QTimer;

namespace nne::ui {

class ChartLegend;

// A logarithmic value axis over whole decades, 10^low to 10^high. Qt Charts 6.4's QLogValueAxis
// can loop forever with stacked bars: the bars are drawn in log space instead, each segment's
// height the decades between its bounds, on a linear axis counting decades above 10^low whose
// ticks are labelled with the real values (QCategoryAxis).
struct LogDecades {
  int low = 0;
  int high = 1;
  friend bool operator==(const LogDecades&, const LogDecades&) = default;
};
// nullopt: a linear axis (no log_scale, or shares in percent).
std::optional<LogDecades> log_decades(const StackedBarSpec& spec);
// The tick label of 10^exponent: "0.001", "1", "1000".
QString decade_label(int exponent);
// Small multiples on one log axis: every panel from the lowest panel's bottom decade.
void share_log_axis(std::vector<StackedBarSpec>& panels);

// The chart of a spec, built into a QChart: shared by the widget and the exporter.
struct BuiltChart {
  QAbstractBarSeries* series = nullptr;
  QBarCategoryAxis* x_axis = nullptr;
  QValueAxis* y_axis = nullptr;      // a QCategoryAxis on a log scale
  std::optional<LogDecades> decades; // the log axis's
};
BuiltChart build_chart(QChart& chart, const StackedBarSpec& spec);
// Fits the axis to the spec; returns the decades of a log axis.
std::optional<LogDecades> fit_value_axis(QValueAxis& axis, const StackedBarSpec& spec);
// The heights of the segments as drawn, per series and category, in the axis's units: the
// values, or on a log axis the decades between each segment's bounds.
std::vector<std::vector<double>> drawn_heights(const StackedBarSpec& spec, std::optional<LogDecades> decades);

// Draws a StackedBarSpec. When only the values change (a slider step) the bar sets are updated in
// place; the chart is rebuilt only when its structure (series, categories, mode) changes. A hidden
// chart (on another tab) keeps the spec and draws it when shown: a slider step updates every
// chart, and only the visible one should cost a layout of its axes.
class StackedBarChart : public ChartView {
  Q_OBJECT

public:
  explicit StackedBarChart(QWidget* parent = nullptr);
  // A chart takes the height it is given; its wrapped caption and legend are laid out inside it.
  // Saying so keeps a change of caption text from asking every tab and the window for their
  // height-for-width, which cost more than the rest of a slider step.
  bool hasHeightForWidth() const override { return false; }

  void setSpec(const StackedBarSpec& spec);
  // Keeps the value axis where it is now, so that a shrinking bar is seen to shrink. Changing the
  // chart's structure (another unit, other series) fits it again.
  void setAxisLocked(bool locked);
  const StackedBarSpec& spec() const noexcept { return spec_; }
  ChartSpec chartSpec() const override { return spec_; }

  // The values drawn for one series, for tests: what the user sees (a hidden chart draws first).
  // On a log axis, the real values whose segments are drawn (the bar sets hold decades).
  std::vector<double> drawnValues(int series);
  // The decades of a log axis as drawn; nullopt on a linear one.
  std::optional<LogDecades> logDecades() const noexcept { return decades_; }
  QChart* chart() const noexcept { return chart_; }
  // The bars (categories) whose top is above the value axis: a locked axis cuts them off, and
  // each is marked with a triangle at the top of the plot, its true total in the tooltips.
  const std::vector<int>& overflowingBars() const noexcept { return overflowing_; }
  // What hovering a segment shows: its spec tooltip, and the bar's true total when it is cut off.
  QString barTooltip(int series, int category) const;
  // The marker of each overflowing bar, in the order of overflowingBars(); for tests.
  const std::vector<QGraphicsPolygonItem*>& overflowMarkers() const noexcept { return markers_; }
  // The segment of `series` in bar `category`, in the chart view's viewport; empty when not drawn.
  QRect barRect(int series, int category) const;
  // The segment whose tooltip is shown (series, category), until the pointer leaves it.
  std::optional<std::pair<int, int>> hoveredBar() const noexcept { return hovered_; }
  QWidget* viewport() const;
  // The legend under the chart (Qt Charts' own is hidden: it elides names); a grid of charts
  // hides its panels' and shows one of its own.
  ChartLegend* legend() const noexcept { return legend_; }
  void setLegendVisible(bool visible);

signals:
  void hovered(const QString& text);

private:
  void draw() override;
  bool sameStructure() const;
  void rebuild();
  void updateValues();
  void fitAxis();
  void updateOverflow();
  double axisTop() const; // the value at the top of the axis
  void placeMarkers();
  void onHovered(int series, bool status, int category);
  void showTooltip();
  void checkPointer();

  StackedBarSpec spec_;
  StackedBarSpec drawn_; // what the chart was built from, to tell a value update from a rebuild
  QChart* chart_ = nullptr;
  QChartView* view_ = nullptr;
  QAbstractBarSeries* series_ = nullptr;
  QBarCategoryAxis* x_axis_ = nullptr;
  QValueAxis* y_axis_ = nullptr;
  SteadyLabel* caption_ = nullptr;
  ChartLegend* legend_ = nullptr;
  bool legend_visible_ = true;
  bool axis_locked_ = false;
  std::optional<LogDecades> decades_; // of the axis as drawn, kept with it when it is locked
  std::vector<int> overflowing_;
  std::vector<QGraphicsPolygonItem*> markers_; // children of chart_
  std::optional<std::pair<int, int>> hovered_;
  QTimer* leave_timer_ = nullptr; // confirms a leave the chart reported with the pointer itself
};

} // namespace nne::ui
