#include "tools/bench-ui/latency_stats.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace nne::bench_ui {

namespace {

// Nearest rank of a sorted, non-empty sample.
double percentile(const std::vector<double>& sorted, double percent)
{
  const double rank = std::ceil(percent / 100.0 * static_cast<double>(sorted.size()));
  const auto index = static_cast<std::size_t>(std::max(rank, 1.0)) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

} // namespace

LatencySummary summarize_latencies(std::span<const double> milliseconds)
{
  LatencySummary summary;
  summary.count = milliseconds.size();
  if (milliseconds.empty()) {
    return summary;
  }
  std::vector<double> sorted(milliseconds.begin(), milliseconds.end());
  std::ranges::sort(sorted);
  summary.p50_ms = percentile(sorted, 50);
  summary.p99_ms = percentile(sorted, 99);
  summary.max_ms = sorted.back();
  summary.mean_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
  return summary;
}

std::optional<double> milliseconds_since_process_start()
{
  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (!std::getline(stat, line)) {
    return std::nullopt;
  }
  // Field 2, the command name, is in parentheses and may hold spaces and parentheses itself: the
  // fields after the last ')' start with field 3, so the start time (22) is the 20th of them.
  const std::size_t name_end = line.rfind(')');
  if (name_end == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(line.substr(name_end + 1));
  std::string field;
  for (int i = 0; i < 20 && fields >> field; ++i) {
  }
  timespec now{};
  const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
  if (!fields || ticks_per_second <= 0 || ::clock_gettime(CLOCK_BOOTTIME, &now) != 0) {
    return std::nullopt;
  }
  double start_ticks = 0;
  if (std::from_chars(field.data(), field.data() + field.size(), start_ticks).ec != std::errc{}) {
    return std::nullopt;
  }
  const double start_seconds = start_ticks / static_cast<double>(ticks_per_second);
  const double now_seconds = static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  return (now_seconds - start_seconds) * 1000.0;
}

double thread_cpu_milliseconds() noexcept
{
  timespec now{};
  if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) {
    return 0;
  }
  return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) * 1e-6;
}

} // namespace nne::bench_ui
