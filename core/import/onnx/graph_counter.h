#pragma once

#include "core/import/onnx/onnx_import.h"
#include "core/model/model.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace nne::onnx_import {

// Counts a parsed model as a GraphModel (the rules are those of core/import/onnx/onnx_import.h):
// infers its shapes, folding the values computed from shapes (which changes `model`: the open
// batch and a decoder's symbolic lengths fixed, the Einsums' output shapes added), then counts each
// node's parameters, MACs and activation traffic. `origin` names the file in messages and becomes
// the graph's source; `options` sizes a decoder's KV cache.
Model count_onnx_graph(onnx::ModelProto& model, const std::string& origin, const OnnxImportOptions& options);

} // namespace nne::onnx_import
