#include "ui/scenario_evaluator.h"

#include "core/errors.h"
#include "ui/scenario_document.h"

namespace nne::ui {

ScenarioEvaluator::ScenarioEvaluator(ScenarioDocument& document, QObject* parent) : QObject(parent), document_(document)
{
  timer_.setSingleShot(true);
  timer_.setInterval(0);
  connect(&timer_, &QTimer::timeout, this, &ScenarioEvaluator::evaluateNow);
  connect(&document_, &ScenarioDocument::changed, this, &ScenarioEvaluator::schedule);
}

void ScenarioEvaluator::schedule()
{
  ++requests_;
  if (timer_.isActive()) {
    ++coalesced_;
    return;
  }
  timer_.start();
}

void ScenarioEvaluator::evaluateNow()
{
  timer_.stop();
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
