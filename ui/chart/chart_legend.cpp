#include "ui/chart/chart_legend.h"

#include <QEvent>

#include "ui/chart/chart_spec.h"
#include "ui/chart/text_wrap.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace nne::ui {

std::vector<LegendEntry> legend_entries(const StackedBarSpec& spec)
{
  std::vector<LegendEntry> entries;
  for (const BarSeriesSpec& s : spec.series) {
    entries.push_back({s.name, s.color, LegendEntry::Sample::box});
  }
  return entries;
}

std::vector<LegendEntry> legend_entries(const LineChartSpec& spec)
{
  // In the order Qt Charts had them: the regions are added first, to be drawn under the lines.
  std::vector<LegendEntry> entries;
  for (const RegionSpec& r : spec.regions) {
    entries.push_back({r.name, r.color, LegendEntry::Sample::area});
  }
  for (const LineSeriesSpec& s : spec.series) {
    entries.push_back({s.name, s.color, s.dashed ? LegendEntry::Sample::dashed_line : LegendEntry::Sample::line});
  }
  return entries;
}

namespace {

double widest(const QStringList& lines, const QFontMetricsF& metrics)
{
  double width = 0;
  for (const QString& line : lines) {
    width = std::max(width, metrics.horizontalAdvance(line));
  }
  return width;
}

} // namespace

LegendLayout layout_legend(const std::vector<LegendEntry>& entries, const QFont& font, double width)
{
  const QFontMetricsF metrics(font);
  const double line_height = metrics.lineSpacing();
  const double sample = metrics.height() * 0.8;
  const double gap = metrics.height() * 0.35;     // between a sample and its name
  const double spacing = metrics.height() * 1.2;  // between entries
  const double row_gap = metrics.height() * 0.25; // between rows
  const double line_sample = 2.2 * sample;        // long enough to show a line's dashes
  const double text_room = std::max(metrics.averageCharWidth() * 8, width - line_sample - gap);

  LegendLayout layout;
  struct Row {
    std::size_t first = 0, last = 0; // items [first, last)
    double width = 0, height = 0;
  };
  std::vector<Row> rows;
  double x = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    LegendLayout::Item item;
    item.lines = wrap_at_spaces(entries[i].name, metrics, text_room);
    const bool line =
        entries[i].sample == LegendEntry::Sample::line || entries[i].sample == LegendEntry::Sample::dashed_line;
    const double sample_width = line ? line_sample : sample;
    const double item_width = sample_width + gap + widest(item.lines, metrics);
    const double item_height = std::max(sample, line_height * static_cast<double>(item.lines.size()));
    if (rows.empty() || (x > 0 && x + spacing + item_width > width)) {
      rows.push_back({i, i, 0, 0});
      x = 0;
    } else {
      x += spacing;
    }
    item.sample = QRectF(x, 0, sample_width, sample);
    item.text = QRectF(x + sample_width + gap, 0, widest(item.lines, metrics),
                       line_height * static_cast<double>(item.lines.size()));
    x += item_width;
    rows.back().last = i + 1;
    rows.back().width = x;
    rows.back().height = std::max(rows.back().height, item_height);
    layout.items.push_back(item);
  }
  double y = 0;
  double used = 0;
  for (const Row& row : rows) {
    const double shift = std::max(0.0, (width - row.width) / 2);
    for (std::size_t i = row.first; i < row.last; ++i) {
      LegendLayout::Item& item = layout.items[i];
      // A one-line name is centred on its sample; the sample of a wrapped one beside its first line.
      const double text_top = y + (item.lines.size() == 1 ? (row.height - item.text.height()) / 2 : 0);
      const double sample_top = item.lines.size() == 1 ? y + (row.height - item.sample.height()) / 2
                                                       : y + (line_height - item.sample.height()) / 2;
      item.sample.moveTo(item.sample.left() + shift, sample_top);
      item.text.moveTo(item.text.left() + shift, text_top);
    }
    used = std::max(used, row.width);
    y += row.height + row_gap;
  }
  layout.size = QSizeF(used, rows.empty() ? 0.0 : y - row_gap);
  return layout;
}

