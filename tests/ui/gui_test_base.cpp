#include "tests/ui/gui_test_base.h"

#include "core/energy/energy.h"
#include "ui/breakdown_view.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

namespace nne::ui::testing {

namespace {

QString text(std::string_view s)
{
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString describe(const QObject* object)
{
  return QString("%1 \"%2\"").arg(QString::fromLatin1(object->metaObject()->className()), object->objectName());
}

// The window restores its geometry and splitter from the settings a previous window saved: each
// test starts from none, so that it sees the size it asks for. Returns the scenario to open.
const Scenario& fresh_start(std::string_view scenario_id)
{
  QSettings settings;
  settings.remove("mainWindow");
  return builtin_scenario(scenario_id);
}

// QSlider::initStyleOption is protected: the same option, built from the slider's public state,
// for the style to say where the handle and the groove are.
QStyleOptionSlider slider_option(const QSlider& slider)
{
  QStyleOptionSlider option;
  option.initFrom(&slider);
  option.subControls = QStyle::SC_None;
  option.activeSubControls = QStyle::SC_None;
  option.orientation = slider.orientation();
  option.maximum = slider.maximum();
  option.minimum = slider.minimum();
  option.tickPosition = slider.tickPosition();
  option.tickInterval = slider.tickInterval();
  option.upsideDown = slider.orientation() == Qt::Horizontal
                          ? slider.invertedAppearance() != (option.direction == Qt::RightToLeft)
                          : !slider.invertedAppearance();
  option.direction = Qt::LeftToRight;
  option.sliderPosition = slider.sliderPosition();
  option.sliderValue = slider.value();
  option.singleStep = slider.singleStep();
  option.pageStep = slider.pageStep();
  if (slider.orientation() == Qt::Horizontal) {
    option.state |= QStyle::State_Horizontal;
  }
  return option;
}

} // namespace

const Scenario& builtin_scenario(std::string_view id)
{
  const Scenario* scenario = builtin_presets().find_scenario(id);
  if (scenario == nullptr) {
    throw GuiTestError("no built-in scenario \"" + std::string(id) + "\"");
  }
  return *scenario;
}

GuiTestBase::GuiTestBase(std::string_view scenario_id, QSize size)
    : document_(fresh_start(scenario_id)), window_(document_, builtin_presets())
{
  window_.resize(size);
  window_.show();
  if (!QTest::qWaitForWindowExposed(&window_)) {
    fail("the main window was not exposed");
  }
  settle();
}

GuiTestBase::~GuiTestBase() = default;

void GuiTestBase::settle()
{
  // Twice: an evaluation posted while the first round runs (a change made by a redraw) runs too.
  QApplication::processEvents();
  QApplication::processEvents();
}

void GuiTestBase::fail(const QString& message)
{
  throw GuiTestError(message.toStdString());
}

void GuiTestBase::requireUsable(const QWidget* widget) const
{
  if (!widget->isVisibleTo(&window_)) {
    fail(describe(widget) + " is hidden: a user cannot reach it");
  }
  if (!widget->isEnabled()) {
    fail(describe(widget) + " is disabled");
  }
}

void GuiTestBase::chooseInCombo(QComboBox* combo, int row)
{
  requireUsable(combo);
  if (row < 0 || row >= combo->count()) {
    fail(QString("%1 has no entry %2 (it has %3)").arg(describe(combo)).arg(row).arg(combo->count()));
  }
  const QModelIndex index = combo->model()->index(row, combo->modelColumn(), combo->rootModelIndex());
  const Qt::ItemFlags flags = combo->model()->flags(index);
  if (!(flags & Qt::ItemIsEnabled) || !(flags & Qt::ItemIsSelectable)) {
    fail(QString("entry \"%1\" of %2 cannot be chosen").arg(combo->itemText(row), describe(combo)));
  }
  // As a user does: the list opens, the entry is made current, Enter chooses it. The combo box
  // emits activated(), the signal the panels act on (setCurrentIndex() would not).
  combo->showPopup();
  QAbstractItemView* view = combo->view();
  view->setCurrentIndex(index);
  QTest::keyClick(view, Qt::Key_Return);
  if (view->isVisible()) {
    combo->hidePopup();
    fail(QString("the list of %1 stayed open after choosing \"%2\"").arg(describe(combo), combo->itemText(row)));
  }
  settle();
}

void GuiTestBase::chooseInCombo(const QString& combo, const QVariant& item_data)
{
  auto* box = child<QComboBox>(combo);
  const int row = box->findData(item_data);
  if (row < 0) {
    fail(QString("%1 has no entry for %2").arg(describe(box), item_data.toString()));
  }
  chooseInCombo(box, row);
}

void GuiTestBase::pickModel(const QString& name_or_id)
{
  auto* combo = child<QComboBox>("modelPreset");
  int row = -1;
  for (int i = 0; i < combo->count() && row < 0; ++i) {
    if (combo->itemData(i, Qt::UserRole).toString() == name_or_id || combo->itemText(i).trimmed() == name_or_id) {
      row = i;
    }
  }
  if (row < 0) {
    fail(QString("the model picker lists no model \"%1\"").arg(name_or_id));
  }
  const QString id = combo->itemData(row, Qt::UserRole).toString();
  chooseInCombo(combo, row);
  if (QString::fromStdString(document_.scenario().model.id) != id) {
    fail(QString("picking \"%1\" left the model %2")
             .arg(name_or_id, QString::fromStdString(document_.scenario().model.id)));
  }
}

void GuiTestBase::pickHardware(const QString& id)
{
  chooseInCombo("hardwarePreset", id);
  if (QString::fromStdString(document_.scenario().hardware.id) != id) {
    fail(QString("picking the hardware %1 left %2").arg(id, QString::fromStdString(document_.scenario().hardware.id)));
  }
}

void GuiTestBase::answerNextMessageBox(QMessageBox::StandardButton button)
{
  message_box_text_.clear();
  // The box runs its own event loop (exec): the answer is given from inside it. Polled, as the
  // box may open a few turns of the loop after the step that asks for it; given up after a second.
  auto* poll = new QTimer(&window_);
  poll->setInterval(10);
  QObject::connect(poll, &QTimer::timeout, poll, [this, button, poll, tries = 100]() mutable {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (box == nullptr && --tries > 0) {
      return;
    }
    poll->stop();
    poll->deleteLater();
    if (box != nullptr) {
      message_box_text_ = box->text();
      if (QAbstractButton* b = box->button(button)) {
        b->click();
      } else {
        box->reject();
      }
    }
  });
  poll->start();
}

void GuiTestBase::openExample(const QString& id)
{
  if (document_.isModified()) {
    answerNextMessageBox(QMessageBox::Discard);
  }
  triggerAction("openExample_" + id);
  if (QString::fromStdString(document_.scenario().id) != id || document_.isModified()) {
    fail(QString("File > Open Example > %1 did not open it").arg(id));
  }
}

void GuiTestBase::openExampleFromToolbar(const QString& id)
{
  if (document_.isModified()) {
    answerNextMessageBox(QMessageBox::Discard);
  }
  chooseInCombo("examplePicker", id);
  if (QString::fromStdString(document_.scenario().id) != id || document_.isModified()) {
    fail(QString("the toolbar's example picker did not open %1").arg(id));
  }
}

void GuiTestBase::typeInto(const QString& name, const QString& text)
{
  auto* field = usable<QWidget>(name);
  QString shown;
  if (auto* spin = qobject_cast<QAbstractSpinBox*>(field)) {
    spin->selectAll();
    QTest::keyClicks(spin, text);
    if (auto* int_spin = qobject_cast<QSpinBox*>(spin)) {
      shown = int_spin->cleanText();
    } else if (auto* double_spin = qobject_cast<QDoubleSpinBox*>(spin)) {
      shown = double_spin->cleanText();
    } else {
      shown = spin->text();
    }
  } else if (auto* edit = qobject_cast<QLineEdit*>(field)) {
    edit->selectAll();
    QTest::keyClicks(edit, text);
    shown = edit->text();
  } else {
    fail(describe(field) + " is not a field one can type into");
  }
  // A validator that refuses a character would make the step type something else than it says.
  if (shown != text) {
    fail(QString("typing \"%1\" into %2 left \"%3\"").arg(text, describe(field), shown));
  }
  QTest::keyClick(field, Qt::Key_Return);
  settle();
}

void GuiTestBase::selectRow(const QString& table, int row)
{
  auto* view = usable<QTableView>(table);
  const QModelIndex index = view->model()->index(row, 0);
  if (!index.isValid()) {
    fail(QString("%1 has no row %2").arg(describe(view)).arg(row));
  }
  view->scrollTo(index);
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
  settle();
  if (view->currentIndex().row() != row) {
    fail(QString("clicking row %1 of %2 made row %3 current")
             .arg(row)
             .arg(describe(view))
             .arg(view->currentIndex().row()));
  }
}

void GuiTestBase::editCell(const QString& table, int row, int column, const QString& text)
{
  auto* view = usable<QTableView>(table);
  const QModelIndex index = view->model()->index(row, column);
  if (!index.isValid()) {
    fail(QString("%1 has no cell (%2, %3)").arg(describe(view)).arg(row).arg(column));
  }
  if (!(view->model()->flags(index) & Qt::ItemIsEditable)) {
    fail(QString("cell (%1, %2) of %3 is read-only").arg(row).arg(column).arg(describe(view)));
  }
  view->scrollTo(index);
  const QRect cell = view->visualRect(index);
  if (!view->viewport()->rect().contains(cell.center())) {
    fail(QString("cell (%1, %2) of %3 is out of view").arg(row).arg(column).arg(describe(view)));
  }
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
  QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
  QWidget* editor = view->indexWidget(index);
  if (editor == nullptr) {
    fail(QString("double-clicking cell (%1, %2) of %3 opened no editor").arg(row).arg(column).arg(describe(view)));
  }
  if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
    edit->selectAll();
  } else {
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
  }
  QTest::keyClicks(editor, text);
  QTest::keyClick(editor, Qt::Key_Return); // the delegate commits and closes the editor
  settle();
  if (view->indexWidget(index) != nullptr) {
    fail(QString("the editor of cell (%1, %2) of %3 stayed open").arg(row).arg(column).arg(describe(view)));
  }
}

void GuiTestBase::dragSlider(const QString& name, int value)
{
  auto* slider = usable<QSlider>(name);
  if (value < slider->minimum() || value > slider->maximum()) {
    fail(QString("%1 goes from %2 to %3, not to %4")
             .arg(describe(slider))
             .arg(slider->minimum())
             .arg(slider->maximum())
             .arg(value));
  }
  const QStyleOptionSlider option = slider_option(*slider);
  const QRect handle = slider->style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, slider);
  const QRect groove = slider->style()->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderGroove, slider);
  const bool horizontal = slider->orientation() == Qt::Horizontal;
  const int length = horizontal ? handle.width() : handle.height();
  const int span = (horizontal ? groove.width() : groove.height()) - length;
  const auto offset = [&](int position) {
    return QStyle::sliderPositionFromValue(slider->minimum(), slider->maximum(), position, span, option.upsideDown);
  };
  // Pressed on the handle, moved through every position on the way, released at the last.
  const QPoint press = handle.center();
  const int from = slider->value();
  const auto at = [&](int position) {
    const int moved = offset(position) - offset(from);
    return horizontal ? press + QPoint(moved, 0) : press + QPoint(0, moved);
  };
  QTest::mousePress(slider, Qt::LeftButton, {}, press);
  if (!slider->isSliderDown()) {
    QTest::mouseRelease(slider, Qt::LeftButton, {}, press);
    fail(describe(slider) + ": the press missed the handle");
  }
  const int step = value >= from ? 1 : -1;
  for (int position = from; position != value;) {
    position += step;
    QTest::mouseMove(slider, at(position));
  }
  QTest::mouseRelease(slider, Qt::LeftButton, {}, at(value));
  settle();
  if (slider->value() != value) {
    fail(QString("dragging %1 to %2 left it at %3").arg(describe(slider)).arg(value).arg(slider->value()));
  }
}

