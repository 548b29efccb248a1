#include "app/cli/gui_commands.h"

#include "app/cli/cli.h"
#include "app/cli/command_export.h"
#include "app/cli/command_screenshot.h"

namespace nne::cli {

void register_gui_commands()
{
  provide_gui_command("export", &run_export_command);
  provide_gui_command("screenshot", &run_screenshot_command);
}

} // namespace nne::cli
