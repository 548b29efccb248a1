#pragma once

#include <QColor>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>
#include <vector>

namespace nne::ui {

// What a stacked bar chart shows, as plain data: the seam between the views, which decide what to
// show, and the one class that draws it with a chart library (StackedBarChart). Qt Charts is
// deprecated from Qt 6.10; a move to another back end replaces that class only.
struct BarSeriesSpec {
  QString name;
  QColor color;
  std::vector<double> values; // one per category
  // Shown on hover, per category, e.g. "weight = P x b_w x e_w x s_w = 11.7 M x 8 bit x 4.5 pJ/bit x 1 = 421.2 µJ".
  QStringList tooltips;
};

struct StackedBarSpec {
  QString title;
  QStringList categories; // x axis, e.g. "batch 1", "batch 4"
  QString x_title;
  QString y_title; // with its unit
  std::vector<BarSeriesSpec> series;
  std::vector<double> totals;      // per category, as the core computed them (the stack's height)
  bool percent = false;            // stacked to 100 %
  bool stacked = true;             // false: bars side by side (savings per component)
  std::optional<double> y_maximum; // a locked axis; otherwise fitted to the data
  bool log_scale = false;          // a logarithmic value axis (stacked: each segment between its bounds)
  // The bottom of a logarithmic axis at most (an axis shared by small multiples); otherwise the
  // decade of the smallest bar.
  std::optional<double> y_minimum;
  QString caption; // under the chart (sources, parameters)
  // The chart's data for a CSV export, when a standard form exists (the sweep's); otherwise the
  // export writes the series as drawn.
  QString csv;
};

// Several bar charts side by side on one value axis (the paper's Fig 5-9: one panel per batch).
struct SmallMultiplesSpec {
  QString title;
  std::vector<StackedBarSpec> panels; // each with its own short title ("batch 4")
  QString caption;
  QString csv; // the data for a CSV export
};

// A line chart on logarithmic axes with shaded x ranges (the paper's Fig 10c), as plain data.
struct LineSeriesSpec {
  QString name;
  QColor color;
  std::vector<QPointF> points;
  bool dashed = false;
};

struct RegionSpec {
  double from_x = 0;
  double to_x = 0;
  QColor color; // translucent
  QString name; // in the legend
};

struct LineChartSpec {
  QString title;
  QString x_title;
  QString y_title;
  std::vector<LineSeriesSpec> series;
  std::vector<RegionSpec> regions;
  QString caption;
  QString csv; // the data for a CSV export
};

// A heat map on log axes (the design space: memory scale up, MAC scale across), as plain data.
// Every number is the core's; the chart maps values to colours and positions to pixels.
struct HeatMapTick {
  double value = 1;
  QString label;
};

struct HeatMapLabel {
  QString text;
  Qt::Alignment corner; // the corner of the plot it is written in, e.g. Qt::AlignTop | Qt::AlignLeft
};

struct HeatMapSpec {
  QString title;
  QString x_title; // with its unit
  QString y_title;
  QString value_title; // the colour bar's
  // The cells: columns across (x_values), rows up (y_values), values row-major, rows x columns.
  // Positive values; the axes are logarithmic, the cells evenly spaced on them.
  std::vector<double> x_values;
  std::vector<double> y_values;
  std::vector<double> values;
  // The colour scale: `value_low` darkest, `value_high` brightest, logarithmic, with its ticks.
  double value_low = 1.0 / 1024;
  double value_high = 1;
  std::vector<HeatMapTick> value_ticks;
  std::vector<HeatMapTick> x_ticks;
  std::vector<HeatMapTick> y_ticks;
  // A line over the cells (x, y in the axes' values), named in the legend; empty: none.
  std::vector<QPointF> contour;
  QString contour_name;
  std::vector<HeatMapLabel> region_labels;
  // A marked point (x, y), named in the legend and beside the cross.
  std::optional<QPointF> marker;
  QString marker_name;
  QString marker_label;
  QString caption;
  QString csv_corner; // the CSV's top-left cell, naming its rows and columns
};

// Any of the charts above: what the export, the clipboard and the command line take, so that they
// need not know which chart they were given (chart_export.cpp dispatches on it). A new kind of
// chart is a new alternative here.
using ChartSpec = std::variant<StackedBarSpec, SmallMultiplesSpec, LineChartSpec, HeatMapSpec>;

} // namespace nne::ui
