// Benchmarks of the core library (Google Benchmark). Run: build/bench/tests/bench/nne_bench
#include "core/counts.h"
#include "core/energy.h"
#include "core/presets.h"
#include "core/scenario.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace {

const nne::EnergyCoefficients& llama_coefficients()
{
  static const nne::EnergyCoefficients coefficients =
      nne::scenario_coefficients(*nne::builtin_presets().find_scenario("paper-llama7b-kv"));
  return coefficients;
}

// One breakdown: what every slider step costs.
void breakdown_evaluation(benchmark::State& state)
{
  const nne::EnergyCoefficients& c = llama_coefficients();
  double batch = 4;
  for (auto _ : state) {
    benchmark::DoNotOptimize(batch);
    benchmark::DoNotOptimize(nne::breakdown(c, batch, nne::Scales::only(nne::Component::kv_cache, 0.0625)));
  }
}
BENCHMARK(breakdown_evaluation);

// A 64 x 64 batch x scale grid.
void batch_scale_grid(benchmark::State& state)
{
  const nne::EnergyCoefficients& c = llama_coefficients();
  std::vector<double> batches(64);
  std::vector<double> scales(64);
  for (std::size_t i = 0; i < 64; ++i) {
    batches[i] = static_cast<double>(i + 1);
    scales[i] = std::pow(2.0, -static_cast<double>(i) / 6.3);
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::sweep(c, batches, nne::Component::weight, scales));
  }
  state.SetItemsProcessed(state.iterations() * 64 * 64);
}
BENCHMARK(batch_scale_grid);

// Counting GPT3-175B from its architecture.
void count_gpt3_175b(benchmark::State& state)
{
  const nne::Model& model = *nne::builtin_presets().find_model("gpt3-175b");
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::count_model(model, {}));
  }
}
BENCHMARK(count_gpt3_175b);

// Counting a 1,000-layer CNN (conv + relu pairs).
void count_deep_cnn(benchmark::State& state)
{
  nne::CnnModel cnn;
  cnn.input = {16, 32, 32};
  for (int i = 0; i < 500; ++i) {
    nne::CnnLayer conv;
    conv.name = "conv" + std::to_string(i);
    conv.kind = nne::LayerKind::conv;
    conv.out_channels = 16;
    conv.kernel_h = conv.kernel_w = 3;
    conv.padding_h = conv.padding_w = 1;
    cnn.layers.push_back(conv);
    nne::CnnLayer relu;
    relu.name = "relu" + std::to_string(i);
    relu.kind = nne::LayerKind::relu;
    cnn.layers.push_back(relu);
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::count_cnn(cnn));
  }
}
BENCHMARK(count_deep_cnn);

} // namespace

BENCHMARK_MAIN();
