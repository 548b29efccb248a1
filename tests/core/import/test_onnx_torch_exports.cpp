// ONNX graphs as torch.onnx.export writes them (issue 12.3): shape arithmetic folded at import,
// recurrent initial states, external data, the nodes whose shapes stay unknown. Built with ONNX's
// C++ API (tests/support/onnx_builder.h), no Python.
#include "core/import/onnx/constant_folding.h"
#include "core/import/onnx/onnx_import.h"
#include "core/io/model_json.h"
#include "core/model/counts.h"
#include "core/util/errors.h"
#include "tests/support/onnx_builder.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

namespace nne {
namespace {

using onnx_import::Dims;
using onnx_import::fold_node;
using onnx_import::FoldingInputs;
using onnx_import::KnownValue;
using testing::OnnxGraphBuilder;

constexpr int kInt64 = onnx::TensorProto_DataType_INT64;
constexpr int kFloat = onnx::TensorProto_DataType_FLOAT;
constexpr int kBool = onnx::TensorProto_DataType_BOOL;

KnownValue integers(Dims dims, std::vector<std::int64_t> values, int type = kInt64)
{
  return KnownValue{type, std::move(dims), std::move(values), {}};
}

KnownValue reals(Dims dims, std::vector<double> values)
{
  return KnownValue{kFloat, std::move(dims), {}, std::move(values)};
}

// Folds one node of `op` whose inputs are the given values (named "in0", "in1", ...; an empty
// optional leaves that input out) and tensors of known shape only ("shaped0", ...).
class Fold {
public:
  explicit Fold(std::string op, std::int64_t opset = 17) : opset_(opset) { node_.set_op_type(std::move(op)); }

  Fold& value(const KnownValue& v)
  {
    const std::string name = "in" + std::to_string(node_.input_size());
    values_[name] = v;
    node_.add_input(name);
    return *this;
  }
  Fold& shaped(const Dims& dims)
  {
    const std::string name = "shaped" + std::to_string(node_.input_size());
    shapes_[name] = dims;
    node_.add_input(name);
    return *this;
  }
  Fold& i(const std::string& name, std::int64_t v)
  {
    testing::OnnxNode(node_).i(name, v);
    return *this;
  }
  Fold& ints(const std::string& name, const std::vector<std::int64_t>& v)
  {
    testing::OnnxNode(node_).ints(name, v);
    return *this;
  }

