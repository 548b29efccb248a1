#pragma once

class QChart;

namespace nne::ui {

// Keeps the chart's texts (title, axis titles, tick labels) as pixmaps in the scene: a slider step
// moves bars and lines, and repainting the chart then copies its unchanged texts instead of
// shaping and drawing each again. A text that changes is drawn again into its pixmap. Qt Charts
// makes new text items when an axis gets other ticks: call again after every change of the chart.
void cache_chart_texts(QChart& chart);

} // namespace nne::ui
