#include "core/io/atomic_file.h"
#include "core/io/hardware_json.h"
#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"
#include "tests/support/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace nne {
namespace {

using nlohmann::json;

// A small library built in the test, independent of the shipped presets.
PresetLibrary test_library()
{
  PresetLibrary library;
  library.catalog.memories.push_back({"dram", "Test DRAM", 4.0, std::nullopt, {"test source", "test node", ""}});
  library.catalog.nodes.push_back({"node", "Test node", ""});
  library.catalog.mac_units.push_back(
      {"mac8", "Test INT8 MAC", NumberFormat::int8, 0.25, "node", {"mac source", "Test node", ""}});
  library.catalog.mac_units.push_back(
      {"mac16", "Test FP16 MAC", NumberFormat::fp16, 1.0, "node", {"mac source", "Test node", ""}});
  Model model;
  model.id = "tiny";
  model.name = "Tiny";
  TransformerModel t;
  t.n_vocab = 100;
  t.n_ctx = 64;
  t.d_model = 16;
  t.n_layer = 2;
  t.n_head = t.n_kv_head = 4;
  t.d_head = 4;
  t.d_ff = 64;
  model.architecture = t;
  library.models.push_back(model);
  Hardware hardware;
  hardware.id = "hw";
  hardware.name = "HW";
  hardware.weight = hardware.activation = hardware.kv_cache = memory_choice(library.catalog.memories.front());
  hardware.mac = node_arithmetic(library.catalog, library.catalog.nodes.front());
  hardware.mark_published();
  library.hardware.push_back(hardware);
  return library;
}

json transformer_json()
{
  return json::parse(R"({"format": "nn-energy-explorer/model", "version": 1, "id": "t", "name": "T",
    "architecture": "transformer", "n_vocab": 32000, "n_ctx": 4096, "d_model": 4096, "n_layer": 32, "n_head": 32,
    "n_kv_head": 8, "d_ff": 14336, "gated_ffn": true, "tied_embeddings": false, "attention_bias": false,
    "mlp_bias": false, "norm": "rms_norm", "position": "rotary", "n_expert": 8, "top_k": 2,
    "precision": {"weight": "bf16", "mac": "BF16"},
    "declared": {"parameters": 46.7e9, "source": "somewhere"}})");
}

json cnn_json()
{
  return json::parse(R"({"format": "nn-energy-explorer/model", "version": 1, "id": "c", "name": "C",
    "architecture": "cnn", "input": {"channels": 3, "height": 32, "width": 32},
    "layers": [
      {"name": "conv", "kind": "conv", "out_channels": 8, "kernel": [3, 1], "stride": 2, "padding": [1, 0], "groups": 1},
      {"name": "pool", "kind": "max_pool", "kernel": 2, "ceil_mode": true},
      {"name": "skip", "kind": "conv", "inputs": ["input"], "out_channels": 8, "kernel": 1, "stride": [4, 2], "bias": true},
      {"name": "fc", "kind": "linear", "out_features": 10, "inputs": ["pool"]}
    ]})");
}

json scenario_json()
{
  return json::parse(R"({"format": "nn-energy-explorer/scenario", "version": 1, "id": "s", "name": "S",
    "model": {"preset": "tiny"}, "hardware": {"preset": "hw"}, "count_source": "counted",
    "precision": {"kv_cache": "INT8"}, "scales": {"weight": "1/4", "mac": 0.5},
    "batches": [1, 2, 3], "phase": "prefill", "context": 32,
    "sweep": {"component": "kv_cache", "scales": ["1/1024", 0.5, 1]}})");
}