  std::optional<KnownValue> run()
  {
    node_.add_output("out");
    const FoldingInputs inputs{[&](const std::string& name) -> const KnownValue* {
                                 const auto it = values_.find(name);
                                 return it == values_.end() ? nullptr : &it->second;
                               },
                               [&](const std::string& name) -> const Dims* {
                                 const auto it = shapes_.find(name);
                                 return it == shapes_.end() ? nullptr : &it->second;
                               }};
    const std::optional<std::vector<KnownValue>> outputs = fold_node(node_, opset_, inputs);
    if (!outputs) {
      return std::nullopt;
    }
    EXPECT_EQ(outputs->size(), 1U);
    return outputs->at(0);
  }

private:
  onnx::NodeProto node_;
  std::int64_t opset_;
  std::map<std::string, KnownValue> values_;
  std::map<std::string, Dims> shapes_;
};

// ---------------------------------------------------------------------------------------------
// Each folding rule on its own

TEST(ConstantFolding, ShapeAndSizeOfATensorOfKnownShape)
{
  EXPECT_EQ(Fold("Shape").shaped({1, 58, 28, 28}).run(), integers({4}, {1, 58, 28, 28}));
  EXPECT_EQ(Fold("Shape").shaped({1, 58, 28, 28}).i("start", 1).i("end", -1).run(), integers({2}, {58, 28}));
  EXPECT_EQ(Fold("Size").shaped({2, 3, 4}).run(), integers({}, {24}));
  EXPECT_EQ(Fold("Shape").value(integers({}, {7})).run(), integers({0}, {})); // a scalar's shape is empty
}

TEST(ConstantFolding, GatherPicksAlongItsAxisWithNegativeIndices)
{
  EXPECT_EQ(Fold("Gather").value(integers({4}, {1, 58, 28, 28})).value(integers({}, {1})).run(), integers({}, {58}));
  EXPECT_EQ(Fold("Gather").value(integers({4}, {1, 58, 28, 28})).value(integers({2}, {-1, 0})).run(),
            integers({2}, {28, 1}));
  // Axis 1 of a 2 x 3 matrix.
  EXPECT_EQ(Fold("Gather").value(integers({2, 3}, {1, 2, 3, 4, 5, 6})).value(integers({1}, {2})).i("axis", 1).run(),
            integers({2, 1}, {3, 6}));
  EXPECT_FALSE(Fold("Gather").value(integers({2}, {1, 2})).value(integers({}, {2})).run()); // out of range
}

TEST(ConstantFolding, UnsqueezeSqueezeAndConcatBuildATargetShape)
{
  EXPECT_EQ(Fold("Unsqueeze").value(integers({}, {58})).value(integers({1}, {0})).run(), integers({1}, {58}));
  // Before opset 13 the axes are an attribute.
  EXPECT_EQ(Fold("Unsqueeze", 11).value(integers({}, {58})).ints("axes", {0}).run(), integers({1}, {58}));
  EXPECT_EQ(Fold("Squeeze").value(integers({1, 1}, {5})).run(), integers({}, {5}));
  EXPECT_EQ(Fold("Squeeze").value(integers({1, 2}, {5, 6})).value(integers({1}, {0})).run(), integers({2}, {5, 6}));
  EXPECT_EQ(Fold("Concat")
                .value(integers({1}, {1}))
                .value(integers({2}, {2, 29}))
                .value(integers({2}, {28, 28}))
                .i("axis", 0)
                .run(),
            integers({5}, {1, 2, 29, 28, 28}));
  EXPECT_EQ(Fold("Concat").value(integers({2, 1}, {1, 2})).value(integers({2, 1}, {3, 4})).i("axis", 1).run(),
            integers({2, 2}, {1, 3, 2, 4}));
}

TEST(ConstantFolding, ArithmeticOnShapesDividesAndTakesModuloAsPython)
{
  EXPECT_EQ(Fold("Div").value(integers({}, {116})).value(integers({}, {2})).run(), integers({}, {58}));
  EXPECT_EQ(Fold("Mul").value(integers({2}, {3, 4})).value(integers({}, {7})).run(), integers({2}, {21, 28}));
  EXPECT_EQ(Fold("Sub").value(integers({}, {7})).value(integers({2}, {56, 3})).run(), integers({2}, {-49, 4}));
  EXPECT_EQ(Fold("Add").value(integers({}, {1})).value(integers({}, {2})).run(), integers({}, {3}));
  // Window padding: (7 - 54 % 7) % 7, and a negative operand takes the divisor's sign.
  EXPECT_EQ(Fold("Mod").value(integers({2}, {54, -3})).value(integers({}, {7})).run(), integers({2}, {5, 4}));
  EXPECT_EQ(Fold("Mod").value(integers({}, {-3})).value(integers({}, {7})).i("fmod", 1).run(), integers({}, {-3}));
  EXPECT_FALSE(Fold("Div").value(integers({}, {1})).value(integers({}, {0})).run());
  EXPECT_EQ(Fold("Div").value(reals({}, {3.0})).value(reals({}, {2.0})).run(), reals({}, {1.5}));
  EXPECT_FALSE(Fold("Mul").value(integers({2}, {1, 2})).value(integers({3}, {1, 2, 3})).run()); // no broadcast
}

TEST(ConstantFolding, CastConvertsBetweenIntegersAndFloats)
{
  EXPECT_EQ(Fold("Cast").value(integers({2}, {3, 4})).i("to", kFloat).run(), reals({2}, {3.0, 4.0}));
  EXPECT_EQ(Fold("Cast").value(reals({2}, {2.9, -2.9})).i("to", kInt64).run(), integers({2}, {2, -2}));
  EXPECT_EQ(Fold("Cast").value(integers({2}, {0, 5})).i("to", kBool).run(), integers({2}, {0, 1}, kBool));
  EXPECT_EQ(Fold("Floor").value(reals({}, {2.5})).run(), reals({}, {2.0}));
  EXPECT_EQ(Fold("Ceil").value(reals({}, {2.5})).run(), reals({}, {3.0}));
}

TEST(ConstantFolding, SliceClampsAndStepsBackwards)
{
  const KnownValue shape = integers({4}, {1, 3, 224, 224});
  constexpr std::int64_t kEnd = std::numeric_limits<std::int64_t>::max(); // torch's "to the end"
  EXPECT_EQ(Fold("Slice").value(shape).value(integers({1}, {2})).value(integers({1}, {kEnd})).run(),
            integers({2}, {224, 224}));
  EXPECT_EQ(Fold("Slice")
                .value(shape)
                .value(integers({1}, {-1}))
                .value(integers({1}, {-kEnd}))
                .value(integers({1}, {0}))
                .value(integers({1}, {-1}))
                .run(),
            integers({4}, {224, 224, 3, 1})); // reversed, as torch's pads are
  EXPECT_EQ(Fold("Slice", 9).value(shape).ints("starts", {1}).ints("ends", {3}).run(), integers({2}, {3, 224}));
  // The rows of a 3 x 2 matrix from the second on.
  EXPECT_EQ(Fold("Slice")
                .value(integers({3, 2}, {1, 2, 3, 4, 5, 6}))
                .value(integers({1}, {1}))
                .value(integers({1}, {3}))
                .value(integers({1}, {0}))
                .run(),
            integers({2, 2}, {3, 4, 5, 6}));
}

TEST(ConstantFolding, ReshapeAndTransposeOfPads)
{
  // torch's pads: [0, 0, 0, 5, 0, 5] as pairs, reversed, transposed and flattened.
  EXPECT_EQ(Fold("Reshape").value(integers({4}, {1, 2, 3, 4})).value(integers({2}, {-1, 2})).run(),
            integers({2, 2}, {1, 2, 3, 4}));
  EXPECT_EQ(Fold("Reshape").value(integers({2, 2}, {1, 2, 3, 4})).value(integers({1}, {0})).run(),
            std::nullopt); // 0 copies the input's dimension 0 (2), which does not hold 4 elements
  EXPECT_EQ(Fold("Transpose").value(integers({2, 2}, {1, 2, 3, 4})).ints("perm", {1, 0}).run(),
            integers({2, 2}, {1, 3, 2, 4}));
  EXPECT_EQ(Fold("Transpose").value(integers({2, 3}, {1, 2, 3, 4, 5, 6})).run(), integers({3, 2}, {1, 4, 2, 5, 3, 6}));
}

TEST(ConstantFolding, ExpandWhereEqualAndConstantOfShapeResolveMinusOne)
{
  // torch's expand(n, -1, -1): -1 replaced by 1 where Equal says so, then broadcast.
  const KnownValue target = integers({3}, {1, -1, -1});
  const std::optional<KnownValue> is_minus_one = Fold("Equal").value(target).value(integers({}, {-1})).run();
  EXPECT_EQ(is_minus_one, integers({3}, {0, 1, 1}, kBool));
  const std::optional<KnownValue> ones = Fold("ConstantOfShape").value(integers({1}, {3})).run();
  EXPECT_EQ(ones, reals({3}, {0.0, 0.0, 0.0})); // float zeros unless a value is given
  EXPECT_EQ(Fold("Where").value(*is_minus_one).value(integers({3}, {1, 1, 1})).value(target).run(),
            integers({3}, {1, 1, 1}));
  EXPECT_EQ(Fold("Expand").value(integers({1, 2}, {7, 8})).value(integers({2}, {3, 1})).run(),
            integers({3, 2}, {7, 8, 7, 8, 7, 8}));
  EXPECT_EQ(Fold("Not").value(integers({2}, {0, 1}, kBool)).run(), integers({2}, {1, 0}, kBool));
}

TEST(ConstantFolding, RangeCountsLikeNumpy)
{
  EXPECT_EQ(Fold("Range").value(integers({}, {0})).value(integers({}, {5})).value(integers({}, {2})).run(),
            integers({3}, {0, 2, 4}));
  EXPECT_EQ(Fold("Range").value(integers({}, {5})).value(integers({}, {0})).value(integers({}, {1})).run(),
            integers({0}, {}));
}

TEST(ConstantFolding, UnknownInputsOperatorsAndLargeResultsAreNotFolded)
{
  // Inputs that do not fit their operator are left to shape inference, which reports them.
  EXPECT_FALSE(
      Fold("Concat").value(integers({2, 3}, {1, 2, 3, 4, 5, 6})).value(integers({1, 3}, {7, 8, 9})).i("axis", 1).run());
  EXPECT_FALSE(Fold("Transpose").value(integers({2, 3}, {1, 2, 3, 4, 5, 6})).ints("perm", {0, 0}).run());
  EXPECT_FALSE(Fold("Unsqueeze").value(integers({2}, {1, 2})).value(integers({2}, {0, 0})).run());
  EXPECT_FALSE(Fold("Add").value(integers({}, {1})).shaped({1}).run());           // a value not known
  EXPECT_FALSE(Fold("NonZero").value(integers({2}, {0, 1})).run());               // not folded
  EXPECT_FALSE(Fold("ConstantOfShape").value(integers({2}, {1024, 1024})).run()); // too large to be worth it
}

// ---------------------------------------------------------------------------------------------
// Whole graphs, as torch writes them

// Adds the nodes of `Shape(x)[axis]` as a 1-element tensor: Shape, Gather, Unsqueeze.
std::string dimension_of(OnnxGraphBuilder& b, const std::string& x, std::int64_t axis, const std::string& prefix)
{
  b.int64_initializer(prefix + "_axis", {axis});
  b.node("Shape", {x}, {prefix + "_shape"}, prefix + "/Shape");
  b.node("Gather", {prefix + "_shape", prefix + "_axis"}, {prefix}, prefix + "/Gather").i("axis", 0);
  return prefix;
}

// torchvision's channel_shuffle (ShuffleNetV2): x.view(b, groups, c // groups, h, w), transposed, and
// viewed back as (b, -1, h, w), every size taken from x.size() at a symbolic batch.
TEST(OnnxTorchExport, ChannelShuffleFromShapesIsFolded)
{
  OnnxGraphBuilder b;
  b.input("x", {std::string("batch_size"), std::int64_t{8}, std::int64_t{4}, std::int64_t{4}});
  const std::string n = dimension_of(b, "x", 0, "n");
  const std::string c = dimension_of(b, "x", 1, "c");
  const std::string h = dimension_of(b, "x", 2, "h");
  const std::string w = dimension_of(b, "x", 3, "w");
  b.int64_initializer("groups", {2});
  b.node("Div", {c, "groups"}, {"per_group"}, "/Div");
  b.node("Concat", {n, "groups", "per_group", h, w}, {"grouped_shape"}, "/Concat").i("axis", 0);
  b.node("Reshape", {"x", "grouped_shape"}, {"grouped"}, "/Reshape");
  b.node("Transpose", {"grouped"}, {"shuffled"}, "/Transpose").ints("perm", {0, 2, 1, 3, 4});
  b.int64_initializer("minus_one", {-1});
  b.node("Concat", {n, "minus_one", h, w}, {"flat_shape"}, "/Concat_1").i("axis", 0);
  b.node("Reshape", {"shuffled", "flat_shape"}, {"shuffled_back"}, "/Reshape_1");
  b.initializer("conv.weight", {16, 8, 1, 1});
  b.node("Conv", {"shuffled_back", "conv.weight"}, {"y"}, "/Conv");
  b.output("y");
  const Model model = import_onnx_bytes(testing::serialize_onnx(b.model()), "shufflenet.onnx");
  const GraphModel& graph = std::get<GraphModel>(model.architecture);
  const auto node = [&](const std::string& name) { return *std::ranges::find(graph.nodes, name, &GraphNode::name); };
  EXPECT_EQ(node("/Reshape").output_shape, (std::vector<std::int64_t>{1, 2, 4, 4, 4}));
  EXPECT_EQ(node("/Reshape_1").output_shape, (std::vector<std::int64_t>{1, 8, 4, 4}));
  EXPECT_EQ(node("/Conv").macs, 16 * 4 * 4 * 8);
  for (const char* shape_node : {"/Div", "/Concat", "/Concat_1", "n/Gather"}) {
    EXPECT_EQ(node(shape_node).note, "constant: computed before inference") << shape_node;
    EXPECT_EQ(node(shape_node).activation_traffic_elements, 0) << shape_node;
  }
  // The transpose moves the shuffled activations once: written, read by the convolution.
  EXPECT_EQ(node("/Transpose").activation_traffic_elements, 2 * 8 * 4 * 4);
  EXPECT_TRUE(graph.notes.empty());
}

// Swin's window padding: pad_r = (window - W % window) % window from the input's shape, the pads
// assembled as torch does (Concat, Reshape to pairs, reversed, transposed, flattened, Cast), then
// the padded map cut into windows for a MatMul.
TEST(OnnxTorchExport, WindowPaddingFromShapesIsFolded)
{
  OnnxGraphBuilder b;
  b.input("x", {std::string("batch_size"), std::int64_t{5}, std::int64_t{5}, std::int64_t{4}}); // N H W C
  const std::string height = dimension_of(b, "x", 1, "h");
  const std::string width = dimension_of(b, "x", 2, "w");
  b.int64_initializer("window", {7});
  b.node("Mod", {height, "window"}, {"h_mod"}, "/Mod");
  b.node("Sub", {"window", "h_mod"}, {"h_rest"}, "/Sub");
  b.node("Mod", {"h_rest", "window"}, {"pad_b"}, "/Mod_1");
  b.node("Mod", {width, "window"}, {"w_mod"}, "/Mod_2");
  b.node("Sub", {"window", "w_mod"}, {"w_rest"}, "/Sub_1");
  b.node("Mod", {"w_rest", "window"}, {"pad_r"}, "/Mod_3");
  // F.pad(x, (0, 0, 0, pad_r, 0, pad_b)) as pairs per dimension from the last, padded to rank 4.
  b.int64_initializer("zeros", {0, 0});
  b.int64_initializer("zero", {0});
  b.node("Concat", {"zeros", "zero", "pad_r", "zero", "pad_b", "zeros"}, {"pairs_flat"}, "/Concat").i("axis", 0);
  b.int64_initializer("pair_shape", {-1, 2});
  b.node("Reshape", {"pairs_flat", "pair_shape"}, {"pairs"}, "/Reshape");
  b.int64_initializer("start", {-1});
  b.int64_initializer("end", {-std::numeric_limits<std::int64_t>::max()});
  b.int64_initializer("axis0", {0});
  b.int64_initializer("step", {-1});
  b.node("Slice", {"pairs", "start", "end", "axis0", "step"}, {"reversed"}, "/Slice");
  b.node("Transpose", {"reversed"}, {"by_side"}, "/Transpose").ints("perm", {1, 0});
  b.int64_initializer("flat", {-1});
  b.node("Reshape", {"by_side", "flat"}, {"pads_flat"}, "/Reshape_1");
  b.node("Cast", {"pads_flat"}, {"pads"}, "/Cast").i("to", kInt64);
  b.node("Pad", {"x", "pads"}, {"padded"}, "/Pad");
  b.int64_initializer("windows_shape", {-1, 49, 4});
  b.node("Reshape", {"padded", "windows_shape"}, {"windows"}, "/Reshape_2");
  b.initializer("qkv.weight", {4, 12});
  b.node("MatMul", {"windows", "qkv.weight"}, {"qkv"}, "/qkv/MatMul");
  b.output("qkv");
  const Model model = import_onnx_bytes(testing::serialize_onnx(b.model()), "swin.onnx");
  const GraphModel& graph = std::get<GraphModel>(model.architecture);
  const auto node = [&](const std::string& name) { return *std::ranges::find(graph.nodes, name, &GraphNode::name); };
  EXPECT_EQ(node("/Pad").output_shape, (std::vector<std::int64_t>{1, 7, 7, 4})); // 5 padded to 7
  EXPECT_EQ(node("/Reshape_2").output_shape, (std::vector<std::int64_t>{1, 49, 4}));
  EXPECT_EQ(node("/qkv/MatMul").macs, 49 * 4 * 12);
  EXPECT_EQ(node("/Slice").note, "constant: computed before inference");
}

// ViT's class token: token.expand(n, -1, -1) at the batch n of the input, torch's -1 resolved by
// Equal/Where on a ConstantOfShape, then concatenated before the patches.
TEST(OnnxTorchExport, ExpandedClassTokenIsAParameterAndItsShapeIsFolded)
{
  OnnxGraphBuilder b;
  b.input("patches", {std::string("batch_size"), std::int64_t{4}, std::int64_t{8}});
  b.initializer("class_token", {1, 1, 8});
  const std::string n = dimension_of(b, "patches", 0, "n");
  b.int64_initializer("rest", {-1, -1});
  b.node("Concat", {n, "rest"}, {"target"}, "/Concat").i("axis", 0);
  b.int64_initializer("minus_one", {-1});
  b.node("Equal", {"target", "minus_one"}, {"is_minus_one"}, "/Equal");
  b.int64_initializer("rank", {3});
  onnx::AttributeProto& value =
      *b.node("ConstantOfShape", {"rank"}, {"ones"}, "/ConstantOfShape").proto().add_attribute();
  value.set_name("value");
  value.set_type(onnx::AttributeProto_AttributeType_TENSOR);
  value.mutable_t()->set_data_type(kInt64);
  value.mutable_t()->add_dims(1);
  value.mutable_t()->add_int64_data(1);
  b.node("Where", {"is_minus_one", "ones", "target"}, {"expand_shape"}, "/Where");
  b.node("Expand", {"class_token", "expand_shape"}, {"tokens"}, "/Expand");
  b.node("Concat", {"tokens", "patches"}, {"sequence"}, "/Concat_1").i("axis", 1);
  b.initializer("w", {8, 8});
  b.node("MatMul", {"sequence", "w"}, {"y"}, "/MatMul");
  b.output("y");
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_bytes(testing::serialize_onnx(b.model()), "vit.onnx").architecture);
  const auto node = [&](const std::string& name) { return *std::ranges::find(graph.nodes, name, &GraphNode::name); };
  EXPECT_EQ(node("/Expand").output_shape, (std::vector<std::int64_t>{1, 1, 8}));
  EXPECT_EQ(node("/Expand").parameters, 8); // the class token, a parameter as torchvision counts it
  EXPECT_EQ(node("/MatMul").macs, 5 * 8 * 8);
  EXPECT_EQ(count_graph(graph).parameters, 8 + 64);
}

// Position ids from the sequence length: Range(0, L) gathers rows of the position embedding.
TEST(OnnxTorchExport, RangeOverASequenceLengthIsFolded)
{
  OnnxGraphBuilder b;
  b.input("embeddings", {std::string("batch_size"), std::int64_t{6}, std::int64_t{16}});
  const std::string length = dimension_of(b, "embeddings", 1, "length");
  b.int64_initializer("zero", {0});
  b.int64_initializer("one", {1});
  b.node("Squeeze", {length, "zero"}, {"length_scalar"}, "/Squeeze");
  b.node("Squeeze", {"zero", "zero"}, {"start"}, "/Squeeze_1");
  b.node("Squeeze", {"one", "zero"}, {"delta"}, "/Squeeze_2");
  b.node("Range", {"start", "length_scalar", "delta"}, {"positions"}, "/Range");
  b.initializer("position_table", {128, 16});
  b.node("Gather", {"position_table", "positions"}, {"position_embeddings"}, "/Gather").i("axis", 0);
  b.node("Add", {"embeddings", "position_embeddings"}, {"sum"}, "/Add");
  b.initializer("w", {16, 4});
  b.node("MatMul", {"sum", "w"}, {"y"}, "/MatMul");
  b.output("y");
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_bytes(testing::serialize_onnx(b.model()), "positions.onnx").architecture);
  const auto node = [&](const std::string& name) { return *std::ranges::find(graph.nodes, name, &GraphNode::name); };
  EXPECT_EQ(node("/Range").output_shape, (std::vector<std::int64_t>{6}));
  EXPECT_EQ(node("/Gather").output_shape, (std::vector<std::int64_t>{6, 16}));
  EXPECT_EQ(node("/Gather").parameters, 128 * 16); // the table, not the gathered rows
  EXPECT_EQ(node("/MatMul").macs, 6 * 16 * 4);
}

