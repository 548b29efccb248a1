#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nne::detail {

// "a, b, c" (or with another separator).
inline std::string join(const std::vector<std::string>& items, std::string_view separator = ", ")
{
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

// The ids of a list of things that have one (presets, catalog entries), for "known: a, b, c".
template <typename Items> std::vector<std::string> ids_of(const Items& items)
{
  std::vector<std::string> ids;
  for (const auto& item : items) {
    ids.push_back(item.id);
  }
  return ids;
}

// `text` without leading and trailing white space.
inline std::string_view trim(std::string_view text) noexcept
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The items of a comma-separated list as a user types it ("1, 4,8,"), each trimmed; empty items
// are skipped.
inline std::vector<std::string_view> split_list(std::string_view text)
{
  std::vector<std::string_view> items;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (!item.empty()) {
      items.push_back(item);
    }
  }
  return items;
}

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

// A preset-style id from a name: lower case letters, digits, '.' and '_', other runs as one '-'
// ("meta-llama/Llama-2-7b-hf" -> "meta-llama-llama-2-7b-hf").
inline std::string make_id(std::string_view name)
{
  std::string id;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.' || c == '_') {
      id += static_cast<char>(std::tolower(u));
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') {
    id.pop_back();
  }
  return id;
}

} // namespace nne::detail
