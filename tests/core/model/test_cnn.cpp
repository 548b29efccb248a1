#include "core/model/cnn.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <iterator>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace nne {

// Shapes in failure messages as channels x height x width (found by GoogleTest through ADL).
static void PrintTo(const Shape& shape, std::ostream* os)
{
  *os << shape.channels << "x" << shape.height << "x" << shape.width;
}

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

CnnLayer pool(std::string name, LayerKind kind, std::int64_t kernel, std::int64_t stride, std::int64_t padding = 0)
{
  CnnLayer l = simple(std::move(name), kind);
  l.kernel_h = l.kernel_w = kernel;
  l.stride_h = l.stride_w = stride;
  l.padding_h = l.padding_w = padding;
  return l;
}

CnnLayer linear(std::string name, std::int64_t out, bool bias)
{
  CnnLayer l = simple(std::move(name), LayerKind::linear);
  l.out_features = out;
  l.bias = bias;
  return l;
}

CnnModel model_of(Shape input, std::vector<CnnLayer> layers)
{
  CnnModel m;
  m.input = input;
  m.layers = std::move(layers);
  return m;
}

std::size_t index_of(const CnnModel& m, const std::string& name)
{
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    if (m.layers[i].name == name) {
      return i;
    }
  }
  ADD_FAILURE() << "no layer " << name;
  return 0;
}

// torchvision's ResNet18 (torchvision/models/resnet.py, BasicBlock, layers [2, 2, 2, 2]) with its
// module names, built here independently of presets/models/.
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
  m.layers.push_back(linear("fc", 1000, true));
  return m;
}

// The ids themselves are checked against docs/file-formats.md (DocsExamples) and the table's
// consistency with the other enums' (EnumIds, tests/core/util/test_enum_ids.cpp).
TEST(Cnn, EveryLayerKindHasAnIdThatReadsBack)
{
  ASSERT_FALSE(all_layer_kinds().empty());
  for (const LayerKind kind : all_layer_kinds()) {
    EXPECT_FALSE(layer_kind_id(kind).empty());
    EXPECT_EQ(parse_layer_kind(layer_kind_id(kind)), kind) << layer_kind_id(kind);
  }
  EXPECT_FALSE(parse_layer_kind("dense").has_value());
  EXPECT_FALSE(parse_layer_kind("").has_value());
}

