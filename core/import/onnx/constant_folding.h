#pragma once

#include "core/import/onnx/dims.h"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nne::onnx_import {

// Values computed from shapes, folded at import.
//
// torch.onnx.export writes `x.view(b, groups, c // groups, h, w)`, a window padding or
// `token.expand(n, -1, -1)` as arithmetic on Shape: Shape, Gather, Div, Concat, Slice, Where, ...
// feeding a Reshape, Pad or Expand. ONNX 1.12's shape inference gives up on many of those chains
// even with data propagation, and every tensor after them then has no shape. Once the graph's
// input shapes are fixed, the chains are constants: the importer computes their values here, hands
// them to shape inference as initializers, and infers again.

// The values of a small tensor known at import. Integer and boolean tensors keep exact int64 values
// (Slice's ends are often 2^63 - 1), floating-point ones doubles.
struct KnownValue {
  std::int32_t elem_type = 0; // onnx.proto TensorProto.DataType
  Dims dims;
  std::vector<std::int64_t> integers; // integer and boolean types
  std::vector<double> reals;          // floating-point types

  bool floating() const noexcept;
  std::int64_t elements() const noexcept;
  double real(std::size_t i) const noexcept { return floating() ? reals[i] : static_cast<double>(integers[i]); }
  std::int64_t integer(std::size_t i) const noexcept
  {
    return floating() ? static_cast<std::int64_t>(reals[i]) : integers[i];
  }

  friend bool operator==(const KnownValue&, const KnownValue&) = default;
};

// Tensors larger than this are not folded: shape arithmetic is a few numbers, and a folded mask of
// an image's size would only cost time.
constexpr std::int64_t kLargestFoldedElements = 1 << 16;

// The values a TensorProto carries; nullopt when its data was not kept (a weight whose payload the
// reader skipped, external data) or its type is one the folder does not compute with (float16,
// strings).
std::optional<KnownValue> known_value_of(const onnx::TensorProto& tensor);

// A TensorProto holding the values, for shape inference.
onnx::TensorProto tensor_of(const KnownValue& value, const std::string& name);

// What the folder may ask of a node's inputs: their values, or only their shapes (Shape, Size).
struct FoldingInputs {
  std::function<const KnownValue*(const std::string&)> value;
  std::function<const Dims*(const std::string&)> shape; // fully known shapes only
};

// The values of the node's outputs when its operator is one the folder computes and its inputs are
// known; nullopt otherwise (an input not known, an operator not folded, an output larger than
// kLargestFoldedElements, or inputs that do not fit the operator: counting reports those).
std::optional<std::vector<KnownValue>> fold_node(const onnx::NodeProto& node, std::int64_t opset,
                                                 const FoldingInputs& inputs);

} // namespace nne::onnx_import
