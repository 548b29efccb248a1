#include "tests/support/onnx_builder.h"

#include <fstream>
#include <numeric>
#include <stdexcept>

namespace nne::testing {

namespace {

onnx::AttributeProto& add_attribute(onnx::NodeProto& node, const std::string& name,
                                    onnx::AttributeProto_AttributeType type)
{
  onnx::AttributeProto& attribute = *node.add_attribute();
  attribute.set_name(name);
  attribute.set_type(type);
  return attribute;
}

std::size_t element_size(int elem_type)
{
  switch (elem_type) {
  case onnx::TensorProto_DataType_UINT8:
  case onnx::TensorProto_DataType_INT8:
  case onnx::TensorProto_DataType_BOOL: return 1;
  case onnx::TensorProto_DataType_FLOAT16:
  case onnx::TensorProto_DataType_BFLOAT16:
  case onnx::TensorProto_DataType_INT16:
  case onnx::TensorProto_DataType_UINT16: return 2;
  case onnx::TensorProto_DataType_DOUBLE:
  case onnx::TensorProto_DataType_INT64:
  case onnx::TensorProto_DataType_UINT64: return 8;
  default: return 4;
  }
}

} // namespace

OnnxNode& OnnxNode::i(const std::string& name, std::int64_t value)
{
  add_attribute(*node_, name, onnx::AttributeProto_AttributeType_INT).set_i(value);
  return *this;
}

OnnxNode& OnnxNode::ints(const std::string& name, const std::vector<std::int64_t>& values)
{
  onnx::AttributeProto& attribute = add_attribute(*node_, name, onnx::AttributeProto_AttributeType_INTS);
  for (std::int64_t value : values) {
    attribute.add_ints(value);
  }
  return *this;
}

OnnxNode& OnnxNode::f(const std::string& name, float value)
{
  add_attribute(*node_, name, onnx::AttributeProto_AttributeType_FLOAT).set_f(value);
  return *this;
}

OnnxNode& OnnxNode::s(const std::string& name, const std::string& value)
{
  add_attribute(*node_, name, onnx::AttributeProto_AttributeType_STRING).set_s(value);
  return *this;
}

OnnxGraphBuilder::OnnxGraphBuilder(std::int64_t opset)
{
  model_.set_ir_version(8);
  model_.set_producer_name("pytorch");
  model_.set_producer_version("2.1.0");
  onnx::OperatorSetIdProto& default_domain = *model_.add_opset_import();
  default_domain.set_domain("");
  default_domain.set_version(opset);
  model_.mutable_graph()->set_name("main_graph");
}

OnnxGraphBuilder& OnnxGraphBuilder::input(const std::string& name, const std::vector<OnnxDim>& shape, int elem_type)
{
  onnx::ValueInfoProto& input = *model_.mutable_graph()->add_input();
  input.set_name(name);
  onnx::TypeProto_Tensor& tensor = *input.mutable_type()->mutable_tensor_type();
  tensor.set_elem_type(elem_type);
  onnx::TensorShapeProto& tensor_shape = *tensor.mutable_shape();
  for (const OnnxDim& dim : shape) {
    if (const auto* size = std::get_if<std::int64_t>(&dim)) {
      tensor_shape.add_dim()->set_dim_value(*size);
    } else {
      tensor_shape.add_dim()->set_dim_param(std::get<std::string>(dim));
    }
  }
  return *this;
}

OnnxGraphBuilder& OnnxGraphBuilder::output(const std::string& name, int elem_type)
{
  onnx::ValueInfoProto& output = *model_.mutable_graph()->add_output();
  output.set_name(name);
  output.mutable_type()->mutable_tensor_type()->set_elem_type(elem_type);
  return *this;
}

OnnxGraphBuilder& OnnxGraphBuilder::initializer(const std::string& name, const std::vector<std::int64_t>& dims,
                                                Weights weights, int elem_type)
{
  onnx::TensorProto& tensor = *model_.mutable_graph()->add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(elem_type);
  for (std::int64_t dim : dims) {
    tensor.add_dims(dim);
  }
  if (weights == Weights::zeros) {
    const std::int64_t elements = std::accumulate(dims.begin(), dims.end(), std::int64_t{1}, std::multiplies<>());
    tensor.mutable_raw_data()->assign(static_cast<std::size_t>(elements) * element_size(elem_type), '\0');
  }
  return *this;
}

OnnxGraphBuilder& OnnxGraphBuilder::int64_initializer(const std::string& name, const std::vector<std::int64_t>& values)
{
  onnx::TensorProto& tensor = *model_.mutable_graph()->add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto_DataType_INT64);
  tensor.add_dims(static_cast<std::int64_t>(values.size()));
  for (std::int64_t value : values) {
    tensor.add_int64_data(value);
  }
  return *this;
}

