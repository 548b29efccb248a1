#include "ui/chart/qt_chart_parts.h"

#include "ui/chart/chart_legend.h"
#include "ui/chart/steady_label.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLegend>
#include <QVBoxLayout>

namespace nne::ui {

QtChartParts make_qt_chart_parts(QWidget& owner)
{
  QtChartParts parts;
  parts.chart = new QChart();
  parts.chart->setAnimationOptions(QChart::NoAnimation); // a slider step must show at once
  parts.chart->legend()->setVisible(false);
  // A plain rectangle is filled much faster than a rounded one.
  parts.chart->setBackgroundRoundness(0);
  parts.view = new QChartView(parts.chart, &owner);
  parts.legend = new ChartLegend(&owner);
  parts.legend->setObjectName("chartLegend");
  parts.caption = new SteadyLabel(&owner);
  parts.caption->setWordWrap(true);
  // Not selectable: a selectable label lays its text out as a rich-text document at every change.
  // Opaque: a new caption repaints the label alone, not the tab page's frame behind it.
  parts.caption->setAutoFillBackground(true);
  auto* layout = new QVBoxLayout(&owner);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(parts.view, 1);
  layout->addWidget(parts.legend);
  layout->addWidget(parts.caption);
  return parts;
}

void lay_out_now(QChart& chart)
{
  for (QGraphicsLayout* layout : {chart.legend()->layout(), chart.layout()}) {
    if (layout != nullptr) {
      layout->activate();
    }
  }
}

} // namespace nne::ui