TEST(Cnn, ResNet18ParametersMatchTorchvision)
{
  const CnnModel model = resnet18();
  const CnnCounts counts = count_cnn(model);
  EXPECT_EQ(counts.layers.size(), model.layers.size());
  EXPECT_EQ(counts.parameters, 11'689'512); // sum(p.numel() for p in resnet18().parameters())

  // Without batch-norm scale and shift: 4,800 BN channels (bn1 64; two per block: 2 x 2 x
  // (64 + 128 + 256 + 512) = 3,840; three downsample BNs 128 + 256 + 512 = 896) x 2 fewer.
  CnnModel without_bn = model;
  without_bn.count_batch_norm_parameters = false;
  EXPECT_EQ(count_cnn(without_bn).parameters, 11'689'512 - 9'600);
}

TEST(Cnn, ResNet18MacsByHand)
{
  // MACs = sum over conv/linear of output elements x (in_channels / groups) x kh x kw, at 224x224.
  //   conv1: 64x112x112 outputs x 3x7x7                              = 118,013,952
  //   a 3x3 conv keeping its stage's width: 56x56x64 x 64x9 = 115,605,504 in every stage (each
  //   stage halves H and W and doubles C); a stage's first, strided conv reads half the channels:
  //   57,802,752; a 1x1 stride-2 downsample: 28x28x128 x 64 = 6,422,528 in stages 2 to 4.
  //   layer1: 4 x 115,605,504                                         = 462,422,016
  //   layer2, layer3, layer4 each: 57,802,752 + 3 x 115,605,504 + 6,422,528
  //                               = 411,041,792; three of them      = 1,233,125,376
  //   fc: 512 x 1000                                                  =     512,000
  //   total 118,013,952 + 462,422,016 + 1,233,125,376 + 512,000       = 1,814,073,344
  // torchvision's "GFLOPS 1.81" for ResNet18 is this number of multiply-accumulates.
  const CnnModel model = resnet18();
  const CnnCounts counts = count_cnn(model);
  EXPECT_EQ(counts.macs, 1'814'073'344);
  EXPECT_NEAR(static_cast<double>(counts.macs) / 1e9, 1.814, 5e-4);

  EXPECT_EQ(counts.layers[index_of(model, "conv1")].macs, 118'013'952);
  EXPECT_EQ(counts.layers[index_of(model, "layer1.0.conv1")].macs, 115'605'504);
  EXPECT_EQ(counts.layers[index_of(model, "layer3.0.conv1")].macs, 57'802'752);
  EXPECT_EQ(counts.layers[index_of(model, "layer4.1.conv2")].macs, 115'605'504);
  EXPECT_EQ(counts.layers[index_of(model, "layer2.0.downsample.0")].macs, 6'422'528);
  EXPECT_EQ(counts.layers[index_of(model, "fc")].macs, 512'000);
  EXPECT_EQ(counts.layers[index_of(model, "maxpool")].macs, 0);
  EXPECT_EQ(counts.layers[index_of(model, "layer1.0.add")].macs, 0);

  EXPECT_EQ(counts.layers[index_of(model, "conv1")].output, (Shape{64, 112, 112}));
  EXPECT_EQ(counts.layers[index_of(model, "maxpool")].output, (Shape{64, 56, 56}));
  EXPECT_EQ(counts.layers[index_of(model, "layer2.0.downsample.1")].output, (Shape{128, 28, 28}));
  EXPECT_EQ(counts.layers[index_of(model, "layer4.1.relu2")].output, (Shape{512, 7, 7}));
  EXPECT_EQ(counts.layers[index_of(model, "avgpool")].output, (Shape{512, 1, 1}));
  EXPECT_EQ(counts.layers[index_of(model, "flatten")].output, (Shape{512, 1, 1}));
  EXPECT_EQ(counts.layers.back().output, (Shape{1000, 1, 1}));
  EXPECT_EQ(counts.layers.back().parameters, 513'000);
}

TEST(Cnn, ResNet18MainConvolutionOutputsAreThePapersActivationCount)
{
  const CnnModel model = resnet18();
  const CnnCounts counts = count_cnn(model);
  std::int64_t outputs = 0;
  int convolutions = 0;
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    if (model.layers[i].kind == LayerKind::conv && model.layers[i].name.find("downsample") == std::string::npos) {
      outputs += counts.layers[i].output.elements();
      ++convolutions;
    }
  }
  EXPECT_EQ(convolutions, 17);
  EXPECT_EQ(outputs, 2'308'096); // conv1 802,816 + 4 x 200,704 + 4 x 100,352 + 4 x 50,176 + 4 x 25,088
}

TEST(Cnn, ResNet18ActivationTrafficByHand)
{
  // Materialized outputs x (1 write + reads); BN and ReLU are fused into the conv or add before them.
  //   conv1 802,816 x 2 (read by maxpool)                                    = 1,605,632
  //   maxpool 200,704 x 3 (layer1.0.conv1 and layer1.0.add)                  =   602,112
  //   a block: conv1 and conv2 outputs e x 2 each, its add e x 3 (read by the next block's conv1 and
  //   by its add or downsample), a downsample conv e x 2; the last add is read only by avgpool.
  //   layer1 e = 200,704: 2 x 7e = 14e                                       = 2,809,856
  //   layer2 e = 100,352: 9e + 7e = 16e                                      = 1,605,632
  //   layer3 e =  50,176: 16e                                                =   802,816
  //   layer4 e =  25,088: 9e + 6e = 15e                                      =   376,320
  //   avgpool 512 x 2 (fc reads it through flatten); fc 1000 x 2 (read out)   =     3,024
  //   total                                                                  = 7,805,392
  const CnnModel model = resnet18();
  const CnnCounts counts = count_cnn(model);
  EXPECT_EQ(counts.activation_traffic_elements, 7'805'392);
  EXPECT_EQ(counts.layers[index_of(model, "maxpool")].activation_traffic_elements, 602'112);
  EXPECT_EQ(counts.layers[index_of(model, "layer1.1.add")].activation_traffic_elements, 3 * 200'704);
  EXPECT_EQ(counts.layers[index_of(model, "layer4.1.add")].activation_traffic_elements, 2 * 25'088);
  EXPECT_EQ(counts.layers[index_of(model, "layer1.0.bn1")].activation_traffic_elements, 0);
  EXPECT_EQ(counts.layers[index_of(model, "flatten")].activation_traffic_elements, 0);
}

TEST(Cnn, ConvolutionShapesFollowPyTorch)
{
  CnnLayer dilated = conv("dilated", 8, 3, 1, 2);
  dilated.dilation_h = dilated.dilation_w = 2;    // window spans 5: 32 + 4 - 5 + 1 = 32
  CnnLayer strided = conv("strided", 8, 3, 2, 1); // floor((32 + 2 - 3) / 2) + 1 = 16
  CnnLayer rect = conv("rect", 4, 1);
  rect.kernel_h = 3;
  rect.kernel_w = 1;
  rect.stride_w = 3;
  rect.padding_w = 1; // rows: 16 - 3 + 1 = 14; columns: floor((16 + 2 - 1) / 3) + 1 = 6
  rect.bias = true;
  CnnLayer uneven = conv("uneven", 2, 2, 2); // floor((14 - 2) / 2) + 1 = 7; floor((6 - 2) / 2) + 1 = 3
  const CnnModel m = model_of({3, 32, 32}, {dilated, strided, rect, uneven});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].output, (Shape{8, 32, 32}));
  EXPECT_EQ(c.layers[0].parameters, 8 * 3 * 9);
  EXPECT_EQ(c.layers[0].macs, 8 * 32 * 32 * 3 * 9);
  EXPECT_EQ(c.layers[1].output, (Shape{8, 16, 16}));
  EXPECT_EQ(c.layers[2].output, (Shape{4, 14, 6}));
  EXPECT_EQ(c.layers[2].parameters, 4 * 8 * 3 * 1 + 4);
  EXPECT_EQ(c.layers[2].macs, 4 * 14 * 6 * (8 * 3 * 1));
  EXPECT_EQ(c.layers[3].output, (Shape{2, 7, 3}));
  EXPECT_EQ(c.macs, 8 * 32 * 32 * 27 + 8 * 16 * 16 * 72 + 4 * 14 * 6 * 24 + 2 * 7 * 3 * 16);
}

TEST(Cnn, GroupedAndDepthwiseConvolutions)
{
  CnnLayer depthwise = conv("dw", 32, 3, 2, 1);
  depthwise.groups = 32; // one 3x3 filter per channel; 10x10 -> 5x5
  CnnLayer multiplier = conv("dw2", 64, 3, 1, 1);
  multiplier.groups = 32; // depth multiplier 2: two filters per input channel
  CnnLayer grouped = conv("g", 64, 1);
  grouped.groups = 4; // 4 groups of 16 input channels
  grouped.bias = true;
  const CnnCounts c = count_cnn(model_of({32, 10, 10}, {depthwise, multiplier, grouped}));
  EXPECT_EQ(c.layers[0].output, (Shape{32, 5, 5}));
  EXPECT_EQ(c.layers[0].parameters, 32 * 1 * 9);
  EXPECT_EQ(c.layers[0].macs, 32 * 25 * 9);
  EXPECT_EQ(c.layers[1].output, (Shape{64, 5, 5}));
  EXPECT_EQ(c.layers[1].parameters, 64 * 1 * 9);
  EXPECT_EQ(c.layers[1].macs, 64 * 25 * 9);
  EXPECT_EQ(c.layers[2].parameters, 64 * 16 + 64);
  EXPECT_EQ(c.layers[2].macs, 64 * 25 * 16);
}

TEST(Cnn, PoolingShapesFollowPyTorch)
{
  CnnLayer max = pool("max", LayerKind::max_pool, 3, 2, 1); // floor((31 + 2 - 3) / 2) + 1 = 16
  CnnLayer avg = pool("avg", LayerKind::avg_pool, 2, 2);    // 8
  CnnLayer dilated = pool("dilated", LayerKind::max_pool, 2, 1);
  dilated.dilation_h = dilated.dilation_w = 3; // window spans 4: 8 - 4 + 1 = 5
  CnnLayer rect = pool("rect", LayerKind::avg_pool, 1, 1);
  rect.kernel_w = 5; // rows 5, columns 5 - 5 + 1 = 1
  const CnnModel m = model_of({6, 31, 31}, {max, avg, dilated, rect, simple("gap", LayerKind::global_avg_pool)});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].output, (Shape{6, 16, 16}));
  EXPECT_EQ(c.layers[1].output, (Shape{6, 8, 8}));
  EXPECT_EQ(c.layers[2].output, (Shape{6, 5, 5}));
  EXPECT_EQ(c.layers[3].output, (Shape{6, 5, 1}));
  EXPECT_EQ(c.layers[4].output, (Shape{6, 1, 1}));
  for (const LayerCounts& layer : c.layers) {
    EXPECT_EQ(layer.parameters, 0);
    EXPECT_EQ(layer.macs, 0);
  }
}

TEST(Cnn, CeilModePooling)
{
  const auto output = [](Shape input, std::int64_t kernel, std::int64_t stride, std::int64_t padding) {
    CnnLayer p = pool("p", LayerKind::max_pool, kernel, stride, padding);
    p.ceil_mode = true;
    return count_cnn(model_of(input, {p})).layers[0].output;
  };
  // 16 rows, kernel 3, stride 2: floor gives 7, ceil((16 - 3) / 2) + 1 = 8 (the last window hangs
  // over the edge); 15 columns divide evenly, so ceil and floor both give 7.
  EXPECT_EQ(output({1, 16, 15}, 3, 2, 0), (Shape{1, 8, 7}));
  // 5 rows, kernel 2, stride 2: ceil(3 / 2) + 1 = 3, the last window starts at row 4, inside.
  EXPECT_EQ(output({1, 5, 4}, 2, 2, 0), (Shape{1, 3, 2}));
  // 5 rows padded by 1, kernel 2, stride 2: ceil(5 / 2) + 1 = 4, but the fourth window would start
  // at padded row 6, in the right padding (>= 5 + 1), so PyTorch drops it: 3 (as floor does).
  EXPECT_EQ(output({1, 5, 5}, 2, 2, 1), (Shape{1, 3, 3}));
  // 6 rows padded by 1, kernel 3, stride 2: floor((6 + 2 - 3) / 2) + 1 = 3, ceil gives 4 and the
  // fourth window starts at padded row 6 (input row 5, the last), inside the input: kept.
  EXPECT_EQ(output({1, 6, 6}, 3, 2, 1), (Shape{1, 4, 4}));

  // ceil_mode has no effect on convolutions (PyTorch's Conv2d has none).
  CnnLayer c = conv("c", 1, 3, 2);
  c.ceil_mode = true;
  EXPECT_EQ(count_cnn(model_of({1, 16, 16}, {c})).layers[0].output, (Shape{1, 7, 7}));
}

TEST(Cnn, LinearFlattensItsInput)
{
  // A linear layer straight after a 4x5x5 conv reads 100 features; an explicit flatten changes nothing.
  const CnnModel direct = model_of({3, 5, 5}, {conv("c", 4, 1), linear("fc", 10, false)});
  const CnnCounts c = count_cnn(direct);
  EXPECT_EQ(c.layers[1].output, (Shape{10, 1, 1}));
  EXPECT_EQ(c.layers[1].parameters, 100 * 10);
  EXPECT_EQ(c.layers[1].macs, 100 * 10);

  const CnnModel flattened =
      model_of({3, 5, 5}, {conv("c", 4, 1), simple("flat", LayerKind::flatten), linear("fc", 10, true)});
  const CnnCounts f = count_cnn(flattened);
  EXPECT_EQ(f.layers[1].output, (Shape{100, 1, 1}));
  EXPECT_EQ(f.layers[2].parameters, 100 * 10 + 10);
  EXPECT_EQ(f.macs, c.macs);
  EXPECT_EQ(f.activation_traffic_elements, c.activation_traffic_elements);
}

TEST(Cnn, ConcatJoinsChannels)
{
  // An Inception-like split: two branches read the model input, their outputs are joined.
  const CnnModel m =
      model_of({3, 8, 8}, {conv("a", 4, 1, 1, 0, {"input"}), conv("b", 6, 3, 1, 1, {"input"}),
                           pool("c", LayerKind::max_pool, 3, 1, 1), simple("cat", LayerKind::concat, {"a", "b", "c"}),
                           simple("flat", LayerKind::flatten), linear("fc", 10, true)});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[2].output, (Shape{6, 8, 8}));
  EXPECT_EQ(c.layers[3].output, (Shape{16, 8, 8}));
  EXPECT_EQ(c.layers[4].output, (Shape{1024, 1, 1}));
  EXPECT_EQ(c.layers[5].parameters, 1024 * 10 + 10);
  EXPECT_EQ(c.parameters, 4 * 3 + 6 * 3 * 9 + 1024 * 10 + 10);
  EXPECT_EQ(c.macs, 64 * 4 * 3 + 64 * 6 * 27 + 1024 * 10);
  // a: 256 read by cat; b: 384 read by c and cat; c: 384 read by cat; cat: 1024 read by fc; fc: 10 read out.
  EXPECT_EQ(c.activation_traffic_elements, 256 * 2 + 384 * 3 + 384 * 2 + 1024 * 2 + 10 * 2);
}

TEST(Cnn, BatchNormParametersAreOptional)
{
  CnnModel m = model_of({3, 4, 4}, {conv("c", 16, 1), simple("bn", LayerKind::batch_norm)});
  EXPECT_EQ(count_cnn(m).layers[1].parameters, 32);
  EXPECT_EQ(count_cnn(m).parameters, 48 + 32);
  m.count_batch_norm_parameters = false;
  EXPECT_EQ(count_cnn(m).parameters, 16 * 3);
}

TEST(Cnn, ActivationTrafficOfAResidualBlockByHand)
{
  // input 4x8x8 -> conv a (4x8x8) -> relu r -> conv b (4x8x8) -> bn -> add(bn, r) -> fc(2)
  // a: written once, read by b and by the add, both through the fused relu: 256 x 3
  // b: written, read by the add through the fused bn: 256 x 2
  // add: written, read by fc: 256 x 2
  // fc: written, read out: 2 x 2
  // the relu and the bn move nothing of their own; the model input is not counted.
  const CnnModel m = model_of({4, 8, 8}, {conv("a", 4, 3, 1, 1), simple("r", LayerKind::relu), conv("b", 4, 3, 1, 1),
                                          simple("bn", LayerKind::batch_norm),
                                          simple("sum", LayerKind::add, {"bn", "r"}), linear("fc", 2, false)});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 256 * 3);
  EXPECT_EQ(c.layers[1].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[2].activation_traffic_elements, 256 * 2);
  EXPECT_EQ(c.layers[3].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[4].activation_traffic_elements, 256 * 2);
  EXPECT_EQ(c.layers[5].activation_traffic_elements, 2 * 2);
  EXPECT_EQ(c.activation_traffic_elements, 768 + 512 + 512 + 4);
}

