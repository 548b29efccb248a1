#pragma once

#include "ui/chart/chart_spec.h"

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

// The chart of a spec, built into a QChart: shared by the widget and the exporter.
struct BuiltChart {
  QAbstractBarSeries* series = nullptr;
  QBarCategoryAxis* x_axis = nullptr;
  QValueAxis* y_axis = nullptr;
};
BuiltChart build_chart(QChart& chart, const StackedBarSpec& spec);
void fit_value_axis(QValueAxis& axis, const StackedBarSpec& spec);

// Draws a StackedBarSpec. When only the values change (a slider step) the bar sets are updated in
// place; the chart is rebuilt only when its structure (series, categories, mode) changes. A hidden
// chart (on another tab) keeps the spec and draws it when shown: a slider step updates every
// chart, and only the visible one should cost a layout of its axes.
class StackedBarChart : public QWidget {
  Q_OBJECT

public:
  explicit StackedBarChart(QWidget* parent = nullptr);

  void setSpec(const StackedBarSpec& spec);
  // Keeps the value axis where it is now, so that a shrinking bar is seen to shrink. Changing the
  // chart's structure (another unit, other series) fits it again.
  void setAxisLocked(bool locked);
  const StackedBarSpec& spec() const noexcept { return spec_; }

  // The values drawn for one series, for tests: what the user sees (a hidden chart draws first).
  std::vector<double> drawnValues(int series);
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

signals:
  void hovered(const QString& text);

protected:
  void showEvent(QShowEvent* event) override;

private:
  void draw();
  bool sameStructure() const;
  void rebuild();
  void updateValues();
  void fitAxis();
  void updateOverflow();
  void placeMarkers();
  void onHovered(int series, bool status, int category);
  void showTooltip();
  void checkPointer();

  StackedBarSpec spec_;
  StackedBarSpec drawn_; // what the chart was built from, to tell a value update from a rebuild
  bool stale_ = false;   // spec_ is not drawn yet
  QChart* chart_ = nullptr;
  QChartView* view_ = nullptr;
  QAbstractBarSeries* series_ = nullptr;
  QBarCategoryAxis* x_axis_ = nullptr;
  QValueAxis* y_axis_ = nullptr;
  QLabel* caption_ = nullptr;
  bool axis_locked_ = false;
  std::vector<int> overflowing_;
  std::vector<QGraphicsPolygonItem*> markers_; // children of chart_
  std::optional<std::pair<int, int>> hovered_;
  QTimer* leave_timer_ = nullptr; // confirms a leave the chart reported with the pointer itself
};

} // namespace nne::ui
