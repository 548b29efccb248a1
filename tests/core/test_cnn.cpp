#include "core/cnn.h"
#include "core/errors.h"

#include <gtest/gtest.h>

#include <string>

namespace nne {
namespace {

CnnLayer conv(std::string name, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1,
              std::int64_t padding = 0, std::vector<std::string> inputs = {})
{
  CnnLayer l;
  l.name = std::move(name);
  l.kind = LayerKind::conv;
  l.out_channels = out;
  l.kernel_h = l.kernel_w = kernel;
  l.stride_h = l.stride_w = stride;
  l.padding_h = l.padding_w = padding;
  l.inputs = std::move(inputs);
  return l;
}

CnnLayer simple(std::string name, LayerKind kind, std::vector<std::string> inputs = {})
{
  CnnLayer l;
  l.name = std::move(name);
  l.kind = kind;
  l.inputs = std::move(inputs);
  return l;
}

CnnLayer pool(std::string name, LayerKind kind, std::int64_t kernel, std::int64_t stride, std::int64_t padding)
{
  CnnLayer l = simple(std::move(name), kind);
  l.kernel_h = l.kernel_w = kernel;
  l.stride_h = l.stride_w = stride;
  l.padding_h = l.padding_w = padding;
  return l;
}

// torchvision's ResNet18, built independently of the preset file.
CnnModel resnet18()
{
  CnnModel m;
  m.input = {3, 224, 224};
  m.layers = {conv("conv1", 64, 7, 2, 3), simple("bn1", LayerKind::batch_norm), simple("relu", LayerKind::relu),
              pool("maxpool", LayerKind::max_pool, 3, 2, 1)};
  std::string previous = "maxpool";
  std::int64_t channels = 64;
  const std::int64_t widths[]{64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    for (int block = 0; block < 2; ++block) {
      const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
      const std::int64_t stride = stage > 0 && block == 0 ? 2 : 1;
      const std::int64_t width = widths[stage];
      m.layers.push_back(conv(p + ".conv1", width, 3, stride, 1, {previous}));
      m.layers.push_back(simple(p + ".bn1", LayerKind::batch_norm));
      m.layers.push_back(simple(p + ".relu1", LayerKind::relu));
      m.layers.push_back(conv(p + ".conv2", width, 3, 1, 1));
      m.layers.push_back(simple(p + ".bn2", LayerKind::batch_norm));
      std::string shortcut = previous;
      if (stride != 1 || channels != width) {
        m.layers.push_back(conv(p + ".downsample.0", width, 1, stride, 0, {previous}));
        m.layers.push_back(simple(p + ".downsample.1", LayerKind::batch_norm));
        shortcut = p + ".downsample.1";
      }
      m.layers.push_back(simple(p + ".add", LayerKind::add, {p + ".bn2", shortcut}));
      m.layers.push_back(simple(p + ".relu2", LayerKind::relu));
      previous = p + ".relu2";
      channels = width;
    }
  }
  m.layers.push_back(simple("avgpool", LayerKind::global_avg_pool));
  m.layers.push_back(simple("flatten", LayerKind::flatten));
  CnnLayer fc = simple("fc", LayerKind::linear);
  fc.out_features = 1000;
  fc.bias = true;
  m.layers.push_back(fc);
  return m;
}

TEST(Cnn, ResNet18MatchesTorchvision)
{
  const CnnCounts counts = count_cnn(resnet18());
  EXPECT_EQ(counts.parameters, 11'689'512);
  // By hand, output elements x (in_channels x k x k) per convolution, at 224x224:
  //   conv1       112x112x64 x 3x49          = 118,013,952
  //   layer1      4 x 56x56x64 x 64x9        = 462,422,016
  //   layer2      28x28x128 x (64x9 + 3 x 128x9) + 1x1 downsample 28x28x128x64
  //                                          = 404,619,264 + 6,422,528
  //   layer3, layer4 alike                   = 404,619,264 + 6,422,528 (each)
  //   fc          512 x 1000                 = 512,000
  // in all 1,814,073,344 MACs: torchvision's "1.81 GFLOPS".
  EXPECT_EQ(counts.macs, 1'814'073'344);
  EXPECT_EQ(counts.layers.back().output, (Shape{1000, 1, 1}));
}

TEST(Cnn, ResNet18MainConvolutionOutputsAreThePapersActivationCount)
{
  const CnnModel model = resnet18();
  const CnnCounts counts = count_cnn(model);
  std::int64_t outputs = 0;
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    if (model.layers[i].kind == LayerKind::conv && model.layers[i].name.find("downsample") == std::string::npos) {
      outputs += counts.layers[i].output.elements();
    }
  }
  EXPECT_EQ(outputs, 2'308'096); // conv1 802,816 + 4 x 200,704 + 4 x 100,352 + 4 x 50,176 + 4 x 25,088
}

TEST(Cnn, ShapesFollowPyTorch)
{
  CnnModel m;
  m.input = {3, 32, 32};
  CnnLayer dilated = conv("dilated", 8, 3, 1, 2);
  dilated.dilation_h = dilated.dilation_w = 2;    // effective 5x5 window: 32 + 4 - 4 = 32
  CnnLayer strided = conv("strided", 8, 3, 2, 1); // floor((32 + 2 - 3) / 2) + 1 = 16
  CnnLayer ceil = pool("ceil", LayerKind::max_pool, 3, 2, 0);
  ceil.ceil_mode = true; // ceil((16 - 3) / 2) + 1 = 8 (floor would give 7)
  CnnLayer rect = conv("rect", 4, 1);
  rect.kernel_h = 3;
  rect.kernel_w = 1; // 8 - 2 = 6 high, 8 wide
  m.layers = {dilated, strided, ceil, rect, pool("avg", LayerKind::avg_pool, 2, 2, 0)};
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].output, (Shape{8, 32, 32}));
  EXPECT_EQ(c.layers[1].output, (Shape{8, 16, 16}));
  EXPECT_EQ(c.layers[2].output, (Shape{8, 8, 8}));
  EXPECT_EQ(c.layers[3].output, (Shape{4, 6, 8}));
  EXPECT_EQ(c.layers[4].output, (Shape{4, 3, 4}));
  EXPECT_EQ(c.layers[3].parameters, 4 * 8 * 3 * 1);
  EXPECT_EQ(c.layers[3].macs, 4 * 6 * 8 * (8 * 3));
}

