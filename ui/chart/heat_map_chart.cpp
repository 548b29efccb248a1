#include "ui/chart/heat_map_chart.h"

#include "core/util/format.h"
#include "ui/chart/palette.h"
#include "ui/chart/text_wrap.h"

#include <QFontMetricsF>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace nne::ui {

namespace {

const QColor kText(0x30, 0x30, 0x30);
const QColor kFrame(0x60, 0x60, 0x60);

// Where `value` lies between `low` and `high` on a log scale: 0 at low, 1 at high.
double log_position(double value, double low, double high)
{
  if (!(value > 0) || !(low > 0) || !(high > low)) {
    return 0;
  }
  return (std::log(value) - std::log(low)) / (std::log(high) - std::log(low));
}

std::pair<double, double> extent(const std::vector<double>& values)
{
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return {*low, *high};
}

// A label on a translucent white box, legible on any cell.
void boxed_text(QPainter& painter, const QRectF& box, const QString& text, const QFont& font)
{
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(255, 255, 255, 215));
  const double radius = box.height() * 0.2;
  painter.drawRoundedRect(box, radius, radius);
  painter.setBrush(Qt::NoBrush);
  painter.setFont(font);
  painter.setPen(kText);
  painter.drawText(box, Qt::AlignCenter, text);
}

QSizeF boxed_size(const QFontMetricsF& metrics, const QString& text)
{
  const double pad = metrics.height() * 0.4;
  return {metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + pad};
}

void draw_cross(QPainter& painter, const QPointF& at, double half, double width)
{
  for (const auto& [color, pen_width] :
       {std::pair{QColor(Qt::white), width + 3}, std::pair{QColor(Qt::black), width}}) {
    QPen pen(color, pen_width);
    pen.setCapStyle(Qt::RoundCap);
    painter.setPen(pen);
    painter.drawLine(at + QPointF(-half, -half), at + QPointF(half, half));
    painter.drawLine(at + QPointF(-half, half), at + QPointF(half, -half));
  }
}

void draw_contour(QPainter& painter, const QPolygonF& line, double width)
{
  painter.setPen(QPen(QColor(0, 0, 0, 190), width + 3, Qt::SolidLine, Qt::RoundCap));
  painter.drawPolyline(line);
  painter.setPen(QPen(Qt::white, width, Qt::DashLine, Qt::FlatCap));
  painter.drawPolyline(line);
}

// Rotated text centred on `centre`, reading upwards.
void vertical_text(QPainter& painter, const QPointF& centre, double length, double height, const QString& text)
{
  painter.save();
  painter.translate(centre);
  painter.rotate(-90);
  painter.drawText(QRectF(-length / 2, -height / 2, length, height), Qt::AlignCenter, text);
  painter.restore();
}

double widest(const QFontMetricsF& metrics, const std::vector<HeatMapTick>& ticks)
{
  double width = 0;
  for (const HeatMapTick& tick : ticks) {
    width = std::max(width, metrics.horizontalAdvance(tick.label));
  }
  return width;
}

} // namespace

QImage heat_map_cells(const HeatMapSpec& spec)
{
  const std::size_t columns = spec.x_values.size();
  const std::size_t rows = spec.y_values.size();
  if (columns == 0 || rows == 0 || spec.values.size() != rows * columns) {
    return {};
  }
  QImage image(static_cast<int>(columns), static_cast<int>(rows), QImage::Format_RGB32);
  const bool x_descending = spec.x_values.front() > spec.x_values.back();
  const bool y_ascending = spec.y_values.front() < spec.y_values.back();
  for (std::size_t pixel_row = 0; pixel_row < rows; ++pixel_row) {
    const std::size_t row = y_ascending ? rows - 1 - pixel_row : pixel_row;            // the largest y on top
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(static_cast<int>(pixel_row))); // NOLINT: RGB32 rows
    for (std::size_t pixel = 0; pixel < columns; ++pixel) {
      const std::size_t column = x_descending ? columns - 1 - pixel : pixel; // the smallest x on the left
      line[pixel] =
          sequential_color(log_position(spec.values[row * columns + column], spec.value_low, spec.value_high));
    }
  }
  return image;
}

