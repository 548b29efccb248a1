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

} // namespace

HeatMapGeometry heat_map_geometry(const HeatMapSpec& spec, const QRectF& rect, const HeatMapFonts& fonts)
{
  const QFontMetricsF title_metrics(fonts.title);
  const QFontMetricsF axis_metrics(fonts.axis_title);
  const QFontMetricsF label_metrics(fonts.labels);
  const QFontMetricsF legend_metrics(fonts.legend);
  const double gap = label_metrics.height() * 0.5;
  const double tick = label_metrics.height() * 0.35;
  const double title_bottom = rect.top() + title_metrics.height() * 1.6;
  const double legend_height = legend_items(spec).empty() ? 0.0 : legend_metrics.height() * 1.8;
  const double bar_width = std::max(12.0, label_metrics.height() * 1.1);

  const double left = rect.left() + gap + axis_metrics.height() + gap + widest(label_metrics, spec.y_ticks) + tick;
  const double right = rect.right() - gap - axis_metrics.height() - gap - widest(label_metrics, spec.value_ticks) -
                       tick - bar_width - 3 * gap;
  const double top = title_bottom + label_metrics.height() * 0.5;
  const double bottom =
      rect.bottom() - legend_height - gap - axis_metrics.height() - label_metrics.height() - tick - gap / 2;
  HeatMapGeometry geometry;
  const QRectF plot(QPointF(left, top), QPointF(right, bottom));
  if (plot.width() < 16 || plot.height() < 16 || spec.x_values.empty() || spec.y_values.empty()) {
    return geometry;
  }
  geometry.plot = plot;

  QFont region_font = fonts.legend;
  region_font.setBold(true);
  const QFontMetricsF region_metrics(region_font);
  for (const HeatMapLabel& label : spec.region_labels) {
    const QSizeF size = boxed_size(region_metrics, label.text);
    const double x = label.corner & Qt::AlignLeft ? plot.left() + 2 * gap : plot.right() - 2 * gap - size.width();
    const double y = label.corner & Qt::AlignTop ? plot.top() + 2 * gap : plot.bottom() - 2 * gap - size.height();
    geometry.region_labels.emplace_back(QPointF(x, y), size);
  }

  if (spec.marker) {
    const auto [x_low, x_high] = extent(spec.x_values);
    const auto [y_low, y_high] = extent(spec.y_values);
    const QPointF at(plot.left() + log_position(spec.marker->x(), x_low, x_high) * plot.width(),
                     plot.bottom() - log_position(spec.marker->y(), y_low, y_high) * plot.height());
    geometry.marker = at;
    if (!spec.marker_label.isEmpty()) {
      const double cross = label_metrics.height() * 0.55;
      const double pad = legend_metrics.height() * 0.4; // boxed_size's
      // On one line where the plot is wide enough beside the cross, else wrapped at its spaces.
      const double room = std::max(plot.width() - 2 * pad, 1.0);
      geometry.marker_label_lines = legend_metrics.horizontalAdvance(spec.marker_label) <= room
                                        ? QStringList{spec.marker_label}
                                        : wrap_at_spaces(spec.marker_label, legend_metrics, room);
      double width = 0;
      for (const QString& line : geometry.marker_label_lines) {
        width = std::max(width, legend_metrics.horizontalAdvance(line));
      }
      const QSizeF size(width + 2 * pad,
                        legend_metrics.height() * static_cast<double>(geometry.marker_label_lines.size()) + pad);
      geometry.marker_label = place_marker_label(plot, at, size, cross, gap, geometry.region_labels);
    }
  }
  return geometry;
}

namespace {

// Everything paint_heat_map draws but the marker and its label.
void paint_background(QPainter& painter, const HeatMapSpec& spec, const QImage& cells, const QRectF& rect,
                      const HeatMapFonts& fonts, const HeatMapGeometry& geometry)
{
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing);
  const QFontMetricsF title_metrics(fonts.title);
  const QFontMetricsF axis_metrics(fonts.axis_title);
  const QFontMetricsF label_metrics(fonts.labels);
  const QFontMetricsF legend_metrics(fonts.legend);
  const double gap = label_metrics.height() * 0.5;
  const double tick = label_metrics.height() * 0.35;
  const double line_width = std::max(2.0, label_metrics.height() * 0.12);

