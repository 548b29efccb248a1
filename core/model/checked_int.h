#pragma once

#include <cstdint>
#include <optional>

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

} // namespace nne::detail
