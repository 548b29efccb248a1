#pragma once

#include "core/model/model.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace nne {

// Imports an ONNX model as a GraphModel (core/model/graph.h): ONNX's shape inference gives every tensor
// its shape, and each node is counted from those shapes.
//
// - Batch: a symbolic or unknown batch dimension (axis 0 of a graph input) is set to 1 before
//   inference. A fixed batch N is kept and recorded as the graph's batch.
// - Shapes computed from shapes (the Shape, Gather, Div, Concat ... chains torch writes) are folded
//   to constants and shape inference runs again, until nothing new is found
//   (core/import/onnx/constant_folding.h); only a shape that depends on the data stays unknown.
// - Parameters: elements of the weight tensors (initializers and Constant nodes), from their dims;
//   the tensor data is never read into the model, the file's large payloads are not even parsed,
//   and external data files are not opened. Floating-point tensors of rank 1 and more are weights
//   when they reach an operator input that takes weights, directly or through operators that only
//   move them (Slice, Gather, Concat, ...): not batch-norm running statistics, quantization scales,
//   Resize scales, nor recurrent initial states (the zero states torch writes as Constants). The
//   notes name the Constant nodes counted as weights and why. Integer tensors are shapes, indices or axes, except the
//   quantized weights and biases of the integer operators (ConvInteger, QLinearConv, MatMulInteger, QLinearMatMul,
//   DequantizeLinear). Scalars (eps, exponents) are constants, not parameters. A tensor used by several nodes counts
//   once, on the first.
// - MACs: Conv, ConvInteger, QLinearConv, ConvTranspose, Gemm, MatMul, MatMulInteger,
//   QLinearMatMul, Einsum of two operands, LSTM, GRU and RNN (their matrix products). Element-wise
//   arithmetic, normalization, pooling and data movement are understood and count no MACs. Any other
//   operator is listed as uncounted (uncounted_operators()), never dropped silently.
// - Activation traffic: the CNN convention (core/model/cnn.h): every node's outputs are written once and
//   read once per consumer, the graph outputs read once; batch normalization, element-wise
//   activations and reshapes (Flatten, Reshape, Squeeze, Unsqueeze, Identity, Dropout) are fused
//   into their producer; constant computations (shape arithmetic) move nothing.
//
// - A decoder exported with its KV cache as inputs (past_key_values.<layer>.key / .value, as
//   Hugging Face Optimum writes decoder_with_past_model.onnx) is counted for one decode step: the
//   symbol of the cached positions (past_sequence_length) is the context, any other symbol
//   (sequence_length) one new token, a sum of them ("past_sequence_length + 1") their sum. The
//   KV-cache elements are those of the past inputs; the Concat that appends the new entry to
//   them is the cache, not activation traffic.
//
// A build configured with NNE_WITH_ONNX=OFF has no importer: both functions throw InputError
// naming the file and saying so (onnx_unavailable.cpp).
//
// Errors: a file that cannot be read or is not an ONNX model throws InputError naming the file; a
// graph whose shapes cannot be inferred, or that cannot be counted, throws ModelError naming the
// file and the node.
struct OnnxImportOptions {
  // Positions a decoder's KV cache holds (see above); 0 for kDefaultDecoderContext.
  std::int64_t decoder_context = 0;
};

// The context of a decoder graph when none is given: GPT-2's. Said in the graph's notes.
constexpr std::int64_t kDefaultDecoderContext = 1024;

Model import_onnx_file(const std::filesystem::path& path, const OnnxImportOptions& options = {});

// The same from a serialized ModelProto in memory; `origin` names it in messages and becomes the
// graph's source.
Model import_onnx_bytes(std::string_view bytes, const std::string& origin, const OnnxImportOptions& options = {});

} // namespace nne
