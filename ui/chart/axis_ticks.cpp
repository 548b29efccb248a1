#include "ui/chart/axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace nne::ui {

namespace {

// 1, 2, 5 or 10 times the power of ten at or below x: rounded up when `round_up` (the whole
// range must fit), else to the nearest (the step).
double nice_number(double x, bool round_up)
{
  const double power = std::pow(10.0, std::floor(std::log10(x)));
  const double fraction = x / power; // in [1, 10)
  double nice = 10;
  if (round_up) {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  } else {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  }
  return nice * power;
}

} // namespace

AxisRange nice_axis_range(double minimum, double maximum, int target_ticks)
{
  if (!(maximum > minimum) || !std::isfinite(minimum) || !std::isfinite(maximum)) {
    maximum = minimum + 1.0;
  }
  const int intervals = std::max(target_ticks, 2) - 1;
  const double range = nice_number(maximum - minimum, true);
  const double step = nice_number(range / intervals, false);
  const double first = std::floor(minimum / step);
  const double last = std::ceil(maximum / step);
  return {first * step, last * step, static_cast<int>(last - first) + 1};
}

AxisRange bar_chart_value_axis(std::span<const double> totals, std::optional<double> fixed_maximum, bool percent)
{
  if (percent) {
    return {0, 100, kDefaultAxisTicks};
  }
  constexpr double kHeadroom = 1.08; // room above the highest bar
  const double top = totals.empty() ? 0.0 : *std::ranges::max_element(totals);
  return nice_axis_range(0, fixed_maximum.value_or(top > 0 ? top * kHeadroom : 1.0));
}

} // namespace nne::ui
