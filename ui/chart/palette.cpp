#include "ui/chart/palette.h"

namespace nne::ui {

QColor component_color(Component component)
{
  switch (component) {
  case Component::weight: return QColor(0x00, 0x72, 0xB2);     // blue
  case Component::mac: return QColor(0xE6, 0x9F, 0x00);        // orange
  case Component::activation: return QColor(0x00, 0x9E, 0x73); // bluish green
  case Component::kv_cache: break;
  }
  return QColor(0xCC, 0x79, 0xA7); // reddish purple
}

} // namespace nne::ui
