#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace nne::cli {

// Exit statuses of the command line (design.md section 5).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // anything that is not the user's input
inline constexpr int kExitBadInput = 2; // invalid file, unknown preset, bad option

// The `export` command draws charts, which needs the GUI library; a build with the GUI registers
// it here (main.cpp), a build without answers that it cannot export.
using ExportCommand = int (*)(const std::vector<std::string_view>& args, std::ostream& out);
void set_export_command(ExportCommand command);

// True when the arguments name a command-line action (a command, --help, --version) rather than
// starting the GUI (no arguments, or a file to open).
bool is_command_line(const std::vector<std::string_view>& args);

// Runs one command. Output goes to `out` only when the command succeeds; on failure `out` stays
// empty and `err` gets one line naming the input, the key and what was expected.
int run(const std::vector<std::string_view>& args, std::ostream& out, std::ostream& err);

} // namespace nne::cli
