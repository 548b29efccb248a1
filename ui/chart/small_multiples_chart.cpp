#include "ui/chart/small_multiples_chart.h"

#include "ui/chart/bar_panels.h"
#include "ui/chart/chart_legend.h"
#include "ui/chart/stacked_bar_chart.h"

#include <QEvent>
#include <QLabel>

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
  // Opaque: a new caption repaints the label alone, not the tab page's frame behind it.
  caption_->setAutoFillBackground(true);
  panels_ = new BarPanels(this);
  panels_->setObjectName("sweepPanels");
  legend_ = new ChartLegend(this);
  legend_->setObjectName("sweepLegend");
}

namespace {

int height_at(const QWidget* part, int width)
{
  return part->isHidden() ? 0 : part->heightForWidth(width);
}

} // namespace

QSize SmallMultiplesChart::minimumSizeHint() const
{
  const int width = panels_->minimumSizeHint().width();
  return {width, height_at(title_, width) + panels_->minimumSizeHint().height() + height_at(legend_, width) +
                     height_at(caption_, width)};
}

QSize SmallMultiplesChart::sizeHint() const
{
  const int width = panels_->sizeHint().width();
  return {width, height_at(title_, width) + panels_->sizeHint().height() + height_at(legend_, width) +
                     height_at(caption_, width)};
}

bool SmallMultiplesChart::event(QEvent* event)
{
  if (event->type() == QEvent::LayoutRequest) {
    placeParts();
    return true;
  }
  return QWidget::event(event);
}

void SmallMultiplesChart::resizeEvent(QResizeEvent* event)
{
  QWidget::resizeEvent(event);
  placeParts();
}

void SmallMultiplesChart::placeParts()
{
  // Top to bottom: the title, the panels (what is left), the legend, the caption.
  const int w = width();
  const int title = height_at(title_, w);
  const int legend = height_at(legend_, w);
  const int caption = height_at(caption_, w);
  const int panels = std::max(0, height() - title - legend - caption);
  title_->setGeometry(0, 0, w, title);
  panels_->setGeometry(0, title, w, panels);
  legend_->setGeometry(0, title + panels, w, legend);
  caption_->setGeometry(0, title + panels + legend, w, caption);
}

void SmallMultiplesChart::setSpec(const SmallMultiplesSpec& spec)
{
  spec_ = spec;
  specChanged();
}

BarPanels* SmallMultiplesChart::panels()
{
  drawIfStale();
  return panels_;
}

void SmallMultiplesChart::draw()
{
  if (title_->text() != spec_.title) {
    title_->setText(spec_.title);
  }
  caption_->setText(spec_.caption);
  // One value axis for every panel, so that they compare: on a log scale, one bottom decade too.
  std::vector<StackedBarSpec> panels = spec_.panels;
  share_log_axis(panels);
  for (StackedBarSpec& panel : panels) {
    panel.caption.clear(); // said once, under the grid
  }
  panels_->setPanels(std::move(panels));
  legend_->setEntries(spec_.panels.empty() ? std::vector<LegendEntry>() : legend_entries(spec_.panels.front()));
  legend_->setVisible(!spec_.panels.empty());
  // The window is laid out again only for another count of panels or a title of other lines.
  const QSize minimum = panels_->minimumSizeHint() + QSize(0, height_at(title_, panels_->minimumSizeHint().width()));
  if (minimum != announced_minimum_) {
    announced_minimum_ = minimum;
    updateGeometry();
  }
}

} // namespace nne::ui
