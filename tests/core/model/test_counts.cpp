#include "core/model/counts.h"
#include "core/io/presets.h"

#include <gtest/gtest.h>

namespace nne {
namespace {

const Model& preset(std::string_view id)
{
  const Model* model = builtin_presets().find_model(id);
  EXPECT_NE(model, nullptr) << id;
  return *model;
}

TEST(Counts, DeclaredFiguresWinWhereTheyExist)
{
  // GPT3-small: the paper declares parameters and FLOPs only; activation and KV are counted.
  const Model& gpt = preset("gpt3-small");
  const ResolvedCounts declared = resolve_counts(gpt, {}, CountSource::declared);
  const ModelCounts counted = count_model(gpt, {});
  EXPECT_EQ(declared.counts.parameters, 125e6);
  EXPECT_EQ(declared.counts.macs_per_sample, 265e6 / 2);
  EXPECT_EQ(declared.counts.activation_elements_per_sample, counted.activation_elements_per_sample);
  EXPECT_EQ(declared.counts.kv_cache_elements_per_sample, counted.kv_cache_elements_per_sample);
  EXPECT_EQ(declared.provenance, (CountProvenance{CountSource::declared, CountSource::declared, CountSource::counted,
                                                  CountSource::counted}));

  const ResolvedCounts all_counted = resolve_counts(gpt, {}, CountSource::counted);
  EXPECT_EQ(all_counted.counts, counted);
  EXPECT_EQ(all_counted.provenance, CountProvenance{});
}

TEST(Counts, ThePapersLlamaInputs)
{
  const ResolvedCounts declared = resolve_counts(preset("llama-7b-paper"), {}, CountSource::declared);
  EXPECT_EQ(declared.counts.parameters, 6.66e9);
  EXPECT_EQ(declared.counts.macs_per_sample, 6.6e9);
  EXPECT_EQ(declared.counts.activation_elements_per_sample * 16, 5.58e7); // bits per token
  EXPECT_EQ(declared.counts.kv_cache_elements_per_sample * 16, 1.6e10);
  EXPECT_NEAR(declared.counts.flops_per_parameter(), 1.982, 5e-4); // what Table 2 implies
}

TEST(Counts, DeclaredKvCacheScalesWithTheContextAndPrefillIsCounted)
{
  const Model& llama = preset("llama-7b-paper");
  const ResolvedCounts half = resolve_counts(llama, {Phase::decode, 1024}, CountSource::declared);
  EXPECT_EQ(half.counts.kv_cache_elements_per_sample, 0.5e9);
  EXPECT_EQ(half.provenance.kv_cache, CountSource::declared);
  const ResolvedCounts prefill = resolve_counts(llama, {Phase::prefill, 512}, CountSource::declared);
  EXPECT_EQ(prefill.provenance, CountProvenance{});
  EXPECT_EQ(prefill.counts, count_model(llama, {Phase::prefill, 512}));
}

TEST(Counts, ThePapersResNet18)
{
  const Model& resnet = preset("resnet18");
  const ModelCounts counted = count_model(resnet, {});
  EXPECT_EQ(counted.parameters, 11'689'512); // torchvision
  EXPECT_NEAR(counted.macs_per_sample / 1e9, 1.814, 5e-4);
  EXPECT_NEAR(counted.flops_per_parameter(), 2 * 155.2, 0.1); // Fig 4c's "155" is MACs per parameter
  EXPECT_EQ(counted.kv_cache_elements_per_sample, 0);

  const ResolvedCounts declared = resolve_counts(resnet, {}, CountSource::declared);
  EXPECT_EQ(declared.counts.parameters, 11.7e6);
  EXPECT_EQ(declared.counts.macs_per_sample, 0.9e9); // 1.8 GFLOPs halved
  EXPECT_EQ(declared.counts.activation_elements_per_sample, 2'308'096);
}

TEST(Counts, TheDeclaredResNet18ActivationIsTheOutputOfThe17MainConvolutions)
{
  // paper/notes.md: 2,308,096 = conv1 + the 16 3x3 convolutions' outputs (no downsample, pool, fc).
  const Model& resnet = preset("resnet18");
  const CnnModel& cnn = std::get<CnnModel>(resnet.architecture);
  const CnnCounts counts = count_cnn(cnn);
  std::int64_t main_conv_outputs = 0;
  int main_convs = 0;
  for (std::size_t i = 0; i < cnn.layers.size(); ++i) {
    const CnnLayer& layer = cnn.layers[i];
    if (layer.kind == LayerKind::conv && layer.name.find("downsample") == std::string::npos) {
      main_conv_outputs += counts.layers[i].output.elements();
      ++main_convs;
    }
  }
  EXPECT_EQ(main_convs, 17);
  EXPECT_EQ(static_cast<double>(main_conv_outputs), *resnet.declared.activation_elements_per_sample);
}

TEST(Counts, Gpt3FamilyCountedFromTable1)
{
  // Full counts (every bias and norm) and the Kaplan approximation the paper rounds.
  EXPECT_EQ(count_model(preset("gpt3-small"), {}).parameters, 125'226'240);
  EXPECT_EQ(count_model(preset("llama-7b-paper"), {}).parameters, 6'658'404'352);
  EXPECT_EQ(count_model(preset("gpt3-175b"), {}).parameters, 174'604'259'328);
}

TEST(Counts, SourceIds)
{
  EXPECT_EQ(parse_count_source("declared"), CountSource::declared);
  EXPECT_EQ(parse_count_source(count_source_id(CountSource::counted)), CountSource::counted);
  EXPECT_FALSE(parse_count_source("paper").has_value());
}

} // namespace
} // namespace nne
