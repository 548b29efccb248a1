#include "ui/chart/steady_label.h"

#include <QEvent>
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
  asked_width_ = -1;
  // Only a label on screen has the width it is laid out at (a hidden tab's is a default 100 px).
  if (isVisible() && width() > 0) {
    asked_text_ = QLabel::text();
    asked_width_ = width();
    asked_height_ = QLabel::heightForWidth(width());
    const int needed = asked_height_;
    floor_height_ = floor_width_ == width() ? std::max(floor_height_, needed) : needed;
    floor_width_ = width();
  }
}

int SteadyLabel::heightForWidth(int width) const
{
  if (width != asked_width_ || QLabel::text() != asked_text_) {
    asked_text_ = QLabel::text();
    asked_width_ = width;
    asked_height_ = QLabel::heightForWidth(width);
  }
  const int height = asked_height_;
  return width == floor_width_ ? std::max(height, floor_height_) : height;
}

void SteadyLabel::changeEvent(QEvent* event)
{
  if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange ||
      event->type() == QEvent::ContentsRectChange) {
    asked_width_ = -1;
  }
  QLabel::changeEvent(event);
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
