#include "core/energy/design_space.h"

#include "core/energy/energy.h"
#include "core/io/presets.h"
#include "core/energy/scenario.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace nne {
namespace {

EnergyCoefficients coefficients_of(const char* scenario_id)
{
  return scenario_coefficients(*builtin_presets().find_scenario(scenario_id));
}

// A small space with uneven axes, so that a wrong stride shows.
DesignSpaceAxes uneven_axes()
{
  DesignSpaceAxes axes;
  axes.batches = {1, 3, 16, 100};
  axes.weight_scales = {1, 0.5, 1.0 / 16};
  axes.mac_scales = {1, 0.25};
  axes.activation_scales = {1, 0.125, 1.0 / 64, 0.9, 0.3};
  axes.kv_cache_scales = {1, 0.0625, 0.7};
  return axes;
}

// What the design space promises for a point, from the single-point breakdown.
DesignPointEnergy expected_energy(const EnergyCoefficients& c, const DesignPoint& point)
{
  const Breakdown b = breakdown(c, point.batch, point.scales);
  return {b.joules.total() / b.batch, b.joules.memory() / b.joules.total()};
}

TEST(DesignSpace, SizeIsTheProductOfTheAxes)
{
  EXPECT_EQ(uneven_axes().size(), 4U * 3U * 2U * 5U * 3U);
  EXPECT_EQ(DesignSpaceAxes{}.size(), 1U);
}

TEST(DesignSpace, PointsAreBatchMajorWithTheKvScaleFastest)
{
  const DesignSpaceAxes axes = uneven_axes();
  EXPECT_EQ(design_point(axes, 0), (DesignPoint{1, Scales{1, 1, 1, 1}}));
  EXPECT_EQ(design_point(axes, 1), (DesignPoint{1, Scales{1, 1, 1, 0.0625}}));
  EXPECT_EQ(design_point(axes, 3), (DesignPoint{1, Scales{1, 1, 0.125, 1}}));
  EXPECT_EQ(design_point(axes, axes.size() - 1), (DesignPoint{100, Scales{1.0 / 16, 0.25, 0.3, 0.7}}));
}

TEST(DesignSpace, EveryPointEqualsTheSinglePointBreakdown)
{
  for (const char* scenario : {"paper-llama7b-kv", "paper-resnet18-mac", "paper-gpt3-175b-weight"}) {
    const EnergyCoefficients c = coefficients_of(scenario);
    const DesignSpaceAxes axes = uneven_axes();
    std::vector<DesignPointEnergy> energies(axes.size());
    evaluate_design_space(c, axes, energies, 1);
    for (std::size_t i = 0; i < axes.size(); ++i) {
      ASSERT_EQ(energies[i], expected_energy(c, design_point(axes, i))) << scenario << " point " << i;
    }
  }
}

TEST(DesignSpace, ThreadCountDoesNotChangeTheResults)
{
  const EnergyCoefficients c = coefficients_of("paper-llama7b-kv");
  // Large enough that several threads are really used (small spaces run on one).
  DesignSpaceAxes axes;
  axes.batches = {1, 2, 4, 8, 16, 32, 64};
  axes.weight_scales = log_spaced_scales(1.0 / 1024, 17);
  axes.mac_scales = log_spaced_scales(1.0 / 256, 13);
  axes.activation_scales = log_spaced_scales(1.0 / 16, 11);
  axes.kv_cache_scales = log_spaced_scales(1.0 / 64, 19);
  std::vector<DesignPointEnergy> one_thread(axes.size());
  evaluate_design_space(c, axes, one_thread, 1);
  const DesignSpaceSummary one_thread_summary = summarize_design_space(c, axes, 1);
  for (unsigned threads : {2U, 3U, 7U, kAllHardwareThreads}) {
    std::vector<DesignPointEnergy> energies(axes.size());
    evaluate_design_space(c, axes, energies, threads);
    EXPECT_EQ(energies, one_thread) << threads << " threads";
    const DesignSpaceSummary summary = summarize_design_space(c, axes, threads);
    EXPECT_EQ(summary.cheapest, one_thread_summary.cheapest) << threads << " threads";
    EXPECT_EQ(summary.costliest, one_thread_summary.costliest) << threads << " threads";
    EXPECT_EQ(summary.cheapest_energy, one_thread_summary.cheapest_energy) << threads << " threads";
    EXPECT_EQ(summary.costliest_energy, one_thread_summary.costliest_energy) << threads << " threads";
    EXPECT_EQ(summary.memory_bound_points, one_thread_summary.memory_bound_points) << threads << " threads";
  }
}

TEST(DesignSpace, SummaryFindsTheExtremesOfTheBuffer)
{
  const EnergyCoefficients c = coefficients_of("paper-gpt3-small-kv");
  const DesignSpaceAxes axes = uneven_axes();
  std::vector<DesignPointEnergy> energies(axes.size());
  evaluate_design_space(c, axes, energies);
  const DesignSpaceSummary summary = summarize_design_space(c, axes);

  std::size_t cheapest = 0;
  std::size_t costliest = 0;
  std::size_t memory_bound = 0;
  for (std::size_t i = 0; i < energies.size(); ++i) {
    cheapest = energies[i].joules_per_sample < energies[cheapest].joules_per_sample ? i : cheapest;
    costliest = energies[i].joules_per_sample > energies[costliest].joules_per_sample ? i : costliest;
    if (energies[i].memory_share > 0.5) {
      ++memory_bound;
    }
  }
  EXPECT_EQ(summary.points, axes.size());
  EXPECT_EQ(summary.cheapest, design_point(axes, cheapest));
  EXPECT_EQ(summary.cheapest_energy, energies[cheapest]);
  EXPECT_EQ(summary.costliest, design_point(axes, costliest));
  EXPECT_EQ(summary.costliest_energy, energies[costliest]);
  EXPECT_EQ(summary.memory_bound_points, memory_bound);
  // Every scale at its cheapest and the largest batch: nothing is cheaper per sample.
  EXPECT_EQ(summary.cheapest, (DesignPoint{100, Scales{1.0 / 16, 0.25, 1.0 / 64, 0.0625}}));
  EXPECT_EQ(summary.costliest, (DesignPoint{1, Scales{1, 1, 1, 1}}));
}

TEST(DesignSpace, RefusesAWrongBufferAndAnEmptySpace)
{
  const EnergyCoefficients c = coefficients_of("paper-llama7b-kv");
  const DesignSpaceAxes axes = uneven_axes();
  std::vector<DesignPointEnergy> too_small(axes.size() - 1);
  EXPECT_THROW(evaluate_design_space(c, axes, too_small), std::invalid_argument);
  DesignSpaceAxes empty = axes;
  empty.mac_scales.clear();
  EXPECT_THROW(summarize_design_space(c, empty), std::invalid_argument);
  std::vector<DesignPointEnergy> none;
  EXPECT_NO_THROW(evaluate_design_space(c, empty, none));
}

TEST(ScaleMap, EveryCellEqualsTheSinglePointBreakdown)
{
  const EnergyCoefficients c = coefficients_of("paper-llama7b-kv");
  const std::vector<double> memory_scales = log_spaced_scales(1.0 / 1024, 9);
  const std::vector<double> mac_scales = log_spaced_scales(1.0 / 16, 7);
  const double batch = 8;
  const ScaleMap map = memory_mac_scale_map(c, batch, memory_scales, mac_scales);
  ASSERT_EQ(map.relative_total.size(), 9U * 7U);
  ASSERT_EQ(map.memory_share.size(), 9U * 7U);
  const double today = breakdown(c, batch, Scales{}).joules.total();
  for (std::size_t row = 0; row < memory_scales.size(); ++row) {
    for (std::size_t column = 0; column < mac_scales.size(); ++column) {
      const double m = memory_scales[row];
      const Breakdown b = breakdown(c, batch, Scales{m, mac_scales[column], m, m});
      EXPECT_EQ(map.relative_total[map.index(row, column)], b.joules.total() / today) << row << "," << column;
      EXPECT_EQ(map.memory_share[map.index(row, column)], b.joules.memory() / b.joules.total()) << row << "," << column;
    }
  }
  EXPECT_EQ(map.relative_total[map.index(0, 0)], 1.0); // every scale 1: today's energy
}

TEST(ScaleMap, TheScenariosPointHasItsEnergyAndTheEnergyWeightedMemoryScale)
{
  const EnergyCoefficients c = coefficients_of("paper-llama7b-kv");
  const double batch = 16;
  const Scales scales{1.0 / 4, 1.0 / 8, 1.0, 1.0 / 64};
  const ScaleMapPoint point = scale_map_point(c, batch, scales);
  const Breakdown today = breakdown(c, batch, Scales{});
  const Breakdown now = breakdown(c, batch, scales);
  EXPECT_EQ(point.mac_scale, 1.0 / 8);
  EXPECT_DOUBLE_EQ(point.memory_scale, now.joules.memory() / today.joules.memory());
  EXPECT_GT(point.memory_scale, 1.0 / 64); // between the memory sliders
  EXPECT_LT(point.memory_scale, 1.0);
  EXPECT_DOUBLE_EQ(point.relative_total, now.joules.total() / today.joules.total());
  EXPECT_DOUBLE_EQ(point.memory_share, now.shares.memory());
  // The map's cell at that memory scale has the scenario's energy.
  const std::vector<double> rows{point.memory_scale};
  const std::vector<double> columns{point.mac_scale};
  EXPECT_DOUBLE_EQ(memory_mac_scale_map(c, batch, rows, columns).relative_total[0], point.relative_total);
  // Every memory at one scale: that scale.
  EXPECT_DOUBLE_EQ(scale_map_point(c, batch, Scales{0.5, 1, 0.5, 0.5}).memory_scale, 0.5);
}

TEST(ScaleMap, TheBoundaryIsWhereMemoryEnergyEqualsMacEnergy)
{
  const EnergyCoefficients c = coefficients_of("paper-resnet18-mac");
  const double batch = 16;
  const double smallest = 1.0 / 1024;
  const ScaleMapRegions regions = scale_map_regions(c, batch, smallest);
  ASSERT_EQ(regions.boundary.size(), 2U);
  EXPECT_FALSE(regions.memory_bound_everywhere);
  EXPECT_FALSE(regions.compute_bound_everywhere);
  EXPECT_GT(regions.boundary[0].mac_scale, regions.boundary[1].mac_scale);
  for (const ScaleMapPoint& end : regions.boundary) {
    const double m = end.memory_scale;
    const Breakdown b = breakdown(c, batch, Scales{m, end.mac_scale, m, m});
    EXPECT_NEAR(b.shares.memory(), 0.5, 1e-12);
    EXPECT_EQ(end.memory_share, 0.5);
    EXPECT_DOUBLE_EQ(end.relative_total, b.joules.total() / breakdown(c, batch, Scales{}).joules.total());
    // On the map's edges.
    EXPECT_GE(m, smallest);
    EXPECT_LE(m, 1.0);
    EXPECT_GE(end.mac_scale, smallest);
    EXPECT_LE(end.mac_scale, 1.0);
    EXPECT_TRUE(m == smallest || m == 1.0 || end.mac_scale == smallest || end.mac_scale == 1.0);
  }
  // The map's cells agree: memory-bound above the line (more memory energy), compute-bound below.
  const std::vector<double> scales = log_spaced_scales(smallest, 33);
  const ScaleMap map = memory_mac_scale_map(c, batch, scales, scales);
  const double ratio = regions.boundary[0].memory_scale / regions.boundary[0].mac_scale;
  for (std::size_t row = 0; row < scales.size(); ++row) {
    for (std::size_t column = 0; column < scales.size(); ++column) {
      const double line = scales[column] * ratio;
      if (scales[row] > line * (1 + 1e-9)) {
        EXPECT_GT(map.memory_share[map.index(row, column)], 0.5) << row << "," << column;
      } else if (scales[row] < line * (1 - 1e-9)) {
        EXPECT_LT(map.memory_share[map.index(row, column)], 0.5) << row << "," << column;
      }
    }
  }
}

TEST(ScaleMap, AModelMemoryBoundOnTheWholeMapHasNoBoundary)
{
  EnergyCoefficients c = coefficients_of("paper-llama7b-kv");
  c.mac_per_sample /= 1e5; // MACs far cheaper than any memory scale can make the memory
  const ScaleMapRegions regions = scale_map_regions(c, 1, 1.0 / 1024);
  EXPECT_TRUE(regions.boundary.empty());
  EXPECT_TRUE(regions.memory_bound_everywhere);
  EXPECT_FALSE(regions.compute_bound_everywhere);
  const std::vector<double> scales = log_spaced_scales(1.0 / 1024, 9);
  for (double share : memory_mac_scale_map(c, 1, scales, scales).memory_share) {
    EXPECT_GT(share, 0.5);
  }
  EnergyCoefficients compute = coefficients_of("paper-resnet18-mac");
  compute.weight_per_parameter = 0;
  compute.activation_per_sample = 0;
  EXPECT_TRUE(scale_map_regions(compute, 16, 1.0 / 1024).compute_bound_everywhere);
  EXPECT_THROW(scale_map_regions(c, 1, 0.0), std::invalid_argument);
  EXPECT_THROW(scale_map_regions(c, 1, 1.0), std::invalid_argument);
}

TEST(ScaleMap, LogSpacedScalesRunFromOneToTheSmallest)
{
  const std::vector<double> scales = log_spaced_scales(1.0 / 1024, 11);
  ASSERT_EQ(scales.size(), 11U);
  EXPECT_EQ(scales.front(), 1.0);
  EXPECT_EQ(scales.back(), 1.0 / 1024);
  EXPECT_DOUBLE_EQ(scales[1], 0.5);
  EXPECT_EQ(log_spaced_scales(0.5, 1), std::vector<double>{1.0});
  EXPECT_TRUE(log_spaced_scales(0.5, 0).empty());
  EXPECT_THROW(log_spaced_scales(0.0, 4), std::invalid_argument);
}

} // namespace
} // namespace nne
