// nn-energy-explorer: the command line, or the desktop explorer when no command is given.
#include "app/cli/cli.h"

#include <iostream>
#include <span>
#include <string_view>
#include <vector>

#ifdef NNE_HAVE_GUI
#include "app/cli/command_export.h"
#include "ui/application.h"
#include "ui/latency_bench.h"
#endif

int main(int argc, char* argv[])
{
  const std::vector<std::string_view> args(argv + 1, argv + argc);
#ifdef NNE_HAVE_GUI
  nne::cli::set_export_command(&nne::cli::run_export_command);
#endif
#ifdef NNE_HAVE_GUI
  // nn-energy-explorer screenshot OUT.png [SCENARIO]: a picture of the main window, for the docs.
  if (args.size() >= 2 && args[0] == "screenshot") {
    try {
      return nne::ui::save_screenshot(argv[2], argc > 3 ? argv[3] : nullptr, 1600, 1000);
    } catch (const std::exception& error) {
      std::cerr << "nn-energy-explorer: " << error.what() << '\n';
      return nne::cli::kExitBadInput;
    }
  }
  // nn-energy-explorer bench-ui [--steps N]: slider step to painted chart, start-up and export times, as JSON.
  if (!args.empty() && args[0] == "bench-ui") {
    return nne::ui::run_latency_bench_command(std::span(args).subspan(1), std::cout, std::cerr);
  }
#endif
  if (nne::cli::is_command_line(args)) {
    return nne::cli::run(args, std::cout, std::cerr);
  }
#ifdef NNE_HAVE_GUI
  return nne::ui::run_application(argc, argv);
#else
  std::cerr << "nn-energy-explorer: this build has no desktop explorer (configured with NNE_BUILD_GUI=OFF); "
               "see `nn-energy-explorer --help` for the command line\n";
  return nne::cli::kExitFailure;
#endif
}