void expect_input_error(const std::function<void()>& action, const std::string& message)
{
  try {
    action();
    ADD_FAILURE() << "expected InputError: " << message;
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(JsonIo, TransformerModelReadsEveryField)
{
  const Model m = model_from_json(transformer_json(), "t.json");
  const auto& t = std::get<TransformerModel>(m.architecture);
  EXPECT_EQ(t.n_kv_head, 8);
  EXPECT_EQ(t.d_head, 128); // d_model / n_head
  EXPECT_TRUE(t.gated_ffn);
  EXPECT_FALSE(t.tied_embeddings);
  EXPECT_EQ(t.norm, NormKind::rms_norm);
  EXPECT_FALSE(t.norm_bias); // RMSNorm has no shift
  EXPECT_EQ(t.position, PositionEmbedding::rotary);
  EXPECT_EQ(t.n_expert, 8);
  EXPECT_EQ(t.top_k, 2);
  EXPECT_EQ(m.default_precision.weight, NumberFormat::bf16);
  EXPECT_EQ(m.default_precision.activation, NumberFormat::fp16);
  EXPECT_EQ(m.declared.parameters, 46.7e9);
  EXPECT_FALSE(m.declared.flops_per_sample.has_value());
}

TEST(JsonIo, TransformerDefaults)
{
  const Model m = model_from_json(json::parse(R"({"format": "nn-energy-explorer/model", "version": 1,
    "architecture": "transformer", "n_vocab": 10, "n_ctx": 8, "d_model": 12, "n_layer": 1, "n_head": 3})"),
                                  "m.json");
  const auto& t = std::get<TransformerModel>(m.architecture);
  EXPECT_EQ(t.n_kv_head, 3);
  EXPECT_EQ(t.d_head, 4);
  EXPECT_EQ(t.d_ff, 48);
  EXPECT_TRUE(t.tied_embeddings);
  EXPECT_TRUE(t.norm_bias);
}

TEST(JsonIo, CnnLayersReadIntegersAndPairs)
{
  const Model m = model_from_json(cnn_json(), "c.json");
  const auto& cnn = std::get<CnnModel>(m.architecture);
  ASSERT_EQ(cnn.layers.size(), 4U);
  EXPECT_EQ(cnn.layers[0].kernel_h, 3);
  EXPECT_EQ(cnn.layers[0].kernel_w, 1);
  EXPECT_EQ(cnn.layers[0].padding_h, 1);
  EXPECT_EQ(cnn.layers[0].padding_w, 0);
  EXPECT_EQ(cnn.layers[1].stride_h, 2); // a pool's stride defaults to its kernel
  EXPECT_TRUE(cnn.layers[1].ceil_mode);
  EXPECT_EQ(cnn.layers[2].inputs, std::vector<std::string>{"input"});
  EXPECT_EQ(cnn.layers[2].stride_w, 2);
  EXPECT_TRUE(cnn.layers[2].bias);
  EXPECT_TRUE(cnn.layers[3].bias); // linear layers have a bias unless told otherwise
  EXPECT_EQ(cnn.layers[3].out_features, 10);
}

TEST(JsonIo, ModelsRoundTrip)
{
  for (const json& original : {transformer_json(), cnn_json()}) {
    const Model first = model_from_json(original, "a.json");
    const Model second = model_from_json(model_to_json(first), "b.json");
    EXPECT_EQ(second.id, first.id);
    EXPECT_EQ(second.name, first.name);
    EXPECT_EQ(second.architecture, first.architecture);
    EXPECT_EQ(second.declared, first.declared);
    EXPECT_EQ(second.default_precision, first.default_precision);
  }
}

TEST(JsonIo, ScenarioReadsPresetsAndOverrides)
{
  const PresetLibrary library = test_library();
  const Scenario s = scenario_from_json(scenario_json(), library, "s.nne.json");
  EXPECT_EQ(s.model_preset, "tiny");
  EXPECT_EQ(s.hardware_preset, "hw");
  EXPECT_EQ(s.hardware.weight.energy_per_bit_pj, 4.0);
  EXPECT_EQ(s.count_source, CountSource::counted);
  EXPECT_EQ(s.precision.kv_cache, NumberFormat::int8);
  EXPECT_EQ(s.precision.weight, NumberFormat::fp16); // the model's default
  EXPECT_EQ(s.scales.weight, 0.25);
  EXPECT_EQ(s.scales.mac, 0.5);
  EXPECT_EQ(s.scales.kv_cache, 1.0);
  EXPECT_EQ(s.batches, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(s.workload, (Workload{Phase::prefill, 32}));
  EXPECT_EQ(s.sweep.component, Component::kv_cache);
  EXPECT_EQ(s.sweep.scales, (std::vector<double>{1.0 / 1024, 0.5, 1}));
}

TEST(JsonIo, ScenariosRoundTripWithPresetsAndInline)
{
  const PresetLibrary library = test_library();
  Scenario s = scenario_from_json(scenario_json(), library, "s.nne.json");
  const json written = scenario_to_json(s);
  EXPECT_EQ(written.at("model"), (json{{"preset", "tiny"}}));
  const Scenario back = scenario_from_json(written, library, "back.nne.json");
  EXPECT_EQ(scenario_to_json(back), written);

  // Inline model and hardware (no preset): the whole objects are written and read back.
  s.model_preset.clear();
  s.hardware_preset.clear();
  s.hardware.mac.set_custom(NumberFormat::fp16, 0.125, {"my figure", "", ""});
  const json inline_json = scenario_to_json(s);
  EXPECT_TRUE(inline_json.at("model").contains("n_layer"));
  EXPECT_FALSE(inline_json.at("model").contains("format"));
  const Scenario inline_back = scenario_from_json(inline_json, library, "inline.nne.json");
  EXPECT_EQ(inline_back.model.architecture, s.model.architecture);
  EXPECT_EQ(inline_back.hardware.mac, s.hardware.mac);
  EXPECT_EQ(inline_back.hardware.weight, s.hardware.weight);
  EXPECT_EQ(scenario_to_json(inline_back), inline_json);
}

TEST(JsonIo, UnknownKeysSurviveARoundTrip)
{
  const PresetLibrary library = test_library();
  json j = scenario_json();
  j["notes_from_the_future"] = {{"a", 1}};
  j["model"] = model_to_json(library.models.front());
  j["model"]["color"] = "teal";
  j["hardware"] = hardware_to_json(library.hardware.front());
  j["hardware"]["vendor"] = "ACME";
  const json written = scenario_to_json(scenario_from_json(j, library, "s.nne.json"));
  EXPECT_EQ(written.at("notes_from_the_future"), (json{{"a", 1}}));
  EXPECT_EQ(written.at("model").at("color"), "teal");
  EXPECT_EQ(written.at("hardware").at("vendor"), "ACME");
}

TEST(JsonIo, HardwareFromTheCatalogOrCustom)
{
  const PresetLibrary library = test_library();
  const Hardware h = hardware_from_json(json::parse(R"({"format": "nn-energy-explorer/hardware", "version": 1,
    "id": "x", "weight": {"technology": "dram"}, "activation": {"technology": "dram", "energy_per_bit_pj": 1.5},
    "kv_cache": {"energy_per_bit_pj": 0.3, "source": "my measurement"}, "mac": {"unit": "mac8"}})"),
                                        library.catalog, "x.json");
  EXPECT_EQ(h.weight.technology, "dram");
  EXPECT_EQ(h.weight.provenance.source, "test source");
  // A number of its own beside a catalog id is the file's, not the entry's: a custom memory.
  EXPECT_EQ(h.activation.energy_per_bit_pj, 1.5);
  EXPECT_TRUE(h.activation.is_custom());
  EXPECT_EQ(h.kv_cache.technology, "");
  EXPECT_EQ(h.kv_cache.provenance.source, "my measurement");
  // A version 1 file's one unit stands for its node: the MAC energy follows the format.
  EXPECT_EQ(h.mac.node, "node");
  ASSERT_NE(h.mac.figure_for(NumberFormat::int8), nullptr);
  EXPECT_EQ(h.mac.figure_for(NumberFormat::int8)->energy_per_mac_pj, 0.25);
  EXPECT_EQ(h.mac.figure_for(NumberFormat::fp16)->energy_per_mac_pj, 1.0);
  EXPECT_EQ(h.mac.figure_for(NumberFormat::bf16), nullptr);
  EXPECT_EQ(h.name, "x");
}

TEST(JsonIo, CatalogReads)
{
  const HardwareCatalog c = catalog_from_json(json::parse(R"({"format": "nn-energy-explorer/hardware-catalog",
    "version": 1, "memories": [{"id": "m", "energy_per_bit_pj": 2, "capacity_bytes": 8192, "source": "s"}],
    "nodes": [{"id": "n", "name": "N"}],
    "mac_units": [{"id": "u", "format": "FP8", "energy_per_mac_pj": 0.1, "node": "n", "source": "t"}]})"),
                                              "catalog.json");
  ASSERT_NE(c.find_memory("m"), nullptr);
  EXPECT_EQ(c.find_memory("m")->capacity_bytes, 8192.0);
  EXPECT_EQ(c.find_mac_unit("u")->format, NumberFormat::fp8);
  EXPECT_EQ(c.find_mac_unit("u")->provenance.node, "N"); // the node's name
  ASSERT_EQ(c.units_of("n").size(), 1U);
  expect_input_error(
      [] {
        catalog_from_json(json::parse(R"({"format": "nn-energy-explorer/hardware-catalog", "version": 1,
    "memories": [{"id": "m", "energy_per_bit_pj": 2}, {"id": "m", "energy_per_bit_pj": 3}], "nodes": [],
    "mac_units": []})"),
                          "catalog.json");
      },
      "catalog.json: /memories/1/id: the id \"m\" is used twice");
}