TEST(Cnn, ActivationTrafficEdgeCases)
{
  // The network ends in a fused layer: its producer's output is the one read out.
  const CnnCounts ends_fused = count_cnn(model_of({1, 4, 4}, {conv("c", 2, 1), simple("r", LayerKind::relu)}));
  EXPECT_EQ(ends_fused.layers[0].activation_traffic_elements, 32 * 2);
  EXPECT_EQ(ends_fused.activation_traffic_elements, 64);

  // A fused layer on the model input is the input: reading it costs nothing here.
  const CnnCounts on_input = count_cnn(model_of({1, 4, 4}, {simple("r", LayerKind::relu), conv("c", 2, 1)}));
  EXPECT_EQ(on_input.activation_traffic_elements, 32 * 2);

  // A branch nobody reads is written once; an add of a layer with itself reads it twice.
  const CnnCounts branches = count_cnn(model_of(
      {1, 4, 4}, {conv("dead", 3, 1), conv("c", 2, 1, 1, 0, {"input"}), simple("twice", LayerKind::add, {"c", "c"})}));
  EXPECT_EQ(branches.layers[0].activation_traffic_elements, 48);
  EXPECT_EQ(branches.layers[1].activation_traffic_elements, 32 * 3);
  EXPECT_EQ(branches.layers[2].activation_traffic_elements, 32 * 2);
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
  ASSERT_EQ(c.layers.size(), 1000U);
  EXPECT_EQ(c.layers.back().output, (Shape{8, 16, 16}));
  EXPECT_EQ(c.parameters, 500 * 8 * 8 * 9);
  EXPECT_EQ(c.macs, 500LL * 8 * 256 * 8 * 9);
  EXPECT_EQ(c.activation_traffic_elements, 500 * 2048 * 2); // each conv read once, by the next or out
}

