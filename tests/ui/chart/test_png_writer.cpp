#include "ui/chart/png_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace nne::ui {
namespace {

std::uint32_t read_u32(const std::string& bytes, std::size_t at)
{
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  }
  return value;
}

// (Decoding is checked against Qt's reader in tests/ui/test_png_export.cpp.)
TEST(PngWriter, SignatureHeaderResolutionAndEnd)
{
  const std::vector<std::uint32_t> pixels(5 * 3, 0xff336699U);
  const std::string png = encode_png(pixels, 4, 3, 5, 3780);
  ASSERT_GT(png.size(), 8U + 25U + 21U + 12U);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(read_u32(png, 8), 13U); // IHDR length
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  EXPECT_EQ(read_u32(png, 16), 4U); // width
  EXPECT_EQ(read_u32(png, 20), 3U); // height
  EXPECT_EQ(png[24], 8);            // bits per channel
  EXPECT_EQ(png[25], 2);            // RGB
  EXPECT_EQ(png.substr(37, 4), "pHYs");
  EXPECT_EQ(read_u32(png, 41), 3780U);
  EXPECT_EQ(png.substr(png.size() - 12), std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12));
}

TEST(PngWriter, RefusesSizesThatDoNotFitThePixels)
{
  const std::vector<std::uint32_t> pixels(12, 0);
  EXPECT_THROW(encode_png(pixels, 4, 4, 4), std::invalid_argument);
  EXPECT_THROW(encode_png(pixels, 5, 2, 4), std::invalid_argument);
  EXPECT_THROW(encode_png(pixels, 0, 2, 4), std::invalid_argument);
  EXPECT_NO_THROW(encode_png(pixels, 4, 3, 4));
}

} // namespace
} // namespace nne::ui
