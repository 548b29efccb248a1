#include "core/util/format.h"

#include "core/util/text_util.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string_view>

namespace nne {

namespace {

template <typename... Args> std::string printf_string(const char* format, Args... args)
{
  std::array<char, 64> buffer{};
  const int length = std::snprintf(buffer.data(), buffer.size(), format, args...);
  return length < 0 ? std::string{} : std::string(buffer.data(), static_cast<std::size_t>(length));
}

struct Prefix {
  double factor;
  std::string_view symbol;
};

std::string with_prefix(double value, std::string_view unit, std::span<const Prefix> prefixes)
{
  if (value == 0.0 || !std::isfinite(value)) {
    return format_significant(value, 4) + (unit.empty() ? "" : " ") + std::string(unit);
  }
  const double magnitude = std::abs(value);
  for (const Prefix& prefix : prefixes) {
    if (magnitude >= prefix.factor * (1 - 5e-5)) {
      return format_significant(value / prefix.factor, 4) + " " + std::string(prefix.symbol) + std::string(unit);
    }
  }
  const Prefix& smallest = prefixes.back();
  return format_significant(value / smallest.factor, 4) + " " + std::string(smallest.symbol) + std::string(unit);
}

} // namespace

std::string format_shortest(double value)
{
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

std::string format_grouped(double value)
{
  if (!std::isfinite(value)) {
    return format_shortest(value);
  }
  const std::string digits = printf_string("%.0f", std::abs(value));
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      grouped += ',';
    }
    grouped += digits[i];
  }
  return (value < 0 && digits != "0" ? "-" : "") + grouped;
}

std::string format_significant(double value, int significant)
{
  return printf_string("%.*g", significant, value);
}

std::string format_decimals(double value, int decimals)
{
  if (value != 0.0 && std::abs(value) < 0.5 * std::pow(10.0, -decimals)) {
    return printf_string("%.*e", decimals, value);
  }
  return printf_string("%.*f", decimals, value);
}

std::string format_joules(double joules)
{
  static constexpr std::array<Prefix, 7> kPrefixes{
      {{1e3, "k"}, {1.0, ""}, {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}}};
  return with_prefix(joules, "J", kPrefixes);
}

std::string format_count(double value)
{
  static constexpr std::array<Prefix, 5> kPrefixes{{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1.0, ""}}};
  if (std::abs(value) < 1e3) {
    return format_significant(value, 4);
  }
  return with_prefix(value, "", kPrefixes);
}

std::string format_bytes(double bytes)
{
  static constexpr std::array<Prefix, 6> kPrefixes{{{1099511627776.0 * 1024, "Pi"},
                                                    {1099511627776.0, "Ti"},
                                                    {1073741824.0, "Gi"},
                                                    {1048576.0, "Mi"},
                                                    {1024.0, "Ki"},
                                                    {1.0, ""}}};
  return with_prefix(bytes, "B", kPrefixes);
}

double parse_scale_text(std::string_view text)
{
  const auto number = [&](std::string_view part) {
    part = detail::trim(part);
    double value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc{} || end != part.data() + part.size() || !std::isfinite(value) ||
        value <= 0) {
      throw std::invalid_argument("expected a scale such as 0.25 or 1/4, got \"" + std::string(text) + "\"");
    }
    return value;
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return number(text);
  }
  const double scale = number(text.substr(0, slash)) / number(text.substr(slash + 1));
  if (!std::isfinite(scale) || scale <= 0) {
    throw std::invalid_argument("expected a scale such as 0.25 or 1/4, got \"" + std::string(text) + "\"");
  }
  return scale;
}

std::string format_scale(double scale)
{
  if (scale > 0 && std::isfinite(scale)) {
    int exponent = 0;
    const double mantissa = std::frexp(scale, &exponent);
    if (mantissa == 0.5) { // an exact power of two: 2^(exponent - 1)
      const int power = exponent - 1;
      if (power == 0) {
        return "1";
      }
      if (power < 0 && power >= -62) {
        return "1/" + std::to_string(1ULL << -power);
      }
      if (power > 0 && power <= 62) {
        return std::to_string(1ULL << power);
      }
    }
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", scale);
  return buffer;
}

} // namespace nne