TEST(Cnn, AThousandLayerResidualNetwork)
{
  // 250 blocks of conv, bn, relu, add(relu, previous block): inputs named, every add reaches back.
  CnnModel m;
  m.input = {8, 16, 16};
  std::string previous = "input";
  for (int i = 0; i < 250; ++i) {
    const std::string b = std::to_string(i);
    m.layers.push_back(conv("conv" + b, 8, 3, 1, 1, {previous}));
    m.layers.push_back(simple("bn" + b, LayerKind::batch_norm));
    m.layers.push_back(simple("relu" + b, LayerKind::relu));
    m.layers.push_back(simple("add" + b, LayerKind::add, {"relu" + b, previous}));
    previous = "add" + b;
  }
  const CnnCounts c = count_cnn(m);
  ASSERT_EQ(c.layers.size(), 1000U);
  EXPECT_EQ(c.parameters, 250 * (8 * 8 * 9 + 16));
  EXPECT_EQ(c.macs, 250LL * 2048 * 72);
  // conv outputs read by their add: x2; adds read by the next conv and add: x3, the last read out: x2.
  EXPECT_EQ(c.activation_traffic_elements, 250 * 2048 * 2 + 249 * 2048 * 3 + 2048 * 2);
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
  expect_model_error(model_of({3, 8, 8}, {}), "model: has no layers");
  expect_model_error(model_of({3, 0, 8}, {conv("a", 4, 1)}),
                     "input: channels, height and width must be positive, is 3x0x8");

  // Names and inputs.
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 3), simple("sum", LayerKind::add, {"a", "nowhere"})}),
                     "layer 2 'sum': input 'nowhere' is not a layer of this model");
  expect_model_error(model_of({3, 8, 8}, {simple("sum", LayerKind::add, {"input", "b"}), conv("b", 3, 1)}),
                     "layer 1 'sum': input 'b' is a later layer (layer 2); a layer can only read earlier "
                     "layers");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), conv("self", 4, 1, 1, 0, {"self"})}),
                     "layer 2 'self': input 'self' is this layer itself; a layer can only read earlier "
                     "layers");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 3), conv("b", 4, 1), conv("a", 4, 1)}),
                     "layer 3 'a': the name 'a' is already taken by layer 1");
  expect_model_error(model_of({3, 8, 8}, {conv("input", 4, 3)}),
                     "layer 1 'input': the name 'input' is reserved for the model input");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), conv("", 4, 1)}), "layer 2: has no name");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), conv("b", 4, 1, 1, 0, {"a", "input"})}),
                     "layer 2 'b': takes one input, has 2");

  // Convolution and pooling parameters.
  expect_model_error(model_of({3, 8, 8}, {conv("zero", 0, 1)}), "layer 1 'zero': out_channels must be positive, is 0");
  expect_model_error(model_of({3, 8, 8}, {conv("k", 4, 0)}), "layer 1 'k': kernel must be positive, is 0");
  CnnLayer stride = conv("s", 4, 3);
  stride.stride_w = -1;
  expect_model_error(model_of({3, 8, 8}, {stride}), "layer 1 's': stride must be positive, is [1, -1]");
  CnnLayer dilation = pool("d", LayerKind::max_pool, 2, 2);
  dilation.dilation_h = 0;
  expect_model_error(model_of({3, 8, 8}, {dilation}), "layer 1 'd': dilation must be positive, is [0, 1]");
  CnnLayer negative = conv("neg", 4, 3);
  negative.padding_h = -1;
  expect_model_error(model_of({3, 8, 8}, {negative}), "layer 1 'neg': padding cannot be negative, is [-1, 0]");
  CnnLayer zero_groups = conv("g", 4, 1);
  zero_groups.groups = 0;
  expect_model_error(model_of({3, 8, 8}, {zero_groups}), "layer 1 'g': groups must be positive, is 0");
  CnnLayer grouped = conv("g", 6, 1);
  grouped.groups = 2;
  expect_model_error(model_of({3, 8, 8}, {grouped}), "layer 1 'g': groups (2) does not divide the 3 input channels");
  grouped.groups = 4;
  expect_model_error(model_of({64, 8, 8}, {grouped}), "layer 1 'g': groups (4) does not divide the 6 output channels");

  // Windows that do not fit their padded input.
  expect_model_error(model_of({3, 8, 8}, {conv("big", 4, 11)}),
                     "layer 1 'big': the 11-row kernel is larger than the input's 8 rows plus 2 x 0 padding");
  CnnLayer wide = conv("wide", 4, 1);
  wide.kernel_w = 12;
  wide.padding_w = 1;
  expect_model_error(model_of({3, 8, 8}, {wide}), "layer 1 'wide': the 12-column kernel is larger than the "
                                                  "input's 8 columns plus 2 x 1 padding");
  CnnLayer dilated = conv("dil", 4, 3);
  dilated.dilation_h = dilated.dilation_w = 4;
  expect_model_error(model_of({3, 8, 8}, {dilated}), "layer 1 'dil': the 3-row kernel dilated by 4 spans 9 "
                                                     "rows and is larger than the input's 8 rows plus 2 x 0 padding");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 3, 2), pool("p", LayerKind::avg_pool, 4, 4)}),
                     "layer 2 'p': the 4-row kernel is larger than the input's 3 rows plus 2 x 0 padding");
  expect_model_error(model_of({3, 8, 8}, {pool("p", LayerKind::max_pool, 3, 2, 2)}),
                     "layer 1 'p': padding (2) is more than half the pooling window; PyTorch allows at "
                     "most 1");
  CnnLayer avg_dilated = pool("p", LayerKind::avg_pool, 2, 2);
  avg_dilated.dilation_w = 2;
  expect_model_error(model_of({3, 8, 8}, {avg_dilated}),
                     "layer 1 'p': average pooling has no dilation (PyTorch's AvgPool2d), is [1, 2]");

  // Element-wise sums and concatenations.
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), conv("b", 5, 1, 1, 0, {"input"}),
                                          simple("sum", LayerKind::add, {"a", "b"})}),
                     "layer 3 'sum': cannot add inputs of different shapes: 'b' is 5x8x8 but 'a' is 4x8x8 (channels x "
                     "height x width)");
  expect_model_error(
      model_of({3, 8, 8}, {conv("a", 3, 1), simple("sum", LayerKind::add, {"a", "input", "input"}),
                           simple("sum2", LayerKind::add, {"sum", "input", "a"}), simple("sum3", LayerKind::add)}),
      "layer 4 'sum3': needs two or more inputs to add, has 1");
  expect_model_error(
      model_of({3, 8, 8},
               {conv("a", 4, 1, 2), conv("b", 4, 1, 1, 0, {"input"}), simple("cat", LayerKind::concat, {"a", "b"})}),
      "layer 3 'cat': cannot concatenate inputs of different height or width: 'b' is 4x8x8 but 'a' is 4x4x4 "
      "(channels x height x width)");

  expect_model_error(model_of({3, 8, 8}, {linear("fc", 0, true)}), "layer 1 'fc': out_features must be positive, is 0");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), linear("fc", -5, true)}),
                     "layer 2 'fc': out_features must be positive, is -5");
}

