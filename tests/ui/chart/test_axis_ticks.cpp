#include "ui/chart/axis_ticks.h"

#include <gtest/gtest.h>

#include <vector>

namespace nne::ui {
namespace {

void expect_range(const AxisRange& range, double minimum, double maximum, int ticks)
{
  EXPECT_DOUBLE_EQ(range.minimum, minimum);
  EXPECT_DOUBLE_EQ(range.maximum, maximum);
  EXPECT_EQ(range.ticks, ticks);
}

TEST(AxisTicks, StepsAreOneTwoOrFiveTimesAPowerOfTen)
{
  expect_range(nice_axis_range(0, 1.08), 0, 1.5, 4);    // step 0.5
  expect_range(nice_axis_range(0, 0.97), 0, 1.0, 6);    // step 0.2
  expect_range(nice_axis_range(0, 37), 0, 40, 5);       // step 10
  expect_range(nice_axis_range(0, 3.2e-3), 0, 4e-3, 5); // step 1e-3
  expect_range(nice_axis_range(-3, 7), -4, 8, 7);       // step 2, both ends whole steps
}

TEST(AxisTicks, SameDataSameAxis)
{
  // Qt's applyNiceNumbers() starts from the axis's previous tick count; this does not.
  EXPECT_EQ(nice_axis_range(0, 1.08), nice_axis_range(0, 1.08));
  EXPECT_EQ(nice_axis_range(0, 1.08, 5), nice_axis_range(0, 1.08));
}

TEST(AxisTicks, EmptyRangeIsWidened)
{
  expect_range(nice_axis_range(0, 0), 0, 1, 6);
  expect_range(nice_axis_range(2, 1), 2, 3, 6);
  EXPECT_GE(nice_axis_range(0, 1, 0).ticks, 2);
}

TEST(AxisTicks, BarChartAxisLeavesHeadroomOrUsesTheSharedMaximum)
{
  const std::vector<double> totals{0.5, 1.0, 0.25};
  expect_range(bar_chart_value_axis(totals, std::nullopt, false), 0, 1.5, 4); // 1.0 x 1.08, nice
  expect_range(bar_chart_value_axis(totals, 3.0, false), 0, 3.0, 4);
  expect_range(bar_chart_value_axis(totals, std::nullopt, true), 0, 100, 5);
  expect_range(bar_chart_value_axis({}, std::nullopt, false), 0, 1, 6);
}

} // namespace
} // namespace nne::ui
