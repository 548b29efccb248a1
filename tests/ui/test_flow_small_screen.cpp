// Flow: the explorer on a small screen (a 1280x720 laptop or projector). The window must fit it,
// and every panel must be there to use: the model panel, the hardware panel and the chart tabs.
#include "tests/ui/gui_test_base.h"

#include <QRect>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

#include <gtest/gtest.h>

namespace nne::ui {
namespace {

constexpr QSize kSmallScreen(1280, 720);
constexpr QSize kLargestMinimum(1024, 640); // leaves room for a task bar and window frame on 1280x720

class SmallScreenFlow : public testing::GuiTestBase {
protected:
  SmallScreenFlow() : GuiTestBase(kStartScenario, kSmallScreen) {}

  // The visible region of `widget` inside the window: its rectangle clipped by each of its parents
  // (a scroll area's viewport, a splitter's pane), in window coordinates; empty when it is hidden.
  // Not QWidget::visibleRegion(), which leaves out what its opaque children cover (a chart's view).
  QRect seen(const QWidget* widget) const
  {
    if (!widget->isVisible()) {
      return {};
    }
    QRect rect = widget->rect();
    for (const QWidget* w = widget; w != &window_; w = w->parentWidget()) {
      rect = rect.translated(w->pos()) & w->parentWidget()->rect();
    }
    return rect;
  }

  void showChartTab(int tab)
  {
    auto* charts = child<QTabWidget>("charts");
    QTest::mouseClick(charts->tabBar(), Qt::LeftButton, {}, charts->tabBar()->tabRect(tab).center());
    settle();
    ASSERT_EQ(charts->currentIndex(), tab);
  }

  // The window keeps the small screen's size and each panel is seen, wide enough to use.
  void expectFitsAndShowsEveryPanel(const std::string& where)
  {
    SCOPED_TRACE(where);
    settle();
    EXPECT_LE(window_.minimumSizeHint().width(), kLargestMinimum.width());
    EXPECT_LE(window_.minimumSizeHint().height(), kLargestMinimum.height());
    EXPECT_LE(window_.minimumSize().width(), kLargestMinimum.width());
    EXPECT_LE(window_.minimumSize().height(), kLargestMinimum.height());
    // Not grown past the screen by what a tab shows.
    EXPECT_EQ(window_.width(), kSmallScreen.width());
    EXPECT_EQ(window_.height(), kSmallScreen.height());
    for (const char* name : {"modelPanel", "hardwarePanel"}) {
      auto* panel = child<QWidget>(name);
      EXPECT_FALSE(seen(panel).isEmpty()) << name << " is not seen";
      EXPECT_GE(seen(panel).width(), 200) << name << " is a sliver"; // not collapsed by the splitter
      EXPECT_GE(seen(panel).height(), 200) << name;
    }
    auto* charts = child<QTabWidget>("charts");
    EXPECT_FALSE(seen(charts).isEmpty()) << "the chart tabs are not seen";
    const QRect chart = seen(charts->currentWidget());
    EXPECT_GE(chart.width(), 400) << "the chart is too narrow to read";
    EXPECT_GE(chart.height(), 300) << "the chart is too low to read: " << chart.height() << " of " << window_.height();
    EXPECT_TRUE(window_.rect().contains(QRect(charts->mapTo(&window_, QPoint(0, 0)), charts->size())))
        << "the chart tabs reach past the window";
  }
};

TEST_F(SmallScreenFlow, TheWindowFitsAndShowsEveryPanelOnEveryTab)
{
  // The window's minimum was 1563x705 here: the side panels never narrower than their contents,
  // and the scaling sweep's small multiples, once shown, wider still.
  ASSERT_NO_FATAL_FAILURE(expectFitsAndShowsEveryPanel("on opening"));
  auto* charts = child<QTabWidget>("charts");
  for (int tab = 0; tab < charts->count(); ++tab) {
    showChartTab(tab);
    ASSERT_NO_FATAL_FAILURE(expectFitsAndShowsEveryPanel(charts->tabText(tab).toStdString() + " tab"));
  }
  // An example opens on its sweep tab, whose titles (the model's name) are part of its width.
  for (const char* id : {"paper-gpt3-175b-weight", "paper-resnet18-mac"}) {
    openExample(id);
    ASSERT_NO_FATAL_FAILURE(expectFitsAndShowsEveryPanel(id));
  }
}

} // namespace
} // namespace nne::ui
