#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace nne::detail {

inline bool iequals(std::string_view a, std::string_view b) noexcept
{
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// Looks `text` up case-insensitively in a table of {id, value} pairs.
template <typename Value, typename Table>
std::optional<Value> lookup_id(const Table& table, std::string_view text) noexcept
{
  for (const auto& [id, value] : table) {
    if (iequals(id, text)) {
      return value;
    }
  }
  return std::nullopt;
}

} // namespace nne::detail
