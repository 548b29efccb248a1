// ONNX import: graphs built with ONNX's C++ API in the test (tests/support/onnx_builder.h), and the
// fixtures under tests/fixtures/onnx. No Python, no downloaded model.
#include "core/import/onnx/onnx_import.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/model/cnn.h"
#include "core/model/counts.h"
#include "core/util/errors.h"
#include "tests/support/onnx_builder.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>

namespace nne {
namespace {

using testing::OnnxGraphBuilder;
using testing::serialize_onnx;
using testing::Weights;

Model import(const onnx::ModelProto& proto, const std::string& origin = "test.onnx")
{
  return import_onnx_bytes(serialize_onnx(proto), origin);
}

const GraphModel& graph_of(const Model& model)
{
  return std::get<GraphModel>(model.architecture);
}

const GraphNode& node_named(const GraphModel& graph, const std::string& name)
{
  const auto it = std::ranges::find(graph.nodes, name, &GraphNode::name);
  if (it == graph.nodes.end()) {
    throw std::runtime_error("no node named " + name);
  }
  return *it;
}

// The message of the exception `run` throws, checked to be an E.
template <typename E> std::string message_of(const std::function<void()>& run)
{
  try {
    run();
  } catch (const E& error) {
    return error.what();
  } catch (const std::exception& other) {
    ADD_FAILURE() << "threw another exception: " << other.what();
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

std::int64_t count_of(const GraphModel& graph, std::string_view op_type)
{
  return std::ranges::count(graph.nodes, op_type, &GraphNode::op_type);
}

// ---------------------------------------------------------------------------------------------
// torchvision's ResNets as torch.onnx.export writes them

TEST(OnnxImport, ResNet18FromTorchExportCountsTorchvisionMacs)
{
  const Model model = import(testing::resnet18_onnx(false), "resnet18.onnx");
  const GraphModel& graph = graph_of(model);
  const GraphCounts counts = count_graph(graph);

  // The export folds each batch norm into the convolution before it: the BN's scale and shift
  // (2 x C) become the convolution's bias (C), so the folded graph holds torchvision's 11,689,512
  // parameters less one per batch-norm channel (4,800 in ResNet18's 20 batch norms): 11,684,712,
  // which rounds to torchvision's 11.7 M as well.
  EXPECT_EQ(counts.parameters, 11'689'512 - 4'800);
  EXPECT_NEAR(static_cast<double>(counts.parameters) / 1e6, 11.7, 0.05);
  EXPECT_EQ(counts.macs, 1'814'073'344);
  EXPECT_TRUE(uncounted_operators(graph).empty());
  EXPECT_TRUE(std::ranges::all_of(graph.nodes, &GraphNode::counted));

  EXPECT_EQ(graph.source, "resnet18.onnx");
  EXPECT_EQ(graph.producer, "pytorch 2.1.0");
  EXPECT_EQ(graph.opset, 17);
  EXPECT_EQ(graph.batch, 1);
  ASSERT_EQ(graph.inputs.size(), 1U);
  EXPECT_EQ(graph.inputs[0], (GraphInput{"input", {1, 3, 224, 224}})); // the symbolic batch is 1
  EXPECT_TRUE(graph.notes.empty());
  EXPECT_EQ(graph.nodes.size(), 49U);
  EXPECT_EQ(count_of(graph, "Conv"), 20);
  EXPECT_EQ(count_of(graph, "Relu"), 17);
  EXPECT_EQ(count_of(graph, "Add"), 8);

  const GraphNode& conv1 = node_named(graph, "/conv1/Conv");
  EXPECT_EQ(conv1.output_shape, (std::vector<std::int64_t>{1, 64, 112, 112}));
  EXPECT_EQ(conv1.parameters, 64 * 3 * 7 * 7 + 64); // folded bias
  EXPECT_EQ(conv1.macs, 64LL * 112 * 112 * 3 * 7 * 7);
  const GraphNode& fc = node_named(graph, "/fc/Gemm");
  EXPECT_EQ(fc.parameters, 512 * 1000 + 1000);
  EXPECT_EQ(fc.macs, 512 * 1000);

  EXPECT_EQ(model.name, "resnet18");
  EXPECT_EQ(model.id, "resnet18");
  EXPECT_EQ(model.default_precision.weight, NumberFormat::fp32);
}

// The same convention as our CNN counter: the preset of torchvision's ResNet18 and its ONNX graph
// move the same activations (batch norm and ReLU fused, each output written once and read once per
// consumer, the logits read out once).
TEST(OnnxImport, ResNet18ActivationTrafficEqualsTheCnnPreset)
{
  const Model* preset = builtin_presets().find_model("resnet18");
  ASSERT_NE(preset, nullptr);
  const CnnCounts cnn = count_cnn(std::get<CnnModel>(preset->architecture));
  const GraphCounts graph = count_graph(graph_of(import(testing::resnet18_onnx(false))));
  EXPECT_EQ(graph.activation_traffic_elements, cnn.activation_traffic_elements);
  EXPECT_EQ(graph.macs, cnn.macs);
  EXPECT_EQ(graph.parameters, cnn.parameters - 4'800); // batch norm folded: one parameter less per channel

  // Through count_model, which the energy model uses.
  const ModelCounts counts = count_model(import(testing::resnet18_onnx(false)), {});
  EXPECT_EQ(counts.macs_per_sample, 1'814'073'344.0);
  EXPECT_EQ(counts.activation_elements_per_sample, static_cast<double>(cnn.activation_traffic_elements));
  EXPECT_EQ(counts.parameters, 11'684'712.0);
  EXPECT_EQ(counts.kv_cache_elements_per_sample, 0.0);
}

TEST(OnnxImport, ResNet50CountsTorchvisionMacs)
{
  const GraphModel graph = graph_of(import(testing::resnet50_onnx(false), "resnet50.onnx"));
  const GraphCounts counts = count_graph(graph);
  EXPECT_EQ(counts.macs, 4'089'184'256); // torchvision: 4.09 GFLOPS (which are MACs)
  // torchvision's 25,557,032 less one per batch-norm channel (26,560 in 53 batch norms).
  EXPECT_EQ(counts.parameters, 25'557'032 - 26'560);
  EXPECT_TRUE(uncounted_operators(graph).empty());
  EXPECT_EQ(count_of(graph, "Conv"), 53);

  const Model* preset = builtin_presets().find_model("resnet50");
  ASSERT_NE(preset, nullptr);
  const CnnCounts cnn = count_cnn(std::get<CnnModel>(preset->architecture));
  EXPECT_EQ(counts.macs, cnn.macs);
  EXPECT_EQ(counts.activation_traffic_elements, cnn.activation_traffic_elements);
}

// A real export's file: the weights are raw_data payloads, which the importer skips.
TEST(OnnxImport, FileWithWeightsCountsAsWithout)
{
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "resnet18.onnx";
  testing::write_resnet18_onnx(path, true);
  EXPECT_GT(std::filesystem::file_size(path), 46'000'000U); // 11.7 M float32 weights

  const Model from_file = import_onnx_file(path);
  const Model without_weights = import(testing::resnet18_onnx(false), "resnet18.onnx");
  EXPECT_EQ(graph_of(from_file), graph_of(without_weights));
  EXPECT_EQ(from_file.default_precision, without_weights.default_precision);
}

// ---------------------------------------------------------------------------------------------
// Batch

TEST(OnnxImport, SymbolicOrUnknownBatchIsEvaluatedAtOne)
{
  for (const bool symbolic : {true, false}) {
    OnnxGraphBuilder b;
    b.input("x", {std::string("N"), std::int64_t{16}});
    if (!symbolic) {
      b.model()
          .mutable_graph()
          ->mutable_input(0)
          ->mutable_type()
          ->mutable_tensor_type()
          ->mutable_shape()
          ->mutable_dim(0)
          ->clear_dim_param();
    }
    b.initializer("w", {16, 4});
    b.node("MatMul", {"x", "w"}, {"y"}, "mm");
    b.output("y");
    const GraphModel graph = graph_of(import(b.model()));
    EXPECT_EQ(graph.batch, 1);
    EXPECT_EQ(graph.inputs[0].shape, (std::vector<std::int64_t>{1, 16}));
    EXPECT_EQ(graph.nodes[0].macs, 16 * 4);
    EXPECT_EQ(graph.nodes[0].output_shape, (std::vector<std::int64_t>{1, 4}));
  }
}

// An image input (N x C x H x W) with a fixed batch: counted at that batch, divided per sample.
TEST(OnnxImport, FixedImageBatchIsKeptAndDividedOutPerSample)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{4}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.initializer("w", {2, 3, 1, 1});
  b.node("Conv", {"x", "w"}, {"y"}, "conv");
  b.output("y");
  const Model model = import(b.model());
  const GraphModel& graph = graph_of(model);
  EXPECT_EQ(graph.batch, 4);
  EXPECT_EQ(graph.nodes[0].macs, 4 * 2 * 8 * 8 * 3);
  EXPECT_EQ(graph.notes.size(), 1U);
  const ModelCounts counts = count_model(model, {});
  EXPECT_EQ(counts.macs_per_sample, 2.0 * 8 * 8 * 3);
  EXPECT_EQ(counts.activation_elements_per_sample, 2.0 * 8 * 8 * 2); // y: written, read out
  EXPECT_EQ(counts.parameters, 6.0);
}

TEST(OnnxImport, SymbolicDimensionOtherThanBatchIsRefused)
{
  OnnxGraphBuilder b;
  b.input("tokens", {std::string("batch"), std::string("sequence"), std::int64_t{64}});
  b.initializer("w", {64, 64});
  b.node("MatMul", {"tokens", "w"}, {"y"}, "mm");
  b.output("y");
  const std::string message = message_of<ModelError>([&] { import(b.model(), "bert.onnx"); });
  EXPECT_NE(message.find("bert.onnx: graph input 'tokens'"), std::string::npos) << message;
  EXPECT_NE(message.find("dimension 1 is the symbol 'sequence'"), std::string::npos) << message;
}

// ---------------------------------------------------------------------------------------------
// Each operator that multiplies, against a count by hand

TEST(OnnxImport, ConvTransposeScattersEachInputElement)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{8}, std::int64_t{5}, std::int64_t{5}});
  b.initializer("w", {8, 4, 3, 3}); // in, out / groups, kernel
  b.initializer("bias", {4});
  b.node("ConvTranspose", {"x", "w", "bias"}, {"y"}, "up").ints("strides", {2, 2});
  b.output("y");
  const GraphNode node = graph_of(import(b.model())).nodes.at(0);
  EXPECT_EQ(node.output_shape, (std::vector<std::int64_t>{1, 4, 11, 11})); // (5 - 1) x 2 + 3
  // Every one of the 8 x 5 x 5 input elements meets 4 output channels x 3 x 3 kernel taps.
  EXPECT_EQ(node.macs, 8 * 5 * 5 * 4 * 3 * 3);
  EXPECT_EQ(node.parameters, 8 * 4 * 3 * 3 + 4);
  EXPECT_EQ(node.activation_traffic_elements, 4 * 11 * 11 * 2);
}

TEST(OnnxImport, GemmWithTransposedOperands)
{
  OnnxGraphBuilder b;
  b.input("a", {std::int64_t{16}, std::int64_t{3}}); // transA: A is K x M
  b.initializer("b", {10, 16});                      // transB: B is N x K
  b.initializer("c", {10});
  b.node("Gemm", {"a", "b", "c"}, {"y"}, "fc").i("transA", 1).i("transB", 1).f("alpha", 0.5F);
  b.output("y");
  const GraphModel graph = graph_of(import(b.model()));
  const GraphNode& node = graph.nodes.at(0);
  EXPECT_EQ(node.output_shape, (std::vector<std::int64_t>{3, 10}));
  EXPECT_EQ(node.macs, 3 * 16 * 10); // M x K x N; the bias and alpha add no MACs
  EXPECT_EQ(node.parameters, 160 + 10);
  EXPECT_EQ(graph.batch, 1); // the first dimension of a matrix need not be a batch
}

TEST(OnnxImport, BatchedMatMulBroadcastsItsBatchDimensions)
{
  OnnxGraphBuilder b;
  b.input("a", {std::int64_t{2}, std::int64_t{1}, std::int64_t{4}, std::int64_t{8}});
  b.initializer("b", {3, 8, 5});
  b.node("MatMul", {"a", "b"}, {"y"}, "bmm");
  b.output("y");
  const GraphNode node = graph_of(import(b.model())).nodes.at(0);
  EXPECT_EQ(node.output_shape, (std::vector<std::int64_t>{2, 3, 4, 5}));
  EXPECT_EQ(node.macs, 2 * 3 * 4 * 5 * 8); // 2 x 3 broadcast batches of (4 x 8) x (8 x 5)
  EXPECT_EQ(node.parameters, 3 * 8 * 5);
}

TEST(OnnxImport, MatMulOfTwoActivationsHasNoParameters)
{
  OnnxGraphBuilder b;
  b.input("q", {std::int64_t{1}, std::int64_t{4}, std::int64_t{16}, std::int64_t{32}});
  b.input("k", {std::int64_t{1}, std::int64_t{4}, std::int64_t{32}, std::int64_t{16}});
  b.node("MatMul", {"q", "k"}, {"scores"}, "qk");
  b.node("Softmax", {"scores"}, {"p"}, "softmax").i("axis", -1);
  b.output("p");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(graph.nodes[0].macs, 4 * 16 * 16 * 32);
  EXPECT_EQ(graph.nodes[0].parameters, 0);
  EXPECT_EQ(graph.nodes[1].macs, 0);
  EXPECT_TRUE(graph.nodes[1].counted);
}

TEST(OnnxImport, GroupedAndDepthwiseConvolution)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{32}, std::int64_t{16}, std::int64_t{16}});
  b.initializer("grouped", {64, 8, 3, 3}); // 4 groups of 8 input channels
  b.node("Conv", {"x", "grouped"}, {"y"}, "grouped").i("group", 4).ints("pads", {1, 1, 1, 1});
  b.initializer("depthwise", {64, 1, 3, 3});
  b.node("Conv", {"y", "depthwise"}, {"z"}, "depthwise")
      .i("group", 64)
      .ints("pads", {1, 1, 1, 1})
      .ints("strides", {2, 2});
  b.output("z");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(graph.nodes[0].macs, 64 * 16 * 16 * 8 * 3 * 3);
  EXPECT_EQ(graph.nodes[0].parameters, 64 * 8 * 3 * 3);
  EXPECT_EQ(graph.nodes[1].output_shape, (std::vector<std::int64_t>{1, 64, 8, 8}));
  EXPECT_EQ(graph.nodes[1].macs, 64 * 8 * 8 * 3 * 3);
  EXPECT_EQ(graph.nodes[1].parameters, 64 * 3 * 3);
}

TEST(OnnxImport, ConvolutionWhoseWeightsDoNotFitTheInputIsRefused)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.initializer("w", {4, 5, 3, 3});
  b.node("Conv", {"x", "w"}, {"y"}, "conv1");
  b.output("y");
  const std::string message = message_of<ModelError>([&] { import(b.model(), "bad.onnx"); });
  EXPECT_NE(message.find("bad.onnx: node 'conv1' (Conv, index 0)"), std::string::npos) << message;
  EXPECT_NE(message.find("5 input channels per group"), std::string::npos) << message;
}

// Not folded by the exporter: the batch norm counts its scale and shift as torchvision does (2 x C),
// not its running statistics, and moves no activations of its own.
TEST(OnnxImport, UnfoldedBatchNormCountsScaleAndShift)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.initializer("w", {16, 3, 3, 3});
  b.node("Conv", {"x", "w"}, {"c"}, "conv").ints("pads", {1, 1, 1, 1});
  for (const char* name : {"gamma", "beta", "mean", "var"}) {
    b.initializer(name, {16});
  }
  b.node("BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"n"}, "bn");
  b.node("Relu", {"n"}, {"y"}, "relu");
  b.output("y");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(node_named(graph, "bn").parameters, 2 * 16);
  EXPECT_EQ(node_named(graph, "bn").macs, 0);
  EXPECT_EQ(node_named(graph, "bn").activation_traffic_elements, 0);
  EXPECT_EQ(node_named(graph, "relu").activation_traffic_elements, 0);
  // The convolution's output is written, and read out through the fused batch norm and ReLU.
  EXPECT_EQ(node_named(graph, "conv").activation_traffic_elements, 16 * 8 * 8 * 2);
  EXPECT_EQ(count_graph(graph).parameters, 16 * 27 + 32);

  // The same as our CNN layers, which count batch norm the torchvision way.
  CnnModel cnn;
  cnn.input = {3, 8, 8};
  CnnLayer conv;
  conv.name = "conv";
  conv.out_channels = 16;
  conv.kernel_h = conv.kernel_w = 3;
  conv.padding_h = conv.padding_w = 1;
  CnnLayer bn;
  bn.name = "bn";
  bn.kind = LayerKind::batch_norm;
  CnnLayer relu;
  relu.name = "relu";
  relu.kind = LayerKind::relu;
  cnn.layers = {conv, bn, relu};
  const CnnCounts expected = count_cnn(cnn);
  EXPECT_EQ(count_graph(graph),
            (GraphCounts{expected.parameters, expected.macs, expected.activation_traffic_elements}));
}

TEST(OnnxImport, EinsumOfTwoOperandsCountsItsIterationSpace)
{
  OnnxGraphBuilder b;
  b.input("a", {std::int64_t{2}, std::int64_t{3}, std::int64_t{4}});
  b.input("c", {std::int64_t{2}, std::int64_t{4}, std::int64_t{5}});
  b.node("Einsum", {"a", "c"}, {"y"}, "bmm").s("equation", "bij, bjk -> bik");
  b.node("Einsum", {"y", "y"}, {"z"}, "square").s("equation", "...ik,...ik->...ik");
  b.output("z");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(graph.nodes[0].macs, 2 * 3 * 4 * 5);
  EXPECT_EQ(graph.nodes[1].macs, 0); // element-wise: no index is summed
  EXPECT_TRUE(graph.nodes[1].counted);
}

TEST(OnnxImport, LstmCountsItsGateMatrixProducts)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{5}, std::int64_t{1}, std::int64_t{10}}); // steps, batch, features
  b.initializer("W", {1, 4 * 20, 10});
  b.initializer("R", {1, 4 * 20, 20});
  b.initializer("B", {1, 8 * 20});
  b.node("LSTM", {"x", "W", "R", "B"}, {"y"}, "lstm").i("hidden_size", 20);
  b.output("y");
  const GraphModel graph = graph_of(import(b.model()));
  // Each of 5 steps: 4 gates x 20 hidden x (10 inputs + 20 recurrent).
  EXPECT_EQ(graph.nodes[0].macs, 5 * 4 * 20 * (10 + 20));
  EXPECT_EQ(graph.nodes[0].parameters, 800 + 1600 + 160);
  EXPECT_EQ(graph.nodes[0].output_shape, (std::vector<std::int64_t>{5, 1, 1, 20}));
  EXPECT_EQ(graph.batch, 1); // the first axis is the sequence, not a batch
}

