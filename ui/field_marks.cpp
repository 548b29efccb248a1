#include "ui/field_marks.h"

#include <QLabel>
#include <QVariant>
#include <QWidget>

namespace nne::ui::field_marks {

namespace {
constexpr const char* kMarked = "nneInvalid";
} // namespace

void mark(QWidget* field, QLabel* reason_label, const QString& reason)
{
  if (!is_marked(field)) {
    field->setProperty(kMarked, true);
    // Scoped to the widget's own class so that its children (a spin box's line edit) keep theirs.
    field->setStyleSheet(QString("%1 { border: 2px solid #b00020; border-radius: 2px; }")
                             .arg(QString::fromLatin1(field->metaObject()->className()).section("::", -1)));
  }
  field->setToolTip(reason);
  if (reason_label != nullptr) {
    if (reason_label->text() != reason) {
      reason_label->setText(reason);
    }
    reason_label->setStyleSheet(problem_style());
    reason_label->show();
  }
}

void clear(QWidget* field, QLabel* reason_label)
{
  if (is_marked(field)) {
    field->setProperty(kMarked, false);
    field->setStyleSheet(QString());
    field->setToolTip(QString());
  }
  if (reason_label != nullptr && reason_label->isVisibleTo(reason_label->parentWidget())) {
    reason_label->hide();
  }
}

bool is_marked(const QWidget* field)
{
  return field->property(kMarked).toBool();
}

QString problem_style()
{
  return "QLabel { color: #b00020; }";
}

QString warning_style()
{
  return "QLabel { color: #8a5a00; }";
}

} // namespace nne::ui::field_marks
