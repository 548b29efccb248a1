#pragma once

#include "core/energy/scenario.h"
#include "ui/chart_builders.h"

#include <QWidget>

class QComboBox;
class QCheckBox;
class QToolButton;

namespace nne::ui {

class StackedBarChart;

// The energy breakdown per batch as stacked bars, in the unit the user picks. Holds no
// arithmetic: it shows fields of the core's Breakdown. The relative unit names what it is relative
// to, and the user can pin the reference (the scenario as it is now) so that a change shows as one.
class BreakdownView : public QWidget {
  Q_OBJECT

public:
  explicit BreakdownView(QWidget* parent = nullptr);
  // A chart takes the height it is given; its wrapped caption and legend are laid out inside it.
  // Saying so keeps a change of caption text from asking every tab and the window for their
  // height-for-width, which cost more than the rest of a slider step.
  bool hasHeightForWidth() const override { return false; }

  void showResult(const Scenario& scenario, const ScenarioResult& result);
  StackedBarChart* chart() const noexcept { return chart_; }
  void setUnit(BreakdownUnit unit);
  // Whether the reference is pinned, as the evaluator says (the button follows it).
  void setReferencePinned(bool pinned);

signals:
  // The user asks to pin the reference (true) or to go back to the scenario's own (false).
  void pinReferenceRequested(bool pin);

private:
  void refresh();

  QComboBox* unit_ = nullptr;
  QCheckBox* lock_axis_ = nullptr;
  QToolButton* pin_ = nullptr;
  StackedBarChart* chart_ = nullptr;
  Scenario scenario_;
  ScenarioResult result_;
  bool has_result_ = false;
};

} // namespace nne::ui
