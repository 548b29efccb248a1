#pragma once

#include <QLabel>

namespace nne::ui {

// A word-wrapped label for text that changes at every slider step (a verdict, a chart's caption):
// at a given width the height it asks for only grows, so a caption one line shorter than the last
// does not resize the chart above it, which would lay out and repaint the whole chart again (and
// again as the line count went back and forth). A new width starts afresh. Its minimum size stays
// QLabel's: the window's minimum does not grow with the longest text seen.
class SteadyLabel : public QLabel {
public:
  explicit SteadyLabel(QWidget* parent = nullptr);

  // Hides QLabel::setText on purpose: callers hold a SteadyLabel.
  void setText(const QString& text);
  int heightForWidth(int width) const override;

protected:
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

private:
  int floor_width_ = -1; // the width the floor holds at
  int floor_height_ = 0;
  // QLabel lays its text out again at every question; the layouts around ask several times a
  // step, at the same width. Kept with the text it was for (also one set through QLabel), and
  // forgotten when the font or the style changes.
  mutable QString asked_text_;
  mutable int asked_width_ = -1;
  mutable int asked_height_ = 0;
};

} // namespace nne::ui