// A shape that truly depends on the data (NonZero's count) is not folded: a node that needs it is
// refused, naming both.
TEST(OnnxTorchExport, ShapeThatDependsOnTheDataIsStillRefused)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{1}, std::int64_t{8}});
  b.node("NonZero", {"x"}, {"where"}, "/NonZero");
  b.node("Transpose", {"where"}, {"indices"}, "/Transpose");
  b.node("GatherND", {"x", "indices"}, {"picked"}, "/GatherND");
  b.node("Shape", {"picked"}, {"count"}, "/Shape");
  b.int64_initializer("tail", {1});
  b.node("Concat", {"count", "tail"}, {"shape"}, "/Concat").i("axis", 0);
  b.node("Reshape", {"picked", "shape"}, {"column"}, "/Reshape");
  b.initializer("w", {1, 4});
  b.node("MatMul", {"column", "w"}, {"y"}, "/MatMul");
  b.output("y");
  std::string message;
  try {
    import_onnx_bytes(testing::serialize_onnx(b.model()), "dynamic.onnx");
  } catch (const ModelError& error) {
    message = error.what();
  }
  EXPECT_NE(message.find("dynamic.onnx: node '/MatMul' (MatMul"), std::string::npos) << message;
  EXPECT_NE(message.find("depends on node '/NonZero' (NonZero), whose output shape depends on the data"),
            std::string::npos)
      << message;
}

