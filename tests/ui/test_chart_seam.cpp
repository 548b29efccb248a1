// The chart seam as one type: every ChartSpec alternative goes through the one render and the one
// export, every chart of the catalog is a command-line id and a tab of the window.
#include "app/cli/cli.h"
#include "app/cli/gui_commands.h"
#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "tests/support/temp_dir.h"
#include "tests/ui/gui_test_base.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/chart_view.h"
#include "ui/chart_catalog.h"

#include <QFile>
#include <QImage>
#include <QTabWidget>

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace nne::ui {
namespace {

const Scenario& llama()
{
  return *builtin_presets().find_scenario("paper-llama7b-kv");
}

QByteArray read(const QString& path)
{
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The spec of the first chart of the catalog whose spec is alternative `index` of ChartSpec.
std::optional<ChartSpec> catalog_spec_of_alternative(std::size_t index)
{
  const ScenarioResult result = evaluate(llama());
  for (const ChartKind& kind : chart_kinds()) {
    ChartSpec spec = kind.spec(llama(), result, {});
    if (spec.index() == index) {
      return spec;
    }
  }
  return std::nullopt;
}

class ChartSeamTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ChartSeamTest, EveryAlternativeRendersAndExportsInEveryFormat)
{
  const std::optional<ChartSpec> spec = catalog_spec_of_alternative(GetParam());
  ASSERT_TRUE(spec) << "no chart of chart_kinds() makes alternative " << GetParam() << " of ChartSpec";
  const QSize size(640, 360);
  const QImage image = render_chart_image(*spec, size, 150);
  ASSERT_EQ(image.size(), size);
  EXPECT_EQ(image.dotsPerMeterX(), 5906); // 150 dpi
  bool drawn = false;                     // anything but the white background
  for (int y = 0; y < image.height() && !drawn; y += 4) {
    for (int x = 0; x < image.width() && !drawn; x += 4) {
      drawn = image.pixel(x, y) != qRgb(255, 255, 255);
    }
  }
  EXPECT_TRUE(drawn);

  const nne::testing::TempDir dir;
  const QString png = QString::fromStdString(dir.file("chart.png"));
  export_chart(*spec, png, size, 150);
  EXPECT_EQ(QImage(png).convertToFormat(QImage::Format_RGB32), image); // the export is the render
  const QString svg = QString::fromStdString(dir.file("chart.svg"));
  export_chart(*spec, svg, size, 150);
  EXPECT_TRUE(read(svg).contains("<svg"));
  const QString pdf = QString::fromStdString(dir.file("chart.pdf"));
  export_chart(*spec, pdf, size, 150);
  EXPECT_TRUE(read(pdf).startsWith("%PDF"));
  const QString csv = QString::fromStdString(dir.file("chart.csv"));
  export_chart(*spec, csv, size, 150);
  const QByteArray data = read(csv);
  EXPECT_TRUE(data.contains(',') && data.contains('\n')) << data.toStdString();
}

INSTANTIATE_TEST_SUITE_P(EveryChartSpec, ChartSeamTest,
                         ::testing::Range(std::size_t{0}, std::variant_size_v<ChartSpec>));

TEST(ChartCatalog, IdsAreUniqueAndEachNamesItsOwnEntry)
{
  std::vector<std::string> ids;
  for (const ChartKind& kind : chart_kinds()) {
    EXPECT_EQ(&chart_kind(kind.id), &kind) << kind.id; // an id taken twice finds its first entry
    EXPECT_NE(std::string(kind.title), "");
    ids.emplace_back(kind.id);
  }
  EXPECT_EQ(chart_ids(), ids);
  EXPECT_THROW(chart_kind("pie"), std::logic_error);
}

class CommandLineChartsTest : public ::testing::Test {
protected:
  CommandLineChartsTest() { cli::register_gui_commands(); }

  int run(const std::vector<std::string_view>& args)
  {
    std::ostringstream out;
    std::ostringstream err;
    const int status = cli::run(args, out, err);
    out_ = out.str();
    err_ = err.str();
    return status;
  }

  nne::testing::TempDir temp_;
  std::string out_;
  std::string err_;
};

// Each --chart writes the spec its catalog entry makes: the same data as an export of that spec.
TEST_F(CommandLineChartsTest, EveryChartIdExportsItsCatalogSpec)
{
  const ScenarioResult result = evaluate(llama());
  for (const std::string& id : chart_ids()) {
    const std::string file = temp_.file(id + ".csv");
    ASSERT_EQ(run({"export", "paper-llama7b-kv", "--chart", id, "--out", file}), 0) << id << ": " << err_;
    const QString expected = QString::fromStdString(temp_.file(id + "-expected.csv"));
    export_chart(chart_kind(id).spec(llama(), result, {}), expected, QSize(1920, 1080));
    EXPECT_EQ(read(QString::fromStdString(file)), read(expected)) << id;
  }
}

TEST_F(CommandLineChartsTest, TheUsageAndTheMessagesListEveryChartId)
{
  std::string bars;
  for (const std::string& id : chart_ids()) {
    bars += (bars.empty() ? "" : "|") + id;
  }
  ASSERT_EQ(run({"export", "--help"}), 0);
  EXPECT_NE(out_.find("--chart " + bars + " "), std::string::npos) << out_;
  EXPECT_EQ(run({"export", "paper-llama7b-kv", "--out", temp_.file("x.png")}), 2);
  EXPECT_NE(err_.find("--chart: missing; expected breakdown, sweep, savings, regime or design-space"),
            std::string::npos)
      << err_;
}

class ChartTabsTest : public testing::GuiTestBase {};

// A tab per catalog entry, in its order and with its title; each tab's chart draws that entry's
// kind of spec, and the window's current chart is the visible tab's.
TEST_F(ChartTabsTest, EveryChartOfTheCatalogIsATabInItsOrder)
{
  auto* tabs = child<QTabWidget>("charts");
  ASSERT_EQ(window_.chartTabs().size(), chart_kinds().size());
  ASSERT_EQ(static_cast<std::size_t>(tabs->count()), chart_kinds().size());
  const ScenarioResult result = evaluate(document_.scenario());
  for (std::size_t i = 0; i < chart_kinds().size(); ++i) {
    const ChartKind& kind = chart_kinds()[i];
    const ChartTab& tab = window_.chartTabs()[i];
    EXPECT_EQ(tab.kind, &kind) << kind.id;
    const int index = static_cast<int>(i);
    EXPECT_EQ(tabs->tabText(index), QString(kind.title)) << kind.id;
    EXPECT_EQ(tabs->widget(index), tab.page) << kind.id;
    ASSERT_NE(tab.chart, nullptr) << kind.id;
    EXPECT_TRUE(tab.chart == tab.page || tab.page->isAncestorOf(tab.chart)) << kind.id;
    tabs->setCurrentIndex(index);
    settle();
    EXPECT_EQ(window_.currentChart(), tab.chart) << kind.id;
    EXPECT_EQ(tab.chart->chartSpec().index(), kind.spec(document_.scenario(), result, {}).index()) << kind.id;
  }
}

// The drawing protocol every chart inherits (ChartView::specChanged): a hidden chart draws a new
// spec only when shown, a shown one at once, and each spec once.
class CountingChart : public ChartView {
public:
  using ChartView::ChartView;
  void setSpec(const StackedBarSpec& spec)
  {
    spec_ = spec;
    specChanged();
  }
  ChartSpec chartSpec() const override { return spec_; }
  int draws = 0;

private:
  void draw() override { ++draws; }
  StackedBarSpec spec_;
};

TEST(ChartViewDrawing, AHiddenChartDrawsItsLastSpecWhenShownAndAShownOneAtOnce)
{
  CountingChart chart;
  chart.setSpec({});
  chart.setSpec({});
  EXPECT_EQ(chart.draws, 0); // hidden, as a chart on another tab
  chart.show();
  EXPECT_EQ(chart.draws, 1); // the last spec, once
  chart.setSpec({});
  EXPECT_EQ(chart.draws, 2);
  chart.hide();
  chart.show();
  EXPECT_EQ(chart.draws, 2); // nothing new to draw
}

} // namespace
} // namespace nne::ui