namespace {

// The legend's entries: a sample of the contour and of the cross, named.
struct LegendItem {
  bool contour = false;
  QString name;
};

std::vector<LegendItem> legend_items(const HeatMapSpec& spec)
{
  std::vector<LegendItem> legend;
  if (spec.contour.size() >= 2 && !spec.contour_name.isEmpty()) {
    legend.push_back({true, spec.contour_name});
  }
  if (spec.marker && !spec.marker_name.isEmpty()) {
    legend.push_back({false, spec.marker_name});
  }
  return legend;
}

// The label beside the cross at `at`: above and to the right, else on whichever side keeps it in
// the plot (the left near the right edge, below near the top), preferring a place clear of the
// regions' names; in the plot whatever happens.
QRectF place_marker_label(const QRectF& plot, const QPointF& at, const QSizeF& size, double cross, double gap,
                          const std::vector<QRectF>& avoid)
{
  const double right = at.x() + cross + gap / 2;
  const double left = at.x() - cross - gap / 2 - size.width();
  const double above = at.y() - cross - size.height();
  const double below = at.y() + cross;
  // Centred over or under the cross when neither side has room across.
  const double centred =
      std::clamp(at.x() - size.width() / 2, plot.left(), std::max(plot.left(), plot.right() - size.width()));
  const QRectF candidates[] = {QRectF(QPointF(right, above), size),   QRectF(QPointF(left, above), size),
                               QRectF(QPointF(right, below), size),   QRectF(QPointF(left, below), size),
                               QRectF(QPointF(centred, above), size), QRectF(QPointF(centred, below), size)};
  const auto clear = [&avoid](const QRectF& box) {
    return std::none_of(avoid.begin(), avoid.end(), [&box](const QRectF& other) { return other.intersects(box); });
  };
  for (const bool need_clear : {true, false}) {
    for (const QRectF& box : candidates) {
      if (plot.contains(box) && (!need_clear || clear(box))) {
        return box;
      }
    }
  }
  // No side has room (the marker outside the axes, or a tiny plot): pushed in from the edges.
  QRectF box = candidates[0];
  box.moveLeft(std::clamp(box.left(), plot.left(), std::max(plot.left(), plot.right() - size.width())));
  box.moveTop(std::clamp(box.top(), plot.top(), std::max(plot.top(), plot.bottom() - size.height())));
  return box;
}

// The sizes every part of the heat map is laid out and painted with, from its fonts: one place,
// so that the geometry and the painting cannot disagree.
struct HeatMapMetrics {
  explicit HeatMapMetrics(const HeatMapFonts& fonts, bool has_legend)
      : title(fonts.title), axis(fonts.axis_title), labels(fonts.labels), legend(fonts.legend)
  {
    gap = labels.height() * 0.5;
    tick = labels.height() * 0.35;
    bar_width = std::max(12.0, labels.height() * 1.1);
    line_width = std::max(2.0, labels.height() * 0.12);
    cross = labels.height() * 0.55;
    title_height = title.height() * 1.6;
    legend_height = has_legend ? legend.height() * 1.8 : 0.0;
    box_pad = legend.height() * 0.4; // boxed_size's
  }

  QFontMetricsF title, axis, labels, legend;
  double gap, tick, bar_width, line_width, cross, title_height, legend_height, box_pad;
};

// The plot's log axes in pixels.
struct PlotAxes {
  PlotAxes(const HeatMapSpec& spec, const QRectF& plot_rect) : plot(plot_rect)
  {
    std::tie(x_low, x_high) = extent(spec.x_values);
    std::tie(y_low, y_high) = extent(spec.y_values);
  }
  double xPixel(double x) const { return plot.left() + log_position(x, x_low, x_high) * plot.width(); }
  double yPixel(double y) const { return plot.bottom() - log_position(y, y_low, y_high) * plot.height(); }

  QRectF plot;
  double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
};

bool within(double value, double low, double high)
{
  return value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
}

QFont region_font_of(const HeatMapFonts& fonts)
{
  QFont font = fonts.legend;
  font.setBold(true);
  return font;
}

// The marker's value in lines no wider than the plot and the box they take beside the cross.
void place_marker_text(const HeatMapSpec& spec, const HeatMapMetrics& m, HeatMapGeometry& geometry)
{
  const QRectF& plot = geometry.plot;
  // On one line where the plot is wide enough beside the cross, else wrapped at its spaces.
  const double room = std::max(plot.width() - 2 * m.box_pad, 1.0);
  geometry.marker_label_lines = wrap_at_spaces(spec.marker_label, m.legend, room);
  double width = 0;
  for (const QString& line : geometry.marker_label_lines) {
    width = std::max(width, m.legend.horizontalAdvance(line));
  }
  const QSizeF size(width + 2 * m.box_pad,
                    m.legend.height() * static_cast<double>(geometry.marker_label_lines.size()) + m.box_pad);
  geometry.marker_label = place_marker_label(plot, *geometry.marker, size, m.cross, m.gap, geometry.region_labels);
}

} // namespace

