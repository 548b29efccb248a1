// The command line, driven in-process: output formats, exit codes, and nothing on stdout on error.
#include "app/cli/cli.h"
#include "core/energy/energy.h"
#include "core/energy/scenario.h"
#include "core/io/json_reader.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/util/format.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace nne {
namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

Outcome run(std::vector<std::string_view> args)
{
  std::ostringstream out;
  std::ostringstream err;
  Outcome result;
  result.status = cli::run(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::vector<std::string> lines(const std::string& text)
{
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    result.push_back(line);
  }
  return result;
}

// Bad input: status 2, stdout empty, exactly one line on stderr.
void expect_bad_input(const Outcome& r, const std::string& message)
{
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "nn-energy-explorer: " + message + "\n");
}

// Writes files into a fresh directory for one test.
class TempDir : public nne::testing::TempDir {
public:
  std::string write(const std::string& name, const std::string& contents) const
  {
    std::ofstream(file(name)) << contents;
    return file(name);
  }
};

TEST(Cli, HelpAndVersion)
{
  const Outcome help = run({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("nn-energy-explorer sweep SCENARIO"), std::string::npos);
  EXPECT_EQ(help.err, "");
  const Outcome version = run({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.out.rfind("nn-energy-explorer ", 0), 0U);
  const Outcome command_help = run({"counts", "--help"});
  EXPECT_EQ(command_help.status, 0);
  EXPECT_EQ(command_help.out.rfind("Usage: nn-energy-explorer counts MODEL", 0), 0U);
}

// This library alone has no GUI: the GUI library's commands are in the table but not in --help,
// and running one says why it cannot (main.cpp provides them in a build with the GUI).
TEST(Cli, GuiCommandsNeedTheGuiLibrary)
{
  const Outcome help = run({"--help"});
  ASSERT_EQ(help.status, 0);
  EXPECT_EQ(help.out.find("screenshot"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find("nn-energy-explorer export"), std::string::npos) << help.out;
  for (const std::string_view command : {"screenshot", "export"}) {
    const Outcome refused = run({command, "out.png"});
    EXPECT_EQ(refused.status, 1);
    EXPECT_EQ(refused.out, "");
    EXPECT_EQ(refused.err, "nn-energy-explorer: this build has no GUI library (NNE_BUILD_GUI=OFF), which `" +
                               std::string(command) + "` needs\n");
  }
  EXPECT_THROW(cli::provide_gui_command("counts", nullptr), std::logic_error); // not a GUI command
  EXPECT_THROW(cli::provide_gui_command("frobnicate", nullptr), std::logic_error);
}

TEST(Cli, WhatIsACommandLine)
{
  EXPECT_FALSE(cli::is_command_line({}));
  EXPECT_FALSE(cli::is_command_line({"my.nne.json"}));
  EXPECT_TRUE(cli::is_command_line({"sweep", "x"}));
  EXPECT_TRUE(cli::is_command_line({"--version"}));
}

TEST(Cli, ListShowsEveryPreset)
{
  const Outcome r = run({"list"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* id : {"resnet18", "llama-7b-paper", "gpt3-175b", "paper-llama7b-kv", "paper-lpddr5-fp16", "lpddr5",
                         "horowitz-45nm-fp16"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
  const Outcome json = run({"list", "models", "--format", "json"});
  ASSERT_EQ(json.status, 0);
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed.at("models").size(), builtin_presets().models.size());
  EXPECT_FALSE(parsed.contains("scenarios"));
  expect_bad_input(run({"list", "gadgets"}), "gadgets: expected one of models, hardware, scenarios");
}

// A config of a family the importer has no layout for is refused by name; read by an assumed
// Llama-like layout only when asked, and then every output says so.
TEST(Cli, AnUnknownFamilyIsRefusedUnlessALayoutIsAssumed)
{
  TempDir dir;
  nlohmann::json config = read_json_file(NNE_FIXTURES_DIR "/hf/llama-2-7b/config.json");
  config["model_type"] = "my_llama";
  config["architectures"] = nlohmann::json::array({"MyLlamaForCausalLM"});
  const std::string file = dir.write("config.json", config.dump());
  const Outcome refused = run({"counts", file});
  EXPECT_EQ(refused.status, 2);
  EXPECT_EQ(refused.out, "");
  EXPECT_TRUE(refused.err.starts_with("nn-energy-explorer: " + file +
                                      ": /model_type: model_type \"my_llama\" is not one "
                                      "of the families this importer counts exactly (llama, "))
      << refused.err;
  EXPECT_EQ(lines(refused.err).size(), 1U);

  const Outcome table = run({"counts", file, "--assume-layout", "llama"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("(assumed layout)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("Assumed layout: read as a Llama-like decoder"), std::string::npos);
  EXPECT_NE(table.out.find("6,738,415,616"), std::string::npos);
  const Outcome json = run({"counts", file, "--assume-layout", "llama", "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed.at("layout"), "assumed");
  EXPECT_EQ(parsed.at("parameters").get<std::int64_t>(), 6'738'415'616);
  // A known family is counted by its own layout and carries no mark.
  const Outcome known = run({"counts", NNE_FIXTURES_DIR "/hf/llama-2-7b/config.json", "--format", "json"});
  EXPECT_FALSE(nlohmann::json::parse(known.out).contains("layout"));
  // The sweep takes the option too.
  EXPECT_EQ(run({"sweep", file, "--assume-layout", "llama", "--mac-format", "FP16"}).status, 0);
  expect_bad_input(run({"counts", file, "--assume-layout", "falcon"}),
                   "--assume-layout: expected one of llama, got \"falcon\"");
}

TEST(Cli, CountsJsonHasCountedAndDeclaredFigures)
{
  const Outcome r = run({"counts", "gpt3-175b", "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("parameters").get<std::int64_t>(), 174'604'259'328);
  EXPECT_TRUE(json.at("parameters").is_number_integer());
  const std::int64_t macs = json.at("macs_per_sample").get<std::int64_t>();
  // Decode at 2048: 96 layers x 12 d^2 of weights, the vocabulary projection, attention over the
  // 2048 cached positions and the new token's own.
  EXPECT_EQ(macs, 96LL * 12 * 12288 * 12288 + 50257LL * 12288 + 2LL * 96 * 2049 * 12288);
  EXPECT_EQ(json.at("kv_cache_bits_per_sample").get<std::int64_t>(), (2LL * 96 * 2048 * 12288 + 2LL * 96 * 12288) * 16);
  EXPECT_GT(json.at("activation_bits_per_sample").get<std::int64_t>(), 0);
  EXPECT_NEAR(json.at("flops_per_parameter").get<double>(), 2.0 * static_cast<double>(macs) / 174'604'259'328.0, 1e-12);
  EXPECT_EQ(json.at("phase"), "decode");
  EXPECT_EQ(json.at("context"), 2048);
  const auto& declared = json.at("declared");
  EXPECT_EQ(declared.at("parameters").get<std::int64_t>(), 175'000'000'000);
  EXPECT_EQ(declared.at("flops_per_sample").get<std::int64_t>(), 334'000'000'000);
  EXPECT_TRUE(declared.at("kv_cache_bits_per_sample").is_null());
  EXPECT_NEAR(declared.at("flops_per_parameter").get<double>(), 334.0 / 175.0, 1e-12);
}

TEST(Cli, CountsOfACnnHasNoKvCache)
{
  const Outcome r = run({"counts", "resnet18", "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("parameters"), 11'689'512);
  EXPECT_EQ(json.at("kv_cache_bits_per_sample"), 0);
  EXPECT_FALSE(json.contains("phase"));
  EXPECT_EQ(json.at("declared").at("macs_per_sample"), 900'000'000);
  const Outcome table = run({"counts", "resnet18"});
  ASSERT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("11,689,512"), std::string::npos);
  EXPECT_NE(table.out.find("11,700,000"), std::string::npos);
  expect_bad_input(run({"counts", "resnet18", "--context", "8"}),
                   "--context: applies to decoder transformers and to ONNX decoders with past_key_values inputs; "
                   "resnet18 is a CNN");
}

TEST(Cli, CountsPhaseAndContext)
{
  const Outcome prefill =
      run({"counts", "llama-7b-paper", "--phase", "prefill", "--context", "512", "--format", "json"});
  ASSERT_EQ(prefill.status, 0) << prefill.err;
  const auto json = nlohmann::json::parse(prefill.out);
  EXPECT_EQ(json.at("phase"), "prefill");
  EXPECT_EQ(json.at("context"), 512);
  EXPECT_TRUE(json.at("declared").at("parameters").is_null()); // declared figures describe decode
  expect_bad_input(run({"counts", "llama-7b-paper", "--phase", "decoding"}),
                   "--phase: expected one of decode, prefill, got \"decoding\"");
  expect_bad_input(run({"counts", "llama-7b-paper", "--context", "-3"}),
                   "--context: expected a positive integer, got \"-3\"");
  expect_bad_input(run({"counts", "llama-7b-paper", "--context", "4096"}),
                   "context: a context of 4096 tokens exceeds the learned position embedding's 2048");
}

TEST(Cli, SweepCsvIsTheCoreSweep)
{
  const Outcome r = run({"sweep", "paper-llama7b-kv", "--format", "csv"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> rows = lines(r.out);
  ASSERT_EQ(rows.size(), 21U);
  EXPECT_EQ(rows[0], "batch,scale,activation,mac,weight,kv_cache,total");
  const ScenarioResult result = evaluate(*builtin_presets().find_scenario("paper-llama7b-kv"));
  for (std::size_t i = 0; i < result.sweep.rows.size(); ++i) {
    const SweepRow& row = result.sweep.rows[i];
    const ComponentEnergies& n = row.breakdown.normalized;
    EXPECT_EQ(rows[i + 1], format_shortest(row.batch) + "," + format_shortest(row.scale) + "," +
                               format_shortest(n.activation) + "," + format_shortest(n.mac) + "," +
                               format_shortest(n.weight) + "," + format_shortest(n.kv_cache) + "," +
                               format_shortest(n.total()));
  }
  EXPECT_EQ(rows[1].rfind("1,0.0625,", 0), 0U);
  EXPECT_EQ(rows[20].rfind("16,1,", 0), 0U);
}

// design-space: its figures are those of every design evaluated one by one with the core's
// breakdown, found here by brute force over the same axes.
TEST(Cli, DesignSpaceFindsTheCheapestAndCountsTheMemoryBoundDesigns)
{
  for (const char* id : {"paper-llama7b-kv", "paper-resnet18-weight"}) {
    SCOPED_TRACE(id);
    const Outcome r = run({"design-space", id, "--scales", "1, 1/2,1/8", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json json = nlohmann::json::parse(r.out);
    const Scenario& scenario = *builtin_presets().find_scenario(id);
    const EnergyCoefficients c = evaluate(scenario).coefficients;
    const std::vector<double> scales{1, 0.5, 0.125};
    const std::vector<double> kv_scales = scenario.model.is_transformer() ? scales : std::vector<double>{1};
    std::size_t points = 0;
    std::size_t memory_bound = 0;
    double cheapest = std::numeric_limits<double>::infinity();
    double costliest = 0;
    for (const double batch : scenario.batches) {
      for (const double w : scales) {
        for (const double m : scales) {
          for (const double a : scales) {
            for (const double k : kv_scales) {
              Scales at;
              at[Component::weight] = w;
              at[Component::mac] = m;
              at[Component::activation] = a;
              at[Component::kv_cache] = k;
              const Breakdown b = breakdown(c, batch, at);
              ++points;
              memory_bound += b.joules.memory() > b.joules.mac ? 1U : 0U;
              cheapest = std::min(cheapest, b.joules.total() / batch);
              costliest = std::max(costliest, b.joules.total() / batch);
            }
          }
        }
      }
    }
    EXPECT_EQ(json.at("points").get<std::size_t>(), points);
    EXPECT_EQ(json.at("memory_bound_points").get<std::size_t>(), memory_bound);
    EXPECT_DOUBLE_EQ(json.at("cheapest").at("joules_per_sample").get<double>(), cheapest);
    EXPECT_DOUBLE_EQ(json.at("costliest").at("joules_per_sample").get<double>(), costliest);
    EXPECT_EQ(json.at("scales"), nlohmann::json::parse(R"(["1", "1/2", "1/8"])"));
  }
  const Outcome table = run({"design-space", "paper-resnet18-weight"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("500 designs: 4 batch sizes"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("cheapest"), std::string::npos);
  expect_bad_input(
      run({"design-space", "paper-resnet18-weight", "--scales", "1,half"}), "--scales: " + [] {
        try {
          parse_scale_text("half");
        } catch (const std::invalid_argument& error) {
          return std::string(error.what());
        }
        return std::string();
      }());
}

TEST(Cli, SweepJsonHasRowsAndTheCrossover)
{
  const Outcome llama = run({"sweep", "paper-llama7b-kv", "--format", "json"});
  ASSERT_EQ(llama.status, 0) << llama.err;
  const auto json = nlohmann::json::parse(llama.out);
  EXPECT_EQ(json.at("rows").size(), 20U);
  EXPECT_TRUE(json.at("crossover_batch").is_null());
  EXPECT_EQ(json.at("component"), "kv_cache");
  const auto& first = json.at("rows").at(0);
  for (const char* key : {"batch", "scale", "activation", "mac", "weight", "kv_cache", "total"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  const Outcome resnet = run({"sweep", "paper-resnet18-mac", "--format", "json"});
  ASSERT_EQ(resnet.status, 0);
  EXPECT_NEAR(nlohmann::json::parse(resnet.out).at("crossover_batch").get<double>(), 421.2 / (207.0 - 10.8192), 1e-9);
}

TEST(Cli, SweepTableReadsLikeThePaper)
{
  const Outcome r = run({"sweep", "paper-resnet18-weight"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1/16"), std::string::npos);
  EXPECT_NE(r.out.find("0.65914"), std::string::npos); // weight at batch 1, scale 1 (Table 2a)
  // Total at batch 16, scale 1: exactly 6.112975, which the paper prints as 6.11298, the sum of its rounded cells.
  EXPECT_NE(r.out.find("6.11297"), std::string::npos);
  EXPECT_NE(r.out.find("5.18294"), std::string::npos);  // MAC at batch 16
  EXPECT_EQ(r.out.find("kv_cache"), std::string::npos); // a CNN has none
  EXPECT_NE(r.out.find("Energy crossover batch: 2.147"), std::string::npos);
}

TEST(Cli, SweepOverrides)
{
  const Outcome counted =
      run({"sweep", "paper-llama7b-weight", "--source", "counted", "--component", "mac", "--format", "json"});
  ASSERT_EQ(counted.status, 0) << counted.err;
  const auto json = nlohmann::json::parse(counted.out);
  EXPECT_EQ(json.at("count_source"), "counted");
  EXPECT_EQ(json.at("component"), "mac");
  expect_bad_input(run({"sweep", "paper-llama7b-weight", "--component", "dram"}),
                   "--component: expected one of weight, mac, activation, kv_cache, got \"dram\"");
}

TEST(Cli, BadFilesGetOneLineNamingFileAndKey)
{
  TempDir dir;
  const std::string llama = dir.write("llama.json", R"({
    "format": "nn-energy-explorer/scenario", "version": 1,
    "model": {"architecture": "transformer", "n_vocab": 32000, "n_ctx": 2048, "d_model": 4096,
              "n_layer": -3, "n_head": 32},
    "hardware": {"preset": "paper-lpddr5-fp16"}})");
  expect_bad_input(run({"sweep", llama, "--format", "csv"}),
                   llama + ": /model/n_layer: expected a positive integer, got -3");

  const std::string broken = dir.write("broken.nne.json", "{\"format\": ");
  const Outcome r = run({"sweep", broken});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(lines(r.err).size(), 1U);
  EXPECT_NE(r.err.find(broken + ": not valid JSON"), std::string::npos) << r.err;

  const std::string newer = dir.write("newer.nne.json", R"({"format": "nn-energy-explorer/scenario", "version": 7})");
  const Outcome n = run({"counts", newer});
  EXPECT_EQ(n.status, 2);
  EXPECT_EQ(n.out, "");
  EXPECT_NE(n.err.find(newer + ": /version: "), std::string::npos) << n.err;

  const Outcome missing = run({"sweep", dir.write("x", "") + "/nope.nne.json"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(lines(missing.err).size(), 1U);
}

// The arithmetic follows the number format: ResNet18 at INT8 on the paper's FP16 hardware is
// charged 45 nm INT8 MACs (0.23 pJ), not FP16's 1.5 pJ; a format the node has no figure for is
// bad input naming /precision/mac, never computed with another format's energy.
TEST(Cli, SweepChargesTheMacsOfTheScenariosFormat)
{
  TempDir dir;
  const auto scenario = [&dir](const std::string& name, const std::string& mac) {
    return dir.write(name, R"({"format": "nn-energy-explorer/scenario", "version": 1,
      "model": {"preset": "resnet18"}, "hardware": {"preset": "paper-lpddr5-fp16"},
      "precision": {"weight": "INT8", "activation": "INT8", "kv_cache": "INT8", "mac": ")" +
                               mac + R"("}, "batches": [1, 4, 8, 16]})");
  };
  const std::string int8 = scenario("int8.nne.json", "INT8");
  const Outcome r = run({"sweep", int8, "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["mac"], "INT8 MACs at 45 nm, 0.9 V (Horowitz, ISSCC 2014)");
  EXPECT_NEAR(json["crossover_batch"].get<double>(), 3.399, 0.0005); // 0.332 with FP16 MACs
  // The MAC joules of a row are the MACs times 0.23 pJ.
  const Scenario loaded = load_scenario_file(int8, builtin_presets());
  const ScenarioResult result = evaluate(loaded);
  EXPECT_DOUBLE_EQ(result.coefficients.mac_per_sample, result.counts.counts.macs_per_sample * 0.23e-12);

  const std::string bf16 = scenario("bf16.nne.json", "BF16");
  const Outcome bad = run({"sweep", bf16});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(lines(bad.err).size(), 1U) << bad.err;
  EXPECT_NE(bad.err.find(bf16 + ": /precision/mac: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("BF16"), std::string::npos) << bad.err;
}

// A BF16 model (Llama-3-8B) on the default 45 nm node has no sourced MAC figure: bad input that
// says how to go on; --mac-format FP16 computes in FP16, and the output says so.
TEST(Cli, MacFormatOptionComputesInTheFormatAskedForAndSaysSo)
{
  const Outcome refused = run({"sweep", "llama-3-8b"});
  EXPECT_EQ(refused.status, 2);
  EXPECT_EQ(refused.out, "");
  EXPECT_NE(refused.err.find("llama-3-8b: /precision/mac: "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--mac-format"), std::string::npos) << refused.err;

  const Outcome fp16 = run({"sweep", "llama-3-8b", "--mac-format", "FP16", "--format", "json"});
  ASSERT_EQ(fp16.status, 0) << fp16.err;
  const auto json = nlohmann::json::parse(fp16.out);
  EXPECT_EQ(json["mac"], "FP16 MACs at 45 nm, 0.9 V (Horowitz, ISSCC 2014)");
  Scenario expected = resolve_scenario("llama-3-8b", builtin_presets());
  expected.precision.mac = NumberFormat::fp16;
  const ScenarioResult result = evaluate(expected);
  EXPECT_DOUBLE_EQ(json["normalized_to_joules"].get<double>(), result.reference.joules);

  expect_bad_input(run({"sweep", "llama-3-8b", "--mac-format", "FP12"}),
                   "--mac-format: expected one of INT4, INT8, FP8, FP16, BF16, FP32, got \"FP12\"");
}

// Issue 5's promise: the model a user ships, from the file they have, wherever a model is taken.
TEST(Cli, CountsOfAHuggingFaceConfig)
{
  const std::string config = NNE_FIXTURES_DIR "/hf/llama-2-7b/config.json";
  const Outcome table = run({"counts", config});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("6,738,415,616"), std::string::npos) << table.out;
  const Outcome json = run({"counts", config, "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed.at("parameters"), 6'738'415'616);
  EXPECT_EQ(parsed.at("architecture"), "transformer");
  EXPECT_EQ(parsed.at("context"), 4096);                  // max_position_embeddings
  EXPECT_EQ(parsed.at("precision").at("weight"), "FP16"); // torch_dtype float16

  const Outcome sweep = run({"sweep", config, "--format", "csv"});
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  EXPECT_NE(sweep.out.find("kv_cache"), std::string::npos);

  TempDir dir;
  const std::string not_a_config = dir.write("config.json", R"({"model_type": "llama", "hidden_size": 4096})");
  const Outcome bad = run({"counts", not_a_config});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(lines(bad.err).size(), 1U);
  EXPECT_NE(bad.err.find(not_a_config + ": /num_hidden_layers: "), std::string::npos) << bad.err;
}

#if NNE_WITH_ONNX
TEST(Cli, CountsOfAnOnnxGraphListsWhatItDidNotCount)
{
  const Outcome counted = run({"counts", NNE_FIXTURES_DIR "/onnx/tiny_cnn.onnx", "--format", "json"});
  ASSERT_EQ(counted.status, 0) << counted.err;
  const auto json = nlohmann::json::parse(counted.out);
  EXPECT_EQ(json.at("architecture"), "graph");
  EXPECT_TRUE(json.at("graph").at("uncounted_operators").empty());
  EXPECT_GT(json.at("macs_per_sample").get<std::int64_t>(), 0);
  EXPECT_EQ(json.at("kv_cache_bits_per_sample"), 0);

  const Outcome custom = run({"counts", NNE_FIXTURES_DIR "/onnx/tiny_cnn_custom_op.onnx"});
  ASSERT_EQ(custom.status, 0) << custom.err;
  EXPECT_NE(custom.out.find("Not counted (no rule; their MACs are missing from the figures): "
                            "com.example.Postprocess x 1"),
            std::string::npos)
      << custom.out;

  const Outcome sweep = run({"sweep", NNE_FIXTURES_DIR "/onnx/tiny_cnn.onnx"});
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  EXPECT_NE(sweep.out.find("activation"), std::string::npos) << sweep.out;
  EXPECT_EQ(sweep.out.find("kv_cache"), std::string::npos) << sweep.out; // a graph has no KV cache rows
  expect_bad_input(run({"counts", NNE_FIXTURES_DIR "/onnx/tiny_cnn.onnx", "--context", "8"}),
                   "--context: applies to decoder transformers and to ONNX decoders with past_key_values inputs; "
                   "tiny_cnn is a graph imported from ONNX without past_key_values inputs");

  TempDir dir;
  const std::string garbage = dir.write("garbage.onnx", "not a protobuf at all");
  const Outcome bad = run({"counts", garbage});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(lines(bad.err).size(), 1U);
  EXPECT_NE(bad.err.find(garbage), std::string::npos) << bad.err;
}
// A decoder exported with past_key_values (tests/fixtures/onnx/decoder): --context sizes its KV
// cache, which counts shows as for a transformer.
TEST(Cli, CountsOfAnOnnxDecoderWithPastKeyValuesTakeTheContext)
{
  const std::string decoder = NNE_FIXTURES_DIR "/onnx/decoder/gpt2-tiny-with-past.onnx";
  const Outcome counted = run({"counts", decoder, "--context", "100", "--format", "json"});
  ASSERT_EQ(counted.status, 0) << counted.err;
  const auto json = nlohmann::json::parse(counted.out);
  EXPECT_EQ(json.at("graph").at("context"), 100);
  // 2 layers x key and value x 4 heads x 100 positions x 16, at FP32.
  EXPECT_EQ(json.at("graph").at("kv_cache_elements"), 2 * 2 * 4 * 100 * 16);
  EXPECT_EQ(json.at("kv_cache_bits_per_sample"), 2 * 2 * 4 * 100 * 16 * 32);

  const Outcome table = run({"counts", decoder});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("One decode step per sequence at a context of 1024 cached positions"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("(the default; --context sets it)"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("KV-cache bits"), std::string::npos) << table.out;

  // Its KV cache is a component of its energy, shown as a transformer's is.
  const Outcome sweep = run({"sweep", decoder});
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  EXPECT_NE(sweep.out.find("kv_cache"), std::string::npos) << sweep.out;
}
#else
// A build without ONNX refuses a graph as bad input, in one line naming the file.
TEST(Cli, AnOnnxGraphNeedsABuildWithOnnx)
{
  const std::string graph = NNE_FIXTURES_DIR "/onnx/tiny_cnn.onnx";
  expect_bad_input(run({"counts", graph}),
                   graph + ": an ONNX graph, which this build cannot import: it was configured with "
                           "NNE_WITH_ONNX=OFF (without libonnx and protobuf)");
}
#endif

TEST(Cli, UsageErrors)
{
  expect_bad_input(run({"frobnicate"}), "frobnicate: not a command or option (see `nn-energy-explorer --help`)");
  expect_bad_input(run({"counts"}), "counts: missing MODEL (see `nn-energy-explorer counts --help`)");
  expect_bad_input(run({"counts", "gpt3-175b", "--verbose"}),
                   "--verbose: not an option of `counts`; it takes --assume-layout, --context, --format, --phase");
  expect_bad_input(run({"counts", "gpt3-175b", "--format"}), "--format: needs a value");
  expect_bad_input(
      run({"sweep", "nosuch"}),
      "nosuch: no scenario or model preset or file of that name (`nn-energy-explorer list` lists the presets)");
  expect_bad_input(run({"paper", "extra"}), "extra: unexpected argument: `paper` takes none");
}

TEST(Cli, PaperReproducesEveryCell)
{
  const Outcome table = run({"paper"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find(
                "460 of 460 cells within printed rounding; 15 totals are the paper's sums of its own rounded cells"),
            std::string::npos);
  EXPECT_NE(table.out.find("Where the paper disagrees with itself"), std::string::npos);
  EXPECT_NE(table.out.find("18.2 %"), std::string::npos);

  const Outcome csv = run({"paper", "--format", "csv"});
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(lines(csv.out).size(), 461U);

  const Outcome json = run({"paper", "--format", "json"});
  ASSERT_EQ(json.status, 0);
  const auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed.at("within"), 460);
  EXPECT_EQ(parsed.at("total"), 460);
  EXPECT_FALSE(parsed.at("discrepancies").empty());
}

} // namespace
} // namespace nne
