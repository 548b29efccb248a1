#include "ui/chart/chart_view.h"

namespace nne::ui {

ChartView::ChartView(QWidget* parent) : QWidget(parent) {}

} // namespace nne::ui