HeatMapGeometry heat_map_geometry(const HeatMapSpec& spec, const QRectF& rect, const HeatMapFonts& fonts)
{
  const HeatMapMetrics m(fonts, !legend_items(spec).empty());
  const double left = rect.left() + m.gap + m.axis.height() + m.gap + widest(m.labels, spec.y_ticks) + m.tick;
  const double right = rect.right() - m.gap - m.axis.height() - m.gap - widest(m.labels, spec.value_ticks) - m.tick -
                       m.bar_width - 3 * m.gap;
  const double top = rect.top() + m.title_height + m.labels.height() * 0.5;
  const double bottom =
      rect.bottom() - m.legend_height - m.gap - m.axis.height() - m.labels.height() - m.tick - m.gap / 2;
  HeatMapGeometry geometry;
  const QRectF plot(QPointF(left, top), QPointF(right, bottom));
  if (plot.width() < 16 || plot.height() < 16 || spec.x_values.empty() || spec.y_values.empty()) {
    return geometry;
  }
  geometry.plot = plot;

  const QFontMetricsF region_metrics(region_font_of(fonts));
  for (const HeatMapLabel& label : spec.region_labels) {
    const QSizeF size = boxed_size(region_metrics, label.text);
    const double x = label.corner & Qt::AlignLeft ? plot.left() + 2 * m.gap : plot.right() - 2 * m.gap - size.width();
    const double y = label.corner & Qt::AlignTop ? plot.top() + 2 * m.gap : plot.bottom() - 2 * m.gap - size.height();
    geometry.region_labels.emplace_back(QPointF(x, y), size);
  }

  if (spec.marker) {
    const PlotAxes axes(spec, plot);
    geometry.marker = QPointF(axes.xPixel(spec.marker->x()), axes.yPixel(spec.marker->y()));
    if (!spec.marker_label.isEmpty()) {
      place_marker_text(spec, m, geometry);
    }
  }
  return geometry;
}

namespace {

// The parts paint_background paints, each with the spec, the sizes and the plot's axes.
class HeatMapPainter {
public:
  HeatMapPainter(QPainter& painter, const HeatMapSpec& spec, const HeatMapFonts& fonts, const HeatMapMetrics& m,
                 const PlotAxes& axes)
      : painter_(painter), spec_(spec), fonts_(fonts), m_(m), axes_(axes)
  {
  }

  void paintTitle(const QRectF& rect) const
  {
    painter_.setFont(fonts_.title);
    painter_.setPen(kText);
    painter_.drawText(QRectF(rect.left(), rect.top(), rect.width(), m_.title_height), Qt::AlignCenter,
                      m_.title.elidedText(spec_.title, Qt::ElideRight, rect.width() - 2 * m_.gap));
  }

  // Each pixel of `cells` centred on its value, so the outer ones reach half a cell beyond the
  // axis ends (cut off).
  void paintCells(const QImage& cells) const
  {
    if (cells.isNull()) {
      return;
    }
    const QRectF& plot = axes_.plot;
    const double half_x = plot.width() / (2.0 * std::max(1, cells.width() - 1));
    const double half_y = plot.height() / (2.0 * std::max(1, cells.height() - 1));
    painter_.save();
    painter_.setClipRect(plot);
    painter_.setRenderHint(QPainter::SmoothPixmapTransform);
    painter_.drawImage(plot.adjusted(-half_x, -half_y, half_x, half_y), cells);
    painter_.restore();
  }

  void paintContourAndRegions(const HeatMapGeometry& geometry) const
  {
    if (spec_.contour.size() >= 2) {
      QPolygonF line;
      for (const QPointF& p : spec_.contour) {
        line << QPointF(axes_.xPixel(p.x()), axes_.yPixel(p.y()));
      }
      painter_.save();
      painter_.setClipRect(axes_.plot);
      draw_contour(painter_, line, m_.line_width);
      painter_.restore();
    }
    const QFont region_font = region_font_of(fonts_);
    for (std::size_t i = 0; i < spec_.region_labels.size() && i < geometry.region_labels.size(); ++i) {
      boxed_text(painter_, geometry.region_labels[i], spec_.region_labels[i].text, region_font);
    }
  }

