#include "tools/bench-ui/latency_stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace nne::bench_ui {
namespace {

TEST(LatencyStats, NearestRankPercentiles)
{
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) {
    samples.push_back(i); // unsorted on purpose
  }
  const LatencySummary summary = summarize_latencies(samples);
  EXPECT_EQ(summary.count, 100U);
  EXPECT_EQ(summary.p50_ms, 50.0);
  EXPECT_EQ(summary.p99_ms, 99.0);
  EXPECT_EQ(summary.max_ms, 100.0);
  EXPECT_DOUBLE_EQ(summary.mean_ms, 50.5);
}

TEST(LatencyStats, FewSamplesAndNone)
{
  const std::vector<double> three{3.0, 1.0, 2.0};
  const LatencySummary summary = summarize_latencies(three);
  EXPECT_EQ(summary.p50_ms, 2.0);
  EXPECT_EQ(summary.p99_ms, 3.0); // with few samples the 99th percentile is the largest
  EXPECT_EQ(summarize_latencies({}).count, 0U);
  EXPECT_EQ(summarize_latencies({}).max_ms, 0.0);
}

TEST(LatencyStats, ProcessAgeIsPositiveAndGrows)
{
  const auto first = milliseconds_since_process_start();
  ASSERT_TRUE(first.has_value()); // Linux
  EXPECT_GE(*first, 0.0);
  const auto second = milliseconds_since_process_start();
  ASSERT_TRUE(second.has_value());
  EXPECT_GE(*second, *first);
}

} // namespace
} // namespace nne::bench_ui
