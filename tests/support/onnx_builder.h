#pragma once

// Builds ONNX graphs in C++ for the importer's tests and benchmarks, so that neither needs Python
// or a downloaded model: a small builder of onnx::ModelProto, and torchvision's ResNet18 and
// ResNet50 as torch.onnx.export writes them.

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace nne::testing {

// One dimension of a graph input: a size, or a symbolic name such as "batch_size".
using OnnxDim = std::variant<std::int64_t, std::string>;

// What an initializer holds besides its dims. `none` keeps the file small (the importer reads only
// dims); `zeros` writes a raw_data payload of the tensor's full size, as a real export does.
enum class Weights { none, zeros };

// A node being built: chain its attributes, e.g. builder.node("Conv", ...).ints("strides", {2, 2}).
class OnnxNode {
public:
  explicit OnnxNode(onnx::NodeProto& node) : node_(&node) {}

  OnnxNode& i(const std::string& name, std::int64_t value);
  OnnxNode& ints(const std::string& name, const std::vector<std::int64_t>& values);
  OnnxNode& f(const std::string& name, float value);
  OnnxNode& s(const std::string& name, const std::string& value);

  onnx::NodeProto& proto() noexcept { return *node_; }

private:
  onnx::NodeProto* node_;
};

class OnnxGraphBuilder {
public:
  // `opset` of the default domain; 17 is what torch.onnx.export writes by default (torch 2.0-2.4).
  explicit OnnxGraphBuilder(std::int64_t opset = 17);

  // A graph input (elem_type: onnx::TensorProto_DataType, FLOAT by default).
  OnnxGraphBuilder& input(const std::string& name, const std::vector<OnnxDim>& shape, int elem_type = 1);
  // A graph output whose shape is left to shape inference.
  OnnxGraphBuilder& output(const std::string& name, int elem_type = 1);
  // A weight tensor with these dims.
  OnnxGraphBuilder& initializer(const std::string& name, const std::vector<std::int64_t>& dims,
                                Weights weights = Weights::none, int elem_type = 1);
  // A 1-D int64 tensor with its values (shapes, axes, pads: shape inference reads them).
  OnnxGraphBuilder& int64_initializer(const std::string& name, const std::vector<std::int64_t>& values);
  OnnxNode node(const std::string& op_type, const std::vector<std::string>& inputs,
                const std::vector<std::string>& outputs, const std::string& name = "");
  // Another operator set, e.g. ("com.microsoft", 1) for a graph using its operators.
  OnnxGraphBuilder& opset_import(const std::string& domain, std::int64_t version);

  onnx::ModelProto& model() noexcept { return model_; }
  const onnx::ModelProto& model() const noexcept { return model_; }

private:
  onnx::ModelProto model_;
};

// The serialized file contents.
std::string serialize_onnx(const onnx::ModelProto& model);
void write_onnx_file(const std::filesystem::path& path, const onnx::ModelProto& model);

// torchvision's ResNet18 and ResNet50 (weights ResNet18_Weights / ResNet50_Weights, eval mode) as
//   torch.onnx.export(model, torch.randn(1, 3, 224, 224), path, input_names=["input"],
//                     output_names=["output"], dynamic_axes={"input": {0: "batch_size"},
//                     "output": {0: "batch_size"}}, opset_version=17)
// writes them: every batch norm folded into the convolution before it (which gains a bias), Relu,
// MaxPool, Add, GlobalAveragePool, Flatten and Gemm (transB = 1), with torch's node and tensor names.
onnx::ModelProto resnet18_onnx(bool with_weights);
onnx::ModelProto resnet50_onnx(bool with_weights);
void write_resnet18_onnx(const std::filesystem::path& path, bool with_weights);
// With weights the file is 97.7 MB, almost all of it raw_data, like a real ResNet50 export.
void write_resnet50_onnx(const std::filesystem::path& path, bool with_weights);

// The fixture tests/fixtures/onnx/tiny_cnn.onnx (no weights): input "image" [batch, 3, 32, 32],
// Conv 3->8 (3x3, pad 1, bias) + Relu, MaxPool 2x2, Conv 8->16 (3x3, pad 1, bias) + Relu,
// GlobalAveragePool, Flatten, Gemm 16->10 (transB). With `custom_op`, a node of an operator no one
// knows ("com.example.Postprocess") follows the Gemm and gives the graph's output
// (tiny_cnn_custom_op.onnx).
onnx::ModelProto tiny_cnn_onnx(bool custom_op);

} // namespace nne::testing