  // The frame, the ticks with their labels and the axis titles.
  void paintAxes(const QRectF& rect) const
  {
    const QRectF& plot = axes_.plot;
    painter_.setBrush(Qt::NoBrush);
    painter_.setPen(QPen(kFrame, 1));
    painter_.drawRect(plot);
    painter_.setFont(fonts_.labels);
    const double label_height = m_.labels.height();
    for (const HeatMapTick& t : spec_.x_ticks) {
      if (!within(t.value, axes_.x_low, axes_.x_high)) {
        continue;
      }
      const double x = axes_.xPixel(t.value);
      painter_.setPen(QPen(kFrame, 1));
      painter_.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + m_.tick));
      painter_.setPen(kText);
      const double width = m_.labels.horizontalAdvance(t.label) + m_.gap;
      painter_.drawText(QRectF(x - width / 2, plot.bottom() + m_.tick, width, label_height), Qt::AlignCenter, t.label);
    }
    const double y_labels = widest(m_.labels, spec_.y_ticks);
    for (const HeatMapTick& t : spec_.y_ticks) {
      if (!within(t.value, axes_.y_low, axes_.y_high)) {
        continue;
      }
      const double y = axes_.yPixel(t.value);
      painter_.setPen(QPen(kFrame, 1));
      painter_.drawLine(QPointF(plot.left() - m_.tick, y), QPointF(plot.left(), y));
      painter_.setPen(kText);
      painter_.drawText(
          QRectF(plot.left() - m_.tick - m_.gap / 2 - y_labels, y - label_height / 2, y_labels, label_height),
          Qt::AlignRight | Qt::AlignVCenter, t.label);
    }
    painter_.setFont(fonts_.axis_title);
    painter_.drawText(
        QRectF(plot.left(), plot.bottom() + m_.tick + label_height + m_.gap / 2, plot.width(), m_.axis.height()),
        Qt::AlignCenter, m_.axis.elidedText(spec_.x_title, Qt::ElideRight, plot.width()));
    vertical_text(painter_, QPointF(rect.left() + m_.gap + m_.axis.height() / 2, plot.center().y()), plot.height(),
                  m_.axis.height(), m_.axis.elidedText(spec_.y_title, Qt::ElideRight, plot.height()));
  }

  // The scale from value_low (bottom) to value_high (top), with its ticks and title.
  void paintColourBar() const
  {
    const QRectF& plot = axes_.plot;
    const QRectF bar(plot.right() + 3 * m_.gap, plot.top(), m_.bar_width, plot.height());
    QImage gradient(1, 256, QImage::Format_RGB32);
    for (int i = 0; i < gradient.height(); ++i) {
      gradient.setPixel(0, i, sequential_color(1.0 - static_cast<double>(i) / (gradient.height() - 1)));
    }
    painter_.save();
    painter_.setRenderHint(QPainter::SmoothPixmapTransform);
    painter_.drawImage(bar, gradient);
    painter_.restore();
    painter_.setPen(QPen(kFrame, 1));
    painter_.drawRect(bar);
    painter_.setFont(fonts_.labels);
    const double label_height = m_.labels.height();
    const double value_labels = widest(m_.labels, spec_.value_ticks);
    for (const HeatMapTick& t : spec_.value_ticks) {
      if (!within(t.value, spec_.value_low, spec_.value_high)) {
        continue;
      }
      const double y = bar.bottom() - log_position(t.value, spec_.value_low, spec_.value_high) * bar.height();
      painter_.setPen(QPen(kFrame, 1));
      painter_.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + m_.tick, y));
      painter_.setPen(kText);
      painter_.drawText(
          QRectF(bar.right() + m_.tick + m_.gap / 2, y - label_height / 2, value_labels + m_.gap, label_height),
          Qt::AlignLeft | Qt::AlignVCenter, t.label);
    }
    painter_.setFont(fonts_.axis_title);
    vertical_text(
        painter_,
        QPointF(bar.right() + m_.tick + m_.gap + value_labels + m_.gap + m_.axis.height() / 2, bar.center().y()),
        bar.height(), m_.axis.height(), m_.axis.elidedText(spec_.value_title, Qt::ElideRight, bar.height()));
  }

  // Centred under the axis title: a sample of the contour and of the cross, named; the names as
  // they are when they fit the width, else each cut to its share of it.
  void paintLegend(const QRectF& rect) const
  {
    const std::vector<LegendItem> legend = legend_items(spec_);
    if (legend.empty()) {
      return;
    }
    const double sample = m_.legend.height() * 1.6;
    const double spacing = m_.legend.height() * 1.5;
    double natural = spacing * static_cast<double>(legend.size() - 1);
    for (const LegendItem& item : legend) {
      natural += sample + m_.gap + m_.legend.horizontalAdvance(item.name);
    }
    const double available = rect.width() - 2 * m_.gap;
    const double room = available / static_cast<double>(legend.size()) - sample - m_.gap - spacing;
    std::vector<QString> names;
    double total = 0;
    for (const LegendItem& item : legend) {
      names.push_back(natural <= available ? item.name : m_.legend.elidedText(item.name, Qt::ElideRight, room));
      total += sample + m_.gap + m_.legend.horizontalAdvance(names.back());
    }
    total += spacing * static_cast<double>(legend.size() - 1);
    double x = rect.center().x() - total / 2;
    const double y = rect.bottom() - m_.legend_height / 2;
    painter_.setFont(fonts_.legend);
    for (std::size_t i = 0; i < legend.size(); ++i) {
      if (legend[i].contour) {
        draw_contour(painter_, QPolygonF({QPointF(x, y), QPointF(x + sample, y)}), m_.line_width);
      } else {
        draw_cross(painter_, QPointF(x + sample / 2, y), std::min(m_.cross, m_.legend.height() * 0.4), m_.line_width);
      }
      x += sample + m_.gap;
      const double width = m_.legend.horizontalAdvance(names[i]);
      painter_.setPen(kText);
      painter_.drawText(QRectF(x, y - m_.legend.height() / 2, width + 1, m_.legend.height()),
                        Qt::AlignLeft | Qt::AlignVCenter, names[i]);
      x += width + spacing;
    }
  }