// Every validation message: file, JSON pointer, and what was expected.
TEST(JsonIo, ModelValidationMessages)
{
  const auto model_error = [](const std::function<void(json&)>& edit, const std::string& message) {
    json j = transformer_json();
    edit(j);
    expect_input_error([&] { model_from_json(j, "llama.json"); }, message);
  };
  model_error([](json& j) { j["n_layer"] = -3; }, "llama.json: /n_layer: expected a positive integer, got -3");
  model_error([](json& j) { j["n_layer"] = 2.5; }, "llama.json: /n_layer: expected a positive integer, got 2.5");
  model_error([](json& j) { j["n_layer"] = "32"; }, "llama.json: /n_layer: expected a positive integer, got \"32\"");
  model_error([](json& j) { j["n_layer"] = 1e30; }, "llama.json: /n_layer: expected a positive integer, got 1e+30");
  model_error([](json& j) { j.erase("n_head"); }, "llama.json: /n_head: missing required key");
  model_error([](json& j) { j["gated_ffn"] = "yes"; }, "llama.json: /gated_ffn: expected true or false, got \"yes\"");
  model_error([](json& j) { j["norm"] = "batch_norm"; },
              "llama.json: /norm: expected one of layer_norm, rms_norm, layer_norm_no_affine, got \"batch_norm\"");
  model_error([](json& j) { j["architecture"] = "rnn"; },
              "llama.json: /architecture: expected one of cnn, transformer, graph, got \"rnn\"");
  model_error([](json& j) { j["n_kv_head"] = 5; }, "llama.json: /n_kv_head: expected a divisor of n_head (32), got 5");
  model_error([](json& j) { j["top_k"] = 9; }, "llama.json: /top_k: expected at most n_expert (8), got 9");
  model_error([](json& j) { j["precision"]["weight"] = "INT3"; },
              "llama.json: /precision/weight: expected one of INT4, INT8, FP8, FP16, BF16, FP32, got \"INT3\"");
  model_error([](json& j) { j["precision"]["weights"] = "INT8"; },
              "llama.json: /precision/weights: unknown key; expected one of activation, kv_cache, mac, weight");
  model_error([](json& j) { j["declared"]["parameters"] = -1; },
              "llama.json: /declared/parameters: expected a positive number, got -1");
  model_error([](json& j) { j["format"] = "nn-energy-explorer/scenario"; },
              "llama.json: /format: expected \"nn-energy-explorer/model\", got \"nn-energy-explorer/scenario\"");
  model_error([](json& j) { j.erase("format"); },
              "llama.json: /format: missing required key; expected \"nn-energy-explorer/model\"");
  model_error([](json& j) { j["version"] = 3; },
              "llama.json: /version: written by a newer NN Energy Explorer (file format version 3); this version "
              "reads format version 1");
  model_error([](json& j) { j["version"] = 0; }, "llama.json: /version: expected a positive integer, got 0");
  model_error([](json& j) { j = json::array(); }, "llama.json: expected an object, got []");
  model_error(
      [](json& j) {
        j["d_model"] = 100;
        j["n_head"] = 3;
        j["n_kv_head"] = 3;
      },
      "llama.json: /d_head: missing, and d_model (100) is not a multiple of n_head (3) to derive it from");
}

