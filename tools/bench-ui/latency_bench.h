#pragma once

#include "ui/main_window.h"

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

namespace nne::bench_ui {

struct LatencyBenchOptions {
  int steps = 50;     // value changes per control and chart tab, in each of the two ways of changing
  bool trace = false; // a timeline of every change on stderr: events, paints, wall and CPU time
  // What the sliders are driven on: a scenario or model preset id or a file, as the command line
  // takes them (any model of the zoo, an imported config or graph). A CNN's layer table cell is
  // then driven on it too; otherwise on the paper's ResNet18.
  std::string scenario{ui::kStartScenario};
};

// `nne-bench-ui [--steps N]`: how fast the desktop explorer answers.
//
// Opens the main window as a user does (offscreen unless QT_QPA_PLATFORM names a platform) and
// times the first painted window from the moment the process was exec'd. Then, on every chart tab,
// drives each what-if slider and a cell of the CNN layer table through their ranges, one change at
// a time; the sliders also in bursts of changes made before the event loop runs again (a drag
// faster than the frames, which the evaluator coalesces). Between changes the event loop runs for
// 10 ms, as between two moves of a hand. A change's latency runs from just before its value is set
// to the end of the event in which the visible chart's view was last painted because of it: the
// document edit, the evaluation, the charts' update, layout and paint (and any later paint of the
// chart's legend or axes), and the flush of the window. Last, it exports each chart as a
// 3840x2160 PNG.
//
// Writes one JSON object to `out`: p50_ms, p99_ms, max_ms (over every change; the GUI thread's
// CPU time over the same spans as cpu_*, the first paint after the evaluation as first_frame_*),
// changes, evaluations, coalesced, paints, first_paint_ms, startup_ms, png_export_ms, steps,
// platform, and the same figures per tab, per control and per way of changing. Returns 0, or 1
// when a change was never painted (its figures would then not mean what they say; `unpainted`
// counts them).
int run_latency_bench(const LatencyBenchOptions& options, std::ostream& out);

// The command: parses [--steps N] (N >= 1) [--scenario S] [--trace], says what is wrong on `err`
// with exit status 2, or runs.
int run_latency_bench_command(std::span<const std::string_view> arguments, std::ostream& out, std::ostream& err);

} // namespace nne::bench_ui