TEST(Cnn, ErrorsCarryWhereAndWhat)
{
  try {
    count_cnn(model_of({3, 8, 8}, {conv("a", 4, 1), conv("b", 0, 1)}));
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_EQ(e.where(), "layer 2 'b'");
    EXPECT_EQ(e.problem(), "out_channels must be positive, is 0");
  }
}

TEST(Cnn, CountsBeyondInt64AreRefused)
{
  constexpr std::int64_t big = std::int64_t{1} << 20;
  // 2^60 input elements fit; a conv to 2^20 channels of 2^40 positions, 2^20 MACs each, does not.
  expect_model_error(model_of({big, big, big}, {conv("huge", big, 1)}),
                     "layer 1 'huge': is too large to count: a count exceeds 2^63 - 1");
  expect_model_error(model_of({big, big, big}, {conv("c", 4, 1), simple("cat", LayerKind::concat, {"input", "input"}),
                                                simple("cat2", LayerKind::concat, {"cat", "cat", "cat", "cat"})}),
                     "layer 3 'cat2': is too large to count: a count exceeds 2^63 - 1");
  expect_model_error(model_of({big * big, big, big}, {conv("c", 4, 1)}),
                     "input: is too large to count: a count exceeds 2^63 - 1");
  // The totals of layers that each fit can overflow too.
  CnnModel many = model_of({1, 1, 1}, {});
  for (int i = 0; i < 4; ++i) {
    CnnLayer fc = linear("fc" + std::to_string(i), std::int64_t{1} << 62, false);
    fc.inputs = {"input"};
    many.layers.push_back(fc);
  }
  expect_model_error(many, "model: is too large to count: a count exceeds 2^63 - 1");
}

CnnLayer attention(std::string name, std::int64_t heads, bool bias = true)
{
  CnnLayer l = simple(std::move(name), LayerKind::self_attention);
  l.heads = heads;
  l.bias = bias;
  return l;
}

TEST(Cnn, ElementWiseActivationsAndDropoutAreFusedAndFree)
{
  // conv 4x6x6 -> 8x6x6, then every activation kind and dropout in a row, then fc(10).
  //   conv: 8 x 4 x 9 = 288 parameters; 288 outputs x 36 MACs = 10,368 MACs
  //   its output is written once (288) and read once by fc through the fused chain (288)
  const LayerKind fused[]{LayerKind::relu6,   LayerKind::hardswish, LayerKind::hardsigmoid, LayerKind::silu,
                          LayerKind::sigmoid, LayerKind::gelu,      LayerKind::dropout};
  CnnModel m = model_of({4, 6, 6}, {conv("c", 8, 3, 1, 1)});
  for (LayerKind kind : fused) {
    m.layers.push_back(simple(std::string(layer_kind_id(kind)), kind));
  }
  m.layers.push_back(linear("fc", 10, true));
  const CnnCounts c = count_cnn(m);
  for (std::size_t i = 1; i + 1 < m.layers.size(); ++i) {
    SCOPED_TRACE(m.layers[i].name);
    EXPECT_EQ(c.layers[i].output, (Shape{8, 6, 6}));
    EXPECT_EQ(c.layers[i].parameters, 0);
    EXPECT_EQ(c.layers[i].macs, 0);
    EXPECT_EQ(c.layers[i].activation_traffic_elements, 0);
  }
  EXPECT_EQ(c.layers[0].parameters, 288);
  EXPECT_EQ(c.layers[0].macs, 10'368);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 288 * 2);
  EXPECT_EQ(c.layers.back().parameters, 288 * 10 + 10);
  EXPECT_EQ(c.activation_traffic_elements, 288 * 2 + 10 * 2);
}

TEST(Cnn, SqueezeAndExcitationMultipliesByAPerChannelScale)
{
  // x = conv 16x8x8; scale = hardsigmoid(fc2(relu(fc1(avgpool(x))))); out = scale * x.
  //   fc1: 16 -> 4 with bias: 68 parameters, 64 MACs; fc2: 4 -> 16 with bias: 80 parameters, 64 MACs
  //   the product: 16x8x8, no parameters, no MACs (an element-wise product is not a MAC)
  // Traffic: x 1,024 written, read whole by avgpool and by the product: 3,072
  //   avgpool 16 + 16 (fc1); fc1 4 + 4 (fc2, through relu); fc2 16 + 16 (the product reads the
  //   16 scales through hardsigmoid); the product 1,024 + 1,024 (read out)
  CnnLayer fc1 = conv("fc1", 4, 1);
  fc1.bias = true;
  CnnLayer fc2 = conv("fc2", 16, 1);
  fc2.bias = true;
  const CnnModel m = model_of({16, 8, 8}, {conv("x", 16, 1), simple("avgpool", LayerKind::global_avg_pool), fc1,
                                           simple("act", LayerKind::relu), fc2, simple("gate", LayerKind::hardsigmoid),
                                           simple("scale", LayerKind::multiply, {"gate", "x"})});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[2].parameters, 68);
  EXPECT_EQ(c.layers[2].macs, 64);
  EXPECT_EQ(c.layers[4].parameters, 80);
  EXPECT_EQ(c.layers[4].macs, 64);
  EXPECT_EQ(c.layers[6].output, (Shape{16, 8, 8}));
  EXPECT_EQ(c.layers[6].parameters, 0);
  EXPECT_EQ(c.layers[6].macs, 0);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 1024 * 3);
  EXPECT_EQ(c.layers[1].activation_traffic_elements, 16 * 2);
  EXPECT_EQ(c.layers[2].activation_traffic_elements, 4 * 2);
  EXPECT_EQ(c.layers[4].activation_traffic_elements, 16 * 2);
  EXPECT_EQ(c.layers[6].activation_traffic_elements, 1024 * 2);
  EXPECT_EQ(c.activation_traffic_elements, 3072 + 32 + 8 + 32 + 2048);

  // Either input may be the broadcast one; equal shapes multiply element by element.
  CnnModel reversed = m;
  reversed.layers.back().inputs = {"x", "gate"};
  EXPECT_EQ(count_cnn(reversed).layers.back().output, (Shape{16, 8, 8}));
  const CnnModel equal = model_of(
      {3, 4, 4}, {conv("a", 2, 1), conv("b", 2, 3, 1, 1, {"input"}), simple("ab", LayerKind::multiply, {"a", "b"})});
  EXPECT_EQ(count_cnn(equal).layers.back().output, (Shape{2, 4, 4}));
  const CnnModel scales =
      model_of({3, 4, 4}, {simple("p", LayerKind::global_avg_pool), simple("pp", LayerKind::multiply, {"p", "p"})});
  EXPECT_EQ(count_cnn(scales).layers.back().output, (Shape{3, 1, 1}));
}

