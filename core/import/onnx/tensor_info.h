#pragma once

#include "core/import/onnx/dims.h"
#include "core/model/precision.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace nne::onnx_import {

// ONNX element types (onnx.proto TensorProto.DataType), by number: libonnx 1.12 does not name the
// 8-bit float and 4-bit integer types added later.
bool is_floating(std::int32_t type) noexcept;

// The tool's number format of an ONNX element type; nullopt for one it has none for (bool, strings, ...).
std::optional<NumberFormat> number_format_of(std::int32_t type) noexcept;

// A tensor's element type and shape; `rank_known` false when the shape is not known at all, and a
// dimension -1 when only that one is not (`unknown_dim` names it for messages).
struct TensorInfo {
  std::int32_t elem_type = 0;
  bool rank_known = false;
  Dims dims;
  std::string unknown_dim;

  bool shape_known() const noexcept
  {
    return rank_known && std::ranges::none_of(dims, [](std::int64_t d) { return d < 0; });
  }
};

// What a value's declared or inferred type says of its tensor.
TensorInfo info_of(const onnx::TypeProto& type);

} // namespace nne::onnx_import
