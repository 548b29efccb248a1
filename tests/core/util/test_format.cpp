#include "core/util/format.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace nne {
namespace {

TEST(Format, ScaleText)
{
  EXPECT_EQ(parse_scale_text("1"), 1.0);
  EXPECT_EQ(parse_scale_text("0.25"), 0.25);
  EXPECT_EQ(parse_scale_text("1/16"), 0.0625);
  EXPECT_EQ(parse_scale_text(" 1 / 16 "), 0.0625);
  for (const char* bad : {"", "1/0", "-1", "abc", "inf", "1/", "/2", "0"}) {
    EXPECT_THROW(parse_scale_text(bad), std::invalid_argument) << bad;
  }
  EXPECT_EQ(format_scale(1), "1");
  EXPECT_EQ(format_scale(0.5), "1/2");
  EXPECT_EQ(format_scale(1.0 / 1024), "1/1024");
  EXPECT_EQ(format_scale(4), "4");
  EXPECT_EQ(format_scale(0.3), "0.3");
  EXPECT_EQ(format_scale(0.75), "0.75");
}

} // namespace
} // namespace nne
