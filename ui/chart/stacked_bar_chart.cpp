#include "ui/chart/stacked_bar_chart.h"

#include "core/util/format.h"
#include "ui/chart/axis_ticks.h"
#include "ui/chart/chart_legend.h"
#include "ui/chart/qt_chart_parts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QGraphicsPolygonItem>
#include <QGraphicsScene>
#include <QLabel>
#include <QLegend>
#include <QPen>
#include <QPercentBarSeries>
#include <QStackedBarSeries>
#include <QTimer>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace nne::ui {

StackedBarChart::StackedBarChart(QWidget* parent) : ChartView(parent)
{
  const QtChartParts parts = make_qt_chart_parts(*this);
  chart_ = parts.chart;
  view_ = parts.view;
  legend_ = parts.legend;
  caption_ = parts.caption;
  chart_->setMargins(QMargins(4, 4, 4, 4));
  // No antialiasing of shapes (text is still antialiased): bars, grid and axes are upright
  // rectangles and lines that look the same without it, and painting the chart is a good part of
  // what a slider step costs (exports keep antialiasing: chart_export paints on its own).
  view_->setRenderHint(QPainter::Antialiasing, false);
  // Small enough that the sweep's grid of four fits the charts' column of a 1280 x 720 window.
  view_->setMinimumSize(220, 150);
  // The overflow markers sit at the plot's top edge, wherever a resize or new labels move it.
  connect(chart_, &QChart::plotAreaChanged, this, &StackedBarChart::placeMarkers);
  // Qt Charts reports a bar's hover as it toggles, also while the pointer rests on it (the
  // tooltip's own window taking the hover): a leave is believed only when the pointer has left.
  leave_timer_ = new QTimer(this);
  leave_timer_->setInterval(150);
  leave_timer_->setSingleShot(true);
  connect(leave_timer_, &QTimer::timeout, this, &StackedBarChart::checkPointer);
}

bool StackedBarChart::sameStructure() const
{
  if (series_ == nullptr || spec_.categories != drawn_.categories || spec_.percent != drawn_.percent ||
      spec_.stacked != drawn_.stacked || spec_.log_scale != drawn_.log_scale ||
      spec_.series.size() != drawn_.series.size()) {
    return false;
  }
  // Names may change in place (the savings chart names each series with its slider's scale).
  for (std::size_t i = 0; i < spec_.series.size(); ++i) {
    if (spec_.series[i].color != drawn_.series[i].color) {
      return false;
    }
  }
  return true;
}

void StackedBarChart::setSpec(const StackedBarSpec& spec)
{
  spec_ = spec;
  specChanged();
}

void StackedBarChart::draw()
{
  const bool same = sameStructure();
  drawn_ = spec_;
  if (chart_->title() != spec_.title) {
    chart_->setTitle(spec_.title);
  }
  caption_->setText(spec_.caption);
  caption_->setVisible(!spec_.caption.isEmpty());
  legend_->setEntries(legend_entries(spec_));
  legend_->setVisible(legend_visible_ && !spec_.series.empty());
  if (same) {
    // The axis first: on a log scale the heights drawn depend on its bottom decade.
    if (!axis_locked_) {
      fitAxis();
    }
    updateValues();
    // Another unit of the same bars (J per step, J per sample) is another axis title.
    if (x_axis_->titleText() != spec_.x_title) {
      x_axis_->setTitleText(spec_.x_title);
    }
    if (y_axis_->titleText() != spec_.y_title) {
      y_axis_->setTitleText(spec_.y_title);
    }
  } else {
    rebuild();
    fitAxis();
  }
  updateOverflow();
  lay_out_now(*chart_);
}

void StackedBarChart::setLegendVisible(bool visible)
{
  legend_visible_ = visible;
  legend_->setVisible(visible && !spec_.series.empty());
}

void StackedBarChart::setAxisLocked(bool locked)
{
  axis_locked_ = locked;
  if (!locked) {
    fitAxis();
    updateValues(); // on a log axis, heights above its bottom decade
    updateOverflow();
  }
}

