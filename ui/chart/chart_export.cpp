#include "ui/chart/chart_export.h"

#include "core/util/format.h"
#include "ui/chart/chart_legend.h"
#include "ui/chart/heat_map_chart.h"
#include "ui/chart/line_chart.h"
#include "ui/chart/png_writer.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QBarCategoryAxis>
#include <QChart>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLegend>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QValueAxis>

#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace nne::ui {

namespace {

// Sizes in pixels relative to the image height, so that any export size reads alike on a slide.
struct SlideFonts {
  QFont title, axis_title, labels, legend, caption;
};

SlideFonts slide_fonts(QSize size)
{
  const double h = size.height();
  const auto font = [h](double fraction, bool bold) {
    QFont f("DejaVu Sans");
    f.setPixelSize(std::max(9, static_cast<int>(std::lround(h * fraction))));
    f.setBold(bold);
    return f;
  };
  return {font(0.040, true), font(0.026, false), font(0.024, false), font(0.026, false), font(0.019, false)};
}

// A slide: a title, one chart or a grid of panels, a legend under them, and a caption.
struct Slide {
  QString title;
  QString caption;
  std::vector<QString> panel_titles;                // empty for a single chart
  std::vector<std::function<void(QChart&)>> panels; // each puts its series and axes into a chart
  // Or, for a chart Qt Charts cannot draw (the heat map), what paints it into the area above the
  // caption, in the slide's fonts.
  std::function<void(QPainter&, const QRectF&, const SlideFonts&)> paint;
  // Drawn by us under the charts, once for a grid: Qt Charts' legend elides long names and takes
  // its room out of the one panel that has it.
  std::vector<LegendEntry> legend;
};

// Lays a chart out in `rect` of the scene with the slide's fonts; its layout runs before drawing.
void place_chart(QGraphicsScene& scene, QChart* chart, const QRectF& rect, const SlideFonts& fonts, double margin,
                 double side)
{
  scene.addItem(chart);
  chart->setTheme(QChart::ChartThemeLight);
  chart->setBackgroundRoundness(0);
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setGeometry(rect);
  chart->setMargins(
      QMargins(static_cast<int>(side), static_cast<int>(margin), static_cast<int>(side), static_cast<int>(margin)));
  chart->legend()->setVisible(false);
  for (QAbstractAxis* axis : chart->axes()) {
    axis->setTitleFont(fonts.axis_title);
    axis->setLabelsFont(fonts.labels);
  }
}

void paint_charts(QPainter& painter, const Slide& slide, const QRectF& area, const SlideFonts& fonts, double margin,
                  double side, SlideGeometry* geometry);

// Draws the slide in `size` pixels of the painter's device.
void paint_slide(QPainter& painter, const Slide& slide, QSize size, SlideGeometry* geometry = nullptr)
{
  const SlideFonts fonts = slide_fonts(size);
  painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
  const double margin = size.height() * 0.02;
  const double side = size.width() * 0.025;

  // The caption's height, wrapped to the width, decides how much is left for the charts.
  QTextDocument caption;
  caption.setDefaultFont(fonts.caption);
  caption.setPlainText(slide.caption);
  caption.setTextWidth(size.width() - 2 * margin);
  const double caption_height = slide.caption.isEmpty() ? 0.0 : caption.size().height() + margin;

  const QRectF area(0, 0, size.width(), size.height() - caption_height);
  if (slide.paint) {
    slide.paint(painter, area.adjusted(side, margin, -side, -margin), fonts);
  } else {
    paint_charts(painter, slide, area, fonts, margin, side, geometry);
  }

  if (caption_height > 0) {
    painter.save();
    painter.translate(margin, size.height() - caption_height);
    caption.drawContents(&painter);
    painter.restore();
    if (geometry != nullptr) {
      geometry->caption = QRectF(QPointF(margin, size.height() - caption_height), caption.size());
    }
  }
}

// The slide's QCharts, laid out in `area` over the legend.
void paint_charts(QPainter& painter, const Slide& slide, const QRectF& area, const SlideFonts& fonts, double margin,
                  double side, SlideGeometry* geometry)
{
  // The legend's height at the slide's width decides how much is left for the charts.
  const double legend_width = area.width() - 2 * side;
  const LegendLayout legend = layout_legend(slide.legend, fonts.legend, legend_width);
  const double legend_height = slide.legend.empty() ? 0.0 : legend.size.height() + margin;
  const QRectF charts_area(area.left(), area.top(), area.width(), area.height() - legend_height);

  QGraphicsScene scene;
  std::vector<QChart*> charts;
  if (slide.panels.size() == 1) {
    auto* chart = new QChart(); // owned by the scene
    slide.panels.front()(*chart);
    chart->setTitle(slide.title);
    chart->setTitleFont(fonts.title);
    place_chart(scene, chart, charts_area, fonts, margin, side);
    charts.push_back(chart);
  } else {
    // A title over a grid of panels, each titled in the axis font; the title wraps rather than
    // running off the slide's sides.
    const QRectF title_room(area.left() + side, area.top() + margin, area.width() - 2 * side, area.height());
    const QRectF title_text =
        QFontMetricsF(fonts.title)
            .boundingRect(title_room, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, slide.title);
    const QRectF title_rect(title_room.left(), title_room.top(), title_room.width(), title_text.height());
    const double title_height = title_rect.height() + 2 * margin;
    const int count = static_cast<int>(slide.panels.size());
    const int columns = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count)))));
    const int rows = (count + columns - 1) / columns;
    const double width = charts_area.width() / columns;
    const double height = (charts_area.height() - title_height) / rows;
    for (int i = 0; i < count; ++i) {
      auto* chart = new QChart();
      slide.panels[static_cast<std::size_t>(i)](*chart);
      chart->setTitle(slide.panel_titles[static_cast<std::size_t>(i)]);
      chart->setTitleFont(fonts.axis_title);
      const int row = i / columns; // grid position of panel i
      const int column = i % columns;
      place_chart(scene, chart, QRectF(column * width, title_height + row * height, width, height), fonts, margin / 2,
                  side / 2);
      // A panel's axis titles in the labels' size: Qt Charts elides an axis title longer than its
      // axis, and a panel's axes are short.
      for (QAbstractAxis* axis : chart->axes()) {
        axis->setTitleFont(fonts.labels);
      }
      charts.push_back(chart);
    }
    painter.setFont(fonts.title);
    painter.setPen(QColor(0x40, 0x40, 0x40));
    painter.drawText(title_rect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, slide.title);
    if (geometry != nullptr) {
      geometry->title = title_rect;
    }
  }
  scene.setSceneRect(area);
  // QChart lays out its title, axes and legend on posted layout requests: let them run first.
  for (int pass = 0; pass < 3; ++pass) {
    QCoreApplication::sendPostedEvents();
    for (QChart* chart : charts) {
      chart->layout()->activate();
    }
  }
  scene.render(&painter, area, area);

  const QPointF legend_origin(area.left() + side, charts_area.bottom() + margin / 2);
  if (!slide.legend.empty()) {
    paint_legend(painter, slide.legend, legend, legend_origin, fonts.legend);
  }
  if (geometry != nullptr) {
    for (QChart* chart : charts) {
      geometry->charts.push_back(chart->geometry());
      geometry->plot_areas.push_back(chart->mapRectToScene(chart->plotArea()));
    }
    geometry->legend = QRectF(legend_origin, QSizeF(legend_width, legend.size.height()));
    for (const LegendLayout::Item& item : legend.items) {
      geometry->legend_labels << item.lines.join(' ');
      geometry->legend_items.push_back(item.sample.united(item.text).translated(legend_origin));
    }
  }
}

