#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace nne::bench_ui {

// The distribution of a benchmark's latencies, in milliseconds. Percentiles are nearest-rank:
// the smallest sample that at least p percent of the samples do not exceed.
struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
};

LatencySummary summarize_latencies(std::span<const double> milliseconds);

// Milliseconds since this process was exec'd, so that a start-up figure covers the dynamic loader
// and static initialisation too. Linux: the kernel keeps the start in clock ticks since boot
// (/proc/self/stat, field 22), rounded down, so the figure errs high by up to one tick (10 ms).
// nullopt where that is not available.
std::optional<double> milliseconds_since_process_start();

// CPU time this thread has run, in milliseconds: with wall time, it tells work from waiting for
// the processor on a busy machine.
double thread_cpu_milliseconds() noexcept;

} // namespace nne::bench_ui
