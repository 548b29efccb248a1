// The chart widgets and exports on specs of their own: what they draw, mark and lay out.
#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "tests/support/temp_dir.h"
#include "ui/chart/bar_panels.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/chart_legend.h"
#include "ui/chart/heat_map_chart.h"
#include "ui/chart/small_multiples_chart.h"
#include "ui/chart/stacked_bar_chart.h"
#include "ui/chart_builders.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCursor>
#include <QFile>
#include <QFontMetricsF>
#include <QGraphicsPolygonItem>
#include <QHelpEvent>
#include <QImage>
#include <QTest>
#include <QToolTip>

#include <gtest/gtest.h>

#include <cmath>

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

QBarSet* bar_set(const StackedBarChart& chart, int series)
{
  auto* bars = qobject_cast<QAbstractBarSeries*>(chart.chart()->series().front());
  return bars == nullptr ? nullptr : bars->barSets().at(series);
}

// Four panels of the stacked spec, each `panel + 1` times as tall, on one axis as the sweep has.
SmallMultiplesSpec four_panels()
{
  SmallMultiplesSpec spec;
  spec.title = "grid";
  spec.caption = "the caption";
  for (int panel = 0; panel < 4; ++panel) {
    StackedBarSpec p = stacked_spec(panel + 1);
    p.title = QString("batch %1").arg(panel + 1);
    p.x_title = "scale";
    p.y_maximum = 3 * 4 * 1.08; // the tallest total of any panel, as sweep_panels() shares it
    spec.panels.push_back(p);
  }
  return spec;
}

TEST(SmallMultiplesChartTest, PaintsEveryPanelsBarsInTheirColoursOnOneAxis)
{
  SmallMultiplesChart chart;
  chart.resize(900, 700);
  const SmallMultiplesSpec spec = four_panels();
  chart.setSpec(spec);
  chart.show();
  QApplication::processEvents();
  BarPanels* panels = chart.panels();
  ASSERT_EQ(panels->panelCount(), 4);
  const QImage image = panels->grab().toImage();
  for (int panel = 0; panel < 4; ++panel) {
    // One linear axis for all, its labels as the axis of bar_chart_value_axis() reads.
    EXPECT_EQ(panels->valueAxisLabels(panel), panels->valueAxisLabels(0));
    EXPECT_FALSE(panels->logDecades(panel).has_value());
    const QRectF plot = panels->plotRect(panel);
    EXPECT_GT(plot.width(), 150);
    EXPECT_GT(plot.height(), 150);
    for (int series = 0; series < 2; ++series) {
      // The values drawn are the spec's.
      const std::vector<double>& values =
          spec.panels[static_cast<std::size_t>(panel)].series[static_cast<std::size_t>(series)].values;
      const std::vector<double> drawn = panels->drawnValues(panel, series);
      ASSERT_EQ(drawn.size(), values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_DOUBLE_EQ(drawn[i], values[i]);
      }
      for (int category = 0; category < 3; ++category) {
        const QRect bar = panels->barRect(panel, series, category);
        ASSERT_FALSE(bar.isEmpty()) << panel << " " << series << " " << category;
        EXPECT_TRUE(plot.adjusted(-1, -1, 1, 1).contains(QRectF(bar))) << panel; // whole pixels
        const QColor painted = image.pixelColor(bar.center() * image.devicePixelRatio());
        EXPECT_EQ(painted.rgb(), spec.panels[0].series[static_cast<std::size_t>(series)].color.rgb())
            << panel << " " << series << " " << category;
      }
    }
    // Stacked: the MAC segment sits on the weight segment, heights in proportion to the values.
    const QRect weight = panels->barRect(panel, 0, 1);
    const QRect mac = panels->barRect(panel, 1, 1);
    EXPECT_NEAR(mac.bottom() + 1, weight.top(), 1);
    EXPECT_NEAR(weight.height(), 2.0 * mac.height(), 2.0);
  }
  // Taller values, taller bars: panel 4 draws bar b four times as tall as panel 1.
  EXPECT_NEAR(panels->barRect(3, 0, 1).height(), 4.0 * panels->barRect(0, 0, 1).height(), 4.0);
  // The frames are painted: the title and the axes' labels leave dark pixels above and left of the plot.
  const QRectF plot = panels->plotRect(0);
  int dark_left = 0;
  for (int y = static_cast<int>(plot.top()); y < static_cast<int>(plot.bottom()); ++y) {
    for (int x = 0; x < static_cast<int>(plot.left()) - 2; ++x) {
      dark_left += qGray(image.pixel(QPoint(x, y) * image.devicePixelRatio())) < 128 ? 1 : 0;
    }
  }
  EXPECT_GT(dark_left, 50);
}

