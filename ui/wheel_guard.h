#pragma once

class QWidget;

namespace nne::ui {

// In a panel that scrolls, the mouse wheel scrolls the panel: a combo box or spin box under the
// pointer changes its value by the wheel only once the user has given it focus (by clicking or
// tabbing to it). Without this, scrolling through the model form silently edits whichever field
// passes under the pointer (the norm of an imported model, a layer count), an edit the user never
// meant and may not notice.
void scroll_panel_not_fields(QWidget* panel);

} // namespace nne::ui