TEST(Cnn, AVisionTransformerInMiniatureByHand)
{
  // input 3x8x8; a 4x4 stride-4 patch conv to 16 channels: 2x2 patches, 4 tokens of 16 features.
  //   patch: 16 x 3 x 16 + 16 = 784 parameters; 64 outputs x 48 = 3,072 MACs
  //   to_tokens 16x4x1; class_token 16x5x1 (16 parameters); position_embedding 5 x 16 = 80
  //   layer_norm 2 x 16 = 32
  //   self_attention, 4 heads: 4 x 16^2 + 4 x 16 = 1,088 parameters;
  //     MACs 5 tokens x 4 x 16^2 = 5,120 (projections) + 2 x 5^2 x 16 = 800 (QK^T, AV) = 5,920
  //   select_class_token 16x1x1; fc 16 -> 3: 51 parameters, 48 MACs
  // Traffic: patch 64 + 64 (class_token reads it through to_tokens) = 128
  //   class_token 80 + 80 (layer_norm reads it through position_embedding) = 160
  //   layer_norm 80 + 80 (attention) = 160
  //   attention: queries, keys, values 3 x 80 and its attention output 80, each written and read
  //     once inside: 640; its output 80, of which fc reads the class token's 16: 736
  //   fc 3 + 3 (read out) = 6
  CnnLayer patch = conv("patch", 16, 4, 4);
  patch.bias = true;
  const CnnModel m = model_of(
      {3, 8, 8}, {patch, simple("tokens", LayerKind::to_tokens), simple("cls", LayerKind::class_token),
                  simple("pos", LayerKind::position_embedding), simple("ln", LayerKind::layer_norm),
                  attention("attn", 4), simple("first", LayerKind::select_class_token), linear("fc", 3, true)});
  const CnnCounts c = count_cnn(m);
  const Shape expected_shapes[]{{16, 2, 2}, {16, 4, 1}, {16, 5, 1}, {16, 5, 1},
                                {16, 5, 1}, {16, 5, 1}, {16, 1, 1}, {3, 1, 1}};
  const std::int64_t expected_parameters[]{784, 0, 16, 80, 32, 1088, 0, 51};
  const std::int64_t expected_macs[]{3072, 0, 0, 0, 0, 5920, 0, 48};
  const std::int64_t expected_traffic[]{128, 0, 160, 0, 160, 736, 0, 6};
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    SCOPED_TRACE(m.layers[i].name);
    EXPECT_EQ(c.layers[i].output, expected_shapes[i]);
    EXPECT_EQ(c.layers[i].parameters, expected_parameters[i]);
    EXPECT_EQ(c.layers[i].macs, expected_macs[i]);
    EXPECT_EQ(c.layers[i].activation_traffic_elements, expected_traffic[i]);
  }
  EXPECT_EQ(c.parameters, 784 + 16 + 80 + 32 + 1088 + 51);
  EXPECT_EQ(c.macs, 3072 + 5920 + 48);
  EXPECT_EQ(c.activation_traffic_elements, 128 + 160 + 160 + 736 + 6);

  // The head count splits the channels; it changes neither parameters nor MACs.
  CnnModel one_head = m;
  one_head.layers[5].heads = 1;
  CnnModel sixteen_heads = m;
  sixteen_heads.layers[5].heads = 16;
  for (const CnnModel& variant : {one_head, sixteen_heads}) {
    EXPECT_EQ(count_cnn(variant).layers[5].parameters, 1088);
    EXPECT_EQ(count_cnn(variant).layers[5].macs, 5920);
  }
  // Without biases the projections are 4 x 16^2.
  CnnModel unbiased = m;
  unbiased.layers[5].bias = false;
  EXPECT_EQ(count_cnn(unbiased).layers[5].parameters, 1024);
}

TEST(Cnn, LayerNormAndPositionEmbeddingWorkOnFeatureMapsToo)
{
  // layer_norm normalizes each of the 4x4 positions over its 8 channels: 16 parameters, and it
  // materializes its output (128 written, 128 read out). position_embedding learns one value per
  // element, 8 x 4 x 4 = 128, and is fused into the layer before it.
  const CnnModel m = model_of(
      {3, 4, 4}, {conv("c", 8, 1), simple("ln", LayerKind::layer_norm), simple("pos", LayerKind::position_embedding)});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[1].output, (Shape{8, 4, 4}));
  EXPECT_EQ(c.layers[1].parameters, 16);
  EXPECT_EQ(c.layers[1].activation_traffic_elements, 128 * 2);
  EXPECT_EQ(c.layers[2].parameters, 128);
  EXPECT_EQ(c.layers[2].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 128 * 2);
  EXPECT_EQ(c.parameters, 24 + 16 + 128);
}