TEST(Cnn, CeilModeWindowMustStartInsideTheInput)
{
  // PyTorch, kernel 2, stride 2, ceil_mode: 5 high gives ceil(3/2) + 1 = 3 windows (the last one
  // starts at row 4, inside the input); 4 wide gives ceil(2/2) + 1 = 2.
  CnnModel m;
  m.input = {1, 5, 4};
  CnnLayer p = pool("p", LayerKind::max_pool, 2, 2, 0);
  p.ceil_mode = true;
  m.layers = {p};
  EXPECT_EQ(count_cnn(m).layers[0].output, (Shape{1, 3, 2}));
}

TEST(Cnn, GroupedAndDepthwiseConvolutions)
{
  CnnModel m;
  m.input = {32, 10, 10};
  CnnLayer depthwise = conv("dw", 32, 3, 1, 1);
  depthwise.groups = 32;
  CnnLayer grouped = conv("g", 64, 1);
  grouped.groups = 4;
  grouped.bias = true;
  m.layers = {depthwise, grouped};
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].parameters, 32 * 1 * 9);
  EXPECT_EQ(c.layers[0].macs, 32 * 100 * 9);
  EXPECT_EQ(c.layers[1].parameters, 64 * 8 + 64);
  EXPECT_EQ(c.layers[1].macs, 64 * 100 * 8);
}

TEST(Cnn, ConcatAndLinear)
{
  CnnModel m;
  m.input = {3, 8, 8};
  CnnLayer fc = simple("fc", LayerKind::linear);
  fc.out_features = 10;
  fc.bias = true;
  m.layers = {conv("a", 4, 1, 1, 0, {"input"}), conv("b", 6, 3, 1, 1, {"input"}),
              simple("cat", LayerKind::concat, {"a", "b"}), simple("flat", LayerKind::flatten), fc};
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[2].output, (Shape{10, 8, 8}));
  EXPECT_EQ(c.layers[3].output, (Shape{640, 1, 1}));
  EXPECT_EQ(c.layers[4].parameters, 640 * 10 + 10);
  EXPECT_EQ(c.layers[4].macs, 6400);
}

TEST(Cnn, BatchNormParametersAreOptional)
{
  CnnModel m;
  m.input = {3, 4, 4};
  m.layers = {conv("c", 16, 1), simple("bn", LayerKind::batch_norm)};
  EXPECT_EQ(count_cnn(m).layers[1].parameters, 32);
  m.count_batch_norm_parameters = false;
  EXPECT_EQ(count_cnn(m).parameters, 16 * 3);
}

