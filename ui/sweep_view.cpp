#include "ui/sweep_view.h"

#include "ui/chart/small_multiples_chart.h"
#include "ui/chart_builders.h"
#include "ui/scenario_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace nne::ui {

SweepView::SweepView(ScenarioDocument& document, QWidget* parent) : QWidget(parent), document_(document)
{
  component_ = new QComboBox(this);
  component_->setObjectName("sweepComponent");
  for (Component component : kAllComponents) {
    component_->addItem(
        QString::fromUtf8(component_label(component).data(), static_cast<qsizetype>(component_label(component).size())),
        static_cast<int>(component));
  }
  component_->setToolTip(
      tr("The component whose energy is scaled from 1 to 1/16, the others staying at their sliders"));
  log_scale_ = new QCheckBox(tr("Logarithmic axis"), this);
  log_scale_->setObjectName("sweepLogScale");
  log_scale_->setToolTip(tr("A logarithmic value axis: small bars stay readable"));
  chart_ = new SmallMultiplesChart(this);
  chart_->setObjectName("sweepChart");

  auto* controls = new QHBoxLayout();
  auto* label = new QLabel(tr("Scale:"), this);
  label->setBuddy(component_);
  controls->addWidget(label);
  controls->addWidget(component_);
  controls->addWidget(log_scale_);
  controls->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(chart_, 1);

  connect(component_, &QComboBox::activated, this, [this] {
    const auto component = static_cast<Component>(component_->currentData().toInt());
    document_.edit(tr("Sweep %1").arg(component_->currentText()),
                   [component](Scenario& s) { s.sweep.component = component; });
  });
  connect(log_scale_, &QCheckBox::toggled, this, &SweepView::refresh);
  connect(&document_, &ScenarioDocument::changed, this, &SweepView::syncFromDocument);
  syncFromDocument();
}

bool SweepView::logScale() const
{
  return log_scale_->isChecked();
}

void SweepView::setLogScale(bool on)
{
  log_scale_->setChecked(on);
}

void SweepView::syncFromDocument()
{
  const QSignalBlocker blocker(component_);
  const Scenario& s = document_.scenario();
  component_->setCurrentIndex(component_->findData(static_cast<int>(s.sweep.component)));
}

void SweepView::showResult(const Scenario& scenario, const ScenarioResult& result)
{
  scenario_ = scenario;
  result_ = result;
  has_result_ = true;
  refresh();
}

void SweepView::refresh()
{
  if (has_result_) {
    chart_->setSpec(sweep_panels(scenario_, result_, log_scale_->isChecked()));
  }
}

} // namespace nne::ui