TEST(Cnn, NewKindsExplainTheirShapeErrors)
{
  CnnLayer patch = conv("patch", 16, 4, 4);
  expect_model_error(model_of({3, 8, 8}, {patch, simple("cls", LayerKind::class_token)}),
                     "layer 2 'cls': prepending a class token needs a sequence of tokens (channels x tokens "
                     "x 1) but its input is 16x2x2; a to_tokens layer turns a feature map into one");
  expect_model_error(model_of({3, 8, 8}, {patch, attention("attn", 4)}),
                     "layer 2 'attn': self-attention needs a sequence of tokens (channels x tokens x 1) but "
                     "its input is 16x2x2; a to_tokens layer turns a feature map into one");
  expect_model_error(model_of({3, 8, 8}, {patch, simple("first", LayerKind::select_class_token)}),
                     "layer 2 'first': selecting the class token needs a sequence of tokens (channels x "
                     "tokens x 1) but its input is 16x2x2; a to_tokens layer turns a feature map into one");
  expect_model_error(
      model_of({3, 8, 8}, {patch, simple("tokens", LayerKind::to_tokens), attention("attn", 3)}),
      "layer 3 'attn': heads (3) does not divide the 16 channels; each head takes an equal share of them");
  expect_model_error(model_of({3, 8, 8}, {patch, simple("tokens", LayerKind::to_tokens), attention("attn", 0)}),
                     "layer 3 'attn': heads must be positive, is 0");
  expect_model_error(model_of({3, 8, 8}, {patch, simple("t", LayerKind::to_tokens, {"patch", "patch"})}),
                     "layer 2 't': takes one input, has 2");

  // Products.
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), simple("m", LayerKind::multiply)}),
                     "layer 2 'm': multiplies two inputs, has 1");
  expect_model_error(model_of({3, 8, 8}, {conv("a", 4, 1), simple("m", LayerKind::multiply, {"a", "a", "a"})}),
                     "layer 2 'm': multiplies two inputs, has 3");
  expect_model_error(
      model_of({3, 8, 8}, {conv("a", 4, 1), simple("p", LayerKind::global_avg_pool, {"input"}),
                           simple("m", LayerKind::multiply, {"a", "p"})}),
      "layer 3 'm': cannot multiply 'a' (4x8x8) by 'p' (3x1x1): the shapes must be equal, or one must be "
      "channels x 1 x 1 with the other's channels");
  expect_model_error(
      model_of({3, 8, 8}, {conv("a", 3, 1, 2), simple("m", LayerKind::multiply, {"input", "a"})}),
      "layer 2 'm': cannot multiply 'input' (3x8x8) by 'a' (3x4x4): the shapes must be equal, or one must "
      "be channels x 1 x 1 with the other's channels");

  // Counts beyond int64: four 2^31-channel projections of 2^31 channels each.
  expect_model_error(model_of({std::int64_t{1} << 31, 1, 1}, {attention("attn", 1)}),
                     "layer 1 'attn': is too large to count: a count exceeds 2^63 - 1");
}

CnnLayer channel_split(std::string name, std::int64_t parts, std::int64_t part, std::vector<std::string> inputs)
{
  CnnLayer l = simple(std::move(name), LayerKind::channel_split, std::move(inputs));
  l.parts = parts;
  l.part = part;
  return l;
}

CnnLayer channel_shuffle(std::string name, std::int64_t groups)
{
  CnnLayer l = simple(std::move(name), LayerKind::channel_shuffle);
  l.groups = groups;
  return l;
}

TEST(Cnn, AShuffleNetUnitInMiniatureByHand)
{
  // torchvision's ShuffleNetV2 unit of stride 1: x1, x2 = x.chunk(2, dim=1);
  // out = channel_shuffle(cat(x1, branch(x2)), 2). Input 3x4x4:
  //   x: 1x1 conv to 8 channels: 8 x 3 = 24 parameters, 16 positions x 24 = 384 MACs; 8x4x4
  //   x1, x2: channels 0-3 and 4-7 of x, 4x4x4 each, nothing counted (views)
  //   branch: 1x1 conv of x2 to 4 channels: 4 x 4 = 16 parameters, 16 x 16 = 256 MACs; 4x4x4
  //   cat: 8x4x4; shuffle: 8x4x4, a permutation the concat writes directly
  // Traffic: x 128 written, read as x1 by cat (64) and as x2 by branch (64): 256
  //          branch 64 + 64 (cat); cat 128 + 128 (read out through the shuffle): 256
  const CnnModel m =
      model_of({3, 4, 4}, {conv("x", 8, 1), channel_split("x1", 2, 1, {"x"}), channel_split("x2", 2, 2, {"x"}),
                           conv("branch", 4, 1, 1, 0, {"x2"}), simple("cat", LayerKind::concat, {"x1", "branch"}),
                           channel_shuffle("shuffle", 2)});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[1].output, (Shape{4, 4, 4}));
  EXPECT_EQ(c.layers[2].output, (Shape{4, 4, 4}));
  EXPECT_EQ(c.layers[5].output, (Shape{8, 4, 4}));
  EXPECT_EQ(c.parameters, 24 + 16);
  EXPECT_EQ(c.macs, 384 + 256);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 256);
  EXPECT_EQ(c.layers[1].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[2].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[3].activation_traffic_elements, 128);
  EXPECT_EQ(c.layers[4].activation_traffic_elements, 256);
  EXPECT_EQ(c.layers[5].activation_traffic_elements, 0);
  EXPECT_EQ(c.activation_traffic_elements, 640);

  // Parts are equal ranges, numbered from 1; a shuffle's groups are of equal size.
  expect_model_error(model_of({8, 2, 2}, {channel_split("x3", 2, 3, {"input"})}),
                     "layer 1 'x3': part 3 of 2 does not exist; parts are numbered from 1");
  expect_model_error(model_of({8, 2, 2}, {channel_split("x1", 3, 1, {"input"})}),
                     "layer 1 'x1': parts (3) does not divide the 8 channels into equal ranges");
  expect_model_error(model_of({8, 2, 2}, {channel_split("x0", 2, 0, {"input"})}),
                     "layer 1 'x0': part must be positive, is 0");
  expect_model_error(model_of({8, 2, 2}, {channel_shuffle("shuffle", 3)}),
                     "layer 1 'shuffle': groups (3) does not divide the 8 channels; a shuffle interleaves "
                     "groups of equal size");
}