void GuiTestBase::triggerAction(const QString& name)
{
  auto* action = child<QAction>(name);
  if (!action->isEnabled()) {
    fail(describe(action) + " is disabled");
  }
  action->trigger();
  settle();
}

void GuiTestBase::clickButton(const QString& name)
{
  auto* button = usable<QAbstractButton>(name);
  QTest::mouseClick(button, Qt::LeftButton);
  settle();
}

void GuiTestBase::showBreakdownIn(BreakdownUnit unit)
{
  // The unit combo is on the breakdown's tab: shown first, as a user clicks the tab.
  auto* tabs = child<QTabWidget>("charts");
  const int tab = tabs->indexOf(window_.breakdownView());
  if (tab < 0) {
    fail("the chart tabs have no breakdown");
  }
  QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(tab).center());
  settle();
  if (tabs->currentIndex() != tab) {
    fail("clicking the breakdown's tab did not show it");
  }
  chooseInCombo("breakdownUnit", static_cast<int>(unit));
}

std::vector<double> GuiTestBase::drawn(Component component) const
{
  StackedBarChart* chart = window_.breakdownView()->chart();
  const StackedBarSpec& spec = chart->spec();
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    if (spec.series[i].name == text(component_label(component))) {
      return chart->drawnValues(static_cast<int>(i));
    }
  }
  return {};
}

