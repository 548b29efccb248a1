#include "ui/scenario_evaluator.h"

#include "core/util/errors.h"
#include "ui/scenario_document.h"

namespace nne::ui {

ScenarioEvaluator::ScenarioEvaluator(ScenarioDocument& document, QObject* parent) : QObject(parent), document_(document)
{
  connect(&document_, &ScenarioDocument::changed, this, &ScenarioEvaluator::schedule);
}

void ScenarioEvaluator::schedule()
{
  ++requests_;
  if (scheduled_) {
    ++coalesced_;
    return;
  }
  scheduled_ = true;
  QMetaObject::invokeMethod(this, &ScenarioEvaluator::evaluateScheduled, Qt::QueuedConnection);
}

void ScenarioEvaluator::evaluateScheduled()
{
  if (scheduled_) { // else evaluateNow() ran in between
    evaluateNow();
  }
}

void ScenarioEvaluator::pinReference()
{
  if (!has_result_) {
    return;
  }
  // The reference as it is now (a pinned one stays pinned where it was).
  EnergyReference reference = pinned_ ? *pinned_ : result_.reference;
  reference.pinned = true;
  pinned_ = reference;
  emit pinnedReferenceChanged(true);
  evaluateNow();
}

void ScenarioEvaluator::unpinReference()
{
  if (!pinned_) {
    return;
  }
  pinned_.reset();
  emit pinnedReferenceChanged(false);
  evaluateNow();
}

void ScenarioEvaluator::evaluateNow()
{
  scheduled_ = false;
  EvaluationProblem problem;
  try {
    result_ = evaluate(document_.scenario(), pinned_ ? &*pinned_ : nullptr);
    has_result_ = true;
    problem_.reset();
    emit resultReady(result_);
    return;
  } catch (const ModelError& error) {
    problem.message = QString::fromStdString(error.what());
    problem.problem = QString::fromStdString(error.problem());
    problem.field = QString::fromStdString(error.where());
    if (error.layer()) {
      problem.layer = static_cast<int>(*error.layer());
    }
  } catch (const InputError& error) {
    problem.message = QString::fromStdString(error.problem());
    problem.problem = QString::fromStdString(error.problem());
    problem.field = QString::fromStdString(error.key_path());
  } catch (const std::exception& error) {
    // Core promises ModelError or InputError; anything else is still said, never a crash.
    problem.message = QString::fromStdString(error.what());
    problem.problem = problem.message;
  }
  problem_ = problem;
  emit evaluationFailed(problem);
}

} // namespace nne::ui
