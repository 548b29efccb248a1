#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <ostream>

namespace nne::cli {

// Command-line JSON keeps its keys in the order written, so the main figures come first.
using Json = nlohmann::ordered_json;

// A count as JSON: an integer when it is one (so 6738415616 does not print as 6738415616.0).
inline Json json_number(double value)
{
  constexpr double kExactIntegerLimit = 9007199254740992.0; // 2^53
  if (std::isfinite(value) && std::abs(value) < kExactIntegerLimit && value == std::floor(value)) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

inline void write_json(std::ostream& out, const Json& json)
{
  out << json.dump(2) << '\n';
}

} // namespace nne::cli