// ---------------------------------------------------------------------------------------------
// Constants: which are weights

// A Constant node holding a float tensor of these dims (with data, as torch writes small ones).
void constant_node(OnnxGraphBuilder& b, const std::string& name, const std::vector<std::int64_t>& dims)
{
  onnx::AttributeProto& value = *b.node("Constant", {}, {name}, name).proto().add_attribute();
  value.set_name("value");
  value.set_type(onnx::AttributeProto_AttributeType_TENSOR);
  onnx::TensorProto& tensor = *value.mutable_t();
  tensor.set_data_type(kFloat);
  std::int64_t elements = 1;
  for (const std::int64_t d : dims) {
    tensor.add_dims(d);
    elements *= d;
  }
  tensor.mutable_raw_data()->assign(static_cast<std::size_t>(elements) * 4, '\0');
}

// torch.onnx.export of nn.LSTM(8, 16, num_layers=2) called without a state: the zero h0 and c0
// (layers x batch x hidden) are Constant nodes, sliced per layer into each LSTM's initial state.
// They are not parameters; a Constant that a MatMul takes as its weights is, and the notes say
// which is which.
TEST(OnnxTorchExport, ZeroInitialStatesOfAnLstmAreNotParameters)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{5}, std::int64_t{1}, std::int64_t{8}}); // sequence, batch, features
  constant_node(b, "/Constant_h0", {2, 1, 16});
  constant_node(b, "/Constant_c0", {2, 1, 16});
  b.int64_initializer("axis0", {0});
  std::string layer_input = "x";
  std::int64_t features = 8;
  for (int layer = 0; layer < 2; ++layer) {
    const std::string l = std::to_string(layer);
    b.int64_initializer("start" + l, {layer});
    b.int64_initializer("end" + l, {layer + 1});
    for (const char* state : {"h0", "c0"}) {
      b.node("Slice", {std::string("/Constant_") + state, "start" + l, "end" + l, "axis0"}, {state + l},
             "/Slice_" + std::string(state) + l);
    }
    b.initializer("W" + l, {1, 64, features});
    b.initializer("R" + l, {1, 64, 16});
    b.initializer("B" + l, {1, 128});
    b.node("LSTM", {layer_input, "W" + l, "R" + l, "B" + l, "", "h0" + l, "c0" + l}, {"Y" + l}, "/lstm/LSTM_" + l)
        .i("hidden_size", 16);
    b.int64_initializer("squeeze_axis" + l, {1});
    b.node("Squeeze", {"Y" + l, "squeeze_axis" + l}, {"out" + l}, "/lstm/Squeeze_" + l);
    layer_input = "out" + l;
    features = 16;
  }
  constant_node(b, "/Constant_fc", {16, 4});
  b.node("MatMul", {layer_input, "/Constant_fc"}, {"y"}, "/fc/MatMul");
  b.output("y");
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_bytes(testing::serialize_onnx(b.model()), "lstm.onnx").architecture);
  // W, R and B of each layer (4 gates x 16), and the MatMul's 16 x 4.
  EXPECT_EQ(count_graph(graph).parameters, (64 * 8 + 64 * 16 + 128) + (64 * 16 + 64 * 16 + 128) + 16 * 4);
  // Per step: the gates' products with the input and the hidden state.
  EXPECT_EQ(count_graph(graph).macs, 5 * (64 * 8 + 64 * 16) + 5 * (64 * 16 + 64 * 16) + 5 * 16 * 4);
  ASSERT_EQ(graph.notes.size(), 2U);
  EXPECT_EQ(graph.notes[0], "1 Constant node(s) counted as weights, as floating-point tensors an operator takes as "
                            "weights: '/Constant_fc' (16x4, input 1 of MatMul '/fc/MatMul', a weight input)");
  EXPECT_EQ(graph.notes[1], "2 floating-point Constant node(s) not counted as weights, as no operator takes them as "
                            "weights: '/Constant_h0' (input 5 of LSTM '/lstm/LSTM_0', an initial hidden state), "
                            "'/Constant_c0' (input 6 of LSTM '/lstm/LSTM_0', an initial cell state)");
}

