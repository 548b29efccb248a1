#include "core/model/precision.h"

namespace nne {

int bits_of(NumberFormat format) noexcept
{
  switch (format) {
  case NumberFormat::int4: return 4;
  case NumberFormat::int8:
  case NumberFormat::fp8: return 8;
  case NumberFormat::fp16:
  case NumberFormat::bf16: return 16;
  case NumberFormat::fp32: break;
  }
  return 32;
}

namespace {
constexpr EnumId<NumberFormat> kNumberFormatEntries[]{
    {"INT4", NumberFormat::int4}, {"INT8", NumberFormat::int8}, {"FP8", NumberFormat::fp8},
    {"FP16", NumberFormat::fp16}, {"BF16", NumberFormat::bf16}, {"FP32", NumberFormat::fp32},
};
} // namespace

const EnumIds<NumberFormat> kNumberFormatIds{kNumberFormatEntries};

} // namespace nne
