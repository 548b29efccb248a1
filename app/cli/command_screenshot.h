#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace nne::cli {

// `screenshot OUT.png [SCENARIO]`: a picture of the main window, for the documentation. Checks its
// arguments before any window opens (bad input throws InputError); writes nothing to `out`.
int run_screenshot_command(const std::vector<std::string_view>& args, std::ostream& out);

} // namespace nne::cli
