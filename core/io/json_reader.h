#pragma once

// Reading JSON input: every problem becomes InputError(origin, JSON pointer, what was expected),
// where origin is the file name (or a description) and the pointer is such as "/model/n_layer".
// The one reader under every file kind (core/io/*_json.h) and Hugging Face configs alike.

#include "core/util/enum_ids.h"
#include "core/util/errors.h"
#include "core/util/text_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nne {

// The offending value, compactly (at most 60 characters), for a validation message.
std::string shown_json(const nlohmann::json& value);

nlohmann::json parse_json_text(std::string_view text, const std::string& origin); // syntax errors with line/column
nlohmann::json read_json_file(const std::filesystem::path& path);                 // + file errors; origin = file name

// The JSON pointer of a member or an element of the value at `pointer`.
std::string child_pointer(const std::string& pointer, std::string_view key);
std::string child_pointer(const std::string& pointer, std::size_t index);

// One JSON object being read: remembers which keys were used, so that the rest can be kept
// (unknown_keys) or refused.
class ObjectReader {
public:
  // How a key given as null is read: as a value (a file of ours never holds null where a value
  // is expected, so it is refused as the wrong type) or as absent (transformers writes null for
  // "not set", and reads it so).
  enum class Nulls { are_values, are_absent };

  ObjectReader(const nlohmann::json& object, std::string origin, std::string pointer, Nulls nulls = Nulls::are_values)
      : object_(object), origin_(std::move(origin)), pointer_(std::move(pointer)), nulls_(nulls)
  {
    if (!object_.is_object()) {
      fail_here("expected an object, got " + shown_json(object_));
    }
  }

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const
  {
    throw InputError(origin_, child_pointer(pointer_, key), problem);
  }
  [[noreturn]] void fail_here(const std::string& problem) const { throw InputError(origin_, pointer_, problem); }

  const std::string& origin() const noexcept { return origin_; }
  std::string pointer(std::string_view key) const { return child_pointer(pointer_, key); }

  // Marks `key` as read (see unknown_keys), whether present or not.
  const nlohmann::json* find(std::string_view key) const
  {
    used_.emplace(key);
    const auto it = object_.find(key);
    return it == object_.end() || (nulls_ == Nulls::are_absent && it->is_null()) ? nullptr : &*it;
  }
  bool has(std::string_view key) const { return find(key) != nullptr; }

  const nlohmann::json& require(std::string_view key) const
  {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
      fail(key, "missing required key");
    }
    return *value;
  }

  std::int64_t integer_value(std::string_view key, const nlohmann::json& value, std::int64_t minimum,
                             std::string_view expected) const
  {
    std::optional<std::int64_t> parsed;
    if (value.is_number_integer()) {
      if (value.is_number_unsigned() &&
          value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail(key, "expected " + std::string(expected) + ", got " + shown_json(value) + " (too large)");
      }
      parsed = value.get<std::int64_t>();
    } else if (value.is_number_float()) {
      const double d = value.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.2e18) {
        parsed = static_cast<std::int64_t>(d);
      }
    }
    if (!parsed || *parsed < minimum) {
      fail(key, "expected " + std::string(expected) + ", got " + shown_json(value));
    }
    return *parsed;
  }

  std::int64_t positive_integer(std::string_view key) const
  {
    return integer_value(key, require(key), 1, "a positive integer");
  }
  std::optional<std::int64_t> optional_positive_integer(std::string_view key) const
  {
    const nlohmann::json* value = find(key);
    return value ? std::optional(integer_value(key, *value, 1, "a positive integer")) : std::nullopt;
  }
  std::int64_t non_negative_integer(std::string_view key, std::int64_t fallback) const
  {
    const nlohmann::json* value = find(key);
    return value ? integer_value(key, *value, 0, "a non-negative integer") : fallback;
  }

  bool boolean(std::string_view key, bool fallback) const
  {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_boolean()) {
      fail(key, "expected true or false, got " + shown_json(*value));
    }
    return value->get<bool>();
  }

  std::string string(std::string_view key, std::string fallback = {}) const
  {
    return optional_string(key).value_or(std::move(fallback));
  }
  std::optional<std::string> optional_string(std::string_view key) const
  {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
      return std::nullopt;
    }
    if (!value->is_string()) {
      fail(key, "expected a string, got " + shown_json(*value));
    }
    return value->get<std::string>();
  }

  double number_value(std::string_view key, const nlohmann::json& value, bool positive) const
  {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0 ||
        (positive && value.get<double>() == 0)) {
      fail(key, std::string(positive ? "expected a positive number" : "expected a non-negative number") + ", got " +
                    shown_json(value));
    }
    return value.get<double>();
  }
  std::optional<double> optional_number(std::string_view key, bool positive) const
  {
    const nlohmann::json* value = find(key);
    return value ? std::optional(number_value(key, *value, positive)) : std::nullopt;
  }

  // A string naming one of an enum's values by its id (core/util/enum_ids.h).
  template <typename Enum> Enum choice(std::string_view key, Enum fallback, const EnumIds<Enum>& ids) const
  {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
      return fallback;
    }
    if (value->is_string()) {
      if (const std::optional<Enum> parsed = ids.parse(value->get<std::string>())) {
        return *parsed;
      }
    }
    fail(key, "expected one of " + detail::join(ids.ids()) + ", got " + shown_json(*value));
  }

  // Keys no reader asked for (kept and written back, so newer or foreign data survives a save).
  nlohmann::json unknown_keys(std::initializer_list<std::string_view> also_known = {}) const
  {
    nlohmann::json unknown = nlohmann::json::object();
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key) && std::ranges::find(also_known, key) == also_known.end()) {
        unknown[key] = value;
      }
    }
    return unknown;
  }

  // Where a typo must not pass silently.
  void refuse_unknown_keys() const
  {
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key)) {
        std::vector<std::string> known(used_.begin(), used_.end());
        fail(key, "unknown key; expected one of " + detail::join(known));
      }
    }
  }

private:
  const nlohmann::json& object_;
  std::string origin_;
  std::string pointer_;
  Nulls nulls_;
  mutable std::set<std::string, std::less<>> used_; // bookkeeping of what was asked, not state of the value
};

// "format" and "version": required at the top of a file, optional on an object inside a scenario.
// Returns the version (`current` where none is given); a newer version than `current` is refused.
std::int64_t check_format(const ObjectReader& reader, std::string_view expected, int current, bool required);

} // namespace nne