TEST(Cnn, ActivationTrafficOfAResidualBlockByHand)
{
  // input 4x8x8 -> conv a (4x8x8) -> relu -> conv b (4x8x8) -> add(b, a) -> fc(2)
  // a: written once, read by b (through the fused relu) and by the add: 256 x 3
  // b: written, read by the add: 256 x 2; add: written, read by fc: 256 x 2
  // fc: written, read out: 2 x 2; the relu moves nothing of its own.
  CnnModel m;
  m.input = {4, 8, 8};
  CnnLayer fc = simple("fc", LayerKind::linear);
  fc.out_features = 2;
  m.layers = {conv("a", 4, 3, 1, 1), simple("r", LayerKind::relu), conv("b", 4, 3, 1, 1),
              simple("sum", LayerKind::add, {"b", "a"}), fc};
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 256 * 3);
  EXPECT_EQ(c.layers[1].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[2].activation_traffic_elements, 256 * 2);
  EXPECT_EQ(c.layers[3].activation_traffic_elements, 256 * 2);
  EXPECT_EQ(c.layers[4].activation_traffic_elements, 2 * 2);
  EXPECT_EQ(c.activation_traffic_elements, 768 + 512 + 512 + 4);
}

TEST(Cnn, AThousandLayerChain)
{
  CnnModel m;
  m.input = {8, 16, 16};
  for (int i = 0; i < 500; ++i) {
    m.layers.push_back(conv("c" + std::to_string(i), 8, 3, 1, 1));
    m.layers.push_back(simple("r" + std::to_string(i), LayerKind::relu));
  }
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers.size(), 1000U);
  EXPECT_EQ(c.parameters, 500 * 8 * 8 * 9);
  EXPECT_EQ(c.macs, 500LL * 8 * 256 * 8 * 9);
  EXPECT_EQ(c.activation_traffic_elements, 500 * 2048 * 2);
}

void expect_model_error(const CnnModel& model, const std::string& message)
{
  try {
    count_cnn(model);
    ADD_FAILURE() << "expected ModelError: " << message;
  } catch (const ModelError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(Cnn, InvalidGraphsAreNamedAndExplained)
{
  CnnModel m;
  m.input = {3, 8, 8};
  expect_model_error(m, "model: has no layers");

  m.layers = {conv("a", 4, 3), simple("sum", LayerKind::add, {"a", "nowhere"})};
  expect_model_error(m, "layer 'sum' (index 1): input 'nowhere' is not a layer of this model");

  m.layers = {simple("sum", LayerKind::add, {"input", "b"}), conv("b", 3, 1)};
  expect_model_error(m, "layer 'sum' (index 0): input 'b' is not an earlier layer");

  m.layers = {conv("a", 4, 3), conv("a", 4, 3)};
  expect_model_error(m, "layer 'a' (index 1): the name 'a' is already taken");

  CnnLayer grouped = conv("g", 4, 1);
  grouped.groups = 2;
  m.layers = {grouped};
  expect_model_error(m, "layer 'g' (index 0): groups (2) must divide the 3 input and 4 output channels");

  m.layers = {conv("big", 4, 11)};
  expect_model_error(m, "layer 'big' (index 0): a 11-wide window does not fit the 8-wide padded input (3x8x8)");

  m.layers = {conv("a", 4, 1), conv("b", 5, 1, 1, 0, {"input"}), simple("sum", LayerKind::add, {"a", "b"})};
  expect_model_error(m, "layer 'sum' (index 2): cannot add a 5x8x8 input to a 4x8x8 one");

  m.layers = {conv("a", 4, 1), simple("sum", LayerKind::add)};
  expect_model_error(m, "layer 'sum' (index 1): adds two or more inputs, has 1");

  m.layers = {conv("a", 4, 1, 2), conv("b", 4, 1, 1, 0, {"input"}), simple("cat", LayerKind::concat, {"a", "b"})};
  expect_model_error(m, "layer 'cat' (index 2): cannot concatenate a 4x8x8 input with a 4x4x4 one");

  m.layers = {conv("zero", 0, 1)};
  expect_model_error(m, "layer 'zero' (index 0): out_channels must be positive, is 0");

  CnnLayer fc = simple("fc", LayerKind::linear);
  m.layers = {fc};
  expect_model_error(m, "layer 'fc' (index 0): out_features must be positive, is 0");

  CnnLayer negative = conv("neg", 4, 3);
  negative.padding_h = -1;
  m.layers = {negative};
  expect_model_error(m, "layer 'neg' (index 0): padding cannot be negative");
}

TEST(Cnn, LayerKindIds)
{
  for (const char* id : {"conv", "linear", "max_pool", "avg_pool", "global_avg_pool", "batch_norm", "relu", "add",
                         "concat", "flatten"}) {
    const auto kind = parse_layer_kind(id);
    ASSERT_TRUE(kind.has_value()) << id;
    EXPECT_EQ(layer_kind_id(*kind), id);
  }
  EXPECT_FALSE(parse_layer_kind("dense").has_value());
}

} // namespace
} // namespace nne
