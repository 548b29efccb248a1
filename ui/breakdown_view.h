#pragma once

#include "core/scenario.h"
#include "ui/chart_specs.h"

#include <QWidget>

class QComboBox;
class QCheckBox;

namespace nne::ui {

class StackedBarChart;

// The energy breakdown per batch as stacked bars, in the unit the user picks. Holds no
// arithmetic: it shows fields of the core's Breakdown.
class BreakdownView : public QWidget {
  Q_OBJECT

public:
  explicit BreakdownView(QWidget* parent = nullptr);

  void showResult(const Scenario& scenario, const ScenarioResult& result);
  StackedBarChart* chart() const noexcept { return chart_; }
  void setUnit(BreakdownUnit unit);

private:
  void refresh();

  QComboBox* unit_ = nullptr;
  QCheckBox* lock_axis_ = nullptr;
  StackedBarChart* chart_ = nullptr;
  Scenario scenario_;
  ScenarioResult result_;
  bool has_result_ = false;
};

} // namespace nne::ui
