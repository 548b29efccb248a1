#include "ui/breakdown_view.h"

#include "core/format.h"
#include "core/json_io.h"
#include "core/verdict.h"
#include "ui/chart/palette.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace nne::ui {

namespace {

// The stacking order, bottom up, shared by every chart.
constexpr Component kStack[]{Component::weight, Component::mac, Component::activation, Component::kv_cache};

} // namespace

BreakdownView::BreakdownView(QWidget* parent) : QWidget(parent)
{
  unit_ = new QComboBox(this);
  unit_->addItem(tr("Normalized to batch 1"), static_cast<int>(Unit::normalized));
  unit_->addItem(tr("Energy per step (J)"), static_cast<int>(Unit::joules));
  unit_->addItem(tr("Energy per sample (J)"), static_cast<int>(Unit::per_sample));
  unit_->addItem(tr("Share of the total (%)"), static_cast<int>(Unit::percent));
  unit_->setObjectName("breakdownUnit");
  lock_axis_ = new QCheckBox(tr("Lock axis"), this);
  lock_axis_->setObjectName("breakdownLockAxis");
  lock_axis_->setToolTip(tr("Keep the vertical axis where it is, so that a shrinking bar is seen to shrink"));
  chart_ = new StackedBarChart(this);
  chart_->setObjectName("breakdownChart");

  auto* controls = new QHBoxLayout();
  controls->addWidget(new QLabel(tr("Show:"), this));
  controls->addWidget(unit_);
  controls->addWidget(lock_axis_);
  controls->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(chart_, 1);

  connect(unit_, &QComboBox::currentIndexChanged, this, &BreakdownView::refresh);
  connect(lock_axis_, &QCheckBox::toggled, chart_, &StackedBarChart::setAxisLocked);
}

void BreakdownView::setUnit(Unit unit)
{
  unit_->setCurrentIndex(unit_->findData(static_cast<int>(unit)));
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
  if (!has_result_) {
    return;
  }
  const auto unit = static_cast<Unit>(unit_->currentData().toInt());
  StackedBarSpec spec;
  spec.title = tr("%1: energy per step").arg(QString::fromStdString(scenario_.model.name));
  spec.x_title =
      scenario_.model.is_transformer() ? tr("Batch (sequences decoding one token each)") : tr("Batch (images)");
  spec.percent = unit == Unit::percent;
  switch (unit) {
  case Unit::normalized: spec.y_title = tr("Energy (relative to batch 1 at today's energies)"); break;
  case Unit::joules: spec.y_title = tr("Energy per step (J)"); break;
  case Unit::per_sample: spec.y_title = tr("Energy per sample (J)"); break;
  case Unit::percent: spec.y_title = tr("Share of the step's energy (%)"); break;
  }
  for (const Breakdown& b : result_.breakdowns) {
    spec.categories << QString::fromStdString(format_shortest(b.batch));
  }
  for (Component component : kStack) {
    if (component == Component::kv_cache && scenario_.model.is_cnn()) {
      continue; // a CNN has no KV cache
    }
    BarSeriesSpec series;
    series.name = QString::fromStdString(std::string(component_label(component)));
    series.color = component_color(component);
    for (const Breakdown& b : result_.breakdowns) {
      const ComponentEnergies& values = unit == Unit::joules       ? b.joules
                                        : unit == Unit::per_sample ? b.per_sample
                                        : unit == Unit::percent ? b.joules // the percent series stacks joules to 100 %
                                                                : b.normalized;
      series.values.push_back(values[component]);
      series.tooltips << QString::fromStdString(
          "batch " + format_shortest(b.batch) + ": " + std::string(component_label(component)) + " " +
          format_joules(b.joules[component]) + " (" + format_significant(100 * b.shares[component], 3) + " %)\n" +
          explain_component(scenario_, result_, component, b.batch, scenario_.scales));
    }
    spec.series.push_back(std::move(series));
  }
  const std::string scales = "weight " + format_scale(scenario_.scales.weight) + ", MAC " +
                             format_scale(scenario_.scales.mac) + ", activation " +
                             format_scale(scenario_.scales.activation) + ", KV cache " +
                             format_scale(scenario_.scales.kv_cache);
  spec.caption = tr("%1 on %2. Scales: %3.")
                     .arg(QString::fromStdString(scenario_.model.name), QString::fromStdString(scenario_.hardware.name),
                          QString::fromStdString(scales));
  chart_->setSpec(spec);
}

} // namespace nne::ui