OnnxNode OnnxGraphBuilder::node(const std::string& op_type, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs, const std::string& name)
{
  onnx::NodeProto& node = *model_.mutable_graph()->add_node();
  node.set_op_type(op_type);
  node.set_name(name);
  for (const std::string& input : inputs) {
    node.add_input(input);
  }
  for (const std::string& output : outputs) {
    node.add_output(output);
  }
  return OnnxNode(node);
}

OnnxGraphBuilder& OnnxGraphBuilder::opset_import(const std::string& domain, std::int64_t version)
{
  onnx::OperatorSetIdProto& opset = *model_.add_opset_import();
  opset.set_domain(domain);
  opset.set_version(version);
  return *this;
}

std::string serialize_onnx(const onnx::ModelProto& model)
{
  std::string bytes;
  if (!model.SerializeToString(&bytes)) {
    throw std::runtime_error("cannot serialize the ONNX model");
  }
  return bytes;
}

void write_onnx_file(const std::filesystem::path& path, const onnx::ModelProto& model)
{
  const std::string bytes = serialize_onnx(model);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

namespace {

// torchvision's ResNet as torch.onnx.export (opset 17, constant folding on, eval mode) writes it.
// Folding a batch norm into the convolution before it gives the convolution a bias; torch names
// such folded tensors "onnx::Conv_<n>" and keeps the names of the untouched ones ("fc.weight").
class TorchvisionResNetExport {
public:
  explicit TorchvisionResNetExport(bool with_weights) : weights_(with_weights ? Weights::zeros : Weights::none)
  {
    builder_.input("input", {std::string("batch_size"), std::int64_t{3}, std::int64_t{224}, std::int64_t{224}});
  }

  // Convolution + its folded batch norm; returns the output tensor.
  std::string conv(const std::string& scope, const std::string& input, std::int64_t in_channels,
                   std::int64_t out_channels, std::int64_t kernel, std::int64_t stride, std::int64_t padding)
  {
    const std::string weight = "onnx::Conv_" + std::to_string(next_folded_++);
    const std::string bias = "onnx::Conv_" + std::to_string(next_folded_++);
    builder_.initializer(weight, {out_channels, in_channels, kernel, kernel}, weights_);
    builder_.initializer(bias, {out_channels}, weights_);
    const std::string output = scope + "/Conv_output_0";
    builder_.node("Conv", {input, weight, bias}, {output}, scope + "/Conv")
        .ints("dilations", {1, 1})
        .i("group", 1)
        .ints("kernel_shape", {kernel, kernel})
        .ints("pads", {padding, padding, padding, padding})
        .ints("strides", {stride, stride});
    return output;
  }

  std::string relu(const std::string& scope, const std::string& input)
  {
    const std::string output = scope + "/Relu_output_0";
    builder_.node("Relu", {input}, {output}, scope + "/Relu");
    return output;
  }

  std::string add(const std::string& scope, const std::string& a, const std::string& b)
  {
    const std::string output = scope + "/Add_output_0";
    builder_.node("Add", {a, b}, {output}, scope + "/Add");
    return output;
  }

  // The stem: conv1 (7x7, stride 2) + bn1 + relu + maxpool (3x3, stride 2).
  std::string stem()
  {
    const std::string conv1 = conv("/conv1", "input", 3, 64, 7, 2, 3);
    const std::string relu1 = relu("/relu", conv1);
    builder_.node("MaxPool", {relu1}, {"/maxpool/MaxPool_output_0"}, "/maxpool/MaxPool")
        .i("ceil_mode", 0)
        .ints("kernel_shape", {3, 3})
        .ints("pads", {1, 1, 1, 1})
        .ints("strides", {2, 2});
    return "/maxpool/MaxPool_output_0";
  }

  // torchvision's BasicBlock (ResNet18/34): two 3x3 convolutions.
  std::string basic_block(const std::string& scope, const std::string& input, std::int64_t in_channels,
                          std::int64_t channels, std::int64_t stride)
  {
    std::string x = relu(scope + "/relu", conv(scope + "/conv1", input, in_channels, channels, 3, stride, 1));
    x = conv(scope + "/conv2", x, channels, channels, 3, 1, 1);
    const std::string identity =
        (stride != 1 || in_channels != channels)
            ? conv(scope + "/downsample/downsample.0", input, in_channels, channels, 1, stride, 0)
            : input;
    return relu(scope + "/relu_1", add(scope, x, identity));
  }

  // torchvision's Bottleneck (ResNet50/101/152, "v1.5": the stride sits on the 3x3 convolution).
  std::string bottleneck(const std::string& scope, const std::string& input, std::int64_t in_channels,
                         std::int64_t width, std::int64_t stride)
  {
    const std::int64_t out_channels = 4 * width;
    std::string x = relu(scope + "/relu", conv(scope + "/conv1", input, in_channels, width, 1, 1, 0));
    x = relu(scope + "/relu_1", conv(scope + "/conv2", x, width, width, 3, stride, 1));
    x = conv(scope + "/conv3", x, width, out_channels, 1, 1, 0);
    const std::string identity =
        (stride != 1 || in_channels != out_channels)
            ? conv(scope + "/downsample/downsample.0", input, in_channels, out_channels, 1, stride, 0)
            : input;
    return relu(scope + "/relu_2", add(scope, x, identity));
  }

  // avgpool + flatten + fc, the graph output "output".
  void head(const std::string& input, std::int64_t features)
  {
    builder_.node("GlobalAveragePool", {input}, {"/avgpool/GlobalAveragePool_output_0"}, "/avgpool/GlobalAveragePool");
    builder_.node("Flatten", {"/avgpool/GlobalAveragePool_output_0"}, {"/Flatten_output_0"}, "/Flatten").i("axis", 1);
    builder_.initializer("fc.weight", {1000, features}, weights_);
    builder_.initializer("fc.bias", {1000}, weights_);
    builder_.node("Gemm", {"/Flatten_output_0", "fc.weight", "fc.bias"}, {"output"}, "/fc/Gemm")
        .f("alpha", 1.0F)
        .f("beta", 1.0F)
        .i("transB", 1);
    builder_.output("output");
  }

  onnx::ModelProto take() { return std::move(builder_.model()); }

private:
  OnnxGraphBuilder builder_;
  Weights weights_;
  int next_folded_ = 193; // torch numbers the folded tensors after the graph's values
};

onnx::ModelProto resnet(bool with_weights, bool bottleneck, const std::vector<int>& blocks_per_stage)
{
  TorchvisionResNetExport exporter(with_weights);
  std::string x = exporter.stem();
  std::int64_t channels = 64;
  const std::int64_t widths[]{64, 128, 256, 512};
  for (std::size_t stage = 0; stage < blocks_per_stage.size(); ++stage) {
    for (int block = 0; block < blocks_per_stage[stage]; ++block) {
      const std::string layer = "layer" + std::to_string(stage + 1);
      const std::string scope = "/" + layer + "/" + layer + "." + std::to_string(block);
      const std::int64_t stride = (stage > 0 && block == 0) ? 2 : 1;
      if (bottleneck) {
        x = exporter.bottleneck(scope, x, channels, widths[stage], stride);
        channels = 4 * widths[stage];
      } else {
        x = exporter.basic_block(scope, x, channels, widths[stage], stride);
        channels = widths[stage];
      }
    }
  }
  exporter.head(x, channels);
  return exporter.take();
}

} // namespace

onnx::ModelProto resnet18_onnx(bool with_weights)
{
  return resnet(with_weights, false, {2, 2, 2, 2});
}

onnx::ModelProto resnet50_onnx(bool with_weights)
{
  return resnet(with_weights, true, {3, 4, 6, 3});
}

onnx::ModelProto tiny_cnn_onnx(bool custom_op)
{
  OnnxGraphBuilder builder;
  builder.input("image", {std::string("batch"), std::int64_t{3}, std::int64_t{32}, std::int64_t{32}});
  const auto conv = [&](const std::string& name, const std::string& in, std::int64_t in_channels,
                        std::int64_t out_channels) {
    builder.initializer(name + ".weight", {out_channels, in_channels, 3, 3});
    builder.initializer(name + ".bias", {out_channels});
    builder.node("Conv", {in, name + ".weight", name + ".bias"}, {name}, name)
        .ints("kernel_shape", {3, 3})
        .ints("pads", {1, 1, 1, 1});
    builder.node("Relu", {name}, {name + ".relu"}, name + ".relu");
    return name + ".relu";
  };
  const std::string conv1 = conv("conv1", "image", 3, 8);
  builder.node("MaxPool", {conv1}, {"pool"}, "pool").ints("kernel_shape", {2, 2}).ints("strides", {2, 2});
  const std::string conv2 = conv("conv2", "pool", 8, 16);
  builder.node("GlobalAveragePool", {conv2}, {"gap"}, "gap");
  builder.node("Flatten", {"gap"}, {"features"}, "flatten").i("axis", 1);
  builder.initializer("fc.weight", {10, 16});
  builder.initializer("fc.bias", {10});
  const std::string logits = custom_op ? "logits" : "output";
  builder.node("Gemm", {"features", "fc.weight", "fc.bias"}, {logits}, "fc").i("transB", 1);
  if (custom_op) {
    builder.opset_import("com.example", 1);
    builder.node("Postprocess", {logits}, {"output"}, "postprocess").proto().set_domain("com.example");
  }
  builder.output("output");
  return std::move(builder.model());
}

void write_resnet18_onnx(const std::filesystem::path& path, bool with_weights)
{
  write_onnx_file(path, resnet18_onnx(with_weights));
}

void write_resnet50_onnx(const std::filesystem::path& path, bool with_weights)
{
  write_onnx_file(path, resnet50_onnx(with_weights));
}

} // namespace nne::testing
