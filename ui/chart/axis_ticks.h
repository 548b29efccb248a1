#pragma once

#include <optional>
#include <span>

namespace nne::ui {

// A value axis that reads well: its ends are whole steps and its step is 1, 2 or 5 times a power
// of ten (Heckbert's "loose labels", Graphics Gems, 1990; what Qt Charts' applyNiceNumbers() does,
// but from a fixed number of ticks rather than from the axis's previous one, so the same data
// always gives the same axis).
struct AxisRange {
  double minimum = 0;
  double maximum = 1;
  int ticks = 2; // labelled values, both ends included

  friend bool operator==(const AxisRange&, const AxisRange&) = default;
};

inline constexpr int kDefaultAxisTicks = 5;

// The nice range around [minimum, maximum] with about `target_ticks` ticks (at least 2). An empty
// or reversed range is widened to one unit above `minimum`.
AxisRange nice_axis_range(double minimum, double maximum, int target_ticks = kDefaultAxisTicks);

// The value axis of a bar chart: from 0 to a little above the highest total, or to
// `fixed_maximum` (an axis shared by small multiples), made nice; 0 to 100 for percentages.
AxisRange bar_chart_value_axis(std::span<const double> totals, std::optional<double> fixed_maximum, bool percent);

} // namespace nne::ui
