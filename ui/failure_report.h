#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace nne::ui {

// Runs a user's action (open, import, save, export) and, when it throws, tells the user why in a
// dialog titled `failure` ("Cannot save") with the exception's message, which names the file and
// the problem. Returns whether the action succeeded. Every action that can fail on input or on
// the file system goes through here: no error is swallowed, none ends the program, and what the
// user had is left as it was (the action's own business: core writes files atomically).
bool run_reporting_failure(QWidget* parent, const QString& failure, const std::function<void()>& action);

} // namespace nne::ui
