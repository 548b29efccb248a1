// nn-energy-explorer: the command line, or the desktop explorer when no command is given.
#include "app/cli/cli.h"

#include <iostream>
#include <string_view>
#include <vector>

#ifdef NNE_HAVE_GUI
#include "app/cli/gui_commands.h"
#include "ui/application.h"
#endif

int main(int argc, char* argv[])
{
  const std::vector<std::string_view> args(argv + 1, argv + argc);
#ifdef NNE_HAVE_GUI
  nne::cli::register_gui_commands();
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