  const QRectF title_rect(rect.left(), rect.top(), rect.width(), title_metrics.height() * 1.6);
  painter.setFont(fonts.title);
  painter.setPen(kText);
  painter.drawText(title_rect, Qt::AlignCenter,
                   title_metrics.elidedText(spec.title, Qt::ElideRight, rect.width() - 2 * gap));

  const std::vector<LegendItem> legend = legend_items(spec);
  const double legend_height = legend.empty() ? 0.0 : legend_metrics.height() * 1.8;
  const double bar_width = std::max(12.0, label_metrics.height() * 1.1); // heat_map_geometry's
  const QRectF plot = geometry.plot;
  if (plot.isEmpty()) {
    painter.restore();
    return;
  }
  const auto [x_low, x_high] = extent(spec.x_values);
  const auto [y_low, y_high] = extent(spec.y_values);
  const auto x_pixel = [&](double x) { return plot.left() + log_position(x, x_low, x_high) * plot.width(); };
  const auto y_pixel = [&](double y) { return plot.bottom() - log_position(y, y_low, y_high) * plot.height(); };
  const auto in = [](double value, double low, double high) {
    return value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9);
  };

  // The cells: each pixel of `cells` centred on its value, so the outer ones reach half a cell
  // beyond the axis ends (cut off).
  if (!cells.isNull()) {
    const double half_x = plot.width() / (2.0 * std::max(1, cells.width() - 1));
    const double half_y = plot.height() / (2.0 * std::max(1, cells.height() - 1));
    painter.save();
    painter.setClipRect(plot);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(plot.adjusted(-half_x, -half_y, half_x, half_y), cells);
    painter.restore();
  }

  // The contour and the regions' names.
  if (spec.contour.size() >= 2) {
    QPolygonF line;
    for (const QPointF& p : spec.contour) {
      line << QPointF(x_pixel(p.x()), y_pixel(p.y()));
    }
    painter.save();
    painter.setClipRect(plot);
    draw_contour(painter, line, line_width);
    painter.restore();
  }
  QFont region_font = fonts.legend;
  region_font.setBold(true);
  for (std::size_t i = 0; i < spec.region_labels.size() && i < geometry.region_labels.size(); ++i) {
    boxed_text(painter, geometry.region_labels[i], spec.region_labels[i].text, region_font);
  }

  const double cross = label_metrics.height() * 0.55; // paint_marker's

  // The frame and the axes.
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(kFrame, 1));
  painter.drawRect(plot);
  painter.setFont(fonts.labels);
  const double label_height = label_metrics.height();
  for (const HeatMapTick& t : spec.x_ticks) {
    if (!in(t.value, x_low, x_high)) {
      continue;
    }
    const double x = x_pixel(t.value);
    painter.setPen(QPen(kFrame, 1));
    painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick));
    painter.setPen(kText);
    const double width = label_metrics.horizontalAdvance(t.label) + gap;
    painter.drawText(QRectF(x - width / 2, plot.bottom() + tick, width, label_height), Qt::AlignCenter, t.label);
  }
  for (const HeatMapTick& t : spec.y_ticks) {
    if (!in(t.value, y_low, y_high)) {
      continue;
    }
    const double y = y_pixel(t.value);
    painter.setPen(QPen(kFrame, 1));
    painter.drawLine(QPointF(plot.left() - tick, y), QPointF(plot.left(), y));
    painter.setPen(kText);
    const double width = widest(label_metrics, spec.y_ticks);
    painter.drawText(QRectF(plot.left() - tick - gap / 2 - width, y - label_height / 2, width, label_height),
                     Qt::AlignRight | Qt::AlignVCenter, t.label);
  }
  painter.setFont(fonts.axis_title);
  painter.drawText(
      QRectF(plot.left(), plot.bottom() + tick + label_height + gap / 2, plot.width(), axis_metrics.height()),
      Qt::AlignCenter, axis_metrics.elidedText(spec.x_title, Qt::ElideRight, plot.width()));
  vertical_text(painter, QPointF(rect.left() + gap + axis_metrics.height() / 2, plot.center().y()), plot.height(),
                axis_metrics.height(), axis_metrics.elidedText(spec.y_title, Qt::ElideRight, plot.height()));

  // The colour bar: the scale from value_low (bottom) to value_high (top), with its ticks.
  const QRectF bar(plot.right() + 3 * gap, plot.top(), bar_width, plot.height());
  QImage gradient(1, 256, QImage::Format_RGB32);
  for (int i = 0; i < gradient.height(); ++i) {
    gradient.setPixel(0, i, sequential_color(1.0 - static_cast<double>(i) / (gradient.height() - 1)));
  }
  painter.save();
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.drawImage(bar, gradient);
  painter.restore();
  painter.setPen(QPen(kFrame, 1));
  painter.drawRect(bar);
  painter.setFont(fonts.labels);
  const double value_labels = widest(label_metrics, spec.value_ticks);
  for (const HeatMapTick& t : spec.value_ticks) {
    if (!in(t.value, spec.value_low, spec.value_high)) {
      continue;
    }
    const double y = bar.bottom() - log_position(t.value, spec.value_low, spec.value_high) * bar.height();
    painter.setPen(QPen(kFrame, 1));
    painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + tick, y));
    painter.setPen(kText);
    painter.drawText(QRectF(bar.right() + tick + gap / 2, y - label_height / 2, value_labels + gap, label_height),
                     Qt::AlignLeft | Qt::AlignVCenter, t.label);
  }
  painter.setFont(fonts.axis_title);
  vertical_text(
      painter, QPointF(bar.right() + tick + gap + value_labels + gap + axis_metrics.height() / 2, bar.center().y()),
      bar.height(), axis_metrics.height(), axis_metrics.elidedText(spec.value_title, Qt::ElideRight, bar.height()));

  // The legend, centred under the axis title: a sample of the contour and of the cross, named.
  if (!legend.empty()) {
    const double sample = legend_metrics.height() * 1.6;
    const double spacing = legend_metrics.height() * 1.5;
    // Names as they are when they fit the width, else each cut to its share of it.
    double natural = spacing * static_cast<double>(legend.size() - 1);
    for (const LegendItem& item : legend) {
      natural += sample + gap + legend_metrics.horizontalAdvance(item.name);
    }
    const double available = rect.width() - 2 * gap;
    const double room = available / static_cast<double>(legend.size()) - sample - gap - spacing;
    std::vector<QString> names;
    double total = 0;
    for (const LegendItem& item : legend) {
      names.push_back(natural <= available ? item.name : legend_metrics.elidedText(item.name, Qt::ElideRight, room));
      total += sample + gap + legend_metrics.horizontalAdvance(names.back());
    }
    total += spacing * static_cast<double>(legend.size() - 1);
    double x = rect.center().x() - total / 2;
    const double y = rect.bottom() - legend_height / 2;
    painter.setFont(fonts.legend);
    for (std::size_t i = 0; i < legend.size(); ++i) {
      if (legend[i].contour) {
        draw_contour(painter, QPolygonF({QPointF(x, y), QPointF(x + sample, y)}), line_width);
      } else {
        draw_cross(painter, QPointF(x + sample / 2, y), std::min(cross, legend_metrics.height() * 0.4), line_width);
      }
      x += sample + gap;
      const double width = legend_metrics.horizontalAdvance(names[i]);
      painter.setPen(kText);
      painter.drawText(QRectF(x, y - legend_metrics.height() / 2, width + 1, legend_metrics.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, names[i]);
      x += width + spacing;
    }
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
  const QFontMetricsF label_metrics(fonts.labels);
  const double line_width = std::max(2.0, label_metrics.height() * 0.12); // paint_background's
  draw_cross(painter, *geometry.marker, label_metrics.height() * 0.55, line_width);
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
