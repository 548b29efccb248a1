#pragma once
// Showing the document in a panel at every change, without touching what already shows it: a
// spin box's setValue, a line edit's setText, a style sheet or a combo item's text repaint (and
// some lay out) their widget even when nothing changes, which at every slider step added up to a
// repaint of both side panels.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QString>
#include <QWidget>

namespace nne::ui::widget_sync {

inline void value(QSpinBox* spin, int value)
{
  if (spin->value() != value) {
    spin->setValue(value);
  }
}

inline void value(QDoubleSpinBox* spin, double value)
{
  // The box keeps its value rounded to its decimals: compared so.
  if (spin->value() != QString::number(value, 'f', spin->decimals()).toDouble()) {
    spin->setValue(value);
  }
}

inline void text(QLineEdit* edit, const QString& text)
{
  if (edit->text() != text) {
    edit->setText(text);
  }
}

inline void item_text(QComboBox* combo, int index, const QString& text)
{
  if (combo->itemText(index) != text) {
    combo->setItemText(index, text);
  }
}

inline void style_sheet(QWidget* widget, const QString& sheet)
{
  if (widget->styleSheet() != sheet) {
    widget->setStyleSheet(sheet);
  }
}

inline void special_value_text(QAbstractSpinBox* spin, const QString& text)
{
  if (auto* d = qobject_cast<QDoubleSpinBox*>(spin); d != nullptr && d->specialValueText() != text) {
    d->setSpecialValueText(text);
  } else if (auto* i = qobject_cast<QSpinBox*>(spin); i != nullptr && i->specialValueText() != text) {
    i->setSpecialValueText(text);
  }
}

inline void tool_tip(QWidget* widget, const QString& tip)
{
  if (widget->toolTip() != tip) {
    widget->setToolTip(tip);
  }
}

} // namespace nne::ui::widget_sync