// A one-layer GRU's zero state straight into the GRU (no Slice), and an RNN's through an Unsqueeze:
// neither is a parameter.
TEST(OnnxTorchExport, ZeroInitialStatesOfGruAndRnnAreNotParameters)
{
  OnnxGraphBuilder b;
  b.input("x", {std::int64_t{5}, std::int64_t{1}, std::int64_t{8}});
  constant_node(b, "/Constant_gru_h0", {1, 1, 16});
  b.initializer("W", {1, 48, 8});
  b.initializer("R", {1, 48, 16});
  b.node("GRU", {"x", "W", "R", "", "", "/Constant_gru_h0"}, {"gru_y"}, "/gru/GRU").i("hidden_size", 16);
  b.int64_initializer("axis1", {1});
  b.node("Squeeze", {"gru_y", "axis1"}, {"gru_out"}, "/gru/Squeeze");
  constant_node(b, "/Constant_rnn_h0", {1, 16});
  b.int64_initializer("axis0", {0});
  b.node("Unsqueeze", {"/Constant_rnn_h0", "axis0"}, {"rnn_h0"}, "/rnn/Unsqueeze");
  b.initializer("W_rnn", {1, 16, 16});
  b.initializer("R_rnn", {1, 16, 16});
  b.node("RNN", {"gru_out", "W_rnn", "R_rnn", "", "", "rnn_h0"}, {"y"}, "/rnn/RNN").i("hidden_size", 16);
  b.output("y");
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_bytes(testing::serialize_onnx(b.model()), "gru.onnx").architecture);
  EXPECT_EQ(count_graph(graph).parameters, 48 * 8 + 48 * 16 + 16 * 16 + 16 * 16);
  ASSERT_EQ(graph.notes.size(), 1U);
  EXPECT_EQ(graph.notes[0], "2 floating-point Constant node(s) not counted as weights, as no operator takes them as "
                            "weights: '/Constant_gru_h0' (input 5 of GRU '/gru/GRU', an initial hidden state), "
                            "'/Constant_rnn_h0' (input 5 of RNN '/rnn/RNN', an initial hidden state)");
}

