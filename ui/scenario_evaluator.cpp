#include "ui/scenario_evaluator.h"

#include "core/errors.h"
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

void ScenarioEvaluator::evaluateNow()
{
  scheduled_ = false;
  try {
    result_ = evaluate(document_.scenario());
    has_result_ = true;
    emit resultReady(result_);
  } catch (const ModelError& error) {
    emit evaluationFailed(QString::fromStdString(error.what()));
  } catch (const InputError& error) {
    emit evaluationFailed(QString::fromStdString(error.what()));
  }
}

} // namespace nne::ui