TEST(Cnn, AConvNeXtBlockInMiniatureByHand)
{
  // torchvision's CNBlock on 4x2x2 (input 4 channels): depthwise 7x7 conv (padding 3, bias),
  // LayerNorm over the channels of each position, Linear 4 -> 16 and 16 -> 4 per position (1x1
  // convolutions), layer scale, residual add.
  //   dwconv: 4 x 49 + 4 = 200 parameters; 16 outputs x 49 = 784 MACs
  //   norm: 8 parameters; pwconv1: 4 x 16 + 16 = 80 parameters, 4 positions x 64 = 256 MACs
  //   pwconv2: 16 x 4 + 4 = 68 parameters, 256 MACs; layer scale: 4 parameters, no MACs
  // Traffic: dwconv 16 + 16 (norm); norm 16 + 16; pwconv1 64 + 64 (pwconv2, through gelu);
  //          pwconv2 16 + 16 (add, through the layer scale); add 16 + 16 (read out)
  CnnLayer dwconv = conv("dwconv", 4, 7, 1, 3, {"input"});
  dwconv.groups = 4;
  dwconv.bias = true;
  CnnLayer pwconv1 = conv("pwconv1", 16, 1);
  pwconv1.bias = true;
  CnnLayer pwconv2 = conv("pwconv2", 4, 1);
  pwconv2.bias = true;
  const CnnModel m =
      model_of({4, 2, 2}, {dwconv, simple("norm", LayerKind::layer_norm), pwconv1, simple("gelu", LayerKind::gelu),
                           pwconv2, simple("layer_scale", LayerKind::layer_scale),
                           simple("add", LayerKind::add, {"layer_scale", "input"})});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[5].output, (Shape{4, 2, 2}));
  EXPECT_EQ(c.layers[5].parameters, 4);
  EXPECT_EQ(c.layers[5].macs, 0);
  EXPECT_EQ(c.layers[5].activation_traffic_elements, 0);
  EXPECT_EQ(c.parameters, 200 + 8 + 80 + 68 + 4);
  EXPECT_EQ(c.macs, 784 + 256 + 256);
  EXPECT_EQ(c.layers[4].activation_traffic_elements, 32);
  EXPECT_EQ(c.activation_traffic_elements, 32 + 32 + 128 + 32 + 32);
}

CnnLayer window_attention(std::string name, std::int64_t heads, std::int64_t window)
{
  CnnLayer l = simple(std::move(name), LayerKind::window_attention);
  l.heads = heads;
  l.window_h = l.window_w = window;
  l.bias = true;
  return l;
}

TEST(Cnn, WindowAttentionByHand)
{
  // 2 heads in 2x2 windows over a 4x3x3 map (C = 4): torchvision pads the 3x3 positions to 4x4,
  // P = 16, in windows of N = 4.
  //   parameters: qkv and proj 4 x 4^2 + 4 x 4 = 80; the bias table (2 x 2 - 1)^2 x 2 heads = 18
  //   MACs: projections 16 x 4 x 4^2 = 1,024; query-key and weight-value 2 x 16 x 4 x 4 = 512
  //   traffic: queries, keys, values and the attention output 8 x 16 x 4 = 512, and the output
  //            36 written and 36 read out
  const CnnCounts c = count_cnn(model_of({4, 3, 3}, {window_attention("attn", 2, 2)}));
  EXPECT_EQ(c.layers[0].output, (Shape{4, 3, 3}));
  EXPECT_EQ(c.parameters, 98);
  EXPECT_EQ(c.macs, 1536);
  EXPECT_EQ(c.activation_traffic_elements, 512 + 72);

  // Without padding, 4x4 in windows of 4x4 (N = 16): 16 x 64 + 2 x 16 x 16 x 4 = 3,072 MACs;
  // the table (2 x 4 - 1)^2 x 1 = 49 parameters, without the biases 64 + 49.
  CnnLayer one_window = window_attention("attn", 1, 4);
  one_window.bias = false;
  const CnnCounts whole = count_cnn(model_of({4, 4, 4}, {one_window}));
  EXPECT_EQ(whole.macs, 3072);
  EXPECT_EQ(whole.parameters, 64 + 49);

  expect_model_error(model_of({4, 3, 3}, {window_attention("attn", 3, 2)}),
                     "layer 1 'attn': heads (3) does not divide the 4 channels; each head takes an equal share "
                     "of them");
}

TEST(Cnn, SpaceToDepthJoinsNeighbourhoodsAndPadsOddSides)
{
  // Swin's patch merging of 2x2 neighbourhoods: 2x4x6 to 8x2x3; 2x3x5 is padded to 2x4x6 first.
  // A re-indexing, fused: the layer norm after it reads the conv's output directly.
  CnnLayer merge = simple("merge", LayerKind::space_to_depth);
  merge.block_size = 2;
  const CnnModel even = model_of({3, 4, 6}, {conv("c", 2, 1), merge, simple("norm", LayerKind::layer_norm)});
  const CnnCounts c = count_cnn(even);
  EXPECT_EQ(c.layers[1].output, (Shape{8, 2, 3}));
  EXPECT_EQ(c.layers[1].parameters, 0);
  EXPECT_EQ(c.layers[1].activation_traffic_elements, 0);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 48 + 48);
  EXPECT_EQ(c.layers[2].parameters, 16);
  EXPECT_EQ(count_cnn(model_of({2, 3, 5}, {merge})).layers[0].output, (Shape{8, 2, 3}));
}

TEST(Cnn, ReadOutThroughSelectedTokenCountsOnlyThatToken)
{
  // A network that ends in select_class_token reads out the C elements of its first token.
  const CnnModel m =
      model_of({8, 4, 1}, {simple("ln", LayerKind::layer_norm), simple("first", LayerKind::select_class_token)});
  const CnnCounts c = count_cnn(m);
  EXPECT_EQ(c.layers[0].activation_traffic_elements, 32 + 8);
  EXPECT_EQ(c.activation_traffic_elements, 40);
}

TEST(Errors, MessagesNameTheirOrigin)
{
  const InputError with_path("llama.json", "/model/n_layer", "expected a positive integer, got -3");
  EXPECT_STREQ(with_path.what(), "llama.json: /model/n_layer: expected a positive integer, got -3");
  EXPECT_EQ(with_path.origin(), "llama.json");
  EXPECT_EQ(with_path.key_path(), "/model/n_layer");
  EXPECT_EQ(with_path.problem(), "expected a positive integer, got -3");
  const InputError without_path("--context", "", "expected a positive integer");
  EXPECT_STREQ(without_path.what(), "--context: expected a positive integer");

  const ModelError model("layer 4 'conv2'", "takes one input, has 2");
  EXPECT_STREQ(model.what(), "layer 4 'conv2': takes one input, has 2");
  EXPECT_EQ(model.where(), "layer 4 'conv2'");
  EXPECT_EQ(model.problem(), "takes one input, has 2");
}

} // namespace
} // namespace nne