BuiltChart build_chart(QChart& chart, const StackedBarSpec& spec)
{
  chart.removeAllSeries();
  for (QAbstractAxis* axis : chart.axes()) {
    chart.removeAxis(axis);
    delete axis;
  }
  BuiltChart built;
  if (spec.percent) {
    built.series = new QPercentBarSeries();
  } else if (spec.stacked) {
    built.series = new QStackedBarSeries();
  } else {
    built.series = new QBarSeries();
  }
  built.decades = log_decades(spec);
  const std::vector<std::vector<double>> heights = drawn_heights(spec, built.decades);
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const BarSeriesSpec& s = spec.series[i];
    auto* set = new QBarSet(s.name);
    set->setColor(s.color);
    set->setBorderColor(s.color.darker(130));
    for (double height : heights[i]) {
      set->append(height);
    }
    built.series->append(set);
  }
  built.series->setBarWidth(0.6);
  chart.addSeries(built.series);
  chart.legend()->setVisible(false); // drawn by us (chart_legend.h): Qt's elides names
  built.x_axis = new QBarCategoryAxis();
  built.x_axis->append(spec.categories);
  built.x_axis->setTitleText(spec.x_title);
  // Many categories do not fit side by side: stand their labels up rather than elide them.
  constexpr qsizetype kUprightLabelsFrom = 9;
  if (spec.categories.size() >= kUprightLabelsFrom) {
    built.x_axis->setLabelsAngle(-90);
  }
  chart.addAxis(built.x_axis, Qt::AlignBottom);
  built.series->attachAxis(built.x_axis);
  if (built.decades) {
    auto* log_axis = new QCategoryAxis();
    log_axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    built.y_axis = log_axis;
  } else {
    built.y_axis = new QValueAxis();
    built.y_axis->setLabelFormat(spec.percent ? "%.0f %%" : "%.3g");
  }
  built.y_axis->setTitleText(spec.y_title);
  chart.addAxis(built.y_axis, Qt::AlignLeft);
  built.series->attachAxis(built.y_axis);
  fit_value_axis(*built.y_axis, spec);
  return built;
}

namespace {

// The smallest and the largest bar tops to show: on a stacked bar, its lowest segment's top (the
// first with any height) and its total; side by side, each bar's value.
std::pair<double, double> positive_extent(const StackedBarSpec& spec)
{
  double smallest = std::numeric_limits<double>::max();
  double largest = 0;
  for (qsizetype j = 0; j < spec.categories.size(); ++j) {
    const auto category = static_cast<std::size_t>(j);
    double top = 0;
    for (const BarSeriesSpec& s : spec.series) {
      const double value = category < s.values.size() ? std::max(0.0, s.values[category]) : 0.0;
      top = spec.stacked ? top + value : value;
      if (top > 0) {
        smallest = std::min(smallest, top);
        largest = std::max(largest, top);
      }
    }
  }
  return {smallest, largest};
}

void label_decades(QCategoryAxis& axis, const LogDecades& decades)
{
  for (const QString& label : axis.categoriesLabels()) {
    axis.remove(label);
  }
  for (int e = decades.low; e <= decades.high; ++e) {
    axis.append(decade_label(e), e - decades.low);
  }
  axis.setStartValue(0);
  axis.setRange(0, decades.high - decades.low);
}

} // namespace

std::optional<LogDecades> log_decades(const StackedBarSpec& spec)
{
  if (!spec.log_scale || spec.percent) {
    return std::nullopt;
  }
  const auto [smallest, largest] = positive_extent(spec);
  const double top = spec.y_maximum.value_or(largest * 1.01); // a total at a power of ten stays under the top
  if (!(largest > 0) || !(top > 0)) {
    return LogDecades{-1, 0};
  }
  LogDecades decades{static_cast<int>(std::floor(std::log10(smallest))), static_cast<int>(std::ceil(std::log10(top)))};
  if (spec.y_minimum && *spec.y_minimum > 0) {
    decades.low = std::min(decades.low, static_cast<int>(std::floor(std::log10(*spec.y_minimum))));
  }
  decades.high = std::max(decades.high, decades.low + 1);
  return decades;
}

