#include "ui/chart/chart_view.h"

namespace nne::ui {

ChartView::ChartView(QWidget* parent) : QWidget(parent) {}

void ChartView::specChanged()
{
  stale_ = true;
  if (isVisible()) {
    drawIfStale();
  }
}

void ChartView::drawIfStale()
{
  if (stale_) {
    stale_ = false;
    draw();
  }
}

void ChartView::showEvent(QShowEvent* event)
{
  QWidget::showEvent(event);
  drawIfStale();
}

} // namespace nne::ui