TEST(OnnxImport, QuantizedConvolutionCountsIntegerWeightsNotScales)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}}, onnx::TensorProto_DataType_UINT8);
  b.initializer("x_scale", {}, Weights::none, onnx::TensorProto_DataType_FLOAT);
  b.initializer("x_zero", {}, Weights::none, onnx::TensorProto_DataType_UINT8);
  b.initializer("w", {4, 3, 3, 3}, Weights::zeros, onnx::TensorProto_DataType_INT8);
  b.initializer("w_scale", {4}, Weights::zeros, onnx::TensorProto_DataType_FLOAT); // per channel
  b.initializer("w_zero", {4}, Weights::zeros, onnx::TensorProto_DataType_INT8);
  b.initializer("y_scale", {}, Weights::none, onnx::TensorProto_DataType_FLOAT);
  b.initializer("y_zero", {}, Weights::none, onnx::TensorProto_DataType_UINT8);
  b.initializer("bias", {4}, Weights::zeros, onnx::TensorProto_DataType_INT32);
  b.node("QLinearConv", {"x", "x_scale", "x_zero", "w", "w_scale", "w_zero", "y_scale", "y_zero", "bias"}, {"y"},
         "qconv");
  b.output("y", onnx::TensorProto_DataType_UINT8);
  const Model model = import(b.model());
  const GraphNode& node = graph_of(model).nodes.at(0);
  EXPECT_EQ(node.macs, 4 * 6 * 6 * 3 * 3 * 3);
  EXPECT_EQ(node.parameters, 4 * 27 + 4);
  EXPECT_EQ(model.default_precision.weight, NumberFormat::int8);
}

