#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace nne::cli {

// Exit statuses of the command line (design.md section 5).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // anything that is not the user's input
inline constexpr int kExitBadInput = 2; // invalid file, unknown preset, bad option

// Runs a command on its arguments (those after its name), writing its whole output to `out`;
// returns the exit status.
using CommandHandler = int (*)(const std::vector<std::string_view>& args, std::ostream& out);

// `export` and `screenshot` draw with the GUI library, which this library does not link. They are
// in the one command table (cli.cpp) without a handler; a build with the GUI provides theirs at
// start-up (register_gui_commands, app/cli/gui_commands.h). Until then --help leaves them out and
// running one says that this build has no GUI. Throws std::logic_error for any other name.
void provide_gui_command(std::string_view name, CommandHandler handler);

// True when the arguments name a command-line action (a command, --help, --version) rather than
// starting the GUI (no arguments, or a file to open).
bool is_command_line(const std::vector<std::string_view>& args);

// Runs one command. Output goes to `out` only when the command succeeds; on failure `out` stays
// empty and `err` gets one line naming the input, the key and what was expected.
int run(const std::vector<std::string_view>& args, std::ostream& out, std::ostream& err);

} // namespace nne::cli