Slide slide_of(const StackedBarSpec& spec)
{
  return {spec.title, spec.caption,        {}, {[&spec](QChart& chart) { build_chart(chart, spec); }},
          {},         legend_entries(spec)};
}

Slide slide_of(const LineChartSpec& spec)
{
  return {spec.title, spec.caption,        {}, {[&spec](QChart& chart) { build_line_chart(chart, spec); }},
          {},         legend_entries(spec)};
}

Slide slide_of(const SmallMultiplesSpec& spec)
{
  Slide slide{spec.title, spec.caption, {}, {}, {}, {}};
  std::vector<StackedBarSpec> panels = spec.panels;
  share_log_axis(panels); // one axis for every panel, as in the window
  if (!panels.empty()) {
    slide.legend = legend_entries(panels.front()); // one legend under the grid
  }
  for (StackedBarSpec& panel : panels) {
    slide.panel_titles.push_back(panel.title);
    // Each panel's builder owns its copy: the shared axis is the slide's, not the spec's.
    slide.panels.emplace_back([panel = std::move(panel)](QChart& chart) { build_chart(chart, panel); });
  }
  return slide;
}

Slide slide_of(const HeatMapSpec& spec)
{
  Slide slide{spec.title, spec.caption, {}, {}, {}, {}};
  slide.paint = [&spec](QPainter& painter, const QRectF& area, const SlideFonts& fonts) {
    paint_heat_map(painter, spec, heat_map_cells(spec), area,
                   {fonts.title, fonts.axis_title, fonts.labels, fonts.legend});
  };
  return slide;
}

QImage render_slide(const Slide& slide, QSize size, int dpi, SlideGeometry* geometry = nullptr)
{
  // Opaque (the slide is painted on white): its PNG is RGB, without an alpha channel to
  // un-premultiply and compress, and encode_png() takes its rows as they are.
  QImage image(size, QImage::Format_RGB32);
  const int dots_per_meter = static_cast<int>(std::lround(dpi / 0.0254));
  image.setDotsPerMeterX(dots_per_meter);
  image.setDotsPerMeterY(dots_per_meter);
  image.fill(Qt::white);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  paint_slide(painter, slide, size, geometry);
  return image;
}

