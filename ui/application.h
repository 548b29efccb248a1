#pragma once

namespace nne::ui {

// Starts the desktop explorer; argv[1], if given, is a scenario or model file (or preset id) to open.
int run_application(int argc, char* argv[]);

} // namespace nne::ui
