#include "ui/chart/line_chart.h"

#include "ui/chart/chart_legend.h"
#include "ui/chart/qt_chart_parts.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPen>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace nne::ui {

namespace {

// Tick labels of the value axis: 1, 10, 100, 1000, 10k, 100k, 1M ...
QString tick_label(double value)
{
  static constexpr std::pair<double, const char*> kSuffixes[]{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& [factor, suffix] : kSuffixes) {
    if (value >= factor && value >= 1e4) {
      return QString::number(value / factor, 'g', 4) + suffix;
    }
  }
  return QString::number(value, 'g', 4);
}

// Where a spec's data sits in the chart: drawn in log space on linear axes whose ticks are
// labelled with the real values (Qt Charts 6.4's QLogValueAxis can loop forever on the rounding of
// its own range): log2 of the batch across, log10 of the value up, each axis over whole powers.
struct LogView {
  double x_min = 0; // the smallest positive x of the data
  double x_low = 0, x_high = 0, y_low = 0, y_high = 0;

  bool sameAxes(const LogView& other) const noexcept
  {
    return x_low == other.x_low && x_high == other.x_high && y_low == other.y_low && y_high == other.y_high;
  }

  QPointF map(const QPointF& p) const
  {
    const double y = p.y() <= 0 ? y_low : p.y() >= std::numeric_limits<double>::max() ? y_high : std::log10(p.y());
    return {std::log2(p.x()), std::clamp(y, y_low, y_high)};
  }
  // A shaded region's extent across; nullopt when it falls outside the axis.
  std::optional<std::pair<double, double>> extent(const RegionSpec& r) const
  {
    const double from = std::max(std::log2(std::max(r.from_x, x_min)), x_low);
    const double to = std::min(std::log2(std::max(r.to_x, x_min)), x_high);
    return to > from ? std::optional(std::pair{from, to}) : std::nullopt;
  }
};

// nullopt: nothing to draw on log axes.
std::optional<LogView> log_view_of(const LineChartSpec& spec)
{
  double x_min = std::numeric_limits<double>::max();
  double x_max = 0;
  double y_min = std::numeric_limits<double>::max();
  double y_max = 0;
  for (const LineSeriesSpec& s : spec.series) {
    for (const QPointF& p : s.points) {
      if (p.x() > 0 && p.y() > 0 && p.y() < std::numeric_limits<double>::max()) {
        x_min = std::min(x_min, p.x());
        x_max = std::max(x_max, p.x());
        y_min = std::min(y_min, p.y());
        y_max = std::max(y_max, p.y());
      }
    }
  }
  if (x_max <= 0 || y_max <= 0) {
    return std::nullopt;
  }
  return LogView{x_min, std::floor(std::log2(x_min)), std::ceil(std::log2(x_max)), std::floor(std::log10(y_min)),
                 std::ceil(std::log10(y_max * 1.01))};
}

QList<QPointF> view_points(const LineSeriesSpec& s, const LogView& view)
{
  QList<QPointF> points;
  points.reserve(static_cast<qsizetype>(s.points.size()));
  for (const QPointF& p : s.points) {
    points.append(view.map(p));
  }
  return points;
}

// The ticks: powers of two across (every other one when there are many), of ten up.
void set_log_ticks(QCategoryAxis& x_axis, QCategoryAxis& y_axis, const LogView& view)
{
  for (const QString& label : x_axis.categoriesLabels()) {
    x_axis.remove(label);
  }
  const int x_step = view.x_high - view.x_low > 12 ? 2 : 1;
  for (int e = static_cast<int>(view.x_low); e <= static_cast<int>(view.x_high); e += x_step) {
    x_axis.append(QString::number(std::ldexp(1.0, e), 'f', 0), e); // batches: exact
  }
  x_axis.setRange(view.x_low, view.x_high);
  for (const QString& label : y_axis.categoriesLabels()) {
    y_axis.remove(label);
  }
  for (int e = static_cast<int>(view.y_low); e <= static_cast<int>(view.y_high); ++e) {
    y_axis.append(tick_label(std::pow(10.0, e)), e);
  }
  y_axis.setRange(view.y_low, view.y_high);
}

QList<QPointF> region_outline(const std::pair<double, double>& extent, double y)
{
  return {QPointF(extent.first, y), QPointF(extent.second, y)};
}

// The shaded regions and the lines of a spec, on axes the chart has.
void add_line_series(QChart& chart, QAbstractAxis& x_axis, QAbstractAxis& y_axis, const LineChartSpec& spec,
                     const LogView& view)
{
  // Regions first, so the lines are drawn over them.
  for (const RegionSpec& r : spec.regions) {
    const auto extent = view.extent(r);
    if (!extent) {
      continue;
    }
    // QAreaSeries does not own its boundary lines: parent them to it.
    auto* area = new QAreaSeries();
    auto* upper = new QLineSeries(area);
    upper->append(region_outline(*extent, view.y_high));
    auto* lower = new QLineSeries(area);
    lower->append(region_outline(*extent, view.y_low));
    area->setUpperSeries(upper);
    area->setLowerSeries(lower);
    area->setName(r.name);
    area->setColor(r.color);
    area->setBorderColor(Qt::transparent);
    chart.addSeries(area);
    area->attachAxis(&x_axis);
    area->attachAxis(&y_axis);
  }
  for (const LineSeriesSpec& s : spec.series) {
    auto* line = new QLineSeries();
    line->setName(s.name);
    line->append(view_points(s, view));
    QPen pen(s.color);
    pen.setWidthF(s.dashed ? 2.0 : 3.0);
    pen.setStyle(s.dashed ? Qt::DashLine : Qt::SolidLine);
    line->setPen(pen);
    chart.addSeries(line);
    line->attachAxis(&x_axis);
    line->attachAxis(&y_axis);
  }
}

} // namespace