TEST(SmallMultiplesChartTest, HoveringASegmentShowsItsTooltip)
{
  SmallMultiplesChart chart;
  chart.resize(900, 700);
  chart.setSpec(four_panels());
  chart.show();
  QApplication::processEvents();
  BarPanels* panels = chart.panels();
  const QRect bar = panels->barRect(2, 1, 0); // MAC in bar a of the third panel
  ASSERT_FALSE(bar.isEmpty());
  ASSERT_TRUE(panels->barAt(bar.center()).has_value());
  EXPECT_EQ(*panels->barAt(bar.center()), (BarPanels::Bar{2, 1, 0}));
  QHelpEvent help(QEvent::ToolTip, bar.center(), panels->mapToGlobal(bar.center()));
  QApplication::sendEvent(panels, &help);
  EXPECT_TRUE(QToolTip::isVisible());
  EXPECT_EQ(QToolTip::text(), "m a");
  // Off the bars (the panel's title): no tooltip.
  const QPoint title = panels->panelRect(0).topLeft().toPoint() + QPoint(4, 4);
  EXPECT_FALSE(panels->barAt(title).has_value());
  QHelpEvent away(QEvent::ToolTip, title, panels->mapToGlobal(title));
  QApplication::sendEvent(panels, &away);
  QTest::qWait(400); // Qt hides a tooltip with a short fade
  EXPECT_FALSE(QToolTip::isVisible());
}

TEST(SmallMultiplesChartTest, ALogScaleSharesTheLowestPanelsDecades)
{
  SmallMultiplesSpec spec = four_panels();
  for (StackedBarSpec& panel : spec.panels) {
    panel.log_scale = true;
  }
  spec.panels[0].series[0].values = {0.001, 2, 1}; // one tiny segment: three decades lower
  SmallMultiplesChart chart;
  chart.resize(900, 700);
  chart.setSpec(spec);
  chart.show();
  QApplication::processEvents();
  const BarPanels* panels = chart.panels();
  ASSERT_TRUE(panels->logDecades(0).has_value());
  EXPECT_EQ(panels->logDecades(0)->low, -3);
  for (int panel = 1; panel < 4; ++panel) {
    EXPECT_EQ(panels->logDecades(panel)->low, -3);
    EXPECT_EQ(panels->valueAxisLabels(panel).front(), "0.001");
  }
  EXPECT_EQ(panels->drawnValues(0, 0), spec.panels[0].series[0].values);
}

TEST(StackedBarChartTest, ABarsTooltipStaysWhileThePointerRestsOnIt)
{
  StackedBarChart chart;
  chart.resize(640, 480);
  chart.setSpec(stacked_spec(1));
  chart.show();
  QApplication::processEvents();
  const QRect rect = chart.barRect(0, 1); // weight memory in bar b: 0 to 2 of 3
  ASSERT_FALSE(rect.isEmpty());
  const QRect other = chart.barRect(1, 1);      // MAC above it
  EXPECT_NEAR(other.bottom(), rect.top(), 1.5); // stacked on it
  EXPECT_NEAR(rect.height(), 2.0 * other.height(), 2.0);
  QCursor::setPos(chart.viewport()->mapToGlobal(rect.center()));
  QApplication::processEvents();
  QBarSet* weight = bar_set(chart, 0);
  ASSERT_NE(weight, nullptr);
  emit weight->hovered(true, 1);
  EXPECT_TRUE(QToolTip::isVisible());
  EXPECT_EQ(QToolTip::text(), "w b");
  ASSERT_TRUE(chart.hoveredBar().has_value());
  EXPECT_EQ(*chart.hoveredBar(), std::pair(0, 1));
  // Qt Charts toggles the hover while the pointer rests on the bar: the tooltip stays, past the
  // time Qt hides one after it appeared.
  emit weight->hovered(false, 1);
  QTest::qWait(500);
  EXPECT_TRUE(QToolTip::isVisible());
  EXPECT_EQ(QToolTip::text(), "w b");
  EXPECT_TRUE(chart.hoveredBar().has_value());
  // The pointer leaves the bar: the tooltip goes.
  QCursor::setPos(chart.viewport()->mapToGlobal(QPoint(2, 2)));
  emit weight->hovered(false, 1);
  QTest::qWait(500);
  EXPECT_FALSE(chart.hoveredBar().has_value());
  EXPECT_FALSE(QToolTip::isVisible());
}