// Shape arithmetic (Shape, Gather, Concat into Reshape's target shape) is constant once the
// batch is fixed: no activations, no MACs; the Reshape is a view of its input.
TEST(OnnxImport, ShapeComputationsMoveNoActivations)
{
  OnnxGraphBuilder b;
  b.input("x", {std::string("N"), std::int64_t{8}, std::int64_t{4}, std::int64_t{4}});
  b.node("Shape", {"x"}, {"shape"}, "shape");
  b.int64_initializer("zero", {0});
  b.node("Gather", {"shape", "zero"}, {"n"}, "gather").i("axis", 0);
  b.int64_initializer("minus_one", {-1});
  b.node("Concat", {"n", "minus_one"}, {"target"}, "concat").i("axis", 0);
  b.node("Add", {"x", "x"}, {"sum"}, "add");
  b.node("Reshape", {"sum", "target"}, {"flat"}, "reshape");
  b.initializer("w", {128, 10});
  b.node("MatMul", {"flat", "w"}, {"y"}, "fc");
  b.output("y");
  const GraphModel graph = graph_of(import(b.model()));
  for (const char* name : {"shape", "gather", "concat"}) {
    EXPECT_EQ(node_named(graph, name).activation_traffic_elements, 0) << name;
    EXPECT_EQ(node_named(graph, name).note, "constant: computed before inference") << name;
  }
  EXPECT_EQ(node_named(graph, "reshape").output_shape, (std::vector<std::int64_t>{1, 128}));
  EXPECT_EQ(node_named(graph, "reshape").activation_traffic_elements, 0);
  EXPECT_EQ(node_named(graph, "add").activation_traffic_elements, 128 * 2); // read by the MatMul
  EXPECT_EQ(node_named(graph, "fc").macs, 1280);
  EXPECT_EQ(count_graph(graph).parameters, 1280); // int64 shape tensors are not parameters
}

