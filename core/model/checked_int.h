#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>

namespace nne::detail {

// int64 arithmetic that reports overflow instead of wrapping: the counters (CNN layers, ONNX
// nodes, graph sums) refuse a count beyond 2^63 - 1 rather than print a wrong one.
inline std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) noexcept
{
  std::int64_t result = 0;
  return __builtin_mul_overflow(a, b, &result) ? std::nullopt : std::optional(result);
}

inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) noexcept
{
  std::int64_t result = 0;
  return __builtin_add_overflow(a, b, &result) ? std::nullopt : std::optional(result);
}

// What the counters say when that happens, after the name of the layer or node.
inline constexpr const char* kTooLargeToCount = "is too large to count: a count exceeds 2^63 - 1";

// The same as a value type for formulas: arithmetic on a CheckedCount throws CountOverflow
// where int64 would wrap, so that a long formula needs no check per operation and cannot print a
// wrapped number. The counter catches it and says which model was too large.
class CountOverflow : public std::overflow_error {
public:
  CountOverflow() : std::overflow_error(kTooLargeToCount) {}
};

class CheckedCount {
public:
  constexpr CheckedCount(std::int64_t value = 0) noexcept : value_(value) {} // NOLINT: implicit by design
  constexpr std::int64_t value() const noexcept { return value_; }

  friend CheckedCount operator+(CheckedCount a, CheckedCount b)
  {
    std::int64_t result = 0;
    if (__builtin_add_overflow(a.value_, b.value_, &result)) {
      throw CountOverflow();
    }
    return result;
  }
  friend CheckedCount operator-(CheckedCount a, CheckedCount b)
  {
    std::int64_t result = 0;
    if (__builtin_sub_overflow(a.value_, b.value_, &result)) {
      throw CountOverflow();
    }
    return result;
  }
  friend CheckedCount operator*(CheckedCount a, CheckedCount b)
  {
    std::int64_t result = 0;
    if (__builtin_mul_overflow(a.value_, b.value_, &result)) {
      throw CountOverflow();
    }
    return result;
  }
  friend CheckedCount operator/(CheckedCount a, CheckedCount b) { return a.value_ / b.value_; }
  CheckedCount& operator+=(CheckedCount other) { return *this = *this + other; }
  friend constexpr auto operator<=>(CheckedCount, CheckedCount) noexcept = default;

private:
  std::int64_t value_;
};

inline CheckedCount min(CheckedCount a, CheckedCount b) noexcept
{
  return b < a ? b : a;
}

} // namespace nne::detail
