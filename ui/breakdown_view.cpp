#include "ui/breakdown_view.h"

#include "ui/chart/stacked_bar_chart.h"
#include "ui/chart_builders.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace nne::ui {

BreakdownView::BreakdownView(QWidget* parent) : QWidget(parent)
{
  unit_ = new QComboBox(this);
  unit_->addItem(tr("Relative to batch 1"), static_cast<int>(BreakdownUnit::normalized));
  unit_->addItem(tr("Energy per step (J)"), static_cast<int>(BreakdownUnit::joules));
  unit_->addItem(tr("Energy per sample (J)"), static_cast<int>(BreakdownUnit::per_sample));
  unit_->addItem(tr("Share of the total (%)"), static_cast<int>(BreakdownUnit::percent));
  unit_->setObjectName("breakdownUnit");
  pin_ = new QToolButton(this);
  pin_->setObjectName("breakdownPinReference");
  pin_->setText(tr("Pin as reference"));
  pin_->setCheckable(true);
  pin_->setToolTip(tr("Keep today's batch-1 energy as the reference of the relative unit, so that changing a "
                      "precision, a memory or the model shows as a change instead of moving the reference"));
  lock_axis_ = new QCheckBox(tr("Lock axis"), this);
  lock_axis_->setObjectName("breakdownLockAxis");
  lock_axis_->setToolTip(tr("Keep the vertical axis where it is, so that a shrinking bar is seen to shrink"));
  chart_ = new StackedBarChart(this);
  chart_->setObjectName("breakdownChart");

  auto* controls = new QHBoxLayout();
  auto* show = new QLabel(tr("Show:"), this);
  show->setBuddy(unit_);
  controls->addWidget(show);
  controls->addWidget(unit_);
  controls->addWidget(pin_);
  controls->addWidget(lock_axis_);
  controls->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(chart_, 1);

  connect(unit_, &QComboBox::currentIndexChanged, this, &BreakdownView::refresh);
  connect(lock_axis_, &QCheckBox::toggled, chart_, &StackedBarChart::setAxisLocked);
  connect(pin_, &QToolButton::toggled, this, &BreakdownView::pinReferenceRequested);
}

void BreakdownView::setUnit(BreakdownUnit unit)
{
  unit_->setCurrentIndex(unit_->findData(static_cast<int>(unit)));
}

void BreakdownView::setReferencePinned(bool pinned)
{
  const QSignalBlocker blocker(pin_);
  pin_->setChecked(pinned);
  unit_->setItemText(unit_->findData(static_cast<int>(BreakdownUnit::normalized)),
                     pinned ? tr("Relative to the pinned reference") : tr("Relative to batch 1"));
}

void BreakdownView::showResult(const Scenario& scenario, const ScenarioResult& result)
{
  scenario_ = scenario;
  result_ = result;
  has_result_ = true;
  refresh();
}

void BreakdownView::refresh()
{
  if (has_result_) {
    chart_->setSpec(breakdown_spec(scenario_, result_, static_cast<BreakdownUnit>(unit_->currentData().toInt())));
  }
}

} // namespace nne::ui