// Weights held by Constant nodes, with payloads above the size the reader skips.
TEST(OnnxImport, ConstantNodeWeightsAreParameters)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{64}});
  onnx::TensorProto value;
  value.set_data_type(onnx::TensorProto_DataType_FLOAT);
  value.add_dims(64);
  value.add_dims(32);
  value.mutable_raw_data()->assign(64 * 32 * 4, '\0');
  onnx::AttributeProto& attribute = *b.node("Constant", {}, {"w"}, "weights").proto().add_attribute();
  attribute.set_name("value");
  attribute.set_type(onnx::AttributeProto_AttributeType_TENSOR);
  *attribute.mutable_t() = value;
  b.node("MatMul", {"x", "w"}, {"y"}, "fc");
  b.output("y");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(node_named(graph, "fc").parameters, 64 * 32);
  EXPECT_EQ(node_named(graph, "fc").macs, 64 * 32);
  EXPECT_EQ(node_named(graph, "weights").parameters, 0);
}

// ---------------------------------------------------------------------------------------------
// Operators the importer does not know

TEST(OnnxImport, UnknownOperatorsAreListedWithTheirCount)
{
  OnnxGraphBuilder b;
  b.opset_import("com.acme", 1);
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.initializer("w", {4, 3, 3, 3});
  b.node("Conv", {"x", "w"}, {"c"}, "conv");
  b.node("Frobnicate", {"c"}, {"f1"}, "f1").proto().set_domain("com.acme");
  b.node("Frobnicate", {"f1"}, {"f2"}, "f2").proto().set_domain("com.acme");
  b.node("Det", {"c"}, {"det"}, "det"); // an ONNX operator without a counting rule
  b.output("f2");
  b.output("det");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(uncounted_operators(graph), (std::vector<UncountedOperator>{{"com.acme.Frobnicate", 2}, {"Det", 1}}));
  EXPECT_FALSE(node_named(graph, "f1").counted);
  EXPECT_EQ(node_named(graph, "det").note, "no counting rule for this operator");
  EXPECT_TRUE(node_named(graph, "conv").counted);
  EXPECT_EQ(node_named(graph, "conv").macs, 4 * 6 * 6 * 27);
  // The convolution's output is read by two nodes; the custom operators' outputs have no known
  // shape, so they move no counted activations, and the import says so.
  EXPECT_EQ(node_named(graph, "conv").activation_traffic_elements, 4 * 6 * 6 * 3);
  EXPECT_EQ(node_named(graph, "f1").activation_traffic_elements, 0);
  ASSERT_EQ(graph.notes.size(), 1U);
  EXPECT_NE(graph.notes[0].find("2 node(s)"), std::string::npos) << graph.notes[0];
}

