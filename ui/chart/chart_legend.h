#pragma once

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

class QPainter;

namespace nne::ui {

struct StackedBarSpec;
struct LineChartSpec;

// A chart's legend drawn by us rather than by Qt Charts, whose legend elides the names it has no
// room for ("Weight ...") and takes its room out of one chart of a grid. Names are never elided:
// entries sit side by side while they fit, and a name wider than a row wraps at its spaces.
struct LegendEntry {
  enum class Sample { box, line, dashed_line, area };
  QString name;
  QColor color;
  Sample sample = Sample::box;
};

std::vector<LegendEntry> legend_entries(const StackedBarSpec& spec);
std::vector<LegendEntry> legend_entries(const LineChartSpec& spec); // regions, then lines

struct LegendLayout {
  struct Item {
    QRectF sample;
    QRectF text;       // the lines of the name
    QStringList lines; // the name, wrapped at its spaces
  };
  std::vector<Item> items; // one per entry, from the layout's top left
  QSizeF size;             // what the legend needs at the width it was laid out for
};

// The entries in rows no wider than `width`, each row centred.
LegendLayout layout_legend(const std::vector<LegendEntry>& entries, const QFont& font, double width);
// Paints a layout with its top left at `origin`.
void paint_legend(QPainter& painter, const std::vector<LegendEntry>& entries, const LegendLayout& layout,
                  const QPointF& origin, const QFont& font);

// The legend under a chart in the window: as tall as its names need at its width.
class ChartLegend : public QWidget {
  Q_OBJECT

public:
  explicit ChartLegend(QWidget* parent = nullptr);

  void setEntries(std::vector<LegendEntry> entries);
  const std::vector<LegendEntry>& entries() const noexcept { return entries_; }
  // The names as drawn at the widget's width, their lines joined by a space; and where each is.
  QStringList drawnLabels() const;
  std::vector<QRectF> itemRects() const;

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

private:
  // The layouts asked for are kept until the entries or the font change: a slider step that
  // changes a caption next to the legend has every layout around ask the legend again.
  struct Cached {
    int width = -1;
    int height = 0;
  };
  void forgetSizes();

  std::vector<LegendEntry> entries_;
  mutable Cached height_for_width_;
  mutable std::optional<QSize> size_hint_;
};

} // namespace nne::ui
