#include "ui/chart/text_wrap.h"

namespace nne::ui {

QStringList wrap_at_spaces(const QString& text, const QFontMetricsF& metrics, double width)
{
  if (metrics.horizontalAdvance(text) <= width) {
    return {text};
  }
  QStringList lines;
  QString line;
  for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
    const QString longer = line.isEmpty() ? word : line + ' ' + word;
    if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
      lines << line;
      line = word;
    } else {
      line = longer;
    }
  }
  if (!line.isEmpty()) {
    lines << line;
  }
  return lines;
}

} // namespace nne::ui