QString decade_label(int exponent)
{
  constexpr int kPlainUpTo = 6; // 0.000001 to 1000000 written out; beyond, 1e-7, 1e7
  if (std::abs(exponent) > kPlainUpTo) {
    return QString("1e%1").arg(exponent);
  }
  return QString::number(std::pow(10.0, exponent), 'f', std::max(0, -exponent));
}

void share_log_axis(std::vector<StackedBarSpec>& panels)
{
  std::optional<int> low;
  for (const StackedBarSpec& panel : panels) {
    if (const std::optional<LogDecades> decades = log_decades(panel)) {
      low = std::min(low.value_or(decades->low), decades->low);
    }
  }
  if (low) {
    for (StackedBarSpec& panel : panels) {
      panel.y_minimum = std::pow(10.0, *low);
    }
  }
}

std::vector<std::vector<double>> drawn_heights(const StackedBarSpec& spec, std::optional<LogDecades> decades)
{
  std::vector<std::vector<double>> heights;
  for (const BarSeriesSpec& s : spec.series) {
    heights.push_back(s.values);
  }
  if (!decades) {
    return heights;
  }
  // Decades above the axis's bottom; nothing below it is drawn.
  const auto above_bottom = [low = decades->low](double value) {
    return value > 0 ? std::max(0.0, std::log10(value) - low) : 0.0;
  };
  for (qsizetype j = 0; j < spec.categories.size(); ++j) {
    const auto category = static_cast<std::size_t>(j);
    double below = 0; // the segments' real top under this one
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
      if (category >= heights[i].size()) {
        continue;
      }
      const double value = std::max(0.0, spec.series[i].values[category]);
      if (spec.stacked) {
        heights[i][category] = above_bottom(below + value) - above_bottom(below);
        below += value;
      } else {
        heights[i][category] = above_bottom(value);
      }
    }
  }
  return heights;
}

std::optional<LogDecades> fit_value_axis(QValueAxis& axis, const StackedBarSpec& spec)
{
  if (const std::optional<LogDecades> decades = log_decades(spec)) {
    auto* log_axis = qobject_cast<QCategoryAxis*>(&axis);
    const QStringList labels = log_axis == nullptr ? QStringList() : log_axis->categoriesLabels();
    if (log_axis != nullptr && (labels.isEmpty() || labels.front() != decade_label(decades->low) ||
                                labels.back() != decade_label(decades->high))) {
      label_decades(*log_axis, *decades);
    }
    return decades;
  }
  // Every change of the range or the ticks lays the axis labels out again (rich text, the costliest
  // part of a slider step): change them only when the nice range really moves.
  const AxisRange range = bar_chart_value_axis(spec.totals, spec.y_maximum, spec.percent);
  if (axis.min() != range.minimum || axis.max() != range.maximum) {
    axis.setRange(range.minimum, range.maximum);
  }
  if (axis.tickCount() != range.ticks) {
    axis.setTickCount(range.ticks);
  }
  return std::nullopt;
}

void StackedBarChart::rebuild()
{
  const BuiltChart built = build_chart(*chart_, spec_);
  series_ = built.series;
  decades_ = built.decades;
  x_axis_ = built.x_axis;
  y_axis_ = built.y_axis;
  hovered_.reset(); // its bar set is gone
  leave_timer_->stop();
  const QList<QBarSet*> sets = series_->barSets();
  for (qsizetype i = 0; i < sets.size(); ++i) {
    const int index = static_cast<int>(i);
    connect(sets[i], &QBarSet::hovered, this,
            [this, index](bool status, int category) { onHovered(index, status, category); });
  }
}

void StackedBarChart::onHovered(int series, bool status, int category)
{
  if (status && category >= 0 && static_cast<std::size_t>(series) < spec_.series.size()) {
    hovered_ = std::pair{series, category};
    leave_timer_->stop();
    showTooltip();
    emit hovered(barTooltip(series, category));
  } else if (hovered_ && *hovered_ == std::pair{series, category}) {
    leave_timer_->start();
  }
}

