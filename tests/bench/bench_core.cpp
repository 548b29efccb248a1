// Benchmarks of the core library (Google Benchmark). Run: build/bench/tests/bench/nne_bench, or
// scripts/bench for a Release build of this and of `nne-bench-ui` (tools/bench-ui) in one command.
#include "core/energy/design_space.h"
#include "core/energy/energy.h"
#include "core/energy/scenario.h"
#include "core/import/onnx/onnx_import.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/model/counts.h"
#include "tests/support/onnx_builder.h"

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <thread>
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

// A directory of this process's own for files the benchmarks read, removed at exit.
const std::filesystem::path& bench_directory()
{
  struct Directory {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("nne-bench-" + std::to_string(::getpid()));
    Directory() { std::filesystem::create_directories(path); }
    ~Directory()
    {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
    Directory(const Directory&) = delete;
    Directory& operator=(const Directory&) = delete;
  };
  static const Directory directory;
  return directory.path;
}

// Everything a slider step recomputes: the breakdown per batch and the sweep of the scenario.
void evaluate_scenario(benchmark::State& state)
{
  const nne::Scenario& scenario = *nne::builtin_presets().find_scenario("paper-llama7b-kv");
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::evaluate(scenario));
  }
}
BENCHMARK(evaluate_scenario);

// The 256 x 256 memory-scale x MAC-scale map a heat map would show.
void memory_mac_map_256(benchmark::State& state)
{
  const nne::EnergyCoefficients& c = llama_coefficients();
  const std::vector<double> memory_scales = nne::log_spaced_scales(1.0 / 1024, 256);
  const std::vector<double> mac_scales = nne::log_spaced_scales(1.0 / 1024, 256);
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::memory_mac_scale_map(c, 16, memory_scales, mac_scales));
  }
  state.SetItemsProcessed(state.iterations() * 256 * 256);
}
BENCHMARK(memory_mac_map_256)->Unit(benchmark::kMicrosecond);

// 1,000,000 points: 10 batches x 10 weight x 10 MAC x 10 activation x 100 KV-cache scales.
nne::DesignSpaceAxes million_point_axes()
{
  nne::DesignSpaceAxes axes;
  axes.batches = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
  axes.weight_scales = nne::log_spaced_scales(1.0 / 1024, 10);
  axes.mac_scales = nne::log_spaced_scales(1.0 / 1024, 10);
  axes.activation_scales = nne::log_spaced_scales(1.0 / 1024, 10);
  axes.kv_cache_scales = nne::log_spaced_scales(1.0 / 1024, 100);
  return axes;
}

// The million-point sweep on every hardware thread, each point written to a caller's buffer.
void design_space_sweep_1m(benchmark::State& state)
{
  const nne::EnergyCoefficients& c = llama_coefficients();
  const nne::DesignSpaceAxes axes = million_point_axes();
  std::vector<nne::DesignPointEnergy> energies(axes.size());
  for (auto _ : state) {
    nne::evaluate_design_space(c, axes, energies);
    benchmark::DoNotOptimize(energies.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(axes.size()));
  state.counters["threads"] = std::thread::hardware_concurrency();
}
BENCHMARK(design_space_sweep_1m)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same sweep reduced to its cheapest and costliest points, without the 16 MB buffer.
void design_space_summary_1m(benchmark::State& state)
{
  const nne::EnergyCoefficients& c = llama_coefficients();
  const nne::DesignSpaceAxes axes = million_point_axes();
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::summarize_design_space(c, axes));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(axes.size()));
}
BENCHMARK(design_space_summary_1m)->Unit(benchmark::kMillisecond)->UseRealTime();

// Loading a scenario file as File > Open does: read, parse, validate, resolve preset references.
// Arg 0: the paper's Llama-7B scenario (model and hardware by preset id); arg 1: the ResNet18
// scenario with its model and hardware written out in full (every layer in the file).
void load_scenario_json(benchmark::State& state)
{
  const nne::PresetLibrary& library = nne::builtin_presets();
  nne::Scenario scenario = *library.find_scenario(state.range(0) == 0 ? "paper-llama7b-kv" : "paper-resnet18-mac");
  if (state.range(0) != 0) {
    scenario.model_preset.clear();
    scenario.hardware_preset.clear();
  }
  const std::filesystem::path path = bench_directory() / ("scenario-" + std::to_string(state.range(0)) + ".nne.json");
  nne::save_scenario_file(path, scenario);
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::load_scenario_file(path, library));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(load_scenario_json)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Importing torchvision's ResNet50 from ONNX, weights included (a 98 MB file, like a real export):
// what File > Import does before the first chart. The file is written once, before timing.
void import_resnet50_onnx(benchmark::State& state)
{
  const std::filesystem::path path = bench_directory() / "resnet50.onnx";
  if (!std::filesystem::exists(path)) {
    nne::testing::write_resnet50_onnx(path, /*with_weights=*/true);
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::import_onnx_file(path));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(import_resnet50_onnx)->Unit(benchmark::kMillisecond);

// Parsing every built-in preset: what the desktop explorer does before its first window.
void parse_builtin_presets(benchmark::State& state)
{
  for (auto _ : state) {
    benchmark::DoNotOptimize(nne::load_presets(nne::builtin_preset_files()));
  }
  state.counters["files"] = static_cast<double>(nne::builtin_preset_files().size());
}
BENCHMARK(parse_builtin_presets)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
