#pragma once

#include "ui/chart/chart_spec.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QPixmap>
#include <QRect>
#include <QRectF>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

namespace nne::ui {

// The panels of small multiples (a grid of stacked bar charts on one value axis), painted with
// QPainter in one widget: a slider step repaints one rectangle in the window's own repaint,
// where four Qt Charts views each painted and flushed the window apart. Each panel has its title,
// a value axis with its ticks, grid and title (the unit), the categories under the bars and their
// title; hovering a segment shows its tooltip. The frames (everything but the bars) are kept as a
// picture while they do not change.
class BarPanels : public QWidget {
  Q_OBJECT

public:
  explicit BarPanels(QWidget* parent = nullptr);

  // The panels as the grid draws them (their log axes shared already, see share_log_axis).
  void setPanels(std::vector<StackedBarSpec> panels);
  const std::vector<StackedBarSpec>& panels() const noexcept { return panels_; }
  int panelCount() const noexcept { return static_cast<int>(panels_.size()); }

  // The values drawn for one series of a panel, for tests: what the bars show (on a log axis too,
  // the real values whose segments are drawn).
  std::vector<double> drawnValues(int panel, int series) const;
  // The decades of a panel's log axis; nullopt on a linear one.
  std::optional<LogDecades> logDecades(int panel) const;
  // The value axis's tick labels, bottom to top, as drawn.
  QStringList valueAxisLabels(int panel) const;
  // Where panel `panel` is drawn (its cell of the grid) and its plot inside it, in widget pixels.
  QRectF panelRect(int panel) const;
  QRectF plotRect(int panel) const;
  // The segment of `series` in bar `category` of `panel`; empty when not drawn.
  QRect barRect(int panel, int series, int category) const;
  // What hovering a segment shows: its spec tooltip (or its series's name).
  QString barTooltip(int panel, int series, int category) const;

  struct Bar {
    int panel = -1;
    int series = -1;
    int category = -1;
    friend bool operator==(const Bar&, const Bar&) = default;
  };
  // The segment under `point` (widget pixels), if any.
  std::optional<Bar> barAt(const QPoint& point) const;

  QSize minimumSizeHint() const override;
  QSize sizeHint() const override;

protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

private:
  // A panel's value axis: its ticks (values in the axis's units) and their labels.
  struct Axis {
    double low = 0;
    double high = 1;
    std::vector<double> ticks;
    QStringList labels;
    std::optional<LogDecades> decades;
    friend bool operator==(const Axis&, const Axis&) = default;
  };
  Axis axisOf(const StackedBarSpec& panel) const;
  // The segments' bottoms and tops in the axis's units, per series and category.
  struct Segments {
    std::vector<std::vector<double>> low, high;
    std::vector<std::vector<double>> height; // high - low, as computed (not rounded by the subtraction)
  };
  Segments segmentsOf(const StackedBarSpec& panel, const Axis& axis) const;
  void layOut();
  void paintFrames(QPainter& painter) const;
  void paintBars(QPainter& painter) const;
  double yOf(int panel, double value) const; // a value in the axis's units to a pixel row
  QRectF categoryBand(int panel, int category) const;

  std::vector<StackedBarSpec> panels_;
  std::vector<Axis> axes_;
  std::vector<QStringList> frame_texts_; // per panel: its title, axis titles and categories
  std::vector<QRectF> cells_;
  std::vector<QRectF> plots_;
  bool upright_categories_ = false; // category labels stood up when they do not fit side by side
  QPixmap frames_;                  // the frames as painted, while valid
  bool frames_valid_ = false;
};

} // namespace nne::ui
