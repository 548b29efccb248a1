#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "tests/support/temp_dir.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/png_writer.h"
#include "ui/chart_builders.h"

#include <QImage>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

namespace nne::ui {
namespace {

// Qt's PNG reader gives back every pixel encode_png() was given.
TEST(PngExport, QtReadsBackEveryPixel)
{
  QImage image(97, 61, QImage::Format_RGB32); // odd sizes: no row is a multiple of anything
  std::mt19937 random(7);
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      image.setPixel(x, y, 0xff000000U | (random() & 0xffffffU));
    }
  }
  const std::string png =
      encode_png(std::span(reinterpret_cast<const std::uint32_t*>(image.constBits()), // NOLINT: RGB32 rows are uint32
                           static_cast<std::size_t>(image.sizeInBytes()) / 4),
                 97, 61, static_cast<std::size_t>(image.bytesPerLine()) / 4, 3780);
  QImage decoded;
  ASSERT_TRUE(decoded.loadFromData(reinterpret_cast<const uchar*>(png.data()), static_cast<int>(png.size()), "PNG"));
  ASSERT_EQ(decoded.size(), image.size());
  EXPECT_EQ(decoded.dotsPerMeterX(), 3780);
  EXPECT_EQ(decoded.convertToFormat(QImage::Format_RGB32), image);
}

// An exported chart is the rendered chart, pixel for pixel, at the asked resolution.
TEST(PngExport, ExportedChartIsTheRenderedChart)
{
  const testing::TempDir dir;
  const Scenario& scenario = *builtin_presets().find_scenario("paper-llama7b-kv");
  const StackedBarSpec spec = breakdown_spec(scenario, evaluate(scenario), BreakdownUnit::normalized);
  const QString path = QString::fromStdString(dir.file("breakdown.png"));
  export_chart(spec, path, QSize(640, 360), 150);
  QImage exported(path);
  ASSERT_FALSE(exported.isNull());
  EXPECT_EQ(exported.size(), QSize(640, 360));
  EXPECT_EQ(exported.dotsPerMeterX(), 5906); // 150 dpi
  EXPECT_EQ(exported.convertToFormat(QImage::Format_RGB32), render_chart_image(spec, QSize(640, 360), 150));
}

} // namespace
} // namespace nne::ui
