// The CNN model zoo (presets/models/, written by tools/zoo/make_cnn_presets.py): every preset's
// counted architecture against the figures torchvision publishes for it, which the preset keeps
// in its "declared" block.

#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/model/cnn.h"
#include "core/model/counts.h"
#include "core/model/model.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <variant>

namespace nne {
namespace {

struct ZooModel {
  const char* id;
  std::int64_t parameters; // torchvision's "num_params"
  double gmacs;            // torchvision's "_ops" ("GFLOPS", which are multiply-accumulates)
  int printed_decimals;    // of `gmacs`, as torchvision prints it
};

void PrintTo(const ZooModel& model, std::ostream* os)
{
  *os << model.id;
}

// torchvision/models/*.py, the weights' meta of each model (torchvision 0.15 and later).
constexpr ZooModel kZoo[]{
    {"resnet18-torchvision", 11'689'512, 1.814, 3},
    {"resnet34", 21'797'672, 3.664, 3},
    {"resnet50", 25'557'032, 4.089, 3},
    {"mobilenet-v2", 3'504'872, 0.301, 3},
    {"mobilenet-v3-large", 5'483'032, 0.217, 3},
    {"efficientnet-b0", 5'288'548, 0.386, 3},
    {"googlenet", 6'624'904, 1.498, 3},
    {"vgg16", 138'357'544, 15.47, 2},
    {"vit-b-16", 86'567'656, 17.564, 3},
    {"densenet121", 7'978'856, 2.834, 3},
    {"regnet-y-400mf", 4'344'144, 0.402, 3},
    {"efficientnet-v2-s", 21'458'488, 8.366, 3}, // at 384 x 384, the crop of its weights' transforms
    {"shufflenet-v2-x1-0", 2'278'604, 0.145, 3},
    {"convnext-tiny", 28'589'128, 4.456, 3},
    {"swin-t", 28'288'354, 4.491, 3},
};

const Model& preset(const char* id)
{
  const Model* model = builtin_presets().find_model(id);
  if (model == nullptr) {
    throw std::runtime_error(std::string("no model preset ") + id);
  }
  return *model;
}

CnnCounts counted(const Model& model)
{
  return count_cnn(std::get<CnnModel>(model.architecture));
}

// `macs` rounded to the digits torchvision prints, in units of 10^-decimals G.
std::int64_t at_printed_digits(std::int64_t macs, int decimals)
{
  std::int64_t unit = 1'000'000'000;
  for (int i = 0; i < decimals; ++i) {
    unit /= 10;
  }
  return (macs + unit / 2) / unit;
}

class ModelZooCnn : public testing::TestWithParam<ZooModel> {};

TEST_P(ModelZooCnn, DeclaresTorchvisionsPublishedFigures)
{
  const ZooModel& expected = GetParam();
  const Model& model = preset(expected.id);
  ASSERT_TRUE(model.is_cnn());
  EXPECT_EQ(model.declared.parameters, static_cast<double>(expected.parameters));
  EXPECT_EQ(model.declared.macs_per_sample, std::round(expected.gmacs * 1e9));
  EXPECT_FALSE(model.declared.flops_per_sample.has_value()); // torchvision states MACs only
  EXPECT_NE(model.declared.source.find("torchvision"), std::string::npos) << model.declared.source;
  EXPECT_FALSE(model.declared.note.empty());
  EXPECT_FALSE(model.description.empty());
}

TEST_P(ModelZooCnn, CountedParametersEqualThePublishedOnesExactly)
{
  const ZooModel& expected = GetParam();
  EXPECT_EQ(counted(preset(expected.id)).parameters, expected.parameters);
}

TEST_P(ModelZooCnn, CountedMacsEqualThePublishedOnesAtThePrintedDigits)
{
  const ZooModel& expected = GetParam();
  const std::int64_t macs = counted(preset(expected.id)).macs;
  const auto published = std::llround(expected.gmacs * std::pow(10.0, expected.printed_decimals));
  EXPECT_EQ(at_printed_digits(macs, expected.printed_decimals), published)
      << expected.id << " counts " << macs << " MACs, torchvision prints " << expected.gmacs << " G";
}

TEST_P(ModelZooCnn, EveryLayerMovesActivations)
{
  // Not a published figure; a sanity check that the counter sees a connected network: the final
  // output is read out and some feature map is materialized.
  const CnnCounts counts = counted(preset(GetParam().id));
  EXPECT_GT(counts.activation_traffic_elements, 2 * counts.layers.back().output.elements());
}

TEST_P(ModelZooCnn, SurvivesAJsonRoundTrip)
{
  const Model& model = preset(GetParam().id);
  const Model again = model_from_json(model_to_json(model), "round trip");
  EXPECT_EQ(std::get<CnnModel>(again.architecture), std::get<CnnModel>(model.architecture));
  EXPECT_EQ(again.declared, model.declared);
}

INSTANTIATE_TEST_SUITE_P(Torchvision, ModelZooCnn, testing::ValuesIn(kZoo),
                         [](const testing::TestParamInfo<ZooModel>& param_info) {
                           std::string name;
                           for (const char* c = param_info.param.id; *c != '\0'; ++c) {
                             name += (*c == '-') ? '_' : *c;
                           }
                           return name;
                         });

TEST(ModelZooCnnExact, ResNet18TorchvisionIsTheNetworkOfThePapersPreset)
{
  // Same layers, different declared figures: the paper rounds, torchvision states exact ones.
  const Model& paper = preset("resnet18");
  const Model& torchvision = preset("resnet18-torchvision");
  const CnnCounts a = counted(paper);
  const CnnCounts b = counted(torchvision);
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_EQ(a.macs, b.macs);
  EXPECT_EQ(b.macs, 1'814'073'344);
  EXPECT_NE(paper.declared, torchvision.declared);
}

TEST(ModelZooCnnExact, VitB16ByHand)
{
  // ViT-B/16 at 224x224: 196 patches + the class token = 197 tokens of 768 features, 12 layers.
  //   conv_proj: 768 x 3 x 16 x 16 weights + 768 bias                    =    590,592 parameters
  //              196 positions x 768 x 768 MACs                          = 115,605,504 MACs
  //   class token 768; position embedding 197 x 768                       =    152,064 parameters
  //   per layer: ln_1, ln_2 2 x 1,536; attention 4 x 768^2 + 4 x 768       =  2,362,368
  //              MLP 768 x 3072 + 3072 + 3072 x 768 + 768                  =  4,722,432
  //              together                                                  =  7,087,872; x 12 = 85,054,464
  //   attention MACs per layer: 197 x 4 x 768^2 = 464,781,312 (projections)
  //                             + 2 x 197^2 x 768 = 59,610,624 (query-key, weight-value)
  //   MLP MACs per layer: 197 x 2 x 768 x 3072                             = 929,562,624
  //   per layer 1,453,954,560; x 12                                        = 17,447,454,720
  //   encoder.ln 1,536; heads.head 768 x 1000 + 1000 = 769,000 parameters and 768,000 MACs
  //   parameters 590,592 + 152,064 + 85,054,464 + 1,536 + 769,000          = 86,567,656
  //   MACs 115,605,504 + 17,447,454,720 + 768,000                          = 17,563,828,224
  const CnnCounts counts = counted(preset("vit-b-16"));
  EXPECT_EQ(counts.parameters, 86'567'656);
  EXPECT_EQ(counts.macs, 17'563'828'224);
  // Without the two products of the attention kernel, torchvision's 17.564 would be 16.849.
  EXPECT_EQ(counts.macs - 12 * 59'610'624, 16'848'500'736);
}

TEST(ModelZooCnnExact, SwinTCountsTheWindowAttentionProducts)
{
  // Each window attention's query-key and weight-value products, 2 x 49 x C MACs per position:
  //   56^2 x 2 x 49 x 96 x 2 blocks  = 59,006,976
  //   28^2 x 2 x 49 x 192 x 2 blocks = 29,503,488
  //   14^2 x 2 x 49 x 384 x 6 blocks = 44,255,232
  //   7^2 x 2 x 49 x 768 x 2 blocks  =  7,375,872; together 140,141,568
  // With them the count is torchvision's 4.491 G (an aten-level count of torchvision 0.14's swin_t
  // at 224 x 224 gives the same 4,490,566,656); without them it would be 4.350 G.
  const CnnCounts counts = counted(preset("swin-t"));
  EXPECT_EQ(counts.macs, 4'490'566'656);
  EXPECT_EQ(counts.macs - 140'141'568, 4'350'425'088);
}

TEST(ModelZooCnnExact, Vgg16ByHand)
{
  // 13 3x3 convolutions (with bias) and 3 linear layers: 14,714,688 + 123,642,856 parameters.
  // Convolution MACs: per stage, positions x in x out x 9:
  //   224^2 x 9 x (3 x 64 + 64 x 64)                 = 1,936,392,192
  //   112^2 x 9 x (64 x 128 + 128 x 128)             = 2,774,532,096
  //   56^2 x 9 x (128 x 256 + 2 x 256 x 256)         = 4,624,220,160
  //   28^2 x 9 x (256 x 512 + 2 x 512 x 512)         = 4,624,220,160
  //   14^2 x 9 x (3 x 512 x 512)                     = 1,387,266,048
  //   linear 25,088 x 4096 + 4096 x 4096 + 4096 x 1000 = 123,633,664
  //   total                                          = 15,470,264,320 (torchvision: 15.47)
  const CnnCounts counts = counted(preset("vgg16"));
  EXPECT_EQ(counts.parameters, 138'357'544);
  EXPECT_EQ(counts.macs, 15'470'264'320);
}

TEST(ModelZooCnnDeclared, ResolveCountsUsesTheDeclaredMacs)
{
  const Model& vit = preset("vit-b-16");
  const ResolvedCounts declared = resolve_counts(vit, Workload{}, CountSource::declared);
  EXPECT_EQ(declared.counts.macs_per_sample, 17.564e9);
  EXPECT_EQ(declared.provenance.macs, CountSource::declared);
  EXPECT_EQ(declared.counts.parameters, 86'567'656.0);
  EXPECT_EQ(declared.provenance.parameters, CountSource::declared);

  const ResolvedCounts counted_figures = resolve_counts(vit, Workload{}, CountSource::counted);
  EXPECT_EQ(counted_figures.counts.macs_per_sample, 17'563'828'224.0);
  EXPECT_EQ(counted_figures.provenance.macs, CountSource::counted);
}

TEST(ModelZooCnnDeclared, DeclaredMacsWinOverDeclaredFlops)
{
  Model model = preset("resnet34");
  model.declared.flops_per_sample = 7.4e9; // would be 3.7 G MACs
  const ResolvedCounts both = resolve_counts(model, Workload{}, CountSource::declared);
  EXPECT_EQ(both.counts.macs_per_sample, 3.664e9);
  EXPECT_EQ(both.provenance.macs, CountSource::declared);

  model.declared.macs_per_sample.reset();
  const ResolvedCounts flops_only = resolve_counts(model, Workload{}, CountSource::declared);
  EXPECT_EQ(flops_only.counts.macs_per_sample, 3.7e9);
  EXPECT_EQ(flops_only.provenance.macs, CountSource::declared);
}

TEST(ModelZooCnnDeclared, MacsPerSampleIsReadAndWritten)
{
  const nlohmann::json file = parse_json_text(R"({
    "format": "nn-energy-explorer/model", "version": 1, "id": "m", "architecture": "cnn",
    "declared": {"macs_per_sample": 2.5e8, "flops_per_sample": 6e8, "source": "s"},
    "layers": [{"name": "fc", "kind": "linear", "out_features": 4}]
  })",
                                              "m.json");
  const Model model = model_from_json(file, "m.json");
  EXPECT_EQ(model.declared.macs_per_sample, 2.5e8);
  EXPECT_EQ(model.declared.flops_per_sample, 6e8);
  EXPECT_FALSE(model.declared.empty());
  const nlohmann::json written = model_to_json(model);
  EXPECT_EQ(written.at("declared").at("macs_per_sample").get<double>(), 2.5e8);
  EXPECT_EQ(model_from_json(written, "again").declared, model.declared);

  DeclaredCounts macs_only;
  macs_only.macs_per_sample = 1.0;
  EXPECT_FALSE(macs_only.empty());

  nlohmann::json negative = file;
  negative["declared"]["macs_per_sample"] = -1;
  try {
    model_from_json(negative, "m.json");
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "/declared/macs_per_sample");
  }
}

TEST(ModelZooCnnJson, TheNewLayerKindsAreReadAndWritten)
{
  const nlohmann::json file = parse_json_text(R"({
    "format": "nn-energy-explorer/model", "version": 1, "id": "tiny-vit", "architecture": "cnn",
    "input": {"channels": 3, "height": 8, "width": 8},
    "layers": [
      {"name": "patch", "kind": "conv", "out_channels": 16, "kernel": 4, "stride": 4, "bias": true},
      {"name": "se.avgpool", "kind": "global_avg_pool"},
      {"name": "se.fc", "kind": "conv", "out_channels": 16, "kernel": 1, "bias": true},
      {"name": "se.gate", "kind": "hardsigmoid"},
      {"name": "se.multiply", "kind": "multiply", "inputs": ["se.gate", "patch"]},
      {"name": "a1", "kind": "relu6"}, {"name": "a2", "kind": "hardswish"}, {"name": "a3", "kind": "silu"},
      {"name": "a4", "kind": "sigmoid"}, {"name": "a5", "kind": "dropout"},
      {"name": "tokens", "kind": "to_tokens"},
      {"name": "cls", "kind": "class_token"},
      {"name": "pos", "kind": "position_embedding"},
      {"name": "ln", "kind": "layer_norm"},
      {"name": "attn", "kind": "self_attention", "heads": 4},
      {"name": "attn2", "kind": "self_attention", "heads": 2, "bias": false},
      {"name": "mlp", "kind": "conv", "out_channels": 32, "kernel": 1, "bias": true},
      {"name": "act", "kind": "gelu"},
      {"name": "first", "kind": "select_class_token"},
      {"name": "head", "kind": "linear", "out_features": 10}
    ]
  })",
                                              "tiny-vit.json");
  const Model model = model_from_json(file, "tiny-vit.json");
  const CnnModel& cnn = std::get<CnnModel>(model.architecture);
  ASSERT_EQ(cnn.layers.size(), 20U);
  EXPECT_EQ(cnn.layers[4].kind, LayerKind::multiply);
  EXPECT_EQ(cnn.layers[14].kind, LayerKind::self_attention);
  EXPECT_EQ(cnn.layers[14].heads, 4);
  EXPECT_TRUE(cnn.layers[14].bias); // as PyTorch's MultiheadAttention
  EXPECT_EQ(cnn.layers[15].heads, 2);
  EXPECT_FALSE(cnn.layers[15].bias);
  EXPECT_EQ(count_cnn(cnn).layers.back().output, (Shape{10, 1, 1}));

  const nlohmann::json written = model_to_json(model);
  const nlohmann::json& layers = written.at("layers");
  EXPECT_EQ(layers.at(14), nlohmann::json::parse(R"({"name": "attn", "kind": "self_attention", "heads": 4,
                                                    "bias": true})"));
  EXPECT_EQ(layers.at(4), nlohmann::json::parse(R"({"name": "se.multiply", "kind": "multiply",
                                                   "inputs": ["se.gate", "patch"]})"));
  EXPECT_EQ(layers.at(11), nlohmann::json::parse(R"({"name": "cls", "kind": "class_token"})"));
  EXPECT_EQ(std::get<CnnModel>(model_from_json(written, "again").architecture), cnn);
}

TEST(ModelZooCnnJson, AttentionNeedsItsHeadsAndOnlyAttentionHasThem)
{
  const auto read = [](const char* layers) {
    return model_from_json(parse_json_text(std::string(R"({"format": "nn-energy-explorer/model", "version": 1,
        "id": "m", "architecture": "cnn", "layers": )") +
                                               layers + "}",
                                           "m.json"),
                           "m.json");
  };
  const auto key_path_of_error = [&](const char* layers) {
    try {
      read(layers);
    } catch (const InputError& e) {
      return e.key_path();
    }
    return std::string("no error");
  };
  EXPECT_EQ(key_path_of_error(R"([{"name": "attn", "kind": "self_attention"}])"), "/layers/0/heads");
  EXPECT_EQ(key_path_of_error(R"([{"name": "attn", "kind": "self_attention", "heads": 0}])"), "/layers/0/heads");
  EXPECT_EQ(key_path_of_error(R"([{"name": "c", "kind": "conv", "out_channels": 4, "heads": 2}])"), "/layers/0/heads");
  EXPECT_EQ(key_path_of_error(R"([{"name": "g", "kind": "gelu", "bias": true}])"), "/layers/0/bias");
  EXPECT_EQ(key_path_of_error(R"([{"name": "g", "kind": "swish"}])"), "/layers/0/kind");
}

} // namespace
} // namespace nne