// ---------------------------------------------------------------------------------------------
// External data and unknown shapes

// Moves the initializers' data to `file` as onnx.save_model(save_as_external_data=True) does:
// each tensor names the file, its offset and length, and holds no bytes itself.
void move_to_external_data(onnx::ModelProto& model, const std::string& file,
                           const std::function<bool(const onnx::TensorProto&)>& moved)
{
  std::int64_t offset = 0;
  for (onnx::TensorProto& tensor : *model.mutable_graph()->mutable_initializer()) {
    if (!moved(tensor)) {
      continue;
    }
    std::int64_t length = tensor.data_type() == kInt64 ? 8 : 4;
    for (const std::int64_t d : tensor.dims()) {
      length *= d;
    }
    tensor.clear_int64_data();
    tensor.clear_raw_data();
    tensor.set_data_location(onnx::TensorProto_DataLocation_EXTERNAL);
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"location", file}, {"offset", std::to_string(offset)}, {"length", std::to_string(length)}}) {
      onnx::StringStringEntryProto& entry = *tensor.add_external_data();
      entry.set_key(key);
      entry.set_value(value);
    }
    offset += length;
  }
}

OnnxGraphBuilder reshape_and_matmul()
{
  OnnxGraphBuilder b;
  b.input("x", {std::string("batch_size"), std::int64_t{4}, std::int64_t{4}});
  b.initializer("fc.weight", {16, 10});
  b.initializer("fc.bias", {10});
  b.int64_initializer("flat", {1, 16});
  b.node("Reshape", {"x", "flat"}, {"features"}, "/Reshape");
  b.node("MatMul", {"features", "fc.weight"}, {"product"}, "/fc/MatMul");
  b.node("Add", {"product", "fc.bias"}, {"y"}, "/fc/Add");
  b.output("y");
  return b;
}

// The weights in model.onnx.data, as every LLM export over 2 GB has them: counted from the dims in
// the model file, without the data file, which is not even there.
TEST(OnnxTorchExport, ExternalDataIsNeverOpened)
{
  OnnxGraphBuilder b = reshape_and_matmul();
  move_to_external_data(b.model(), "model.onnx.data",
                        [](const onnx::TensorProto& t) { return t.data_type() == kFloat; });
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "model.onnx";
  testing::write_onnx_file(path, b.model());
  ASSERT_FALSE(std::filesystem::exists(dir.path() / "model.onnx.data"));
  const GraphModel graph = std::get<GraphModel>(import_onnx_file(path).architecture);
  EXPECT_EQ(count_graph(graph).parameters, 16 * 10 + 10);
  EXPECT_EQ(count_graph(graph).macs, 16 * 10);
  EXPECT_EQ(graph.notes, std::vector<std::string>{"the weights' data is in 'model.onnx.data' beside the model, which "
                                                  "was not read: the counts need only the dims in the model file"});
}

// onnx.save_model(size_threshold=0) moves the shape tensors out too: a shape that needs their
// values is refused, saying so, rather than the data file read.
TEST(OnnxTorchExport, ShapeInExternalDataIsRefusedByName)
{
  OnnxGraphBuilder b = reshape_and_matmul();
  move_to_external_data(b.model(), "model.onnx.data", [](const onnx::TensorProto&) { return true; });
  std::string message;
  try {
    import_onnx_bytes(testing::serialize_onnx(b.model()), "model.onnx");
  } catch (const ModelError& error) {
    message = error.what();
  }
  EXPECT_NE(message.find("model.onnx: node '/fc/MatMul' (MatMul, index 1): the shape of input A 'features' cannot be "
                         "inferred; it depends on node '/Reshape' (Reshape), whose output shape depends on the values "
                         "of 'flat', which are in an external data file and not read"),
            std::string::npos)
      << message;
}

