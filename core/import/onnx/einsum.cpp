#include "core/import/onnx/einsum.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace nne::onnx_import {

EinsumSpace einsum_space(std::string equation, const std::vector<Dims>& operands)
{
  std::erase_if(equation, [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
  const std::size_t arrow = equation.find("->");
  const std::string lhs = equation.substr(0, arrow);
  std::vector<std::string> terms;
  for (std::size_t start = 0;;) {
    const std::size_t comma = lhs.find(',', start);
    terms.push_back(lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  if (terms.size() != operands.size()) {
    throw std::invalid_argument("the equation '" + equation + "' has " + std::to_string(terms.size()) +
                                " operand(s), the node " + std::to_string(operands.size()));
  }
  EinsumSpace space;
  std::map<char, int> occurrences;
  bool has_ellipsis = false;
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const Dims& dims = operands[t];
    std::string letters = terms[t];
    const std::size_t dots = letters.find("...");
    if (dots != std::string::npos) {
      letters.erase(dots, 3);
      has_ellipsis = true;
    }
    if (letters.size() > dims.size() || (dots == std::string::npos && letters.size() != dims.size())) {
      throw std::invalid_argument("the equation '" + equation + "' gives operand " + std::to_string(t) + " " +
                                  std::to_string(letters.size()) + " indices, but it is " + dims_text(dims));
    }
    const std::size_t ellipsis_rank = dims.size() - letters.size();
    const std::size_t ellipsis_at = dots == std::string::npos ? 0 : dots;
    for (std::size_t i = 0; i < letters.size(); ++i) {
      const std::int64_t size = dims[i < ellipsis_at ? i : i + ellipsis_rank];
      space.sizes[letters[i]] = std::max(space.sizes[letters[i]], size);
      ++occurrences[letters[i]];
    }
    for (std::size_t i = 0; i < ellipsis_rank; ++i) {
      const std::size_t from_right = ellipsis_rank - i; // 1: the last "..." dimension
      if (space.ellipsis.size() < from_right) {
        space.ellipsis.insert(space.ellipsis.begin(), from_right - space.ellipsis.size(), 1);
      }
      std::int64_t& broadcast = space.ellipsis[space.ellipsis.size() - from_right];
      broadcast = std::max(broadcast, dims[ellipsis_at + i]);
    }
  }
  if (arrow != std::string::npos) {
    space.output = equation.substr(arrow + 2);
  } else {
    space.output = has_ellipsis ? "..." : "";
    for (const auto& [letter, count] : occurrences) {
      if (count == 1) {
        space.output += letter;
      }
    }
  }
  for (const auto& [letter, count] : occurrences) {
    space.sums = space.sums || space.output.find(letter) == std::string::npos;
  }
  return space;
}

Dims einsum_output_dims(const EinsumSpace& space)
{
  Dims dims;
  for (std::size_t i = 0; i < space.output.size(); ++i) {
    if (space.output.compare(i, 3, "...") == 0) {
      dims.insert(dims.end(), space.ellipsis.begin(), space.ellipsis.end());
      i += 2;
    } else if (const auto it = space.sizes.find(space.output[i]); it != space.sizes.end()) {
      dims.push_back(it->second);
    } else {
      throw std::invalid_argument(std::string("the output index '") + space.output[i] + "' is no operand's");
    }
  }
  return dims;
}

} // namespace nne::onnx_import