TEST(JsonIo, CnnValidationMessages)
{
  const auto cnn_error = [](const std::function<void(json&)>& edit, const std::string& message) {
    json j = cnn_json();
    edit(j);
    expect_input_error([&] { model_from_json(j, "net.json"); }, message);
  };
  cnn_error(
      [](json& j) { j["layers"][0]["kind"] = "dense"; },
      "net.json: /layers/0/kind: expected one of conv, linear, max_pool, avg_pool, global_avg_pool, batch_norm, "
      "relu, add, concat, flatten, relu6, hardswish, hardsigmoid, silu, sigmoid, gelu, dropout, multiply, "
      "to_tokens, class_token, position_embedding, layer_norm, self_attention, select_class_token, channel_split, "
      "channel_shuffle, layer_scale, window_attention, space_to_depth, got "
      "\"dense\"");
  cnn_error([](json& j) { j["layers"][0]["kernal"] = 3; },
            "net.json: /layers/0/kernal: unknown key; expected one of bias, dilation, groups, inputs, kernel, kind, "
            "name, out_channels, padding, stride");
  cnn_error(
      [](json& j) {
        j["layers"][0]["kernel"] = json::array({3, 3, 3});
      },
      "net.json: /layers/0/kernel: expected a positive integer or [height, width], got [3,3,3]");
  cnn_error([](json& j) { j["layers"][0]["padding"] = -1; },
            "net.json: /layers/0/padding: expected a non-negative integer or [height, width], got -1");
  cnn_error([](json& j) { j["layers"][0].erase("out_channels"); },
            "net.json: /layers/0/out_channels: missing required key");
  cnn_error([](json& j) { j["layers"][1].erase("kernel"); }, "net.json: /layers/1/kernel: missing required key");
  cnn_error([](json& j) { j["layers"][2]["inputs"] = json::array({1}); },
            "net.json: /layers/2/inputs/0: expected a layer name, got 1");
  cnn_error([](json& j) { j["layers"][3]["name"] = ""; },
            "net.json: /layers/3/name: expected a non-empty string, got \"\"");
  cnn_error([](json& j) { j["layers"] = json::array(); },
            "net.json: /layers: expected a non-empty array of layers, got []");
  cnn_error([](json& j) { j["input"]["height"] = 0; }, "net.json: /input/height: expected a positive integer, got 0");
}

