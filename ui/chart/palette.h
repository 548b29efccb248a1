#pragma once

#include "core/model/component.h"

#include <QColor>

namespace nne::ui {

// One colour per component in every chart and export: the Okabe-Ito colour-blind-safe palette.
QColor component_color(Component component);

// A perceptually uniform sequential colour scale (matplotlib's viridis, also readable in grey and
// by the colour-blind): `position` 0 (dark purple) to 1 (yellow), clamped.
QRgb sequential_color(double position);

} // namespace nne::ui
