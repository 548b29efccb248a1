// The chart widgets and exports on specs of their own: what they draw, mark and lay out.
#include "ui/chart/chart_export.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QApplication>
#include <QChart>
#include <QGraphicsPolygonItem>

#include <gtest/gtest.h>

namespace nne::ui {
namespace {

// Two stacked series over three bars, totals as given.
StackedBarSpec stacked_spec(double scale)
{
  StackedBarSpec spec;
  spec.title = "test";
  spec.categories = {"a", "b", "c"};
  spec.y_title = "Energy (J)";
  spec.series = {{"Weight memory", QColor(0, 114, 178), {1 * scale, 2 * scale, 1}, {"w a", "w b", "w c"}},
                 {"MAC", QColor(230, 159, 0), {1 * scale, 1 * scale, 1}, {"m a", "m b", "m c"}}};
  spec.totals = {2 * scale, 3 * scale, 2};
  return spec;
}

TEST(StackedBarChartTest, ALockedAxisMarksTheBarsItCutsOff)
{
  StackedBarChart chart;
  chart.resize(640, 480);
  chart.setSpec(stacked_spec(1));
  chart.show();
  QApplication::processEvents();
  EXPECT_TRUE(chart.overflowingBars().empty());
  chart.setAxisLocked(true);
  const double top = chart.chart()->axes(Qt::Vertical).front()->property("max").toDouble();
  chart.setSpec(stacked_spec(3)); // bars a and b grow to 6 and 9, past the locked top
  QApplication::processEvents();
  ASSERT_LT(top, 6.0);
  EXPECT_EQ(chart.overflowingBars(), (std::vector<int>{0, 1}));
  ASSERT_EQ(chart.overflowMarkers().size(), 2U);
  // Each marker sits at the plot's top edge, over its bar, and names the true total.
  const QRectF plot = chart.chart()->plotArea();
  for (const QGraphicsPolygonItem* marker : chart.overflowMarkers()) {
    const QRectF box = marker->polygon().boundingRect();
    EXPECT_NEAR(box.top(), plot.top(), 2.0);
    EXPECT_TRUE(plot.contains(box.center()));
  }
  EXPECT_LT(chart.overflowMarkers()[0]->polygon().boundingRect().center().x(),
            chart.overflowMarkers()[1]->polygon().boundingRect().center().x());
  EXPECT_TRUE(chart.overflowMarkers()[1]->toolTip().contains("9"))
      << chart.overflowMarkers()[1]->toolTip().toStdString();
  // The segments' tooltips keep their formula and add the total above the axis.
  EXPECT_TRUE(chart.barTooltip(0, 1).startsWith("w b"));
  EXPECT_TRUE(chart.barTooltip(0, 1).contains("its total is 9")) << chart.barTooltip(0, 1).toStdString();
  EXPECT_EQ(chart.barTooltip(0, 2), "w c"); // bar c fits
  // Unlocking fits the axis again: nothing is cut off.
  chart.setAxisLocked(false);
  EXPECT_TRUE(chart.overflowingBars().empty());
  EXPECT_TRUE(chart.overflowMarkers().empty());
}

} // namespace
} // namespace nne::ui
