// nne-bench-ui: how fast the desktop explorer answers (scripts/bench; README, Performance). A
// development tool built beside the product, never part of it.
#include "tools/bench-ui/latency_bench.h"

#include <iostream>
#include <string_view>
#include <vector>

int main(int argc, char* argv[])
{
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  return nne::bench_ui::run_latency_bench_command(args, std::cout, std::cerr);
}
