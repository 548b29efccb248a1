#include "ui/wheel_guard.h"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QWidget>

namespace nne::ui {

namespace {

class WheelGuard : public QObject {
public:
  using QObject::QObject;

protected:
  bool eventFilter(QObject* watched, QEvent* event) override
  {
    if (event->type() != QEvent::Wheel) {
      return false;
    }
    auto* field = static_cast<QWidget*>(watched);
    if (field->hasFocus()) {
      return false; // chosen by the user: the wheel steps its value
    }
    // Handed to the scroll area the field sits in, which scrolls by it.
    for (QWidget* ancestor = field->parentWidget(); ancestor != nullptr; ancestor = ancestor->parentWidget()) {
      if (auto* area = qobject_cast<QAbstractScrollArea*>(ancestor)) {
        QCoreApplication::sendEvent(area->viewport(), event);
        break;
      }
    }
    return true;
  }
};

} // namespace

void scroll_panel_not_fields(QWidget* panel)
{
  auto* guard = new WheelGuard(panel);
  for (QWidget* widget : panel->findChildren<QWidget*>()) {
    if (qobject_cast<QComboBox*>(widget) != nullptr || qobject_cast<QAbstractSpinBox*>(widget) != nullptr) {
      // Focus by click or Tab only, not by the wheel passing over it.
      widget->setFocusPolicy(Qt::StrongFocus);
      widget->installEventFilter(guard);
    }
  }
}

} // namespace nne::ui
