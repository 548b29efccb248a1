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

protected:
  // A chart calls this when it has stored a new spec: drawn now if the chart is shown, otherwise
  // when it is (a chart on a hidden tab costs nothing per slider step).
  void specChanged();
  // Draws the stored spec if it is not drawn yet (for a reader of what was drawn).
  void drawIfStale();
  void showEvent(QShowEvent* event) override;

private:
  // Draws the spec stored last; only through specChanged, drawIfStale and showing.
  virtual void draw() = 0;

  bool stale_ = false; // the stored spec is not drawn yet
};

} // namespace nne::ui
