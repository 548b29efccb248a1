#include "core/model/component.h"
#include "core/model/precision.h"
#include "core/util/format.h"

#include <gtest/gtest.h>

namespace nne {
namespace {

TEST(Component, OneIdPerComponent)
{
  for (Component component : kAllComponents) {
    EXPECT_EQ(parse_component(component_id(component)), component);
  }
  EXPECT_EQ(component_id(Component::kv_cache), "kv_cache");
  EXPECT_EQ(parse_component("KV-cache"), Component::kv_cache);
  EXPECT_FALSE(parse_component("weights").has_value());
}

TEST(Component, PerComponentIndexing)
{
  ComponentEnergies e;
  e[Component::weight] = 1;
  e[Component::mac] = 2;
  e[Component::activation] = 4;
  e[Component::kv_cache] = 8;
  EXPECT_EQ(e.total(), 15);
  EXPECT_EQ(e.memory(), 13);
  const Scales s = Scales::only(Component::mac, 0.25);
  EXPECT_EQ(s.weight, 1);
  EXPECT_EQ(s.mac, 0.25);
}

TEST(Precision, IndexedByComponent)
{
  Precision p{NumberFormat::int8, NumberFormat::fp16, NumberFormat::int4, NumberFormat::fp32};
  EXPECT_EQ(p[Component::weight], NumberFormat::int8);
  EXPECT_EQ(p[Component::activation], NumberFormat::fp16);
  EXPECT_EQ(p[Component::kv_cache], NumberFormat::int4);
  EXPECT_EQ(p[Component::mac], NumberFormat::fp32);
  p[Component::kv_cache] = NumberFormat::fp8;
  EXPECT_EQ(p.kv_cache, NumberFormat::fp8);
}

TEST(Precision, BitsAndNames)
{
  EXPECT_EQ(bits_of(NumberFormat::int4), 4);
  EXPECT_EQ(bits_of(NumberFormat::fp8), 8);
  EXPECT_EQ(bits_of(NumberFormat::bf16), 16);
  EXPECT_EQ(bits_of(NumberFormat::fp32), 32);
  for (NumberFormat format : kAllNumberFormats) {
    EXPECT_EQ(parse_number_format(format_name(format)), format);
  }
  EXPECT_EQ(parse_number_format("bf16"), NumberFormat::bf16);
  EXPECT_FALSE(parse_number_format("INT32").has_value());
}

TEST(Format, Numbers)
{
  EXPECT_EQ(format_shortest(0.0625), "0.0625");
  EXPECT_EQ(format_shortest(6.66e9), "6.66e+09");
  EXPECT_EQ(format_shortest(11689512), "11689512");
  EXPECT_EQ(format_grouped(11689512), "11,689,512");
  EXPECT_EQ(format_grouped(999), "999");
  EXPECT_EQ(format_grouped(-1234.4), "-1,234");
  EXPECT_EQ(format_significant(0.6591412, 3), "0.659");
  EXPECT_EQ(format_decimals(0.0412, 5), "0.04120");
  EXPECT_EQ(format_decimals(4.47059e-4, 5), "0.00045");
  EXPECT_EQ(format_decimals(4e-9, 5), "4.00000e-09");
  EXPECT_EQ(format_joules(4.212e-4), "421.2 µJ");
  EXPECT_EQ(format_joules(0.47952), "479.5 mJ");
  EXPECT_EQ(format_joules(1500), "1.5 kJ");
  EXPECT_EQ(format_count(6.66e9), "6.66 G");
  EXPECT_EQ(format_count(11689512), "11.69 M");
  EXPECT_EQ(format_count(512), "512");
}

} // namespace
} // namespace nne
