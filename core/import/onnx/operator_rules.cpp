#include "core/import/onnx/operator_rules.h"

#include <algorithm>
#include <initializer_list>

namespace nne::onnx_import {

const std::map<std::string, OperatorRule, std::less<>>& operator_rules()
{
  static const std::map<std::string, OperatorRule, std::less<>> rules = [] {
    std::map<std::string, OperatorRule, std::less<>> r;
    for (const char* op : {"Conv", "ConvInteger", "QLinearConv"}) {
      r[op] = {Rule::conv, Traffic::materialized, ""};
    }
    r["ConvTranspose"] = {Rule::conv_transpose, Traffic::materialized, ""};
    r["Gemm"] = {Rule::gemm, Traffic::materialized, ""};
    for (const char* op : {"MatMul", "MatMulInteger", "QLinearMatMul"}) {
      r[op] = {Rule::matmul, Traffic::materialized, ""};
    }
    r["Einsum"] = {Rule::einsum, Traffic::materialized, ""};
    for (const char* op : {"LSTM", "GRU", "RNN"}) {
      r[op] = {Rule::recurrent, Traffic::materialized,
               "MACs of the gates' matrix products; their element-wise products are not MACs"};
    }
    // Fused: every inference engine folds batch norm into the convolution before it and applies
    // an activation function as its producer's epilogue; reshapes are views of the same memory.
    r["BatchNormalization"] = {Rule::no_macs, Traffic::fused, "folded into the layer before it"};
    for (const char* op : {"Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu",
                           "Selu", "Celu", "Softplus", "Softsign", "ThresholdedRelu", "Mish", "Gelu"}) {
      r[op] = {Rule::no_macs, Traffic::fused, ""};
    }
    for (const char* op : {"Flatten", "Reshape", "Squeeze", "Unsqueeze", "Identity", "Dropout"}) {
      r[op] = {Rule::no_macs, Traffic::fused, ""};
    }
    for (const char* op : {"Mul", "Div"}) {
      r[op] = {Rule::no_macs, Traffic::materialized, "element-wise: not a MAC (as torchvision and fvcore count)"};
    }
    for (const char* op :
         {// element-wise arithmetic and logic
          "Add", "Sub", "Pow", "Sqrt", "Exp", "Log", "Neg", "Abs", "Reciprocal", "Erf", "Floor", "Ceil", "Round",
          "Sign", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Max", "Min",
          "Sum", "Mean", "Mod", "Where", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And",
          "Or", "Xor", "BitShift", "IsNaN", "IsInf", "Cast", "CastLike", "QuantizeLinear", "DequantizeLinear",
          "DynamicQuantizeLinear",
          // pooling and normalization
          "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool", "GlobalLpPool", "MaxRoiPool",
          "RoiAlign", "MaxUnpool", "LayerNormalization", "InstanceNormalization", "GroupNormalization",
          "LpNormalization", "MeanVarianceNormalization", "LRN", "Softmax", "LogSoftmax", "Hardmax", "ReduceMean",
          "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
          "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin", "TopK", "CumSum",
          // data movement and shapes
          "Concat", "Split", "Slice", "Gather", "GatherElements", "GatherND", "Scatter", "ScatterND", "ScatterElements",
          "Transpose", "Pad", "Resize", "Upsample", "DepthToSpace", "SpaceToDepth", "Tile", "Expand", "Shape", "Size",
          "Constant", "ConstantOfShape", "Range", "NonZero", "Trilu", "OneHot", "Compress", "NonMaxSuppression",
          "GridSample", "EyeLike", "ReverseSequence", "Unique"}) {
      r[op] = {Rule::no_macs, Traffic::materialized, ""};
    }
    return r;
  }();
  return rules;
}

bool is_default_domain(const std::string& domain) noexcept
{
  return domain.empty() || domain == "ai.onnx";
}

bool is_non_parameter_input(std::string_view op, int index) noexcept
{
  const auto any_of = [&](std::initializer_list<int> indices) {
    return std::ranges::find(indices, index) != indices.end();
  };
  if (op == "BatchNormalization") {
    return any_of({3, 4}); // running mean and variance: torchvision does not count them either
  }
  if (op == "QuantizeLinear" || op == "DequantizeLinear") {
    return any_of({1, 2}); // scale, zero point
  }
  if (op == "QLinearConv" || op == "QLinearMatMul") {
    return any_of({1, 2, 4, 5, 6, 7}); // scales and zero points
  }
  if (op == "ConvInteger" || op == "MatMulInteger") {
    return any_of({2, 3}); // zero points
  }
  if (op == "Resize") {
    return any_of({1, 2}); // roi, scales
  }
  if (op == "Upsample") {
    return index == 1; // scales
  }
  if (op == "LSTM") {
    return any_of({5, 6}); // initial hidden and cell state
  }
  if (op == "GRU" || op == "RNN") {
    return index == 5; // initial hidden state
  }
  return false;
}

bool is_integer_weight_input(std::string_view op, int index) noexcept
{
  if (op == "ConvInteger") {
    return index == 1;
  }
  if (op == "MatMulInteger") {
    return index == 0 || index == 1;
  }
  if (op == "QLinearConv") {
    return index == 3 || index == 8; // weights, int32 bias
  }
  if (op == "QLinearMatMul") {
    return index == 0 || index == 3;
  }
  return op == "DequantizeLinear" && index == 0;
}

} // namespace nne::onnx_import
