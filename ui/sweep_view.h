#pragma once

#include "core/energy/scenario.h"

#include <QWidget>

class QCheckBox;
class QComboBox;

namespace nne::ui {

class ScenarioDocument;
class SmallMultiplesChart;

// The scaling sweep (the paper's Fig 5-9) with its controls: which component is swept (any of the
// four; the choice is the scenario's, saved and undoable) and a logarithmic value axis, where the
// bars of a strong what-if are too small to read on a linear one.
class SweepView : public QWidget {
  Q_OBJECT

public:
  SweepView(ScenarioDocument& document, QWidget* parent = nullptr);

  void showResult(const Scenario& scenario, const ScenarioResult& result);
  SmallMultiplesChart* chart() const noexcept { return chart_; }
  bool logScale() const;
  void setLogScale(bool on);

private:
  void syncFromDocument();
  void refresh();

  ScenarioDocument& document_;
  QComboBox* component_ = nullptr;
  QCheckBox* log_scale_ = nullptr;
  SmallMultiplesChart* chart_ = nullptr;
  Scenario scenario_;
  ScenarioResult result_;
  bool has_result_ = false;
};

} // namespace nne::ui
