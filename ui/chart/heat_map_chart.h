#pragma once

#include "ui/chart/steady_label.h"

#include "ui/chart/chart_spec.h"
#include "ui/chart/chart_view.h"

#include <QFont>
#include <QImage>
#include <QRectF>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QPainter;

namespace nne::ui {

// The fonts a heat map is drawn in: the widget's (from the application font) or a slide's.
struct HeatMapFonts {
  QFont title, axis_title, labels, legend;
};

// One pixel per cell, coloured on the sequential scale (ui/chart/palette.h) by the log of its
// value between the spec's value_low and value_high; the smallest x on the left, the largest y on
// top, whatever the order of the spec's axes.
QImage heat_map_cells(const HeatMapSpec& spec);

// Where paint_heat_map puts the plot, the marker and the labels inside it, in `rect`'s pixels.
// The marker's label is always inside the plot: beside the cross, on whichever side has room (and
// clear of the regions' names where it can be), wrapped at its spaces when the plot is narrow.
struct HeatMapGeometry {
  QRectF plot; // empty when there is no room (or nothing) to draw
  std::vector<QRectF> region_labels;
  std::optional<QPointF> marker;
  QRectF marker_label;
  QStringList marker_label_lines;
};
HeatMapGeometry heat_map_geometry(const HeatMapSpec& spec, const QRectF& rect, const HeatMapFonts& fonts);

// What paint_heat_map draws: all of it, or the marker with its label apart from the rest (which a
// slider step leaves as it was), the marker over the rest.
enum class HeatMapLayers { all, background, marker };

// Paints the spec into `rect`: the title, the cells (`cells`, from heat_map_cells), the log axes
// with their ticks and titles, the contour, the region labels, the colour bar, a legend and, over
// them, the marker. Shared by the widget and the exporter (Qt Charts has no heat map).
void paint_heat_map(QPainter& painter, const HeatMapSpec& spec, const QImage& cells, const QRectF& rect,
                    const HeatMapFonts& fonts, HeatMapLayers layers = HeatMapLayers::all);

// Whether two specs paint the same background (HeatMapLayers::background): they differ in the
// marker's place and label at most.
bool same_heat_map_background(const HeatMapSpec& a, const HeatMapSpec& b);

// The cells as CSV: the corner cell and the x values across, then a row per y value with its cells.
QString heat_map_csv(const HeatMapSpec& spec);

// Draws a HeatMapSpec. The cells' image is made again only when their values change, and the
// painted background (all but the marker) only when it or the canvas changes: a slider step moves
// the marker alone. A hidden chart (on another tab) keeps the spec and draws it when shown.
class HeatMapChart : public ChartView {
  Q_OBJECT

public:
  explicit HeatMapChart(QWidget* parent = nullptr);
  // A chart takes the height it is given; its wrapped caption and legend are laid out inside it.
  // Saying so keeps a change of caption text from asking every tab and the window for their
  // height-for-width, which cost more than the rest of a slider step.
  bool hasHeightForWidth() const override { return false; }

  void setSpec(const HeatMapSpec& spec);
  const HeatMapSpec& spec() const noexcept { return spec_; }
  ChartSpec chartSpec() const override { return spec_; }
  // What the canvas shows now (the spec, once drawn) and its cells' image.
  const HeatMapSpec& drawnSpec() const noexcept { return drawn_; }
  const QImage& cells() const noexcept { return cells_; }
  // Counts the changes of the drawn background: the canvas paints it again when this moves.
  unsigned long long backgroundGeneration() const noexcept { return background_generation_; }
  // The widget that paints the map (the caption is another).
  QWidget* canvas() const noexcept { return canvas_; }

private:
  void draw() override;

  HeatMapSpec spec_;
  HeatMapSpec drawn_;
  QImage cells_;
  unsigned long long background_generation_ = 0;
  QWidget* canvas_ = nullptr;
  SteadyLabel* caption_ = nullptr;
};

} // namespace nne::ui
