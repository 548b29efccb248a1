#pragma once

#include "app/cli/cli.h"
#include "core/energy/scenario.h"

#include <ostream>
#include <string_view>
#include <vector>

namespace nne::cli {

// Each command parses its own arguments and writes its whole output to `out`. Bad input throws
// InputError or ModelError; the caller turns those into one line on stderr and status 2.
struct Command {
  std::string_view name;
  std::string_view synopsis; // "counts MODEL [--phase decode|prefill] ..."
  std::string_view summary;  // one line for the overview
  std::string_view help;     // the rest of `COMMAND --help`
  CommandHandler run;        // nullptr for a command the GUI library provides (provide_gui_command)
};

// Evaluates a scenario named on the command line. Its problems (a MAC format the hardware has no
// figure for, a layer that does not fit) are the file's: the message names the argument the user
// typed, as every other bad-input message does.
ScenarioResult evaluate_argument(const Scenario& scenario, std::string_view argument);

class Arguments;
// `--mac-format F`: the MACs computed in F (INT4 ... FP32) instead of the scenario's format, e.g.
// FP16 for a BF16 model on the paper's 45 nm node, which has no BF16 figure. Said in the output's
// "mac" line, like every MAC figure.
void apply_mac_format_option(const Arguments& arguments, Scenario& scenario);

int run_list(const std::vector<std::string_view>& args, std::ostream& out);
int run_counts(const std::vector<std::string_view>& args, std::ostream& out);
int run_sweep(const std::vector<std::string_view>& args, std::ostream& out);
int run_design_space(const std::vector<std::string_view>& args, std::ostream& out);
int run_paper(const std::vector<std::string_view>& args, std::ostream& out);

} // namespace nne::cli