// Nodes whose output shapes ONNX cannot give (here an operator it does not know) move no counted
// activations; the import lists them by name.
TEST(OnnxTorchExport, NodesWhoseShapesStayUnknownAreListed)
{
  OnnxGraphBuilder b;
  b.opset_import("com.acme", 1);
  b.input("x", {std::int64_t{1}, std::int64_t{3}, std::int64_t{8}, std::int64_t{8}});
  b.node("Relu", {"x"}, {"r"}, "/Relu");
  for (int i = 0; i < 10; ++i) {
    b.node("Frobnicate", {"r"}, {"f" + std::to_string(i)}, "/frob_" + std::to_string(i)).proto().set_domain("com.acme");
    b.output("f" + std::to_string(i));
  }
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_bytes(testing::serialize_onnx(b.model()), "custom.onnx").architecture);
  ASSERT_EQ(graph.notes.size(), 1U);
  EXPECT_EQ(graph.notes[0], "10 node(s) have outputs of unknown shape (an operator ONNX cannot infer, or a shape "
                            "that depends on the data), so their activation traffic is not counted: "
                            "'/frob_0' (com.acme.Frobnicate), '/frob_1' (com.acme.Frobnicate), '/frob_2' "
                            "(com.acme.Frobnicate), '/frob_3' (com.acme.Frobnicate), '/frob_4' (com.acme.Frobnicate), "
                            "'/frob_5' (com.acme.Frobnicate), '/frob_6' (com.acme.Frobnicate), '/frob_7' "
                            "(com.acme.Frobnicate) and 2 more");
}

// ---------------------------------------------------------------------------------------------
// A decoder with its KV cache as inputs, as Optimum exports decoder_with_past_model.onnx

// One attention layer (2 heads of 4) over an embedding of 8: the new token's key and value are
// appended to past_key_values.0.key / .value, the query attends to all of them.
onnx::ModelProto decoder_with_past()
{
  OnnxGraphBuilder b;
  const std::string batch = "batch_size";
  const std::string past = "past_sequence_length";
  b.input("input_ids", {batch, std::string("sequence_length")}, kInt64);
  b.input("attention_mask", {batch, std::string("past_sequence_length + sequence_length")}, kInt64);
  for (const char* kind : {"key", "value"}) {
    b.input(std::string("past_key_values.0.") + kind, {batch, std::int64_t{2}, past, std::int64_t{4}});
  }
  b.initializer("wte", {100, 8});
  b.node("Gather", {"wte", "input_ids"}, {"x"}, "/wte/Gather").i("axis", 0);
  b.int64_initializer("heads_shape", {1, 1, 2, 4});
  for (const char* projection : {"q", "k", "v"}) {
    const std::string p = projection;
    b.initializer(p + ".weight", {8, 8});
    b.node("MatMul", {"x", p + ".weight"}, {p}, "/" + p + "/MatMul");
    b.node("Reshape", {p, "heads_shape"}, {p + "_heads"}, "/" + p + "/Reshape");
    b.node("Transpose", {p + "_heads"}, {p + "_t"}, "/" + p + "/Transpose").ints("perm", {0, 2, 1, 3});
  }
  b.node("Concat", {"past_key_values.0.key", "k_t"}, {"present.0.key"}, "/Concat").i("axis", 2);
  b.node("Concat", {"past_key_values.0.value", "v_t"}, {"present.0.value"}, "/Concat_1").i("axis", 2);
  b.node("Transpose", {"present.0.key"}, {"keys_t"}, "/Transpose").ints("perm", {0, 1, 3, 2});
  b.node("MatMul", {"q_t", "keys_t"}, {"scores"}, "/MatMul");
  b.node("Softmax", {"scores"}, {"p"}, "/Softmax").i("axis", -1);
  b.node("MatMul", {"p", "present.0.value"}, {"attended"}, "/MatMul_1");
  b.output("attended");
  b.output("present.0.key");
  b.output("present.0.value");
  return std::move(b.model());
}

TEST(OnnxTorchExport, DecoderWithPastKeyValuesCountsItsKvCacheAtTheContext)
{
  const Model model =
      import_onnx_bytes(testing::serialize_onnx(decoder_with_past()), "decoder_with_past.onnx", OnnxImportOptions{16});
  const GraphModel& graph = std::get<GraphModel>(model.architecture);
  const auto node = [&](const std::string& name) { return *std::ranges::find(graph.nodes, name, &GraphNode::name); };
  EXPECT_EQ(graph.context, 16);
  EXPECT_EQ(graph.kv_cache_elements, 2 * (2 * 16 * 4)); // key and value: heads x positions x head size
  EXPECT_EQ(graph.inputs[1], (GraphInput{"attention_mask", {1, 17}}));
  EXPECT_EQ(graph.inputs[2], (GraphInput{"past_key_values.0.key", {1, 2, 16, 4}}));
  // One new token attends to the 16 cached positions and itself.
  EXPECT_EQ(node("/MatMul").macs, 2 * 17 * 4);
  EXPECT_EQ(node("/MatMul_1").macs, 2 * 17 * 4);
  EXPECT_EQ(node("/q/MatMul").macs, 8 * 8);
  // The appended cache is the KV cache's traffic, not activations'.
  EXPECT_EQ(node("/Concat").activation_traffic_elements, 0);
  EXPECT_EQ(node("/Concat").note, "appends the new key or value to the KV cache: counted as the cache, not as "
                                  "activations");
  ASSERT_EQ(graph.notes.size(), 1U);
  EXPECT_EQ(graph.notes[0], "a decoder with its KV cache as inputs (2 past_key_values inputs): counted for one decode "
                            "step, one new token at a context of 16 cached positions; the KV cache read per step is "
                            "the past inputs' 256 elements");
  const ModelCounts counts = count_model(model, {});
  EXPECT_EQ(counts.kv_cache_elements_per_sample, 256.0);
  EXPECT_EQ(counts.parameters, 100 * 8 + 3 * 64);
}