void paint_legend(QPainter& painter, const std::vector<LegendEntry>& entries, const LegendLayout& layout,
                  const QPointF& origin, const QFont& font)
{
  painter.save();
  painter.translate(origin);
  painter.setFont(font);
  const double line_height = QFontMetricsF(font).lineSpacing();
  for (std::size_t i = 0; i < entries.size() && i < layout.items.size(); ++i) {
    const LegendEntry& entry = entries[i];
    const LegendLayout::Item& item = layout.items[i];
    const QRectF box = item.sample;
    switch (entry.sample) {
    case LegendEntry::Sample::box:
    case LegendEntry::Sample::area:
      painter.setPen(
          QPen(entry.sample == LegendEntry::Sample::box ? entry.color.darker(130) : QColor(0x80, 0x80, 0x80), 1));
      painter.setBrush(entry.color);
      painter.drawRect(box);
      break;
    case LegendEntry::Sample::line:
    case LegendEntry::Sample::dashed_line: {
      QPen pen(entry.color, std::max(2.0, box.height() * 0.18));
      pen.setStyle(entry.sample == LegendEntry::Sample::dashed_line ? Qt::DashLine : Qt::SolidLine);
      painter.setPen(pen);
      painter.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()));
      break;
    }
    }
    painter.setPen(QColor(0x30, 0x30, 0x30));
    for (qsizetype line = 0; line < item.lines.size(); ++line) {
      const QRectF rect(item.text.left(), item.text.top() + line_height * static_cast<double>(line),
                        item.text.width() + 1, line_height);
      painter.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, item.lines[line]);
    }
  }
  painter.restore();
}

ChartLegend::ChartLegend(QWidget* parent) : QWidget(parent)
{
  QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
  setAutoFillBackground(true); // a new name repaints the legend alone
  setBackgroundRole(QPalette::Base);
}

void ChartLegend::setEntries(std::vector<LegendEntry> entries)
{
  const bool same = entries.size() == entries_.size() &&
                    std::equal(entries.begin(), entries.end(), entries_.begin(), [](const auto& a, const auto& b) {
                      return a.name == b.name && a.color == b.color && a.sample == b.sample;
                    });
  if (same) {
    return; // a slider step: nothing to lay out again
  }
  entries_ = std::move(entries);
  forgetSizes();
  updateGeometry();
  update();
}

QStringList ChartLegend::drawnLabels() const
{
  QStringList labels;
  for (const LegendLayout::Item& item : layout_legend(entries_, font(), width()).items) {
    labels << item.lines.join(' ');
  }
  return labels;
}

std::vector<QRectF> ChartLegend::itemRects() const
{
  std::vector<QRectF> rects;
  const LegendLayout layout = layout_legend(entries_, font(), width());
  const QPointF origin(0, (height() - layout.size.height()) / 2); // rows are centred across already
  for (const LegendLayout::Item& item : layout.items) {
    rects.push_back(item.sample.united(item.text).translated(0, origin.y()));
  }
  return rects;
}

int ChartLegend::heightForWidth(int width) const
{
  if (height_for_width_.width != width) {
    const QMargins m = contentsMargins();
    height_for_width_ = {
        width,
        static_cast<int>(std::ceil(layout_legend(entries_, font(), width - m.left() - m.right()).size.height())) + 6};
  }
  return height_for_width_.height;
}

QSize ChartLegend::sizeHint() const
{
  if (!size_hint_) {
    const LegendLayout one_row = layout_legend(entries_, font(), 1e6);
    size_hint_ = QSize(static_cast<int>(std::ceil(one_row.size.width())) + 6,
                       static_cast<int>(std::ceil(one_row.size.height())) + 6);
  }
  return *size_hint_;
}

void ChartLegend::forgetSizes()
{
  height_for_width_ = {};
  size_hint_.reset();
}

void ChartLegend::changeEvent(QEvent* event)
{
  if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
    forgetSizes();
  }
  QWidget::changeEvent(event);
}

QSize ChartLegend::minimumSizeHint() const
{
  // Narrow, and as tall as it then needs: the layout asks heightForWidth at the width it gives.
  const int width = std::min(sizeHint().width(), 120);
  return {width, heightForWidth(width)};
}

void ChartLegend::paintEvent(QPaintEvent* /*event*/)
{
  if (entries_.empty()) {
    return;
  }
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const LegendLayout layout = layout_legend(entries_, font(), width());
  paint_legend(painter, entries_, layout, QPointF(0, (height() - layout.size.height()) / 2), font());
}

} // namespace nne::ui
