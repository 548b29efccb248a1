#include "ui/chart/palette.h"

#include <algorithm>
#include <array>
#include <cmath>

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

namespace {

// viridis at 16 evenly spaced positions (R's viridisLite::viridis(16)); between them, linearly.
constexpr std::array<QRgb, 16> kViridis{0x440154, 0x481A6C, 0x472F7D, 0x414487, 0x39568C, 0x31688E, 0x2A788E, 0x23888E,
                                        0x1F988B, 0x22A884, 0x35B779, 0x54C568, 0x7AD151, 0xA5DB36, 0xD2E21B, 0xFDE725};

constexpr int kLevels = 256;

std::array<QRgb, kLevels> viridis_table()
{
  std::array<QRgb, kLevels> table{};
  const auto channel = [](int from, int to, double f) { return static_cast<int>(std::lround(from + (to - from) * f)); };
  for (int i = 0; i < kLevels; ++i) {
    const double at = static_cast<double>(i) / (kLevels - 1) * (kViridis.size() - 1);
    const auto low = std::min(static_cast<std::size_t>(at), kViridis.size() - 2);
    const double f = at - static_cast<double>(low);
    const QRgb a = kViridis[low];
    const QRgb b = kViridis[low + 1];
    table[static_cast<std::size_t>(i)] =
        qRgb(channel(qRed(a), qRed(b), f), channel(qGreen(a), qGreen(b), f), channel(qBlue(a), qBlue(b), f));
  }
  return table;
}

} // namespace

QRgb sequential_color(double position)
{
  static const std::array<QRgb, kLevels> table = viridis_table();
  const double clamped = std::isnan(position) ? 0.0 : std::clamp(position, 0.0, 1.0);
  return table[static_cast<std::size_t>(std::lround(clamped * (kLevels - 1)))];
}

} // namespace nne::ui
