#pragma once

namespace nne::ui {

// Starts the desktop explorer; argv[1], if given, is a scenario or model file (or preset id) to open.
int run_application(int argc, char* argv[]);

// Opens the main window on `scenario` (a preset id or file; empty: the default), lets it paint,
// saves a picture of it to `png_path` and returns (the README's screenshot is made this way).
int save_screenshot(const char* png_path, const char* scenario, int width, int height);

} // namespace nne::ui