TEST(OnnxTorchExport, DecoderContextDefaultsAndSaysSo)
{
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_bytes(testing::serialize_onnx(decoder_with_past()), "d.onnx").architecture);
  EXPECT_EQ(graph.context, kDefaultDecoderContext);
  EXPECT_EQ(graph.kv_cache_elements, 2 * (2 * kDefaultDecoderContext * 4));
  ASSERT_EQ(graph.notes.size(), 1U);
  EXPECT_NE(graph.notes[0].find("at a context of 1024 cached positions (the default; --context sets it)"),
            std::string::npos)
      << graph.notes[0];
}

// Without past inputs a symbolic sequence length is still refused: there is no decode step to
// count it for.
TEST(OnnxTorchExport, SymbolicSequenceWithoutKvCacheIsRefused)
{
  OnnxGraphBuilder b;
  b.input("input_ids", {std::string("batch_size"), std::string("sequence_length")}, kInt64);
  b.initializer("wte", {100, 8});
  b.node("Gather", {"wte", "input_ids"}, {"x"}, "/wte/Gather").i("axis", 0);
  b.output("x");
  std::string message;
  try {
    import_onnx_bytes(testing::serialize_onnx(b.model()), "encoder.onnx");
  } catch (const ModelError& error) {
    message = error.what();
  }
  EXPECT_NE(message.find("encoder.onnx: graph input 'input_ids': dimension 1 is the symbol 'sequence_length'"),
            std::string::npos)
      << message;
}

// ---------------------------------------------------------------------------------------------
// The fixtures scripts/make-onnx-fixtures exported with torch

nlohmann::json expected_of(const std::filesystem::path& directory)
{
  std::ifstream in(directory / "expected.json");
  EXPECT_TRUE(in) << directory;
  return nlohmann::json::parse(in);
}

// torch's export of a small MLP, saved with every tensor in tiny_mlp.onnx.data.
TEST(OnnxFixture, ExternalDataTinyMlp)
{
  const std::filesystem::path directory = std::filesystem::path(NNE_FIXTURES_DIR) / "onnx" / "external-data";
  const nlohmann::json expected = expected_of(directory);
  ASSERT_TRUE(std::filesystem::exists(directory / expected.at("data_file").get<std::string>()));
  const GraphModel graph =
      std::get<GraphModel>(import_onnx_file(directory / expected.at("file").get<std::string>()).architecture);
  const GraphCounts counts = count_graph(graph);
  EXPECT_EQ(counts.parameters, expected.at("parameters").get<std::int64_t>());
  EXPECT_EQ(counts.macs, expected.at("macs").get<std::int64_t>());
  ASSERT_EQ(graph.notes.size(), 1U);
  EXPECT_NE(graph.notes[0].find("'tiny_mlp.onnx.data'"), std::string::npos) << graph.notes[0];
}

// A 2-layer GPT-2 exported as Optimum writes decoder_with_past_model.onnx.
TEST(OnnxFixture, Gpt2TinyWithPastKeyValues)
{
  const std::filesystem::path directory = std::filesystem::path(NNE_FIXTURES_DIR) / "onnx" / "decoder";
  const nlohmann::json expected = expected_of(directory);
  const std::int64_t context = 100;
  const Model model = import_onnx_file(directory / expected.at("file").get<std::string>(), OnnxImportOptions{context});
  const GraphModel& graph = std::get<GraphModel>(model.architecture);
  EXPECT_EQ(graph.context, context);
  EXPECT_EQ(graph.kv_cache_elements, context * expected.at("kv_cache_elements_per_position").get<std::int64_t>());
  // The module's parameters, and the transposed copy of the tied embedding the export stores for
  // the head.
  const GraphCounts counts = count_graph(graph);
  EXPECT_EQ(counts.parameters,
            expected.at("parameters").get<std::int64_t>() + expected.at("tied_head_copy_elements").get<std::int64_t>());
  EXPECT_TRUE(uncounted_operators(graph).empty());
  // The notes say what the second copy most likely is.
  ASSERT_EQ(graph.notes.size(), 2U);
  EXPECT_EQ(graph.notes[1].rfind("'wte.weight' (1000x64, an embedding) and '", 0), 0U) << graph.notes[1];
  EXPECT_NE(graph.notes[1].find("' (64x1000, the head's weights) have transposed shapes: most likely one embedding "
                                "tied to the head, which the exporter stored twice"),
            std::string::npos)
      << graph.notes[1];
  // Per layer, the new token's query meets context + 1 keys (the cached ones and its own) in
  // every head, and the weights give the projections' MACs.
  const std::int64_t heads = expected.at("heads").get<std::int64_t>();
  const std::int64_t head_dim = expected.at("head_dim").get<std::int64_t>();
  const std::int64_t embed = heads * head_dim;
  const std::int64_t attention = 2 * heads * (context + 1) * head_dim;
  const std::int64_t projections = embed * 3 * embed + embed * embed + 2 * embed * 4 * embed;
  const std::int64_t head = expected.at("tied_head_copy_elements").get<std::int64_t>(); // embed x vocabulary
  EXPECT_EQ(counts.macs, expected.at("layers").get<std::int64_t>() * (attention + projections) + head);
  EXPECT_EQ(count_model(model, {}).kv_cache_elements_per_sample, static_cast<double>(graph.kv_cache_elements));

  // Saved and reopened (a scenario keeps the counted graph, not the file), the cache stays.
  const nlohmann::json saved = model_to_json(model);
  EXPECT_EQ(saved.at("context"), context);
  const Model reopened = model_from_json(nlohmann::json::parse(saved.dump()), "decoder.json");
  EXPECT_EQ(std::get<GraphModel>(reopened.architecture), graph);
  EXPECT_EQ(count_model(reopened, {}), count_model(model, {}));
}

} // namespace
} // namespace nne