void build_line_chart(QChart& chart, const LineChartSpec& spec)
{
  chart.removeAllSeries();
  for (QAbstractAxis* axis : chart.axes()) {
    chart.removeAxis(axis);
    delete axis;
  }
  chart.legend()->setVisible(false); // drawn by us (chart_legend.h): Qt's elides names
  const std::optional<LogView> view = log_view_of(spec);
  if (!view) {
    return;
  }

  auto* x_axis = new QCategoryAxis();
  x_axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  x_axis->setTitleText(spec.x_title);
  auto* y_axis = new QCategoryAxis();
  y_axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  y_axis->setTitleText(spec.y_title);
  set_log_ticks(*x_axis, *y_axis, *view);
  chart.addAxis(x_axis, Qt::AlignBottom);
  chart.addAxis(y_axis, Qt::AlignLeft);

  add_line_series(chart, *x_axis, *y_axis, spec, *view);
}

LineChart::LineChart(QWidget* parent) : ChartView(parent)
{
  const QtChartParts parts = make_qt_chart_parts(*this);
  chart_ = parts.chart;
  view_ = parts.view;
  legend_ = parts.legend;
  caption_ = parts.caption;
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setMinimumSize(320, 240);
}

void LineChart::setSpec(const LineChartSpec& spec)
{
  spec_ = spec;
  specChanged();
}

void LineChart::draw()
{
  if (chart_->title() != spec_.title) {
    chart_->setTitle(spec_.title);
  }
  caption_->setText(spec_.caption);
  caption_->setVisible(!spec_.caption.isEmpty());
  legend_->setEntries(legend_entries(spec_));
  if (!updateInPlace()) {
    build_line_chart(*chart_, spec_);
  }
  drawn_ = spec_;
  lay_out_now(*chart_);
}

