#pragma once

#include <QFontMetricsF>
#include <QString>
#include <QStringList>

namespace nne::ui {

// `text` in lines no wider than `width`, broken at its spaces; a word wider than that is a line of
// its own (a name or label is never cut). For the legends and labels the charts paint themselves.
QStringList wrap_at_spaces(const QString& text, const QFontMetricsF& metrics, double width);

} // namespace nne::ui