TEST(OnnxImport, CountedNodeAfterAnUninferableOneNamesBoth)
{
  OnnxGraphBuilder b;
  b.opset_import("com.acme", 1);
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.node("Frobnicate", {"x"}, {"f"}, "frob").proto().set_domain("com.acme");
  b.initializer("w", {4, 3, 3, 3});
  b.node("Conv", {"f", "w"}, {"y"}, "conv");
  b.output("y");
  const std::string message = message_of<ModelError>([&] { import(b.model(), "custom.onnx"); });
  EXPECT_NE(message.find("custom.onnx: node 'conv' (Conv, index 1)"), std::string::npos) << message;
  EXPECT_NE(message.find("'f' cannot be inferred"), std::string::npos) << message;
  EXPECT_NE(message.find("node 'frob' (com.acme.Frobnicate), whose output shapes ONNX cannot infer"), std::string::npos)
      << message;
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST(OnnxImport, ShapeInferenceErrorNamesFileAndNode)
{
  OnnxGraphBuilder b;
  b.input("a", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}});
  b.input("b", {std::int64_t{1}, std::int64_t{3}, std::int64_t{7}});
  b.node("Add", {"a", "b"}, {"y"}, "add1");
  b.output("y");
  const std::string message = message_of<ModelError>([&] { import(b.model(), "broken.onnx"); });
  EXPECT_NE(message.find("broken.onnx: the shapes cannot be inferred: node 'add1' (Add): "), std::string::npos)
      << message;
}

