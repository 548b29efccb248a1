#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nne::onnx_import {

// A tensor's dimensions; -1 for one that is not known.
using Dims = std::vector<std::int64_t>;

// "1x64x56x56", "1x?x56" for an unknown dimension, "a scalar" for none: for messages.
inline std::string dims_text(const Dims& dims)
{
  std::string text;
  for (std::int64_t d : dims) {
    if (!text.empty()) {
      text += 'x';
    }
    text += d < 0 ? std::string("?") : std::to_string(d);
  }
  return text.empty() ? "a scalar" : text;
}

} // namespace nne::onnx_import
