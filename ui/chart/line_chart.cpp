#include "ui/chart/line_chart.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QPen>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

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

} // namespace

void build_line_chart(QChart& chart, const LineChartSpec& spec)
{
  chart.removeAllSeries();
  for (QAbstractAxis* axis : chart.axes()) {
    chart.removeAxis(axis);
    delete axis;
  }
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
    return; // nothing to draw on log axes
  }
  // Drawn in log space on linear axes whose ticks are labelled with the real values: Qt Charts
  // 6.4's QLogValueAxis can loop forever on the rounding of its own range.
  const double x_low = std::floor(std::log2(x_min));
  const double x_high = std::ceil(std::log2(x_max));
  const double y_low = std::floor(std::log10(y_min));
  const double y_high = std::ceil(std::log10(y_max * 1.01));
  const auto to_view = [&](const QPointF& p) {
    const double y = p.y() <= 0 ? y_low : p.y() >= std::numeric_limits<double>::max() ? y_high : std::log10(p.y());
    return QPointF(std::log2(p.x()), std::clamp(y, y_low, y_high));
  };

  auto* x_axis = new QCategoryAxis();
  x_axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  const int x_step = x_high - x_low > 12 ? 2 : 1; // every other power of two when there are many
  for (int e = static_cast<int>(x_low); e <= static_cast<int>(x_high); e += x_step) {
    x_axis->append(QString::number(std::ldexp(1.0, e), 'f', 0), e); // batches: exact
  }
  x_axis->setRange(x_low, x_high);
  x_axis->setTitleText(spec.x_title);
  auto* y_axis = new QCategoryAxis();
  y_axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  for (int e = static_cast<int>(y_low); e <= static_cast<int>(y_high); ++e) {
    y_axis->append(tick_label(std::pow(10.0, e)), e);
  }
  y_axis->setRange(y_low, y_high);
  y_axis->setTitleText(spec.y_title);
  chart.addAxis(x_axis, Qt::AlignBottom);
  chart.addAxis(y_axis, Qt::AlignLeft);

  // Regions first, so the lines are drawn over them.
  for (const RegionSpec& r : spec.regions) {
    const double from = std::max(std::log2(std::max(r.from_x, x_min)), x_low);
    const double to = std::min(std::log2(std::max(r.to_x, x_min)), x_high);
    if (to <= from) {
      continue;
    }
    // QAreaSeries does not own its boundary lines: parent them to it.
    auto* area = new QAreaSeries();
    auto* upper = new QLineSeries(area);
    upper->append(from, y_high);
    upper->append(to, y_high);
    auto* lower = new QLineSeries(area);
    lower->append(from, y_low);
    lower->append(to, y_low);
    area->setUpperSeries(upper);
    area->setLowerSeries(lower);
    area->setName(r.name);
    area->setColor(r.color);
    area->setBorderColor(Qt::transparent);
    chart.addSeries(area);
    area->attachAxis(x_axis);
    area->attachAxis(y_axis);
  }
  for (const LineSeriesSpec& s : spec.series) {
    auto* line = new QLineSeries();
    line->setName(s.name);
    for (const QPointF& p : s.points) {
      line->append(to_view(p));
    }
    QPen pen(s.color);
    pen.setWidthF(s.dashed ? 2.0 : 3.0);
    pen.setStyle(s.dashed ? Qt::DashLine : Qt::SolidLine);
    line->setPen(pen);
    chart.addSeries(line);
    line->attachAxis(x_axis);
    line->attachAxis(y_axis);
  }
}

LineChart::LineChart(QWidget* parent) : QWidget(parent)
{
  chart_ = new QChart();
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->legend()->setAlignment(Qt::AlignBottom);
  view_ = new QChartView(chart_, this);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setMinimumSize(320, 240);
  caption_ = new QLabel(this);
  caption_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_, 1);
  layout->addWidget(caption_);
}

void LineChart::setSpec(const LineChartSpec& spec)
{
  spec_ = spec;
  stale_ = true;
  if (isVisible()) {
    draw();
  }
}

void LineChart::showEvent(QShowEvent* event)
{
  QWidget::showEvent(event);
  if (stale_) {
    draw();
  }
}

void LineChart::draw()
{
  stale_ = false;
  chart_->setTitle(spec_.title);
  caption_->setText(spec_.caption);
  caption_->setVisible(!spec_.caption.isEmpty());
  build_line_chart(*chart_, spec_);
}

} // namespace nne::ui
