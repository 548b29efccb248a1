#pragma once

#include "ui/chart/chart_spec.h"

#include <QWidget>

namespace nne::ui {

// The base of the chart widgets: the spec a chart draws, whatever its kind, for those who export
// or copy "the chart on this tab" without knowing which chart it is (the main window, the UI
// benchmark). Each chart keeps its typed spec() for what only it can show.
class ChartView : public QWidget {
  Q_OBJECT

public:
  explicit ChartView(QWidget* parent = nullptr);

  // The spec last set, drawn or (on a hidden tab) to be drawn when shown.
  virtual ChartSpec chartSpec() const = 0;
};

} // namespace nne::ui
