#pragma once

#include <map>
#include <string>
#include <string_view>

namespace nne::onnx_import {

// What the importer knows of each operator of the default ONNX domain.

// How a node moves activations (see the convention in core/model/cnn.h).
enum class Traffic {
  materialized, // writes its outputs; read by its consumers
  fused,        // applied by its producer (batch norm, activation functions) or a reinterpretation
                // of the same memory (reshapes): its output is its first input's
};

enum class Rule {
  conv,           // Conv, ConvInteger, QLinearConv
  conv_transpose, // ConvTranspose
  gemm,           // Gemm
  matmul,         // MatMul, MatMulInteger, QLinearMatMul
  einsum,
  recurrent, // LSTM, GRU, RNN
  no_macs,   // understood: element-wise, normalization, pooling, data movement
};

struct OperatorRule {
  Rule rule = Rule::no_macs;
  Traffic traffic = Traffic::materialized;
  const char* note = "";
};

// Every operator the importer understands, by op_type; any other is listed as uncounted.
const std::map<std::string, OperatorRule, std::less<>>& operator_rules();

// The default domain is written "" or "ai.onnx".
bool is_default_domain(const std::string& domain) noexcept;

// Inputs that are not weights even when they are floating-point constants.
bool is_non_parameter_input(std::string_view op, int index) noexcept;

// Integer inputs that hold quantized weights (any other integer tensor is a shape, an index, ...).
bool is_integer_weight_input(std::string_view op, int index) noexcept;

} // namespace nne::onnx_import
