#pragma once

#include "core/model/component.h"
#include "core/util/enum_ids.h"

#include <array>
#include <optional>
#include <string_view>

namespace nne {

// The number formats the paper and the catalog talk about.
enum class NumberFormat { int4, int8, fp8, fp16, bf16, fp32 };

inline constexpr std::array<NumberFormat, 6> kAllNumberFormats{NumberFormat::int4, NumberFormat::int8,
                                                               NumberFormat::fp8,  NumberFormat::fp16,
                                                               NumberFormat::bf16, NumberFormat::fp32};

int bits_of(NumberFormat format) noexcept;
// "INT4", "INT8", "FP8", "FP16", "BF16", "FP32": the id in files and the name on screen alike.
extern const EnumIds<NumberFormat> kNumberFormatIds;
inline std::string_view format_name(NumberFormat format) noexcept
{
  return kNumberFormatIds.id(format);
}
inline std::optional<NumberFormat> parse_number_format(std::string_view text) noexcept
{
  return kNumberFormatIds.parse(text);
}

// Separate formats for the three tensor classes that travel through memory, and the MAC arithmetic.
struct Precision {
  NumberFormat weight = NumberFormat::fp16;
  NumberFormat activation = NumberFormat::fp16;
  NumberFormat kv_cache = NumberFormat::fp16;
  NumberFormat mac = NumberFormat::fp16;

  // The format of a component's tensors (the MAC component: the arithmetic's format).
  constexpr NumberFormat& operator[](Component component) noexcept
  {
    switch (component) {
    case Component::weight: return weight;
    case Component::activation: return activation;
    case Component::kv_cache: return kv_cache;
    case Component::mac: break;
    }
    return mac;
  }
  constexpr NumberFormat operator[](Component component) const noexcept
  {
    return const_cast<Precision&>(*this)[component]; // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }

  friend bool operator==(const Precision&, const Precision&) = default;
};

} // namespace nne