void StackedBarChart::showTooltip()
{
  if (!hovered_) {
    return;
  }
  // Shown for as long as the pointer is in the segment (Qt hides it when the pointer leaves the
  // rectangle), not for the few seconds Qt gives a tooltip by default.
  const auto [series, category] = *hovered_;
  QToolTip::showText(QCursor::pos(), barTooltip(series, category), view_->viewport(), barRect(series, category),
                     std::numeric_limits<int>::max());
}

void StackedBarChart::checkPointer()
{
  if (!hovered_) {
    return;
  }
  const QPoint pointer = view_->viewport()->mapFromGlobal(QCursor::pos());
  if (barRect(hovered_->first, hovered_->second).contains(pointer)) {
    leave_timer_->start(); // still resting on the bar: look again later
    return;
  }
  hovered_.reset();
  QToolTip::hideText();
}

QWidget* StackedBarChart::viewport() const
{
  return view_->viewport();
}

QRect StackedBarChart::barRect(int series, int category) const
{
  if (series_ == nullptr || series < 0 || series >= series_->count() || category < 0) {
    return {};
  }
  const QList<QBarSet*> sets = series_->barSets();
  if (category >= sets[series]->count()) {
    return {};
  }
  // Where Qt Charts draws the segment, from the values it draws (in the axis's units): across, the
  // bar's width around its category (side by side, the set's share of it); up, the segments below.
  const double width = series_->barWidth();
  double left = category - width / 2;
  double right = category + width / 2;
  double low = 0;
  double high = sets[series]->at(category);
  if (series_->type() == QAbstractSeries::SeriesTypeBar) {
    const double share = width / static_cast<double>(sets.size());
    left += share * series;
    right = left + share;
  } else {
    double below = 0;
    double total = 0;
    for (qsizetype i = 0; i < sets.size(); ++i) {
      const double value = std::max(0.0, sets[i]->at(category));
      below += i < series ? value : 0.0;
      total += value;
    }
    low = below;
    high = below + std::max(0.0, sets[series]->at(category));
    if (series_->type() == QAbstractSeries::SeriesTypePercentBar && total > 0) {
      low *= 100 / total;
      high *= 100 / total;
    }
  }
  const QPointF top_left = chart_->mapToPosition(QPointF(left, high), series_);
  const QPointF bottom_right = chart_->mapToPosition(QPointF(right, low), series_);
  const QRectF in_chart = QRectF(top_left, bottom_right).normalized().intersected(chart_->plotArea());
  return view_->mapFromScene(chart_->mapToScene(in_chart)).boundingRect();
}

void StackedBarChart::updateValues()
{
  if (series_ == nullptr) {
    return;
  }
  const std::vector<std::vector<double>> heights = drawn_heights(spec_, decades_);
  const QList<QBarSet*> sets = series_->barSets();
  for (std::size_t i = 0; i < spec_.series.size() && i < static_cast<std::size_t>(sets.size()); ++i) {
    QBarSet* set = sets[static_cast<qsizetype>(i)];
    if (set->label() != spec_.series[i].name) {
      set->setLabel(spec_.series[i].name);
    }
    const std::vector<double>& values = heights[i];
    // Each replace lays the whole series out again: a slider step that moves one component leaves
    // the other sets as they are.
    for (std::size_t j = 0; j < values.size() && j < static_cast<std::size_t>(set->count()); ++j) {
      if (set->at(static_cast<int>(j)) != values[j]) {
        set->replace(static_cast<int>(j), values[j]);
      }
    }
  }
}

void StackedBarChart::fitAxis()
{
  if (y_axis_ != nullptr) {
    decades_ = fit_value_axis(*y_axis_, spec_);
  }
}

namespace {

// The top of a bar as drawn: the stack's total as the core computed it (side by side, the tallest
// bar of the category). No arithmetic of energies: the chart compares it with its axis.
double bar_top(const StackedBarSpec& spec, std::size_t category)
{
  if (spec.stacked && category < spec.totals.size()) {
    return spec.totals[category];
  }
  double top = 0;
  for (const BarSeriesSpec& s : spec.series) {
    if (category < s.values.size()) {
      top = std::max(top, s.values[category]);
    }
  }
  return top;
}

QString number(double value)
{
  return QString::fromStdString(format_significant(value, 4));
}

} // namespace

