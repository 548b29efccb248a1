#include "ui/chart/bar_panels.h"

#include "ui/chart/axis_ticks.h"
#include "ui/chart/small_multiples_chart.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace nne::ui {

namespace {

constexpr double kBarWidth = 0.6;        // of a category's band, as Qt Charts draws them
constexpr QSize kMinimumPanel{220, 150}; // the sweep's grid of four fits a 1280 x 720 window
const QColor kGridColor(0xe0, 0xe0, 0xe0);
const QColor kAxisColor(0x70, 0x70, 0x70);
const QColor kTextColor(0x30, 0x30, 0x30);

QStringList frame_texts(const StackedBarSpec& panel)
{
  return QStringList{panel.title, panel.x_title, panel.y_title} + panel.categories;
}

QFont title_font(const QFont& font)
{
  QFont bold = font;
  bold.setBold(true);
  return bold;
}

} // namespace

BarPanels::BarPanels(QWidget* parent) : QWidget(parent)
{
  setAttribute(Qt::WA_OpaquePaintEvent); // paints every pixel: nothing behind it is repainted
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize BarPanels::minimumSizeHint() const
{
  const int count = std::max(1, panelCount());
  const int columns = small_multiples_columns(count);
  const int rows = (count + columns - 1) / columns;
  return {columns * kMinimumPanel.width(), rows * kMinimumPanel.height()};
}

QSize BarPanels::sizeHint() const
{
  return minimumSizeHint() * 2;
}

BarPanels::Axis BarPanels::axisOf(const StackedBarSpec& panel) const
{
  Axis axis;
  if (const std::optional<LogDecades> decades = log_decades(panel)) {
    axis.decades = decades;
    axis.low = 0;
    axis.high = decades->high - decades->low;
    for (int e = decades->low; e <= decades->high; ++e) {
      axis.ticks.push_back(e - decades->low);
      axis.labels << decade_label(e);
    }
    return axis;
  }
  const AxisRange range = bar_chart_value_axis(panel.totals, panel.y_maximum, panel.percent);
  axis.low = range.minimum;
  axis.high = range.maximum;
  const int intervals = std::max(1, range.ticks - 1);
  for (int i = 0; i <= intervals; ++i) {
    const double value = range.minimum + (range.maximum - range.minimum) * i / intervals;
    axis.ticks.push_back(value);
    // As Qt Charts labels a value axis (StackedBarChart's "%.3g", "%.0f %").
    axis.labels << (panel.percent ? QString::asprintf("%.0f %%", value) : QString::asprintf("%.3g", value));
  }
  return axis;
}

BarPanels::Segments BarPanels::segmentsOf(const StackedBarSpec& panel, const Axis& axis) const
{
  const std::vector<std::vector<double>> heights = drawn_heights(panel, axis.decades);
  Segments segments{heights, heights, heights};
  const auto categories = static_cast<std::size_t>(panel.categories.size());
  for (std::size_t j = 0; j < categories; ++j) {
    double total = 0;
    for (const std::vector<double>& series : heights) {
      total += j < series.size() ? std::max(0.0, series[j]) : 0.0;
    }
    double below = 0;
    for (std::size_t i = 0; i < heights.size(); ++i) {
      if (j >= heights[i].size()) {
        continue;
      }
      double height = std::max(0.0, heights[i][j]);
      if (panel.percent) {
        height = total > 0 ? 100 * height / total : 0.0;
      }
      const bool stacked = panel.stacked || panel.percent;
      segments.low[i][j] = stacked ? below : 0.0;
      segments.high[i][j] = segments.low[i][j] + height;
      segments.height[i][j] = height;
      below = stacked ? below + height : below;
    }
  }
  return segments;
}

void BarPanels::setPanels(std::vector<StackedBarSpec> panels)
{
  std::vector<Axis> axes;
  std::vector<QStringList> texts;
  for (const StackedBarSpec& panel : panels) {
    axes.push_back(axisOf(panel));
    texts.push_back(frame_texts(panel));
  }
  const bool same_frames = axes == axes_ && texts == frame_texts_;
  const bool same_count = panels.size() == panels_.size();
  panels_ = std::move(panels);
  axes_ = std::move(axes);
  frame_texts_ = std::move(texts);
  if (!same_frames) {
    layOut();
  }
  if (!same_count) {
    updateGeometry(); // the count of panels sets the minimum size
  }
  update();
}

void BarPanels::resizeEvent(QResizeEvent* event)
{
  QWidget::resizeEvent(event);
  layOut();
}

void BarPanels::changeEvent(QEvent* event)
{
  if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange ||
      event->type() == QEvent::PaletteChange) {
    layOut();
  }
  QWidget::changeEvent(event);
}