Bars GuiTestBase::drawnBars() const
{
  Bars bars;
  for (Component component : kAllComponents) {
    std::vector<double> values = drawn(component);
    if (!values.empty()) {
      bars.emplace(component, std::move(values));
    }
  }
  return bars;
}

std::vector<double> GuiTestBase::drawnJoules(Component component)
{
  const Bars bars = drawnJoules();
  const auto it = bars.find(component);
  return it == bars.end() ? std::vector<double>{} : it->second;
}

Bars GuiTestBase::drawnJoules()
{
  if (child<QComboBox>("breakdownUnit")->currentData().toInt() != static_cast<int>(BreakdownUnit::joules)) {
    showBreakdownIn(BreakdownUnit::joules);
  }
  return drawnBars();
}

Bars GuiTestBase::coreBars(const Scenario& scenario, BreakdownUnit unit)
{
  const ScenarioResult result = evaluate(scenario);
  Bars bars;
  for (Component component : kAllComponents) {
    if (component == Component::kv_cache && !scenario.model.is_transformer()) {
      continue; // only decoders have a KV cache, and the chart draws no series of zeros for others
    }
    std::vector<double>& values = bars[component];
    for (const Breakdown& b : result.breakdowns) {
      switch (unit) {
      case BreakdownUnit::normalized: values.push_back(b.normalized[component]); break;
      case BreakdownUnit::joules: values.push_back(b.joules[component]); break;
      case BreakdownUnit::per_sample: values.push_back(b.per_sample[component]); break;
      case BreakdownUnit::percent: values.push_back(b.shares[component]); break;
      }
    }
  }
  return bars;
}

} // namespace nne::ui::testing