private:
  QPainter& painter_;
  const HeatMapSpec& spec_;
  const HeatMapFonts& fonts_;
  const HeatMapMetrics& m_;
  const PlotAxes& axes_;
};

// Everything paint_heat_map draws but the marker and its label.
void paint_background(QPainter& painter, const HeatMapSpec& spec, const QImage& cells, const QRectF& rect,
                      const HeatMapFonts& fonts, const HeatMapGeometry& geometry)
{
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const HeatMapMetrics m(fonts, !legend_items(spec).empty());
  const PlotAxes axes(spec, geometry.plot);
  const HeatMapPainter parts(painter, spec, fonts, m, axes);
  parts.paintTitle(rect);
  if (!geometry.plot.isEmpty()) {
    parts.paintCells(cells);
    parts.paintContourAndRegions(geometry);
    parts.paintAxes(rect);
    parts.paintColourBar();
    parts.paintLegend(rect);
  }
  painter.restore();
}

// The marker, its value beside it, inside the plot.
void paint_marker(QPainter& painter, const HeatMapFonts& fonts, const HeatMapGeometry& geometry)
{
  if (geometry.plot.isEmpty() || !geometry.marker) {
    return;
  }
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const HeatMapMetrics m(fonts, false);
  draw_cross(painter, *geometry.marker, m.cross, m.line_width);
  if (!geometry.marker_label_lines.isEmpty()) {
    boxed_text(painter, geometry.marker_label, geometry.marker_label_lines.join('\n'), fonts.legend);
  }
  painter.restore();
}

} // namespace

void paint_heat_map(QPainter& painter, const HeatMapSpec& spec, const QImage& cells, const QRectF& rect,
                    const HeatMapFonts& fonts, HeatMapLayers layers)
{
  const HeatMapGeometry geometry = heat_map_geometry(spec, rect, fonts);
  if (layers != HeatMapLayers::marker) {
    paint_background(painter, spec, cells, rect, fonts, geometry);
  }
  // Over the rest, the frame too (the sliders at 1 put it in the plot's corner): a slider step
  // repaints the marker alone over the background as it was.
  if (layers != HeatMapLayers::background) {
    paint_marker(painter, fonts, geometry);
  }
}

