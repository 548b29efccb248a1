#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace nne::ui::field_marks {

// Invalid input is marked at the field itself: a red frame, the reason as its tooltip, and the
// reason in words in a label beside it (KeePassXC marks fields in place the same way).
void mark(QWidget* field, QLabel* reason_label, const QString& reason);
// Takes the mark away; `reason_label` may be null.
void clear(QWidget* field, QLabel* reason_label);
bool is_marked(const QWidget* field);

// Style sheets for the labels: a problem (red) and a warning (amber).
QString problem_style();
QString warning_style();

} // namespace nne::ui::field_marks