void commit(QSaveFile& file, const QString& path)
{
  if (!file.commit()) {
    throw std::runtime_error("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
  }
}

void open(QSaveFile& file, const QString& path)
{
  if (!file.open(QIODevice::WriteOnly)) {
    throw std::runtime_error("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
  }
}

} // namespace

QImage render_chart_image(const ChartSpec& spec, QSize size, int dpi, SlideGeometry* geometry)
{
  return std::visit([&](const auto& chart) { return render_slide(slide_of(chart), size, dpi, geometry); }, spec);
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
QString csv_field(QString field)
{
  if (!field.contains(',') && !field.contains('"') && !field.contains('\n')) {
    return field;
  }
  return '"' + field.replace('"', "\"\"") + '"';
}

QString chart_csv(const StackedBarSpec& spec)
{
  QString csv = "category";
  for (const BarSeriesSpec& s : spec.series) {
    csv += "," + csv_field(s.name);
  }
  csv += ",total\n";
  for (qsizetype j = 0; j < spec.categories.size(); ++j) {
    csv += csv_field(spec.categories[j]);
    for (const BarSeriesSpec& s : spec.series) {
      const auto index = static_cast<std::size_t>(j);
      csv += "," + QString::fromStdString(format_shortest(index < s.values.size() ? s.values[index] : 0.0));
    }
    csv += "," + QString::fromStdString(
                     format_shortest(spec.totals.empty() ? 0.0 : spec.totals[static_cast<std::size_t>(j)]));
    csv += "\n";
  }
  return csv;
}

namespace {

// A chart's data for a CSV export: its own when it has one, else what it draws.
QString csv_of(const StackedBarSpec& spec)
{
  return spec.csv.isEmpty() ? chart_csv(spec) : spec.csv;
}

QString csv_of(const SmallMultiplesSpec& spec)
{
  return spec.csv;
}

QString csv_of(const LineChartSpec& spec)
{
  return spec.csv;
}

QString csv_of(const HeatMapSpec& spec)
{
  return heat_map_csv(spec);
}

// `csv_text` is asked for only when a CSV is written: a heat map's grid is 16,384 numbers, no work
// to do for an image.
void export_slide(const Slide& slide, const std::function<QString()>& csv_text, const QString& path, QSize size,
                  int dpi)
{
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != "png" && suffix != "svg" && suffix != "pdf" && suffix != "csv") {
    throw std::invalid_argument("cannot export to \"." + suffix.toStdString() + "\"; use .png, .svg, .pdf or .csv");
  }
  QSaveFile file(path);
  open(file, path);
  if (suffix == "png") {
    // Our own encoder, not QImage::save: libpng tries five filters on every row, which is most of
    // the time of a 3840x2160 export (see ui/chart/png_writer.h).
    const QImage image = render_slide(slide, size, dpi);
    const std::string png =
        encode_png(std::span(reinterpret_cast<const std::uint32_t*>(image.constBits()), // NOLINT: RGB32 rows are uint32
                             static_cast<std::size_t>(image.sizeInBytes()) / sizeof(std::uint32_t)),
                   static_cast<std::size_t>(image.width()), static_cast<std::size_t>(image.height()),
                   static_cast<std::size_t>(image.bytesPerLine()) / sizeof(std::uint32_t),
                   static_cast<std::uint32_t>(image.dotsPerMeterX()));
    if (file.write(png.data(), static_cast<qint64>(png.size())) != static_cast<qint64>(png.size())) {
      file.cancelWriting();
      throw std::runtime_error("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
    }
  } else if (suffix == "svg") {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(dpi);
    // Qt 6.4's generator writes the title and the description into the XML as they are: a "<" or
    // "&" (the verdict's "< 1 %", a source's "R&D") would leave an SVG no reader opens.
    svg.setTitle(slide.title.toHtmlEscaped());
    svg.setDescription(slide.caption.toHtmlEscaped());
    QPainter painter(&svg);
    paint_slide(painter, slide, size);
  } else if (suffix == "pdf") {
    QPdfWriter pdf(&file);
    pdf.setResolution(dpi);
    pdf.setPageSize(QPageSize(QSizeF(size.width() * 72.0 / dpi, size.height() * 72.0 / dpi), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(slide.title);
    QPainter painter(&pdf);
    paint_slide(painter, slide, size);
  } else {
    const QByteArray csv = csv_text().toUtf8();
    if (file.write(csv) != csv.size()) {
      file.cancelWriting();
      throw std::runtime_error("cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
    }
  }
  commit(file, path);
}

} // namespace

void export_chart(const ChartSpec& spec, const QString& path, QSize size, int dpi)
{
  std::visit(
      [&](const auto& chart) {
        export_slide(
            slide_of(chart), [&chart] { return csv_of(chart); }, path, size, dpi);
      },
      spec);
}

} // namespace nne::ui