void StackedBarChart::updateOverflow()
{
  std::vector<int> overflowing;
  if (y_axis_ != nullptr && !spec_.percent) {
    const double top = axisTop();
    for (qsizetype j = 0; j < spec_.categories.size(); ++j) {
      if (bar_top(spec_, static_cast<std::size_t>(j)) > top) {
        overflowing.push_back(static_cast<int>(j));
      }
    }
  }
  overflowing_ = std::move(overflowing);
  // One marker per cut-off bar: made or dropped as their number changes, moved on every update.
  while (markers_.size() > overflowing_.size()) {
    delete markers_.back();
    markers_.pop_back();
  }
  while (markers_.size() < overflowing_.size()) {
    auto* marker = new QGraphicsPolygonItem(chart_);
    marker->setBrush(QColor(0x20, 0x20, 0x20));
    marker->setPen(QPen(Qt::white, 1.5)); // legible on any bar colour
    marker->setZValue(100);               // over the bars and the grid
    markers_.push_back(marker);
  }
  for (std::size_t i = 0; i < markers_.size(); ++i) {
    const auto category = static_cast<std::size_t>(overflowing_[i]);
    markers_[i]->setToolTip(tr("%1: %2, above the locked axis (top %3)")
                                .arg(spec_.categories[static_cast<qsizetype>(category)],
                                     number(bar_top(spec_, category)), number(axisTop())));
  }
  placeMarkers();
}

void StackedBarChart::placeMarkers()
{
  if (series_ == nullptr || markers_.empty()) {
    return;
  }
  // A triangle pointing up, its tip at the plot's top edge over the bar's centre: the bar goes on.
  const double top = chart_->plotArea().top();
  const double half = std::clamp(chart_->plotArea().width() /
                                     (4.0 * static_cast<double>(std::max<qsizetype>(1, spec_.categories.size()))),
                                 4.0, 8.0);
  for (std::size_t i = 0; i < markers_.size(); ++i) {
    const double x = chart_->mapToPosition(QPointF(overflowing_[i], 0), series_).x();
    markers_[i]->setPolygon(QPolygonF(
        {QPointF(x, top + 1), QPointF(x - half, top + 1 + 1.6 * half), QPointF(x + half, top + 1 + 1.6 * half)}));
  }
}

double StackedBarChart::axisTop() const
{
  if (y_axis_ == nullptr) {
    return 0;
  }
  return decades_ ? std::pow(10.0, decades_->low + y_axis_->max()) : y_axis_->max();
}

QString StackedBarChart::barTooltip(int series, int category) const
{
  if (series < 0 || static_cast<std::size_t>(series) >= spec_.series.size() || category < 0) {
    return {};
  }
  const BarSeriesSpec& s = spec_.series[static_cast<std::size_t>(series)];
  QString text = category < s.tooltips.size() ? s.tooltips[category] : s.name;
  if (std::ranges::find(overflowing_, category) != overflowing_.end() && y_axis_ != nullptr) {
    text += "\n" + tr("The bar goes on above the locked axis (top %1): its total is %2")
                       .arg(number(axisTop()), number(bar_top(spec_, static_cast<std::size_t>(category))));
  }
  return text;
}

std::vector<double> StackedBarChart::drawnValues(int series)
{
  drawIfStale();
  std::vector<double> values;
  if (series_ == nullptr || series < 0 || series >= series_->count()) {
    return values;
  }
  if (decades_) {
    return static_cast<std::size_t>(series) < drawn_.series.size()
               ? drawn_.series[static_cast<std::size_t>(series)].values
               : values;
  }
  const QBarSet* set = series_->barSets().at(series);
  for (int i = 0, n = static_cast<int>(set->count()); i < n; ++i) {
    values.push_back(set->at(i));
  }
  return values;
}

} // namespace nne::ui