void BarPanels::layOut()
{
  frames_valid_ = false;
  cells_.clear();
  plots_.clear();
  const int count = panelCount();
  if (count == 0) {
    return;
  }
  const int columns = small_multiples_columns(count);
  const int rows = (count + columns - 1) / columns;
  const QFontMetricsF metrics(font());
  const QFontMetricsF title_metrics(title_font(font()));
  const double cell_width = width() / static_cast<double>(columns);
  const double cell_height = height() / static_cast<double>(rows);
  const double pad = metrics.height() * 0.4;
  // One plot size for every panel, so that they compare: the widest labels of any panel.
  double label_width = 0;
  double category_width = 0;
  int most_categories = 1;
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    for (const QString& label : axes_[i].labels) {
      label_width = std::max(label_width, metrics.horizontalAdvance(label));
    }
    for (const QString& category : panels_[i].categories) {
      category_width = std::max(category_width, metrics.horizontalAdvance(category));
    }
    most_categories = std::max(most_categories, static_cast<int>(panels_[i].categories.size()));
  }
  const double left = pad + metrics.height() + pad + label_width + pad; // axis title, labels, ticks
  const double right = pad * 2;
  const double plot_width = std::max(1.0, cell_width - left - right);
  // Stood up, as StackedBarChart does, when side by side they would touch.
  upright_categories_ = category_width + pad > plot_width / most_categories;
  const double category_height = upright_categories_ ? category_width + pad : metrics.height() + pad / 2;
  const double top = title_metrics.height() + pad + metrics.height() / 2; // title, half a tick label
  const double bottom = category_height + metrics.height() + pad;         // categories, axis title
  for (int i = 0; i < count; ++i) {
    const QRectF cell((i % columns) * cell_width, (i / columns) * cell_height, cell_width, cell_height);
    cells_.push_back(cell);
    plots_.push_back(
        QRectF(cell.left() + left, cell.top() + top, plot_width, std::max(1.0, cell.height() - top - bottom)));
  }
}

double BarPanels::yOf(int panel, double value) const
{
  const Axis& axis = axes_[static_cast<std::size_t>(panel)];
  const QRectF& plot = plots_[static_cast<std::size_t>(panel)];
  const double share = axis.high > axis.low ? (value - axis.low) / (axis.high - axis.low) : 0.0;
  return plot.bottom() - std::clamp(share, 0.0, 1.0) * plot.height();
}

QRectF BarPanels::categoryBand(int panel, int category) const
{
  const QRectF& plot = plots_[static_cast<std::size_t>(panel)];
  const auto categories = std::max<qsizetype>(1, panels_[static_cast<std::size_t>(panel)].categories.size());
  const double band = plot.width() / static_cast<double>(categories);
  return {plot.left() + band * category, plot.top(), band, plot.height()};
}

QRect BarPanels::barRect(int panel, int series, int category) const
{
  if (panel < 0 || panel >= panelCount() || static_cast<std::size_t>(panel) >= plots_.size() || series < 0 ||
      category < 0) {
    return {};
  }
  const StackedBarSpec& spec = panels_[static_cast<std::size_t>(panel)];
  if (static_cast<std::size_t>(series) >= spec.series.size() || category >= spec.categories.size() ||
      static_cast<std::size_t>(category) >= spec.series[static_cast<std::size_t>(series)].values.size()) {
    return {};
  }
  const Segments segments = segmentsOf(spec, axes_[static_cast<std::size_t>(panel)]);
  const double low = segments.low[static_cast<std::size_t>(series)][static_cast<std::size_t>(category)];
  const double high = segments.high[static_cast<std::size_t>(series)][static_cast<std::size_t>(category)];
  const QRectF band = categoryBand(panel, category);
  double bar_left = band.center().x() - band.width() * kBarWidth / 2;
  double bar_width = band.width() * kBarWidth;
  if (!spec.stacked && !spec.percent) {
    bar_width /= static_cast<double>(spec.series.size());
    bar_left += bar_width * series;
  }
  const double top = yOf(panel, high);
  const double bottom = yOf(panel, low);
  if (bottom - top < 0.5) {
    return {}; // nothing of it is drawn
  }
  // Whole pixels, so that stacked segments meet without a seam.
  const QPoint top_left(static_cast<int>(std::lround(bar_left)), static_cast<int>(std::lround(top)));
  const QPoint bottom_right(static_cast<int>(std::lround(bar_left + bar_width)) - 1,
                            static_cast<int>(std::lround(bottom)) - 1);
  return QRect(top_left, bottom_right).normalized();
}

