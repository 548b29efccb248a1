#include "core/import/onnx/tensor_info.h"

namespace nne::onnx_import {

bool is_floating(std::int32_t type) noexcept
{
  return type == 1 /* FLOAT */ || type == 10 /* FLOAT16 */ || type == 11 /* DOUBLE */ || type == 16 /* BFLOAT16 */ ||
         (type >= 17 && type <= 20) /* FLOAT8 */;
}

std::optional<NumberFormat> number_format_of(std::int32_t type) noexcept
{
  switch (type) {
  case 1:
  case 11: return NumberFormat::fp32; // FLOAT, DOUBLE (the tool has no FP64)
  case 10: return NumberFormat::fp16;
  case 16: return NumberFormat::bf16;
  case 17:
  case 18:
  case 19:
  case 20: return NumberFormat::fp8;
  case 2:
  case 3: return NumberFormat::int8; // UINT8, INT8
  case 21:
  case 22: return NumberFormat::int4; // UINT4, INT4
  default: return std::nullopt;
  }
}

TensorInfo info_of(const onnx::TypeProto& type)
{
  TensorInfo info;
  if (!type.has_tensor_type()) {
    return info;
  }
  const onnx::TypeProto_Tensor& tensor = type.tensor_type();
  info.elem_type = tensor.elem_type();
  if (!tensor.has_shape()) {
    return info;
  }
  info.rank_known = true;
  for (int axis = 0; axis < tensor.shape().dim_size(); ++axis) {
    const onnx::TensorShapeProto_Dimension& dim = tensor.shape().dim(axis);
    if (dim.has_dim_value() && dim.dim_value() >= 0) {
      info.dims.push_back(dim.dim_value());
    } else {
      info.dims.push_back(-1);
      if (info.unknown_dim.empty()) {
        info.unknown_dim = "dimension " + std::to_string(axis) +
                           (dim.has_dim_param() ? " is the symbol '" + dim.dim_param() + "'" : " is unknown");
      }
    }
  }
  return info;
}

} // namespace nne::onnx_import