TEST(JsonIo, ScenarioValidationMessages)
{
  const PresetLibrary library = test_library();
  const auto scenario_error = [&](const std::function<void(json&)>& edit, const std::string& message) {
    json j = scenario_json();
    edit(j);
    expect_input_error([&] { scenario_from_json(j, library, "s.nne.json"); }, message);
  };
  scenario_error(
      [](json& j) {
        j["model"] = {{"preset", "gpt9"}};
      },
      "s.nne.json: /model/preset: unknown model preset \"gpt9\"; known: tiny");
  scenario_error(
      [](json& j) {
        j["hardware"] = {{"preset", "tpu"}};
      },
      "s.nne.json: /hardware/preset: unknown hardware preset \"tpu\"; known: hw");
  scenario_error([](json& j) { j.erase("model"); }, "s.nne.json: /model: missing required key");
  scenario_error(
      [](json& j) {
        j["model"] = {{"architecture", "transformer"},
                      {"n_vocab", 10},
                      {"n_ctx", 8},
                      {"d_model", 8},
                      {"n_layer", -3},
                      {"n_head", 2}};
      },
      "s.nne.json: /model/n_layer: expected a positive integer, got -3");
  scenario_error(
      [](json& j) {
        j["hardware"] = {{"weight", {{"technology", "lpddr9"}}}};
      },
      "s.nne.json: /hardware/weight/technology: unknown memory technology \"lpddr9\"; known: dram");
  scenario_error(
      [](json& j) {
        j["hardware"] = {{"weight", {{"energy_per_bit_pj", -1}}}};
      },
      "s.nne.json: /hardware/weight/energy_per_bit_pj: expected a non-negative number, got -1");
  scenario_error(
      [](json& j) {
        j["hardware"] = {{"weight", {{"technology", "dram"}}}};
      },
      "s.nne.json: /hardware/activation: missing required key");
  scenario_error(
      [](json& j) { j["scales"]["weight"] = "1/0"; },
      "s.nne.json: /scales/weight: expected a scale factor in (0, 1000000] such as 0.25 or \"1/4\", got \"1/0\"");
  scenario_error([](json& j) { j["scales"]["mac"] = 0; },
                 "s.nne.json: /scales/mac: expected a scale factor in (0, 1000000] such as 0.25 or \"1/4\", got 0");
  scenario_error([](json& j) { j["scales"]["dram"] = 1; },
                 "s.nne.json: /scales/dram: unknown key; expected one of activation, kv_cache, mac, weight");
  scenario_error(
      [](json& j) {
        j["batches"] = json::array({1, 0});
      },
      "s.nne.json: /batches/1: expected a positive integer batch size, got 0");
  scenario_error([](json& j) { j["batches"] = json::array({1.5}); },
                 "s.nne.json: /batches/0: expected a positive integer batch size, got 1.5");
  scenario_error([](json& j) { j["batches"] = json::array(); },
                 "s.nne.json: /batches: expected a non-empty array of positive integers, got []");
  scenario_error([](json& j) { j["phase"] = "decoding"; },
                 "s.nne.json: /phase: expected one of decode, prefill, got \"decoding\"");
  scenario_error([](json& j) { j["context"] = -1; }, "s.nne.json: /context: expected a non-negative integer, got -1");
  scenario_error([](json& j) { j["count_source"] = "paper"; },
                 "s.nne.json: /count_source: expected one of declared, counted, got \"paper\"");
  scenario_error([](json& j) { j["sweep"]["component"] = "dram"; },
                 "s.nne.json: /sweep/component: expected one of weight, mac, activation, kv_cache, got \"dram\"");
  scenario_error(
      [](json& j) {
        j["sweep"]["scales"] = json::array({0.5, "half"});
      },
      "s.nne.json: /sweep/scales/1: expected a scale factor in (0, 1000000] such as 0.25 or \"1/4\", got \"half\"");
  scenario_error([](json& j) { j["version"] = 3; },
                 "s.nne.json: /version: written by a newer NN Energy Explorer (file format version 3); this version "
                 "reads format version 2");
}

