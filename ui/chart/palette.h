#pragma once

#include "core/component.h"

#include <QColor>

namespace nne::ui {

// One colour per component in every chart and export: the Okabe-Ito colour-blind-safe palette.
QColor component_color(Component component);

} // namespace nne::ui
