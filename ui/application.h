#pragma once

#include "core/energy/scenario.h"

#include <QSize>
#include <QString>

#include <optional>

namespace nne::ui {

// Starts the desktop explorer; argv[1], if given, is a scenario or model file (or preset id) to open.
int run_application(int argc, char* argv[]);

// Opens the main window at `size` on `scenario` (nullopt: where the explorer starts), lets it
// paint and saves a picture of it to `png_path` (the README's screenshot is made this way).
// Returns false when the file cannot be written. Uses the running QApplication, if any.
bool save_screenshot(const QString& png_path, const std::optional<Scenario>& scenario, QSize size);

} // namespace nne::ui
