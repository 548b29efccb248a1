#pragma once

namespace nne::cli {

// Gives the command table (app/cli/cli.cpp) the handlers of the commands that draw with the GUI
// library, `export` and `screenshot`; --help lists them from then on. main.cpp calls this in a
// build with the GUI.
void register_gui_commands();

} // namespace nne::cli
