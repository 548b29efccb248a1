#pragma once

#include "core/import/onnx/dims.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nne::onnx_import {

// An Einsum's indices and their sizes, from its equation and its operands' shapes.
struct EinsumSpace {
  std::map<char, std::int64_t> sizes; // every index letter
  Dims ellipsis;                      // the "..." dimensions, broadcast over the operands
  std::string output; // the output's term: given, or implied (the "..." and the letters that occur once)
  bool sums = false;  // an index is summed over (absent from the output)
};

EinsumSpace einsum_space(std::string equation, const std::vector<Dims>& operands);

// The output's dimensions; throws std::invalid_argument for an output index no operand has.
Dims einsum_output_dims(const EinsumSpace& space);

} // namespace nne::onnx_import