TEST(JsonIo, JsonPointersAreEscaped)
{
  json j = scenario_json();
  j["scales"]["a/b~c"] = 1;
  expect_input_error([&] { scenario_from_json(j, test_library(), "s.json"); },
                     "s.json: /scales/a~1b~0c: unknown key; expected one of activation, kv_cache, mac, weight");
}

TEST(JsonIo, SyntaxErrorsGiveLineAndColumn)
{
  expect_input_error([] { parse_json_text("{\n  \"a\": 1,\n  \"b\": ]\n}", "bad.json"); },
                     "bad.json: not valid JSON at line 3, column 8: unexpected ']'; expected '[', '{', or a literal");
}

TEST(JsonIo, MissingFileIsAnInputError)
{
  expect_input_error([] { read_json_file("/nonexistent/dir/file.json"); },
                     "/nonexistent/dir/file.json: cannot open file: No such file or directory");
}

using TempDirectory = nne::testing::TempDir;

std::string read_all(const std::filesystem::path& path)
{
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(JsonIo, SaveAndLoadAScenarioFile)
{
  const TempDirectory dir;
  const PresetLibrary library = test_library();
  const Scenario s = scenario_from_json(scenario_json(), library, "s.nne.json");
  const auto file = dir.path() / "my scenario.nne.json";
  save_scenario_file(file, s);
  const std::string text = read_all(file);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(scenario_to_json(load_scenario_file(file, library)), scenario_to_json(s));
  // Saving again replaces the file whole and leaves no temporary behind.
  save_scenario_file(file, s);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}), 1);
}

TEST(JsonIo, AFailedSaveLeavesTheFileAlone)
{
  const TempDirectory dir;
  const auto file = dir.path() / "keep.nne.json";
  std::ofstream(file) << "precious";
  // The target is a directory: the rename fails after the temporary was written.
  const auto blocked = dir.path() / "blocked";
  std::filesystem::create_directories(blocked / "inside");
  EXPECT_THROW(write_file_atomically(blocked, "new contents"), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_directory(blocked));
  // A directory that does not exist: nothing is written at all.
  EXPECT_THROW(write_file_atomically(dir.path() / "missing" / "x.json", "x"), std::runtime_error);
  EXPECT_EQ(read_all(file), "precious");
  // Only the original file and the blocking directory remain: no temporaries.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator{}), 2);
  try {
    write_file_atomically(dir.path() / "missing" / "x.json", "x");
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot save " + (dir.path() / "missing" / "x.json").string()),
              std::string::npos);
  }
}

} // namespace
} // namespace nne

