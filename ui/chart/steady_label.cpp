#include "ui/chart/steady_label.h"

#include <QResizeEvent>

#include <algorithm>

namespace nne::ui {

SteadyLabel::SteadyLabel(QWidget* parent) : QLabel(parent)
{
  setWordWrap(true);
}

void SteadyLabel::setText(const QString& text)
{
  if (text == QLabel::text()) {
    return;
  }
  QLabel::setText(text);
  // Only a label on screen has the width it is laid out at (a hidden tab's is a default 100 px).
  if (isVisible() && width() > 0) {
    const int needed = QLabel::heightForWidth(width());
    floor_height_ = floor_width_ == width() ? std::max(floor_height_, needed) : needed;
    floor_width_ = width();
  }
}

int SteadyLabel::heightForWidth(int width) const
{
  const int height = QLabel::heightForWidth(width);
  return width == floor_width_ ? std::max(height, floor_height_) : height;
}

void SteadyLabel::resizeEvent(QResizeEvent* event)
{
  QLabel::resizeEvent(event);
  if (event->size().width() != floor_width_) {
    floor_width_ = -1; // the floor was for another width
    floor_height_ = 0;
  }
}

} // namespace nne::ui