bool same_heat_map_background(const HeatMapSpec& a, const HeatMapSpec& b)
{
  const auto same_ticks = [](const std::vector<HeatMapTick>& x, const std::vector<HeatMapTick>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const HeatMapTick& p, const HeatMapTick& q) {
      return p.value == q.value && p.label == q.label;
    });
  };
  const auto same_labels = [](const std::vector<HeatMapLabel>& x, const std::vector<HeatMapLabel>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const HeatMapLabel& p, const HeatMapLabel& q) {
      return p.text == q.text && p.corner == q.corner;
    });
  };
  // The marker's presence and name are drawn in the legend; its place and label are not.
  return a.title == b.title && a.x_title == b.x_title && a.y_title == b.y_title && a.value_title == b.value_title &&
         a.x_values == b.x_values && a.y_values == b.y_values && a.values == b.values && a.value_low == b.value_low &&
         a.value_high == b.value_high && same_ticks(a.value_ticks, b.value_ticks) && same_ticks(a.x_ticks, b.x_ticks) &&
         same_ticks(a.y_ticks, b.y_ticks) && a.contour == b.contour && a.contour_name == b.contour_name &&
         same_labels(a.region_labels, b.region_labels) && a.marker.has_value() == b.marker.has_value() &&
         a.marker_name == b.marker_name;
}

QString heat_map_csv(const HeatMapSpec& spec)
{
  const auto number = [](double value) { return QString::fromStdString(format_shortest(value)); };
  QString csv = spec.csv_corner;
  for (double x : spec.x_values) {
    csv += "," + number(x);
  }
  csv += "\n";
  const std::size_t columns = spec.x_values.size();
  for (std::size_t row = 0; row < spec.y_values.size(); ++row) {
    csv += number(spec.y_values[row]);
    for (std::size_t column = 0; column < columns && row * columns + column < spec.values.size(); ++column) {
      csv += "," + number(spec.values[row * columns + column]);
    }
    csv += "\n";
  }
  return csv;
}

namespace {

// Paints the chart's drawn spec in the application's font, on white like the other charts.
class Canvas final : public QWidget {
public:
  Canvas(const HeatMapChart& chart, QWidget* parent) : QWidget(parent), chart_(chart)
  {
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
  }

protected:
  void paintEvent(QPaintEvent* /*event*/) override
  {
    QFont title = font();
    title.setBold(true);
    title.setPointSizeF(font().pointSizeF() * 1.25);
    const HeatMapFonts fonts{title, font(), font(), font()};
    // The background (cells smoothly scaled, axes, labels) is most of the painting and stays
    // through a slider step: painted once into an image, then copied under the moved marker.
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = (QSizeF(size()) * ratio).toSize();
    if (background_.size() != pixels || background_.devicePixelRatio() != ratio ||
        generation_ != chart_.backgroundGeneration() || font_ != font()) {
      background_ = QImage(pixels, QImage::Format_RGB32); // opaque: text keeps its subpixel antialiasing
      background_.setDevicePixelRatio(ratio);
      background_.fill(Qt::white);
      QPainter painter(&background_);
      paint_heat_map(painter, chart_.drawnSpec(), chart_.cells(), QRectF(rect()), fonts, HeatMapLayers::background);
      generation_ = chart_.backgroundGeneration();
      font_ = font();
    }
    QPainter painter(this);
    painter.drawImage(QPointF(0, 0), background_);
    paint_heat_map(painter, chart_.drawnSpec(), chart_.cells(), QRectF(rect()), fonts, HeatMapLayers::marker);
  }

private:
  const HeatMapChart& chart_;
  QImage background_;
  unsigned long long generation_ = 0;
  QFont font_;
};

} // namespace

HeatMapChart::HeatMapChart(QWidget* parent) : ChartView(parent)
{
  canvas_ = new Canvas(*this, this);
  canvas_->setObjectName("heatMapCanvas");
  caption_ = new SteadyLabel(this);
  caption_->setWordWrap(true);
  caption_->setAutoFillBackground(true);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(canvas_, 1);
  layout->addWidget(caption_);
}

void HeatMapChart::setSpec(const HeatMapSpec& spec)
{
  spec_ = spec;
  specChanged();
}

void HeatMapChart::draw()
{
  // A slider step moves the marker: the cells stay, and so does their image.
  if (cells_.isNull() || spec_.values != drawn_.values || spec_.x_values != drawn_.x_values ||
      spec_.y_values != drawn_.y_values || spec_.value_low != drawn_.value_low ||
      spec_.value_high != drawn_.value_high) {
    cells_ = heat_map_cells(spec_);
  }
  if (background_generation_ == 0 || !same_heat_map_background(spec_, drawn_)) {
    ++background_generation_;
  }
  drawn_ = spec_;
  if (caption_->text() != spec_.caption) {
    caption_->setText(spec_.caption);
  }
  caption_->setVisible(!spec_.caption.isEmpty());
  canvas_->update();
}

} // namespace nne::ui
