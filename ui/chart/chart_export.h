#pragma once

#include "ui/chart/chart_spec.h"

#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>

#include <vector>

namespace nne::ui {

// Charts for slides: a light theme of its own (whatever the app's), fonts sized to the image so a
// 1920x1080 and a 3840x2160 export read the same, the title, axes with units, the legend, and a
// caption with the scenario's parameters and the sources of its constants.

// Where a slide's parts went, in the image's pixels (for tests).
struct SlideGeometry {
  std::vector<QRectF> charts;     // each chart (a panel of a grid)
  std::vector<QRectF> plot_areas; // each chart's plot area
  QRectF title;                   // a grid's title (a single chart's is in its chart)
  QRectF legend;                  // the legend, under the charts
  QStringList legend_labels;      // its names as drawn, their lines joined by a space
  std::vector<QRectF> legend_items;
  QRectF caption;
};

// Renders the chart into an image of `size` pixels at `dpi` dots per inch; `geometry`, when
// given, receives where its parts went (of a heat map, which is not drawn with Qt Charts, only
// its caption).
QImage render_chart_image(const ChartSpec& spec, QSize size, int dpi = 96, SlideGeometry* geometry = nullptr);

// Writes `path` by its extension: .png, .svg, .pdf, or .csv (the chart's data: its own CSV, a
// heat map's grid (heat_map_csv), or for bars without one their series as drawn (chart_csv)). The
// file is replaced atomically. Throws std::runtime_error with a message for the user.
void export_chart(const ChartSpec& spec, const QString& path, QSize size, int dpi = 96);

// The chart's data as CSV: a header "category,<series...>,total" and a row per category.
QString chart_csv(const StackedBarSpec& spec);

} // namespace nne::ui
