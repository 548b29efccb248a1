#pragma once

#include "core/scenario.h"

#include <QObject>
#include <QString>

namespace nne::ui {

class ScenarioDocument;

// Recomputes the scenario when it changes. Changes that arrive before the event loop runs again
// (a fast slider drag) are coalesced into one evaluation of the latest state. Evaluating is a few
// microseconds, so it runs on the GUI thread; what is slow is drawing, which happens once.
// The evaluation is a posted event, not a 0 ms timer: posted events run before timers and before
// the (low priority) repaint, so the new charts and the moved slider are laid out and painted in
// one pass instead of the slider first and the charts a pass later.
class ScenarioEvaluator : public QObject {
  Q_OBJECT

public:
  explicit ScenarioEvaluator(ScenarioDocument& document, QObject* parent = nullptr);

  const ScenarioResult& result() const noexcept { return result_; }
  bool hasResult() const noexcept { return has_result_; }
  // Evaluations requested and those folded into a later one.
  long long requests() const noexcept { return requests_; }
  long long coalesced() const noexcept { return coalesced_; }

  // Evaluates now instead of at the next turn of the event loop.
  void evaluateNow();

signals:
  void resultReady(const nne::ScenarioResult& result);
  // The scenario cannot be evaluated (an architecture that does not fit); the last good result stays.
  void evaluationFailed(const QString& message);

private:
  void schedule();
  void evaluateScheduled();

  ScenarioDocument& document_;
  bool scheduled_ = false; // an evaluation is posted and has not run
  ScenarioResult result_;
  bool has_result_ = false;
  long long requests_ = 0;
  long long coalesced_ = 0;
};

} // namespace nne::ui