TEST(StackedBarChartTest, ALogAxisDrawsADecadePerTenfoldWithTheRealValuesOnItsTicks)
{
  StackedBarSpec spec;
  spec.categories = {"a", "b", "c"};
  spec.series = {{"Weight memory", QColor(0, 114, 178), {0.05, 0.5, 5}, {}},
                 {"MAC", QColor(230, 159, 0), {0.05, 0.5, 5}, {}}};
  spec.totals = {0.1, 1, 10};
  spec.log_scale = true;
  StackedBarChart chart;
  chart.resize(640, 480);
  chart.setSpec(spec);
  chart.show();
  QApplication::processEvents();
  // Powers of ten from the decade of the smallest bar to above the tallest, labelled as values.
  ASSERT_TRUE(chart.logDecades().has_value());
  auto* axis = qobject_cast<QCategoryAxis*>(chart.chart()->axes(Qt::Vertical).front());
  ASSERT_NE(axis, nullptr);
  EXPECT_EQ(axis->categoriesLabels(), (QStringList{"0.01", "0.1", "1", "10", "100"}));
  // What is drawn is still the real values.
  EXPECT_EQ(chart.drawnValues(0), spec.series[0].values);
  EXPECT_EQ(chart.drawnValues(1), spec.series[1].values);
  // Each bar is ten times the one before: its top one decade higher, its segments between their
  // bounds (the upper one from 0.05 to 0.1 in bar a: log10 2 of a decade).
  const double decade = chart.chart()->plotArea().height() / 4;
  for (int bar = 1; bar < 3; ++bar) {
    EXPECT_NEAR(chart.barRect(1, bar - 1).top() - chart.barRect(1, bar).top(), decade, 1.5) << bar;
    EXPECT_NEAR(chart.barRect(0, bar).height(), chart.barRect(0, bar - 1).height() + decade, 1.5) << bar;
  }
  EXPECT_NEAR(chart.barRect(1, 0).height(), std::log10(2.0) * decade, 1.5);
  // Linear again: the bar sets hold the values.
  spec.log_scale = false;
  chart.setSpec(spec);
  EXPECT_FALSE(chart.logDecades().has_value());
  EXPECT_EQ(chart.drawnValues(0), spec.series[0].values);
  EXPECT_GT(chart.barRect(0, 2).height(), 8 * chart.barRect(0, 1).height());
}

QStringList names(const std::vector<LegendEntry>& entries)
{
  QStringList list;
  for (const LegendEntry& entry : entries) {
    list << entry.name;
  }
  return list;
}

// Every name in full, every entry inside the image, under the charts and over the caption.
void expect_whole_legend(const SlideGeometry& geometry, const QStringList& expected, QSize size)
{
  EXPECT_EQ(geometry.legend_labels, expected);
  ASSERT_EQ(geometry.legend_items.size(), static_cast<std::size_t>(expected.size()));
  const QRectF image(QPointF(0, 0), size);
  double charts_bottom = 0;
  for (const QRectF& chart : geometry.charts) {
    charts_bottom = std::max(charts_bottom, chart.bottom());
  }
  for (const QRectF& item : geometry.legend_items) {
    EXPECT_TRUE(image.contains(item)) << item.x() << "," << item.y() << " " << item.width() << "x" << item.height();
    EXPECT_GE(item.top(), charts_bottom - 0.5);
    if (!geometry.caption.isEmpty()) {
      EXPECT_LE(item.bottom(), geometry.caption.top() + 0.5);
    }
  }
}

// Qt Charts elides with three dots; QFontMetrics::elidedText with an ellipsis.
bool elided(const QString& svg)
{
  return svg.contains("...") || svg.contains(QChar(0x2026));
}

class ChartExportTest : public ::testing::Test {
protected:
  static ScenarioResult result_of(const Scenario& scenario) { return evaluate(scenario); }
  const Scenario llama_ = *builtin_presets().find_scenario("paper-llama7b-kv");
  const Scenario resnet_ = *builtin_presets().find_scenario("paper-resnet18-mac");
};

TEST_F(ChartExportTest, LegendsAreNeverElidedAndFitTheSlide)
{
  for (const QSize size : {QSize(1920, 1080), QSize(1280, 720)}) {
    for (const Scenario* scenario : {&llama_, &resnet_}) {
      const ScenarioResult result = result_of(*scenario);
      const LineChartSpec regime = regime_spec(*scenario, result);
      SlideGeometry geometry;
      render_chart_image(regime, size, 96, &geometry);
      expect_whole_legend(geometry, names(legend_entries(regime)), size);
      const SmallMultiplesSpec sweep = sweep_panels(*scenario, result);
      SlideGeometry sweep_geometry;
      render_chart_image(sweep, size, 96, &sweep_geometry);
      expect_whole_legend(sweep_geometry, names(legend_entries(sweep.panels.front())), size);
      // The grid's title wraps inside the slide rather than running off its sides.
      EXPECT_TRUE(QRectF(QPointF(0, 0), size).contains(sweep_geometry.title));
      // Nothing elided in the drawing (Qt Charts' legend wrote "MAC energy / memory energy (weights + a...").
      const nne::testing::TempDir dir;
      const QString svg = QString::fromStdString(dir.file("regime.svg"));
      export_chart(regime, svg, size);
      QFile file(svg);
      ASSERT_TRUE(file.open(QIODevice::ReadOnly));
      const QString drawing = QString::fromUtf8(file.readAll());
      EXPECT_FALSE(elided(drawing)) << scenario->id << " " << size.width();
      for (const LineSeriesSpec& s : regime.series) {
        EXPECT_TRUE(drawing.contains(s.name.split(' ').front())) << s.name.toStdString();
      }
      const QString sweep_svg = QString::fromStdString(dir.file("sweep.svg"));
      export_chart(sweep, sweep_svg, size);
      QFile sweep_file(sweep_svg);
      ASSERT_TRUE(sweep_file.open(QIODevice::ReadOnly));
      EXPECT_FALSE(QString::fromUtf8(sweep_file.readAll()).contains(QChar(0x2026)))
          << scenario->id << " " << size.width();
    }
  }
}