namespace {

// Moves the points of the chart's series to `spec` where it has the same series and regions as
// `drawn`; false (and nothing changed) where it has not.
bool move_series(QChart& chart, const LineChartSpec& spec, const LineChartSpec& drawn, const LogView& view)
{
  if (spec.series.size() != drawn.series.size() || spec.regions.size() != drawn.regions.size()) {
    return false;
  }
  const std::optional<LogView> drawn_view = log_view_of(drawn);
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const LineSeriesSpec& now = spec.series[i];
    const LineSeriesSpec& before = drawn.series[i];
    if (now.color != before.color || now.dashed != before.dashed) {
      return false; // names may change in place: the ridge and the crossover name their values
    }
  }
  std::vector<std::pair<double, double>> extents;
  for (std::size_t i = 0; i < spec.regions.size(); ++i) {
    const RegionSpec& now = spec.regions[i];
    const RegionSpec& before = drawn.regions[i];
    const auto extent = view.extent(now);
    if (now.name != before.name || now.color != before.color || !drawn_view ||
        extent.has_value() != drawn_view->extent(before).has_value()) {
      return false;
    }
    if (extent) {
      extents.push_back(*extent);
    }
  }
  const QList<QAbstractSeries*> series = chart.series(); // as built: the regions, then the lines
  if (series.size() != static_cast<qsizetype>(extents.size() + spec.series.size())) {
    return false;
  }
  for (std::size_t i = 0; i < extents.size(); ++i) {
    auto* area = qobject_cast<QAreaSeries*>(series[static_cast<qsizetype>(i)]);
    if (area == nullptr || area->upperSeries() == nullptr || area->lowerSeries() == nullptr) {
      return false;
    }
  }
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    if (qobject_cast<QLineSeries*>(series[static_cast<qsizetype>(extents.size() + i)]) == nullptr) {
      return false;
    }
  }
  for (std::size_t i = 0; i < extents.size(); ++i) {
    auto* area = qobject_cast<QAreaSeries*>(series[static_cast<qsizetype>(i)]);
    area->upperSeries()->replace(region_outline(extents[i], view.y_high));
    area->lowerSeries()->replace(region_outline(extents[i], view.y_low));
  }
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    auto* line = qobject_cast<QLineSeries*>(series[static_cast<qsizetype>(extents.size() + i)]);
    line->replace(view_points(spec.series[i], view));
    if (line->name() != spec.series[i].name) {
      line->setName(spec.series[i].name);
    }
  }
  return true;
}

} // namespace

bool LineChart::updateInPlace()
{
  // A slider step moves the lines and the regions' edges, now and then the axes by a power, and
  // now and then makes the crossover appear or vanish. Rebuilding the axes costs a layout of
  // every label: keep them, relabel them when their powers change, and move the points of the
  // series there are; only when the series themselves change are they made again.
  const std::optional<LogView> view = log_view_of(spec_);
  const std::optional<LogView> drawn_view = log_view_of(drawn_);
  const QList<QAbstractAxis*> across = chart_->axes(Qt::Horizontal);
  const QList<QAbstractAxis*> up = chart_->axes(Qt::Vertical);
  auto* x_axis = across.size() == 1 ? qobject_cast<QCategoryAxis*>(across.front()) : nullptr;
  auto* y_axis = up.size() == 1 ? qobject_cast<QCategoryAxis*>(up.front()) : nullptr;
  if (!view || !drawn_view || x_axis == nullptr || y_axis == nullptr) {
    return false;
  }
  if (!view->sameAxes(*drawn_view)) {
    set_log_ticks(*x_axis, *y_axis, *view);
  }
  if (x_axis->titleText() != spec_.x_title) {
    x_axis->setTitleText(spec_.x_title);
  }
  if (y_axis->titleText() != spec_.y_title) {
    y_axis->setTitleText(spec_.y_title);
  }
  if (!move_series(*chart_, spec_, drawn_, *view)) {
    chart_->removeAllSeries();
    add_line_series(*chart_, *x_axis, *y_axis, spec_, *view);
  }
  return true;
}

} // namespace nne::ui
