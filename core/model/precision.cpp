#include "core/model/precision.h"

#include "core/util/text_util.h"

#include <utility>

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

std::string_view format_name(NumberFormat format) noexcept
{
  switch (format) {
  case NumberFormat::int4: return "INT4";
  case NumberFormat::int8: return "INT8";
  case NumberFormat::fp8: return "FP8";
  case NumberFormat::fp16: return "FP16";
  case NumberFormat::bf16: return "BF16";
  case NumberFormat::fp32: break;
  }
  return "FP32";
}

std::optional<NumberFormat> parse_number_format(std::string_view text) noexcept
{
  for (NumberFormat format : kAllNumberFormats) {
    if (detail::iequals(format_name(format), text)) {
      return format;
    }
  }
  return std::nullopt;
}

} // namespace nne
