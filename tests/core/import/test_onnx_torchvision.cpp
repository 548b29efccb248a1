// Every torchvision classification model as torch.onnx.export writes it, structure only
// (tests/fixtures/onnx/torchvision, written by scripts/make-onnx-fixtures): the importer's counts
// against the reference counts the script took from the PyTorch model with forward hooks.
#include "core/import/onnx/onnx_import.h"
#include "core/model/graph.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace nne {
namespace {

// NNE_ONNX_TORCHVISION_DIR points the test at another directory the script wrote
// (scripts/make-onnx-fixtures --all --torchvision-directory DIR), e.g. every model where the repository
// keeps a selection.
std::filesystem::path torchvision_fixtures()
{
  if (const char* directory = std::getenv("NNE_ONNX_TORCHVISION_DIR"); directory != nullptr && *directory != '\0') {
    return directory;
  }
  return std::filesystem::path(NNE_FIXTURES_DIR) / "onnx" / "torchvision";
}

struct TorchvisionExport {
  std::string model;
  std::filesystem::path file;
  std::int64_t parameters = 0;
  std::int64_t weights_removed_by_batch_norm_folding = 0;
  std::int64_t position_bias_elements_added_by_export = 0;
  std::int64_t macs = 0;
  std::string problem; // expected.json could not be read: the one test made of it fails with this
};

// Read while the tests are registered, where an exception would end the whole binary: a file
// that cannot be read becomes one failing test instead.
std::vector<TorchvisionExport> torchvision_exports()
{
  const std::filesystem::path directory = torchvision_fixtures();
  std::vector<TorchvisionExport> exports;
  try {
    std::ifstream in(directory / "expected.json");
    if (!in) {
      throw std::runtime_error("cannot open " + (directory / "expected.json").string());
    }
    const nlohmann::json expected = nlohmann::json::parse(in);
    for (const nlohmann::json& entry : expected.at("models")) {
      exports.push_back({entry.at("model").get<std::string>(),
                         directory / entry.at("file").get<std::string>(),
                         entry.at("parameters").get<std::int64_t>(),
                         entry.at("weights_removed_by_batch_norm_folding").get<std::int64_t>(),
                         entry.at("position_bias_elements_added_by_export").get<std::int64_t>(),
                         entry.at("macs").get<std::int64_t>(),
                         {}});
    }
  } catch (const std::exception& error) {
    TorchvisionExport unreadable;
    unreadable.model = "expected_json";
    unreadable.problem = (directory / "expected.json").string() + ": " + error.what();
    return {unreadable};
  }
  return exports;
}

// gtest prints a parameter of a failed test; the model's name says which.
void PrintTo(const TorchvisionExport& entry, std::ostream* out)
{
  *out << entry.model;
}

class TorchvisionOnnx : public ::testing::TestWithParam<TorchvisionExport> {};

TEST_P(TorchvisionOnnx, CountsExactParametersAndMacsWithinHalfAPercent)
{
  const TorchvisionExport& expected = GetParam();
  ASSERT_TRUE(expected.problem.empty()) << expected.problem;
  ASSERT_TRUE(std::filesystem::exists(expected.file)) << expected.file;
  const Model model = import_onnx_file(expected.file);
  const GraphModel& graph = std::get<GraphModel>(model.architecture);
  const GraphCounts counts = count_graph(graph);
  // What torch.onnx.export does to the weights (scripts/make-onnx-fixtures says how each is
  // counted from the model): it folds each batch norm that follows a convolution into it (the
  // batch norm's 2 C go, the convolution gains C bias elements unless it had a bias), and stores
  // Swin's and MaxViT's gathered position biases in place of their tables.
  EXPECT_EQ(counts.parameters, expected.parameters - expected.weights_removed_by_batch_norm_folding +
                                   expected.position_bias_elements_added_by_export);
  EXPECT_NEAR(static_cast<double>(counts.macs), static_cast<double>(expected.macs),
              0.005 * static_cast<double>(expected.macs));
  EXPECT_TRUE(uncounted_operators(graph).empty());
  EXPECT_EQ(graph.batch, 1);
  for (const std::string& note : graph.notes) {
    RecordProperty("note", note);
  }
}

INSTANTIATE_TEST_SUITE_P(Export, TorchvisionOnnx, ::testing::ValuesIn(torchvision_exports()),
                         [](const ::testing::TestParamInfo<TorchvisionExport>& test) { return test.param.model; });

// The repository's selection is there, with every family the brief names.
TEST(TorchvisionOnnxFixtures, CoverEveryArchitectureFamily)
{
  std::vector<std::string> models;
  for (const TorchvisionExport& entry : torchvision_exports()) {
    models.push_back(entry.model);
  }
  for (const char* family : {"resnet18",        "resnext50_32x4d",
                             "wide_resnet50_2", "vgg11",
                             "vgg11_bn",        "alexnet",
                             "squeezenet1_0",   "densenet121",
                             "inception_v3",    "googlenet",
                             "mobilenet_v2",    "mobilenet_v3_small",
                             "mnasnet0_5",      "shufflenet_v2_x1_0",
                             "efficientnet_b0", "efficientnet_v2_s",
                             "regnet_x_400mf",  "regnet_y_400mf",
                             "convnext_tiny",   "vit_b_16",
                             "swin_t",          "maxvit_t"}) {
    EXPECT_TRUE(std::ranges::find(models, family) != models.end()) << family << " is missing";
  }
}

} // namespace
} // namespace nne