TEST(OnnxImport, UndefinedInputIsRefused)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{3}});
  b.node("Relu", {"x"}, {"a"}, "first");
  b.node("Add", {"a", "later"}, {"y"}, "add");
  b.node("Relu", {"x"}, {"later"}, "late");
  b.output("y");
  const std::string message = message_of<ModelError>([&] { import(b.model(), "order.onnx"); });
  EXPECT_NE(message.find("order.onnx: node 'add' (Add, index 1): its input 'later' is neither"), std::string::npos)
      << message;
}

TEST(OnnxImport, MissingFileIsAnInputError)
{
  const std::string message = message_of<InputError>([] { import_onnx_file("/nonexistent/directory/model.onnx"); });
  EXPECT_EQ(message, "/nonexistent/directory/model.onnx: cannot open file: No such file or directory");
}

TEST(OnnxImport, GarbageFilesAreNotOnnx)
{
  const testing::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> files{
      {"text.onnx", "hello, this is not a model\n"},
      {"model.json", R"({"format": "nn-energy-explorer/model", "version": 1})"},
      {"empty.onnx", ""},
      {"bytes.onnx", std::string("\x08\x07\x12\xff\xff\xff\xff\x0f", 8)}, // a length past the end
  };
  for (const auto& [name, contents] : files) {
    const std::filesystem::path path = dir.path() / name;
    std::ofstream(path, std::ios::binary) << contents;
    const std::string message = message_of<InputError>([&] { import_onnx_file(path); });
    EXPECT_EQ(message.rfind(path.string() + ": not an ONNX model (", 0), 0U) << message;
  }
  EXPECT_NE(message_of<InputError>([&] { import_onnx_file(dir.path()); }).find("not a regular file"),
            std::string::npos);
}