namespace nne {
namespace {

// What the version 1 writer put in a scenario with hardware of its own: every memory and the MAC
// unit with its provenance copied beside it, the unit's "node" a label ("45 nm, 0.9 V"), not an id.
// Such files must open as they were saved, with nothing lost.
TEST(JsonIo, Version1HardwareAsTheOldWriterWroteItReadsAsSaved)
{
  const PresetLibrary& library = builtin_presets();
  const json saved = json::parse(R"json({
    "format": "nn-energy-explorer/scenario", "version": 1,
    "model": {"preset": "llama-7b-paper"},
    "hardware": {"name": "Custom",
      "weight": {"technology": "lpddr5", "energy_per_bit_pj": 4.5, "source": "copied", "note": "copied"},
      "activation": {"technology": "lpddr5", "energy_per_bit_pj": 1.0, "source": "my measurement",
                     "note": "vendor figure"},
      "kv_cache": {"energy_per_bit_pj": 2.0, "source": "entered by the user"},
      "mac": {"unit": "horowitz-45nm-fp16", "energy_per_mac_pj": 1.5,
              "source": "Horowitz, ISSCC 2014 (add 0.4 + mult 1.1 pJ)", "node": "45 nm, 0.9 V",
              "note": "MAC = one FP16 multiply + one FP16 add."}}})json");
  const Scenario s = scenario_from_json(saved, library, "old.nne.json");
  EXPECT_EQ(s.hardware.mac.node, "horowitz-45nm");
  ASSERT_NE(s.hardware.mac.figure_for(NumberFormat::fp16), nullptr);
  EXPECT_DOUBLE_EQ(s.hardware.mac.figure_for(NumberFormat::fp16)->energy_per_mac_pj, 1.5);
  EXPECT_FALSE(s.hardware.mac.figure_for(NumberFormat::fp16)->is_custom());
  EXPECT_DOUBLE_EQ(s.hardware.weight.energy_per_bit_pj, 4.5);
  EXPECT_EQ(s.hardware.weight.technology, "lpddr5");
  // A number of the user's own beside a technology keeps the user's words about it.
  EXPECT_DOUBLE_EQ(s.hardware.activation.energy_per_bit_pj, 1.0);
  EXPECT_EQ(s.hardware.activation.provenance.source, "my measurement");
  EXPECT_EQ(s.hardware.activation.provenance.note, "vendor figure");
  EXPECT_DOUBLE_EQ(s.hardware.kv_cache.energy_per_bit_pj, 2.0);

  // A changed MAC energy beside the unit is the user's, for that unit's format.
  json changed = saved;
  changed["hardware"]["mac"]["energy_per_mac_pj"] = 0.9;
  const Scenario c = scenario_from_json(changed, library, "old.nne.json");
  ASSERT_NE(c.hardware.mac.figure_for(NumberFormat::fp16), nullptr);
  EXPECT_DOUBLE_EQ(c.hardware.mac.figure_for(NumberFormat::fp16)->energy_per_mac_pj, 0.9);
  EXPECT_TRUE(c.hardware.mac.figure_for(NumberFormat::fp16)->is_custom());
  EXPECT_DOUBLE_EQ(c.hardware.mac.figure_for(NumberFormat::int8)->energy_per_mac_pj, 0.23); // the node's

  // In the current form a node that is no catalog id is still an error at /mac/node.
  json typo = saved;
  typo["hardware"]["mac"] = {{"node", "horowitz-45"}};
  try {
    (void)scenario_from_json(typo, library, "typo.nne.json");
    FAIL() << "an unknown node was accepted";
  } catch (const InputError& error) {
    EXPECT_EQ(error.key_path(), "/hardware/mac/node");
  }
}

} // namespace
} // namespace nne
