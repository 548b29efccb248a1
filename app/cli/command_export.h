#pragma once

#include <ostream>
#include <string_view>
#include <vector>

namespace nne::cli {

// `export SCENARIO --chart NAME --out FILE [--size WxH] [--dpi N] [--unit U]`, headless.
// Creates an offscreen QApplication when none exists.
int run_export_command(const std::vector<std::string_view>& args, std::ostream& out);

} // namespace nne::cli