// Every prefix of a file, and files with a byte changed: an InputError or a ModelError, or an
// import, never a crash or another exception.
TEST(OnnxImport, TruncatedOrCorruptedFilesAreErrors)
{
  const std::string bytes = serialize_onnx(testing::tiny_cnn_onnx(true));
  const auto import_or_error = [](const std::string& contents) {
    try {
      import_onnx_bytes(contents, "corrupt.onnx");
    } catch (const InputError&) {
    } catch (const ModelError&) {
    } catch (const std::exception& other) {
      ADD_FAILURE() << "threw another exception: " << other.what();
    }
  };
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    import_or_error(bytes.substr(0, length));
  }
  std::uint32_t random = 12345;
  for (int i = 0; i < 2000; ++i) {
    random = random * 1664525U + 1013904223U;
    std::string changed = bytes;
    changed[(random >> 8) % changed.size()] = static_cast<char>(random >> 24);
    import_or_error(changed);
  }
}

// Older exporters (IR version < 4, or keep_initializers_as_inputs) list the weights as graph
// inputs too; they are not inputs whose batch is set.
TEST(OnnxImport, InitializersListedAsInputsAreWeights)
{
  OnnxGraphBuilder b;
  b.input("x", {std::string("N"), std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.input("w", {std::int64_t{4}, std::int64_t{3}, std::int64_t{3}, std::int64_t{3}});
  b.initializer("w", {4, 3, 3, 3});
  b.node("Conv", {"x", "w"}, {"y"}, "conv");
  b.output("y");
  const GraphModel graph = graph_of(import(b.model()));
  EXPECT_EQ(graph.inputs, (std::vector<GraphInput>{{"x", {1, 3, 8, 8}}}));
  EXPECT_EQ(graph.nodes[0].parameters, 108);
  EXPECT_EQ(graph.nodes[0].macs, 4 * 6 * 6 * 27);
}

// ---------------------------------------------------------------------------------------------
// Saving and reopening

TEST(OnnxImport, ImportedModelRoundTripsThroughJson)
{
  const Model imported = import(testing::tiny_cnn_onnx(true), "tiny.onnx");
  const nlohmann::json json = model_to_json(imported);
  EXPECT_EQ(json.at("architecture"), "graph");
  const Model reopened = model_from_json(nlohmann::json::parse(json.dump()), "tiny.json");
  EXPECT_EQ(reopened.id, imported.id);
  EXPECT_EQ(reopened.name, imported.name);
  EXPECT_EQ(reopened.description, imported.description);
  EXPECT_EQ(reopened.default_precision, imported.default_precision);
  EXPECT_EQ(graph_of(reopened), graph_of(imported));
  EXPECT_EQ(count_model(reopened, {}), count_model(imported, {}));
  EXPECT_EQ(model_to_json(reopened), json);
}

TEST(OnnxImport, GraphJsonIsValidated)
{
  nlohmann::json json = model_to_json(import(testing::tiny_cnn_onnx(false)));
  const auto message_for = [&](const std::function<void(nlohmann::json&)>& change) {
    nlohmann::json broken = json;
    change(broken);
    return message_of<InputError>([&] { model_from_json(broken, "m.json"); });
  };
  EXPECT_EQ(message_for([](nlohmann::json& j) { j["nodes"][1].erase("op_type"); }),
            "m.json: /nodes/1/op_type: missing required key");
  EXPECT_EQ(message_for([](nlohmann::json& j) { j["nodes"][0]["macs"] = -5; }),
            "m.json: /nodes/0/macs: expected a non-negative integer, got -5");
  EXPECT_EQ(message_for([](nlohmann::json& j) { j["nodes"][0]["output_shape"][1] = "C"; }),
            "m.json: /nodes/0/output_shape/1: expected a non-negative integer, got \"C\"");
  EXPECT_EQ(message_for([](nlohmann::json& j) { j["nodes"] = nlohmann::json::array(); }),
            "m.json: /nodes: expected a non-empty array of graph nodes, got []");
  EXPECT_EQ(message_for([](nlohmann::json& j) {
              j["nodes"][2]["flops"] = 1;
            }).rfind("m.json: /nodes/2/flops: unknown key", 0),
            0U);
  EXPECT_EQ(message_for([](nlohmann::json& j) { j["architecture"] = "onnx"; }),
            "m.json: /architecture: expected one of cnn, transformer, graph, got \"onnx\"");
}

// ---------------------------------------------------------------------------------------------
// The fixtures the command-line tests use

// Regenerate with NNE_WRITE_ONNX_FIXTURES=1 build/.../nne_onnx_tests --gtest_filter='OnnxFixture.*'
void expect_tiny_cnn_fixture(const std::string& file, bool custom_op)
{
  const std::filesystem::path path = std::filesystem::path(NNE_FIXTURES_DIR) / "onnx" / file;
  if (std::getenv("NNE_WRITE_ONNX_FIXTURES") != nullptr) {
    std::filesystem::create_directories(path.parent_path());
    testing::write_onnx_file(path, testing::tiny_cnn_onnx(custom_op));
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  EXPECT_LT(std::filesystem::file_size(path), 1'000'000U);
  const Model model = import_onnx_file(path);
  const GraphModel& graph = graph_of(model);
  EXPECT_EQ(graph, graph_of(import(testing::tiny_cnn_onnx(custom_op), path.string())));
  // conv1 8x3x3x3 + 8, conv2 16x8x3x3 + 16, fc 10x16 + 10.
  // MACs: conv1 8x32x32 outputs x 27, conv2 16x16x16 x 72, fc 160.
  // Traffic: conv1 8,192 x 2, pool 2,048 x 2, conv2 4,096 x 2, pool 16 x 2, fc 10 x 2.
  EXPECT_EQ(count_graph(graph), (GraphCounts{1'562, 516'256, 28'724}));
  EXPECT_EQ(graph.inputs, (std::vector<GraphInput>{{"image", {1, 3, 32, 32}}}));
  EXPECT_EQ(graph.nodes.size(), custom_op ? 9U : 8U);
  const std::vector<UncountedOperator> expected_uncounted =
      custom_op ? std::vector<UncountedOperator>{{"com.example.Postprocess", 1}} : std::vector<UncountedOperator>{};
  EXPECT_EQ(uncounted_operators(graph), expected_uncounted);
}

TEST(OnnxFixture, TinyCnn)
{
  expect_tiny_cnn_fixture("tiny_cnn.onnx", false);
}

TEST(OnnxFixture, TinyCnnWithCustomOperator)
{
  expect_tiny_cnn_fixture("tiny_cnn_custom_op.onnx", true);
}

// torchvision's ResNet18 as torch.onnx.export writes it (batch norm folded), structure only: the
// initializers carry their dims but no data, which is all the importer reads. The command-line
// test runs `counts` on it as a user would on their exported file.
TEST(OnnxFixture, TorchvisionResnet18Structure)
{
  const std::filesystem::path path = std::filesystem::path(NNE_FIXTURES_DIR) / "onnx" / "resnet18-structure.onnx";
  if (std::getenv("NNE_WRITE_ONNX_FIXTURES") != nullptr) {
    testing::write_resnet18_onnx(path, /*with_weights=*/false);
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  EXPECT_LT(std::filesystem::file_size(path), 1'000'000U);
  const Model model = import_onnx_file(path);
  const GraphModel& graph = graph_of(model);
  const GraphCounts counts = count_graph(graph);
  EXPECT_EQ(counts.parameters, 11'689'512 - 4'800); // 2C of 4,800 batch-norm channels folded into C biases
  EXPECT_EQ(counts.macs, 1'814'073'344);
  EXPECT_TRUE(uncounted_operators(graph).empty());
}

// ---------------------------------------------------------------------------------------------
// Speed: the weights are skipped, not parsed (a Release build imports ResNet50's 98 MB in a few ms)

TEST(OnnxImport, LargeWeightPayloadsAreSkipped)
{
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "resnet50.onnx";
  testing::write_resnet50_onnx(path, true);
  EXPECT_GT(std::filesystem::file_size(path), 100'000'000U);
  const auto start = std::chrono::steady_clock::now();
  const Model model = import_onnx_file(path);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(count_graph(graph_of(model)).macs, 4'089'184'256);
  // Generous for a Debug or sanitizer build on a busy machine; the Release figure is far lower.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

} // namespace
} // namespace nne
