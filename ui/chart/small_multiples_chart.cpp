#include "ui/chart/small_multiples_chart.h"

#include "ui/chart/chart_legend.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QVBoxLayout>

#include <cmath>

namespace nne::ui {

int small_multiples_columns(int panels)
{
  return std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(panels)))));
}

SmallMultiplesChart::SmallMultiplesChart(QWidget* parent) : ChartView(parent)
{
  title_ = new QLabel(this);
  title_->setAlignment(Qt::AlignHCenter);
  QFont bold = title_->font();
  bold.setBold(true);
  bold.setPointSizeF(bold.pointSizeF() * 1.2);
  title_->setFont(bold);
  title_->setWordWrap(true); // a long title (model, component, unit) wraps rather than widening the window
  caption_ = new SteadyLabel(this);
  caption_->setWordWrap(true);
  grid_ = new QGridLayout();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(title_);
  legend_ = new ChartLegend(this);
  legend_->setObjectName("sweepLegend");
  layout->addLayout(grid_, 1);
  layout->addWidget(legend_);
  layout->addWidget(caption_);
}

StackedBarChart* SmallMultiplesChart::panel(int index) const
{
  return index >= 0 && index < panelCount() ? panels_[static_cast<std::size_t>(index)] : nullptr;
}

void SmallMultiplesChart::setSpec(const SmallMultiplesSpec& spec)
{
  spec_ = spec;
  title_->setText(spec_.title);
  caption_->setText(spec_.caption);
  if (panels_.size() != spec_.panels.size()) {
    for (StackedBarChart* chart : panels_) {
      delete chart;
    }
    panels_.clear();
    const int columns = small_multiples_columns(static_cast<int>(spec_.panels.size()));
    for (std::size_t i = 0; i < spec_.panels.size(); ++i) {
      auto* chart = new StackedBarChart(this);
      const int index = static_cast<int>(i);
      grid_->addWidget(chart, index / columns, index % columns);
      grid_->setRowStretch(index / columns, 1); // every panel the same size
      grid_->setColumnStretch(index % columns, 1);
      panels_.push_back(chart);
    }
  }
  // One value axis for every panel, so that they compare: on a log scale, one bottom decade too.
  share_log_axis(spec_.panels);
  for (std::size_t i = 0; i < spec_.panels.size(); ++i) {
    StackedBarSpec panel = spec_.panels[i];
    panel.caption.clear();               // said once, under the grid
    panels_[i]->setLegendVisible(false); // one legend, under the grid
    panels_[i]->setSpec(panel);
  }
  legend_->setEntries(spec_.panels.empty() ? std::vector<LegendEntry>() : legend_entries(spec_.panels.front()));
  legend_->setVisible(!spec_.panels.empty());
}

} // namespace nne::ui
