// The window on a projector: 1280 x 720 (or 2560 x 1440 at scale 2) must show every panel, the
// window must fit 1024 x 640, the toolbar must stand still while the undo text grows, and focus on
// a slider must be seen.
#include "core/io/presets.h"
#include "ui/breakdown_view.h"
#include "ui/chart/steady_label.h"
#include "ui/hardware_panel.h"
#include "ui/main_window.h"
#include "ui/model_panel.h"
#include "ui/scenario_document.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QHeaderView>
#include <QImage>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <gtest/gtest.h>

namespace nne::ui {
namespace {

class LayoutTest : public ::testing::Test {
protected:
  LayoutTest() : document_(*builtin_presets().find_scenario("paper-llama7b-kv")), window_(document_, builtin_presets())
  {
  }

  void showAt(int width, int height)
  {
    window_.resize(width, height);
    window_.show();
    QApplication::processEvents();
  }

  // The part of a widget that lies inside the window's central area.
  QRect visibleInWindow(const QWidget* widget) const
  {
    const QRect rect(widget->mapTo(&window_, QPoint(0, 0)), widget->size());
    return rect.intersected(window_.rect());
  }

  ScenarioDocument document_;
  MainWindow window_;
};

TEST_F(LayoutTest, TheWindowFitsA1024By640Screen)
{
  showAt(1280, 720);
  const QSize minimum = window_.minimumSizeHint().expandedTo(window_.minimumSize());
  EXPECT_LE(minimum.width(), 1024);
  EXPECT_LE(minimum.height(), 640);
}

TEST_F(LayoutTest, EveryPanelIsInViewAt1280By720AndAt1024By640)
{
  for (const QSize size : {QSize(1280, 720), QSize(1024, 640)}) {
    showAt(size.width(), size.height());
    ASSERT_EQ(window_.size(), size);
    const auto* splitter = window_.findChild<QSplitter*>("mainSplitter");
    ASSERT_NE(splitter, nullptr);
    ASSERT_EQ(splitter->count(), 3);
    for (int i = 0; i < splitter->count(); ++i) {
      const QWidget* part = splitter->widget(i);
      const QRect seen = visibleInWindow(part);
      EXPECT_GE(seen.width(), 240) << "splitter part " << i << " at " << size.width() << "x" << size.height();
      EXPECT_EQ(seen.width(), part->width()) << "splitter part " << i << " reaches past the window";
    }
    // The panels themselves, inside their scroll areas, and the charts.
    for (const QWidget* panel :
         {static_cast<const QWidget*>(window_.modelPanel()), static_cast<const QWidget*>(window_.hardwarePanel()),
          static_cast<const QWidget*>(window_.findChild<QTabWidget*>("charts"))}) {
      ASSERT_NE(panel, nullptr);
      EXPECT_TRUE(panel->isVisible());
      EXPECT_FALSE(panel->visibleRegion().isEmpty()) << panel->metaObject()->className();
    }
    const auto* charts = window_.findChild<QTabWidget*>("charts");
    EXPECT_GE(visibleInWindow(charts).width(), 400);
    EXPECT_GE(visibleInWindow(charts).height(), 300);
  }
}

TEST_F(LayoutTest, ASidePanelNarrowerThanItsContentsScrollsInsteadOfWideningTheWindow)
{
  showAt(1024, 640);
  for (QScrollArea* area : window_.findChildren<QScrollArea*>()) {
    if (area->widget() != window_.modelPanel() && area->widget() != window_.hardwarePanel()) {
      continue;
    }
    EXPECT_NE(area->horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
    EXPECT_LT(area->minimumSizeHint().expandedTo(area->minimumSize()).width(),
              area->widget()->minimumSizeHint().width());
  }
}

TEST_F(LayoutTest, ToolbarButtonsStandStillWhileTheUndoTextGrows)
{
  showAt(1280, 720);
  auto* toolbar = window_.findChild<QToolBar*>("mainToolBar");
  ASSERT_NE(toolbar, nullptr);
  auto* undo = window_.findChild<QAction*>("toolbarUndo");
  ASSERT_NE(undo, nullptr);
  auto* export_action = window_.findChild<QAction*>("exportChart");
  ASSERT_NE(export_action, nullptr);
  QWidget* export_button = toolbar->widgetForAction(export_action);
  ASSERT_NE(export_button, nullptr);
  const QPoint before = export_button->pos();
  EXPECT_FALSE(undo->isEnabled());

  window_.hardwarePanel()->slider(Component::kv_cache)->setValue(4);
  QApplication::processEvents();
  ASSERT_TRUE(document_.undoStack()->canUndo());
  EXPECT_TRUE(undo->isEnabled());
  EXPECT_EQ(undo->text(), "Undo");
  EXPECT_TRUE(undo->toolTip().contains("Scale KV cache to 1/16")) << undo->toolTip().toStdString();
  EXPECT_EQ(export_button->pos(), before);

  undo->trigger(); // the toolbar's button undoes like Edit > Undo
  QApplication::processEvents();
  EXPECT_EQ(document_.scenario().scales.kv_cache, 1.0);
  EXPECT_FALSE(undo->isEnabled());
  EXPECT_EQ(export_button->pos(), before);
}

TEST_F(LayoutTest, FocusOnASliderIsClearlyVisible)
{
  showAt(1280, 720);
  window_.activateWindow();
  QApplication::setActiveWindow(&window_);
  QSlider* mac = window_.hardwarePanel()->slider(Component::mac);
  QSlider* weight = window_.hardwarePanel()->slider(Component::weight);
  weight->setFocus(Qt::TabFocusReason);
  QApplication::processEvents();
  ASSERT_FALSE(mac->hasFocus());
  const QImage without = mac->grab().toImage();
  mac->setFocus(Qt::TabFocusReason);
  QApplication::processEvents();
  ASSERT_TRUE(mac->hasFocus());
  const QImage with = mac->grab().toImage();
  ASSERT_EQ(with.size(), without.size());
  // A frame round the whole slider, not a dotted line: many pixels change, along its edge.
  int changed_on_edge = 0;
  const int w = with.width();
  const int h = with.height();
  for (int x = 0; x < w; ++x) {
    changed_on_edge += with.pixel(x, 0) != without.pixel(x, 0) ? 1 : 0;
    changed_on_edge += with.pixel(x, h - 1) != without.pixel(x, h - 1) ? 1 : 0;
  }
  EXPECT_GT(changed_on_edge, w); // more than half the top and bottom edges
}

TEST_F(LayoutTest, LongLayerAndNodeNamesKeepTheirEndAndTheFiguresStayInView)
{
  showAt(1280, 720);
  for (const char* name : {"cnnLayers", "graphNodes"}) {
    auto* table = window_.modelPanel()->findChild<QTableView*>(name);
    ASSERT_NE(table, nullptr) << name;
    // "/layer1/layer1.0/conv1/Conv": the end tells the nodes apart, the front repeats.
    EXPECT_EQ(table->textElideMode(), Qt::ElideLeft) << name;
    EXPECT_EQ(table->horizontalHeader()->sectionResizeMode(0), QHeaderView::Stretch) << name;
  }
}

// Counts the paints a widget gets.
class PaintCounter : public QObject {
public:
  int paints = 0;

protected:
  bool eventFilter(QObject* watched, QEvent* event) override
  {
    if (event->type() == QEvent::Paint) {
      ++paints;
    }
    return QObject::eventFilter(watched, event);
  }
};

TEST_F(LayoutTest, ASliderStepRepaintsNeitherTheModelPanelNorTheFiguresThatDidNotChange)
{
  showAt(1280, 720);
  window_.hardwarePanel()->slider(Component::kv_cache)->setValue(1);
  QApplication::processEvents();
  PaintCounter counter;
  auto* n_layer = window_.modelPanel()->findChild<QSpinBox*>("transformer_n_layer");
  auto* weight_energy = window_.hardwarePanel()->findChild<QDoubleSpinBox*>("memoryEnergy_weight");
  ASSERT_NE(n_layer, nullptr);
  ASSERT_NE(weight_energy, nullptr);
  n_layer->installEventFilter(&counter);
  weight_energy->installEventFilter(&counter);
  for (int position = 2; position <= 5; ++position) {
    window_.hardwarePanel()->slider(Component::kv_cache)->setValue(position);
    QApplication::processEvents();
  }
  EXPECT_EQ(counter.paints, 0);
}

TEST(SteadyLabel, AtOneWidthItsHeightOnlyGrowsAndANewWidthStartsAfresh)
{
  QWidget window;
  auto* layout = new QVBoxLayout(&window);
  auto* label = new SteadyLabel(&window);
  layout->addWidget(label);
  window.resize(300, 400);
  window.show();
  QApplication::processEvents();
  const QString long_text = QString("word ").repeated(60);
  label->setText(long_text);
  const int tall = label->heightForWidth(label->width());
  label->setText("short");
  EXPECT_EQ(label->heightForWidth(label->width()), tall); // one line shorter resizes nothing
  EXPECT_LT(label->QLabel::heightForWidth(label->width()), tall);
  window.resize(500, 400);
  QApplication::processEvents();
  EXPECT_LT(label->heightForWidth(label->width()), tall);                // a new width: the short text's own height
  EXPECT_EQ(label->minimumSizeHint(), label->QLabel::minimumSizeHint()); // the window's minimum is QLabel's
}

// A chart's texts (title, axis titles, tick labels) are drawn after the window is resized, as a
// user does on a larger screen: they once vanished, cached as pixmaps Qt Charts did not renew
// when it laid the axes out again.
TEST_F(LayoutTest, ChartTextsAreDrawnAfterTheWindowIsResized)
{
  showAt(1600, 1000);
  for (int i = 0; i < 5; ++i) {
    QApplication::processEvents();
  }
  window_.resize(1900, 1050);
  for (int i = 0; i < 5; ++i) {
    QApplication::processEvents();
  }
  auto* view = window_.breakdownView()->findChild<QChartView*>();
  ASSERT_NE(view, nullptr);
  const QImage image = view->grab().toImage();
  ASSERT_FALSE(image.isNull());
  // Text is dark on the light slide theme; bars are coloured and the grid is light. The left
  // fifth of the chart holds the value axis's title and tick labels.
  int dark = 0;
  for (int y = image.height() / 5; y < image.height() * 4 / 5; ++y) {
    for (int x = 0; x < image.width() / 5; ++x) {
      const QColor pixel = image.pixelColor(x, y);
      dark += qGray(pixel.rgb()) < 110 && pixel.saturation() < 60 ? 1 : 0;
    }
  }
  EXPECT_GT(dark, 50) << "no axis text in the left of the chart";
}

} // namespace
} // namespace nne::ui