std::optional<BarPanels::Bar> BarPanels::barAt(const QPoint& point) const
{
  for (int panel = 0; panel < panelCount() && static_cast<std::size_t>(panel) < plots_.size(); ++panel) {
    if (!cells_[static_cast<std::size_t>(panel)].contains(point)) {
      continue;
    }
    const StackedBarSpec& spec = panels_[static_cast<std::size_t>(panel)];
    for (int series = 0; series < static_cast<int>(spec.series.size()); ++series) {
      for (int category = 0; category < spec.categories.size(); ++category) {
        if (barRect(panel, series, category).contains(point)) {
          return Bar{panel, series, category};
        }
      }
    }
  }
  return std::nullopt;
}

QString BarPanels::barTooltip(int panel, int series, int category) const
{
  if (panel < 0 || panel >= panelCount() || series < 0 || category < 0) {
    return {};
  }
  const StackedBarSpec& spec = panels_[static_cast<std::size_t>(panel)];
  if (static_cast<std::size_t>(series) >= spec.series.size()) {
    return {};
  }
  const BarSeriesSpec& s = spec.series[static_cast<std::size_t>(series)];
  return category < s.tooltips.size() ? s.tooltips[category] : s.name;
}

bool BarPanels::event(QEvent* event)
{
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    if (const std::optional<Bar> bar = barAt(help->pos())) {
      // Shown for as long as the pointer is in the segment (Qt hides it when the pointer leaves
      // the rectangle), not for the few seconds Qt gives a tooltip by default.
      QToolTip::showText(help->globalPos(), barTooltip(bar->panel, bar->series, bar->category), this,
                         barRect(bar->panel, bar->series, bar->category), std::numeric_limits<int>::max());
    } else {
      QToolTip::hideText();
      event->ignore();
    }
    return true;
  }
  return QWidget::event(event);
}

std::vector<double> BarPanels::drawnValues(int panel, int series) const
{
  if (panel < 0 || panel >= panelCount() || series < 0) {
    return {};
  }
  const StackedBarSpec& spec = panels_[static_cast<std::size_t>(panel)];
  if (static_cast<std::size_t>(series) >= spec.series.size()) {
    return {};
  }
  const Axis& axis = axes_[static_cast<std::size_t>(panel)];
  if (axis.decades) {
    return spec.series[static_cast<std::size_t>(series)].values; // the bars are drawn in decades
  }
  return segmentsOf(spec, axis).height[static_cast<std::size_t>(series)];
}

std::optional<LogDecades> BarPanels::logDecades(int panel) const
{
  return panel >= 0 && panel < panelCount() ? axes_[static_cast<std::size_t>(panel)].decades : std::nullopt;
}

QStringList BarPanels::valueAxisLabels(int panel) const
{
  return panel >= 0 && panel < panelCount() ? axes_[static_cast<std::size_t>(panel)].labels : QStringList();
}

QRectF BarPanels::panelRect(int panel) const
{
  return panel >= 0 && static_cast<std::size_t>(panel) < cells_.size() ? cells_[static_cast<std::size_t>(panel)]
                                                                       : QRectF();
}

QRectF BarPanels::plotRect(int panel) const
{
  return panel >= 0 && static_cast<std::size_t>(panel) < plots_.size() ? plots_[static_cast<std::size_t>(panel)]
                                                                       : QRectF();
}