TEST_F(ChartExportTest, EveryPanelOfTheSweepHasTheSameSize)
{
  // Qt Charts' legend, on the last panel only, took its room out of that panel (batch 16).
  for (const QSize size : {QSize(1920, 1080), QSize(1280, 720)}) {
    SlideGeometry geometry;
    render_chart_image(sweep_panels(llama_, result_of(llama_)), size, 96, &geometry);
    ASSERT_EQ(geometry.plot_areas.size(), 4U);
    for (const QRectF& plot : geometry.plot_areas) {
      EXPECT_NEAR(plot.height(), geometry.plot_areas.front().height(), 0.5);
      EXPECT_NEAR(plot.width(), geometry.plot_areas.front().width(), 0.5);
      EXPECT_GT(plot.height(), size.height() / 6.0);
    }
    EXPECT_NEAR(geometry.plot_areas[0].top(), geometry.plot_areas[1].top(), 0.5); // rows aligned
    EXPECT_NEAR(geometry.plot_areas[2].top(), geometry.plot_areas[3].top(), 0.5);
  }
}

TEST_F(ChartExportTest, TheHeatMapsMarkerLabelStaysInsideThePlot)
{
  HeatMapSpec spec = design_space_spec(llama_, result_of(llama_), 16);
  ASSERT_TRUE(spec.marker.has_value());
  QFont widget_font = QApplication::font();
  QFont slide_font("DejaVu Sans");
  slide_font.setPixelSize(28);
  struct Case {
    QSizeF size;
    QFont font;
  };
  // The window's smallest canvas (where the label is wider than the plot), a usual one, a slide.
  const Case cases[] = {
      {QSizeF(320, 240), widget_font}, {QSizeF(640, 420), widget_font}, {QSizeF(1920, 1000), slide_font}};
  const double low = spec.x_values.front();
  const double high = spec.x_values.back();
  const double middle = std::sqrt(low * high);
  for (const Case& c : cases) {
    for (const double x : {low, middle, high}) {
      for (const double y : {low, middle, high}) {
        spec.marker = QPointF(x, y);
        spec.marker_label = "memory 1/1024, MAC 1/1024: 0.000977x today's";
        const HeatMapGeometry geometry =
            heat_map_geometry(spec, QRectF(QPointF(0, 0), c.size), {c.font, c.font, c.font, c.font});
        ASSERT_FALSE(geometry.plot.isEmpty()) << c.size.width();
        ASSERT_TRUE(geometry.marker.has_value());
        const QString where = QString("%1 at (%2, %3)").arg(c.size.width()).arg(x).arg(y);
        EXPECT_TRUE(geometry.plot.contains(geometry.marker_label)) << where.toStdString();
        // Beside the cross, not over it, and the whole text (wrapped, never cut).
        EXPECT_FALSE(geometry.marker_label.contains(*geometry.marker)) << where.toStdString();
        EXPECT_EQ(geometry.marker_label_lines.join(' '), spec.marker_label) << where.toStdString();
        const QFontMetricsF metrics(c.font);
        for (const QString& line : geometry.marker_label_lines) {
          EXPECT_LE(metrics.horizontalAdvance(line), geometry.marker_label.width()) << where.toStdString();
        }
        if (c.size.width() > 1000) {
          EXPECT_EQ(geometry.marker_label_lines.size(), 1) << where.toStdString(); // room for one line
        }
        // In a corner, or on the smallest canvas, the regions' names may leave no room.
        if (x == middle && y == middle && c.size.width() > 320) {
          for (const QRectF& region : geometry.region_labels) {
            EXPECT_FALSE(region.intersects(geometry.marker_label)) << where.toStdString();
          }
        }
      }
    }
  }
}

} // namespace
} // namespace nne::ui
