#pragma once

#include "core/energy/scenario.h"

#include <QObject>
#include <QString>

#include <optional>

namespace nne::ui {

class ScenarioDocument;

// Why the scenario could not be evaluated, and where, so that a panel can mark the field at fault.
struct EvaluationProblem {
  QString message; // the whole message, e.g. "n_kv_head: the 32 query heads must be a multiple of the 7 ..."
  QString problem; // the reason alone, for a label beside the field
  // The field at fault: a transformer field ("n_kv_head", "context", ...), a scenario key path
  // ("/precision/mac"), or empty.
  QString field;
  std::optional<int> layer; // the CNN layer at fault (0-based row)
};

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
  // The problem of the last evaluation, if it failed (the result is then the last good one).
  const std::optional<EvaluationProblem>& problem() const noexcept { return problem_; }
  // Evaluations requested and those folded into a later one.
  long long requests() const noexcept { return requests_; }
  long long coalesced() const noexcept { return coalesced_; }

  // Normalized energies are relative to the scenario's own batch-1 total, which moves when a
  // precision or a memory changes. Pinning keeps the current one as the reference, so that a
  // change is seen as a change; unpinning goes back to the scenario's own.
  void pinReference();
  void unpinReference();
  const std::optional<EnergyReference>& pinnedReference() const noexcept { return pinned_; }

  // Evaluates now instead of at the next turn of the event loop.
  void evaluateNow();

signals:
  void resultReady(const nne::ScenarioResult& result);
  // The scenario cannot be evaluated (an architecture that does not fit, a format with no MAC
  // figure); the last good result stays.
  void evaluationFailed(const nne::ui::EvaluationProblem& problem);
  void pinnedReferenceChanged(bool pinned);

private:
  void schedule();
  void evaluateScheduled();

  ScenarioDocument& document_;
  bool scheduled_ = false; // an evaluation is posted and has not run
  ScenarioResult result_;
  bool has_result_ = false;
  std::optional<EvaluationProblem> problem_;
  std::optional<EnergyReference> pinned_;
  long long requests_ = 0;
  long long coalesced_ = 0;
};

} // namespace nne::ui