void BarPanels::paintFrames(QPainter& painter) const
{
  painter.fillRect(rect(), Qt::white);
  const QFontMetricsF metrics(font());
  const double pad = metrics.height() * 0.4;
  for (int panel = 0; panel < panelCount() && static_cast<std::size_t>(panel) < plots_.size(); ++panel) {
    const auto index = static_cast<std::size_t>(panel);
    const StackedBarSpec& spec = panels_[index];
    const Axis& axis = axes_[index];
    const QRectF& cell = cells_[index];
    const QRectF& plot = plots_[index];
    // The title over the plot.
    painter.setFont(title_font(font()));
    painter.setPen(kTextColor);
    painter.drawText(QRectF(cell.left(), cell.top() + pad / 2, cell.width(), QFontMetricsF(painter.font()).height()),
                     Qt::AlignHCenter | Qt::AlignTop, spec.title);
    painter.setFont(font());
    // The grid and the value axis's ticks and labels.
    for (std::size_t t = 0; t < axis.ticks.size(); ++t) {
      const double y = std::round(yOf(panel, axis.ticks[t])) + 0.5;
      painter.setPen(QPen(kGridColor, 1));
      painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
      painter.setPen(QPen(kAxisColor, 1));
      painter.drawLine(QPointF(plot.left() - pad / 2, y), QPointF(plot.left(), y));
      painter.setPen(kTextColor);
      const QRectF label(cell.left(), y - metrics.height() / 2, plot.left() - pad - cell.left(), metrics.height());
      painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter, axis.labels[static_cast<qsizetype>(t)]);
    }
    // The value axis's title (its unit), stood up beside the labels.
    painter.save();
    painter.translate(cell.left() + pad, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2 - pad, 0, plot.height() + 2 * pad, metrics.height()), Qt::AlignCenter,
                     spec.y_title);
    painter.restore();
    // The axes' lines.
    painter.setPen(QPen(kAxisColor, 1));
    const double left = std::round(plot.left()) - 0.5;
    const double bottom = std::round(plot.bottom()) + 0.5;
    painter.drawLine(QPointF(left, plot.top()), QPointF(left, bottom));
    painter.drawLine(QPointF(left, bottom), QPointF(plot.right(), bottom));
    // The categories under their bars, and their title.
    painter.setPen(kTextColor);
    double under = plot.bottom() + pad / 2;
    for (int c = 0; c < spec.categories.size(); ++c) {
      const QRectF band = categoryBand(panel, c);
      if (upright_categories_) {
        painter.save();
        painter.translate(band.center().x(), under);
        painter.rotate(-90);
        painter.drawText(QRectF(-cell.height(), -metrics.height() / 2, cell.height(), metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, spec.categories[c]);
        painter.restore();
      } else {
        painter.drawText(QRectF(band.left(), under, band.width(), metrics.height()), Qt::AlignHCenter | Qt::AlignTop,
                         spec.categories[c]);
      }
    }
    painter.drawText(QRectF(cell.left(), cell.bottom() - metrics.height() - pad / 2, cell.width(), metrics.height()),
                     Qt::AlignHCenter | Qt::AlignBottom, spec.x_title);
  }
}

void BarPanels::paintBars(QPainter& painter) const
{
  for (int panel = 0; panel < panelCount() && static_cast<std::size_t>(panel) < plots_.size(); ++panel) {
    const StackedBarSpec& spec = panels_[static_cast<std::size_t>(panel)];
    for (int series = 0; series < static_cast<int>(spec.series.size()); ++series) {
      const QColor& color = spec.series[static_cast<std::size_t>(series)].color;
      painter.setPen(QPen(color.darker(130), 1)); // as Qt Charts borders a bar set
      painter.setBrush(color);
      for (int category = 0; category < spec.categories.size(); ++category) {
        const QRect bar = barRect(panel, series, category);
        if (!bar.isEmpty()) {
          painter.drawRect(bar.adjusted(0, 0, -1, -1)); // a 1 px pen: the outline inside the segment
        }
      }
    }
  }
}

void BarPanels::paintEvent(QPaintEvent* event)
{
  const qreal ratio = devicePixelRatioF();
  if (!frames_valid_ || frames_.size() != size() * ratio) {
    frames_ = QPixmap(size() * ratio);
    frames_.setDevicePixelRatio(ratio);
    QPainter frames(&frames_);
    frames.setRenderHint(QPainter::TextAntialiasing);
    paintFrames(frames);
    frames_valid_ = true;
  }
  QPainter painter(this);
  for (const QRect& part : event->region()) {
    painter.drawPixmap(part, frames_, QRectF(part.topLeft() * ratio, part.size() * ratio));
  }
  paintBars(painter);
}

} // namespace nne::ui
