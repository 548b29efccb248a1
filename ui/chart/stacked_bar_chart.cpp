#include "ui/chart/stacked_bar_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QPercentBarSeries>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace nne::ui {

StackedBarChart::StackedBarChart(QWidget* parent) : QWidget(parent)
{
  chart_ = new QChart();
  chart_->setAnimationOptions(QChart::NoAnimation); // a slider step must show at once
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  view_ = new QChartView(chart_, this);
  view_->setRenderHint(QPainter::Antialiasing);
  view_->setMinimumSize(320, 240);
  caption_ = new QLabel(this);
  caption_->setWordWrap(true);
  caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view_, 1);
  layout->addWidget(caption_);
}

bool StackedBarChart::sameStructure(const StackedBarSpec& spec) const
{
  if (series_ == nullptr || spec.categories != spec_.categories || spec.percent != spec_.percent ||
      spec.series.size() != spec_.series.size()) {
    return false;
  }
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    if (spec.series[i].name != spec_.series[i].name || spec.series[i].color != spec_.series[i].color) {
      return false;
    }
  }
  return true;
}

void StackedBarChart::setSpec(const StackedBarSpec& spec)
{
  const bool same = sameStructure(spec);
  spec_ = spec;
  chart_->setTitle(spec_.title);
  caption_->setText(spec_.caption);
  caption_->setVisible(!spec_.caption.isEmpty());
  if (same) {
    updateValues();
    if (!axis_locked_) {
      fitAxis();
    }
  } else {
    rebuild();
    fitAxis();
  }
}

void StackedBarChart::setAxisLocked(bool locked)
{
  axis_locked_ = locked;
  if (!locked) {
    fitAxis();
  }
}

void StackedBarChart::rebuild()
{
  chart_->removeAllSeries();
  for (QAbstractAxis* axis : chart_->axes()) {
    chart_->removeAxis(axis);
    delete axis;
  }
  series_ = spec_.percent ? static_cast<QAbstractBarSeries*>(new QPercentBarSeries())
                          : static_cast<QAbstractBarSeries*>(new QStackedBarSeries());
  for (std::size_t i = 0; i < spec_.series.size(); ++i) {
    const BarSeriesSpec& s = spec_.series[i];
    auto* set = new QBarSet(s.name);
    set->setColor(s.color);
    set->setBorderColor(s.color.darker(130));
    for (double value : s.values) {
      set->append(value);
    }
    connect(set, &QBarSet::hovered, this, [this, i](bool status, int index) {
      if (!status || index < 0 || i >= spec_.series.size()) {
        QToolTip::hideText();
        return;
      }
      const BarSeriesSpec& hovered_series = spec_.series[i];
      const QString text =
          index < hovered_series.tooltips.size() ? hovered_series.tooltips[index] : hovered_series.name;
      QToolTip::showText(QCursor::pos(), text, this);
      emit hovered(text);
    });
    series_->append(set);
  }
  series_->setBarWidth(0.6);
  chart_->addSeries(series_);

  x_axis_ = new QBarCategoryAxis();
  x_axis_->append(spec_.categories);
  x_axis_->setTitleText(spec_.x_title);
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  series_->attachAxis(x_axis_);
  y_axis_ = new QValueAxis();
  y_axis_->setTitleText(spec_.y_title);
  y_axis_->setLabelFormat(spec_.percent ? "%.0f %%" : "%.3g");
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  series_->attachAxis(y_axis_);
}

void StackedBarChart::updateValues()
{
  const QList<QBarSet*> sets = series_->barSets();
  for (std::size_t i = 0; i < spec_.series.size() && i < static_cast<std::size_t>(sets.size()); ++i) {
    QBarSet* set = sets[static_cast<qsizetype>(i)];
    const std::vector<double>& values = spec_.series[i].values;
    for (std::size_t j = 0; j < values.size(); ++j) {
      set->replace(static_cast<int>(j), values[j]);
    }
  }
}

void StackedBarChart::fitAxis()
{
  if (y_axis_ == nullptr) {
    return;
  }
  if (spec_.percent) {
    y_axis_->setRange(0, 100);
    return;
  }
  double top = 0;
  for (std::size_t j = 0; j < static_cast<std::size_t>(spec_.categories.size()); ++j) {
    double stack = 0;
    for (const BarSeriesSpec& s : spec_.series) {
      stack += j < s.values.size() ? s.values[j] : 0.0;
    }
    top = std::max(top, stack);
  }
  const double maximum = spec_.y_maximum.value_or(top > 0 ? top * 1.08 : 1.0);
  y_axis_->setRange(0, maximum);
  y_axis_->applyNiceNumbers();
}

std::vector<double> StackedBarChart::drawnValues(int series) const
{
  std::vector<double> values;
  if (series_ == nullptr || series < 0 || series >= series_->count()) {
    return values;
  }
  const QBarSet* set = series_->barSets().at(series);
  for (int i = 0, n = static_cast<int>(set->count()); i < n; ++i) {
    values.push_back(set->at(i));
  }
  return values;
}

void StackedBarChart::render(QPainter& painter, const QRectF& target) const
{
  view_->render(&painter, target, view_->rect());
}

} // namespace nne::ui
