// Flow: opening the paper's examples, from File > Open Example and from the toolbar's picker. Each
// opens the built-in scenario as it is: the breakdown draws what the core computes for it, and the
// sweep tab, shown on opening, scales the component the scenario sweeps.
#include "core/energy/energy.h"
#include "tests/ui/gui_test_base.h"
#include "ui/chart/bar_panels.h"
#include "ui/chart/small_multiples_chart.h"
#include "ui/chart/stacked_bar_chart.h"
#include "ui/sweep_view.h"

#include <QAction>
#include <QComboBox>
#include <QTabWidget>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <set>

namespace nne::ui {
namespace {

QString text(std::string_view s)
{
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

class OpenExamplesFlow : public testing::GuiTestBase {
protected:
  // The window shows the example `id` as opened: the scenario, the breakdown and the sweep.
  void expectShowsExample(const std::string& id)
  {
    SCOPED_TRACE(id);
    const Scenario& scenario = testing::builtin_scenario(id);
    EXPECT_TRUE(document_.scenario() == scenario);
    EXPECT_FALSE(document_.isModified());
    EXPECT_EQ(document_.undoStack()->count(), 0);

    // The sweep is the paper's figure for the scenario: its tab is the one shown, on the
    // scenario's component, and it draws the core's sweep of that component.
    EXPECT_EQ(child<QTabWidget>("charts")->currentWidget(), window_.sweepView());
    auto* component = child<QComboBox>("sweepComponent");
    EXPECT_TRUE(component->isVisible());
    EXPECT_EQ(component->currentData().toInt(), static_cast<int>(scenario.sweep.component));
    EXPECT_EQ(component->currentText(), text(component_label(scenario.sweep.component)));
    const ScenarioResult result = evaluate(scenario);
    ASSERT_EQ(result.sweep.component, scenario.sweep.component);
    SmallMultiplesChart* sweep = window_.sweepChart();
    EXPECT_TRUE(sweep->spec().title.contains(text(component_label(scenario.sweep.component)) + " energy scaled"))
        << sweep->spec().title.toStdString();
    ASSERT_EQ(sweep->panelCount(), static_cast<int>(scenario.batches.size()));
    const std::size_t scales = scenario.sweep.scales.size();
    for (int panel = 0; panel < sweep->panelCount(); ++panel) {
      const StackedBarSpec& drawn = sweep->panels()->panels()[static_cast<std::size_t>(panel)];
      int series = -1;
      for (std::size_t i = 0; i < drawn.series.size(); ++i) {
        if (drawn.series[i].name == text(component_label(scenario.sweep.component))) {
          series = static_cast<int>(i);
        }
      }
      ASSERT_GE(series, 0) << "panel " << panel << " has no series of the swept component";
      const std::vector<double> values = sweep->panels()->drawnValues(panel, series);
      ASSERT_EQ(values.size(), scales);
      for (std::size_t s = 0; s < scales; ++s) {
        const SweepRow& row = result.sweep.rows[static_cast<std::size_t>(panel) * scales + s];
        EXPECT_EQ(values[s], row.breakdown.normalized[scenario.sweep.component]) << "panel " << panel;
      }
    }

    // The breakdown, in the unit it opens in and in joules.
    EXPECT_EQ(drawnBars(), coreBars(scenario, BreakdownUnit::normalized));
    EXPECT_EQ(drawnJoules(), coreBars(scenario, BreakdownUnit::joules));
    showBreakdownIn(BreakdownUnit::normalized); // as it was, for the next example
  }
};

TEST_F(OpenExamplesFlow, EveryExampleInTheFileMenuOpensAsTheCoreComputesIt)
{
  std::vector<std::string> ids;
  for (const QAction* action : window_.findChildren<QAction*>()) {
    if (action->objectName().startsWith("openExample_")) {
      ids.push_back(action->objectName().mid(QString("openExample_").size()).toStdString());
    }
  }
  std::set<std::string> builtin;
  for (const Scenario& scenario : builtin_presets().scenarios) {
    builtin.insert(scenario.id);
  }
  ASSERT_EQ(std::set<std::string>(ids.begin(), ids.end()), builtin) << "one entry per built-in scenario";
  ASSERT_EQ(ids.size(), builtin.size());
  ASSERT_GE(ids.size(), 11U); // Table 2a-2e and the GPT-3 sweeps

  std::set<int> swept;
  for (const std::string& id : ids) {
    openExample(QString::fromStdString(id));
    ASSERT_NO_FATAL_FAILURE(expectShowsExample(id));
    swept.insert(static_cast<int>(document_.scenario().sweep.component));
  }
  EXPECT_GE(swept.size(), 3U); // the examples sweep different components: the sweep view follows them
}

TEST_F(OpenExamplesFlow, EveryExampleInTheToolbarPickerOpensAsTheCoreComputesIt)
{
  auto* picker = child<QComboBox>("examplePicker");
  ASSERT_EQ(picker->count(), static_cast<int>(builtin_presets().scenarios.size()) + 1); // "Choose..." first
  for (const Scenario& scenario : builtin_presets().scenarios) {
    openExampleFromToolbar(QString::fromStdString(scenario.id));
    ASSERT_NO_FATAL_FAILURE(expectShowsExample(scenario.id));
    EXPECT_EQ(picker->currentIndex(), 0); // a picker, not a state: it reads "Choose..." again
  }
}

TEST_F(OpenExamplesFlow, OpeningAnExampleOverUnsavedChangesAsksFirst)
{
  dragSlider("scale_kv_cache", 4);
  ASSERT_TRUE(document_.isModified());
  const Scenario edited = document_.scenario();

  answerNextMessageBox(QMessageBox::Cancel);
  triggerAction("openExample_paper-resnet18-weight");
  EXPECT_TRUE(lastMessageBoxText().contains("unsaved changes")) << lastMessageBoxText().toStdString();
  EXPECT_TRUE(document_.scenario() == edited); // cancelled: nothing lost
  EXPECT_TRUE(document_.isModified());

  openExample("paper-resnet18-weight"); // the helper discards when asked
  EXPECT_TRUE(lastMessageBoxText().contains("unsaved changes")) << lastMessageBoxText().toStdString();
  ASSERT_NO_FATAL_FAILURE(expectShowsExample("paper-resnet18-weight"));
}

} // namespace
} // namespace nne::ui
