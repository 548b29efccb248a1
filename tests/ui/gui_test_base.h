// The base of the GUI flow tests, in the style of KeePassXC's GuiTestBase: the real MainWindow on a
// real document, shown at a given size, driven as a user drives it (picking in combo boxes,
// typing into fields, dragging sliders, triggering actions by name), and read back from what the
// charts draw.
#pragma once

#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "core/model/component.h"
#include "ui/chart_builders.h"
#include "ui/main_window.h"
#include "ui/scenario_document.h"

#include <QMessageBox>
#include <QObject>
#include <QSize>
#include <QString>
#include <QWidget>

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

class QComboBox;

// For a test that reads ONNX fixtures: skipped in a build without the ONNX importer
// (NNE_WITH_ONNX=OFF), where such a file is refused by design.
#define NNE_SKIP_WITHOUT_ONNX()                                                                                        \
  if (!NNE_WITH_ONNX)                                                                                                  \
  GTEST_SKIP() << "built without the ONNX importer (NNE_WITH_ONNX=OFF)"

namespace nne::ui::testing {

// What a helper throws when the window lacks what a step needs (a widget, an entry, an enabled
// action): GoogleTest reports the message as the test's failure and the test stops at that step,
// instead of going on with a null pointer or with a step that silently did nothing.
class GuiTestError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A scenario preset by id; throws GuiTestError naming the id when there is none.
const Scenario& builtin_scenario(std::string_view id);

// Energies per batch of each component a chart shows.
using Bars = std::map<Component, std::vector<double>>;

class GuiTestBase : public ::testing::Test {
protected:
  // The window opens on the preset scenario `scenario_id`, at `size` (the default is the size the
  // window takes on a first start).
  explicit GuiTestBase(std::string_view scenario_id = kStartScenario, QSize size = QSize(1600, 950));
  ~GuiTestBase() override;

  // Lets the posted evaluation and the redraws run, as the event loop does between frames.
  static void settle();

  // The one child of the window of type T named `name`; fails the test when there is none or more.
  template <class T> T* child(const QString& name) const
  {
    const QList<T*> found = window_.findChildren<T*>(name);
    if (found.size() != 1) {
      fail(QString("the main window has %1 %2 named \"%3\", expected exactly one")
               .arg(found.size())
               .arg(QString::fromLatin1(T::staticMetaObject.className()), name));
    }
    return found.front();
  }
  // The widget named `name`, which a user can reach: shown (as far as its window is) and enabled.
  template <class T> T* usable(const QString& name) const
  {
    T* widget = child<T>(name);
    requireUsable(widget);
    return widget;
  }

  // Model panel: picks a model in the model combo by its name as listed or its preset id.
  void pickModel(const QString& name_or_id);
  // Hardware panel: picks a hardware preset by id.
  void pickHardware(const QString& id);
  // File > Open Example > the scenario `id` (the action openExample_<id>). Unsaved changes are
  // discarded when the window asks (answer it otherwise with answerNextMessageBox first).
  void openExample(const QString& id);
  // The same from the toolbar's example picker.
  void openExampleFromToolbar(const QString& id);
  // Picks entry `row` of a combo box as a user does: its list opened, the entry chosen with Enter.
  void chooseInCombo(QComboBox* combo, int row);
  void chooseInCombo(const QString& combo, const QVariant& item_data);

  // Selects the field's text, types `text` and presses Enter (a QLineEdit or a spin box).
  void typeInto(const QString& name, const QString& text);
  // Double-clicks cell (row, column) of a table view, types `text` over its contents and presses Enter.
  void editCell(const QString& table, int row, int column, const QString& text);
  // Clicks row `row` of a table view (into its first visible column).
  void selectRow(const QString& table, int row);
  // Drags the slider's handle with the mouse from where it is to position `value`.
  void dragSlider(const QString& name, int value);
  // Triggers the action `name` (a menu or toolbar entry), which must be enabled.
  void triggerAction(const QString& name);
  // Clicks the button `name`, which must be shown and enabled.
  void clickButton(const QString& name);
  // The next message box the window opens is answered with `button` (and its text kept for
  // lastMessageBoxText()).
  void answerNextMessageBox(QMessageBox::StandardButton button);
  const QString& lastMessageBoxText() const noexcept { return message_box_text_; }

  // The breakdown chart: the unit it shows (picked in its unit combo), and what it draws.
  void showBreakdownIn(BreakdownUnit unit);
  // The values drawn for one component in the unit shown; empty when it has no series.
  std::vector<double> drawn(Component component) const;
  // Every component drawn, in the unit shown.
  Bars drawnBars() const;
  // Joules per step of each batch for one component, or for all (the unit is switched to joules).
  std::vector<double> drawnJoules(Component component);
  Bars drawnJoules();

  // What the core computes for a scenario, per component and batch, in a breakdown unit.
  static Bars coreBars(const Scenario& scenario, BreakdownUnit unit);

  // Fails the test with `message`.
  [[noreturn]] static void fail(const QString& message);

  ScenarioDocument document_;
  MainWindow window_;

private:
  void requireUsable(const QWidget* widget) const;
  QString message_box_text_;
};

} // namespace nne::ui::testing
