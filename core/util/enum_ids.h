#pragma once

#include "core/util/text_util.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nne {

template <typename Enum> struct EnumId {
  std::string_view id;
  Enum value;
};

// The one table of an enum's ids, used by the files, the command line and the messages alike.
// A value's first entry is its id: what files hold and messages list. Further entries for the
// same value are aliases a reader accepts ("kv-cache" for "kv_cache") and no writer produces.
// Ids are matched without regard to case.
template <typename Enum> class EnumIds {
public:
  template <std::size_t N> constexpr explicit EnumIds(const EnumId<Enum> (&entries)[N]) noexcept : entries_(entries) {}

  // Every value of the enum has an entry (tests/core/util/test_enum_ids.cpp checks each table).
  std::string_view id(Enum value) const noexcept
  {
    for (const EnumId<Enum>& entry : entries_) {
      if (entry.value == value) {
        return entry.id;
      }
    }
    return {};
  }

  std::optional<Enum> parse(std::string_view text) const noexcept
  {
    for (const EnumId<Enum>& entry : entries_) {
      if (detail::iequals(entry.id, text)) {
        return entry.value;
      }
    }
    return std::nullopt;
  }

  // The values in table order, each once.
  std::vector<Enum> values() const
  {
    std::vector<Enum> values;
    for (const EnumId<Enum>& entry : entries_) {
      if (id(entry.value) == entry.id) {
        values.push_back(entry.value);
      }
    }
    return values;
  }

  // The ids of values(), for "expected one of ..." and --help.
  std::vector<std::string> ids() const
  {
    std::vector<std::string> ids;
    for (const Enum value : values()) {
      ids.emplace_back(id(value));
    }
    return ids;
  }

  std::span<const EnumId<Enum>> entries() const noexcept { return entries_; }

private:
  std::span<const EnumId<Enum>> entries_;
};

} // namespace nne
