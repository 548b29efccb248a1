#include "core/energy/scenario.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace nne {
namespace {

TEST(Presets, TheBuiltInLibraryLoads)
{
  const PresetLibrary& library = builtin_presets();
  for (std::string_view id : {"resnet18", "gpt3-small", "llama-7b-paper", "gpt3-175b"}) {
    EXPECT_NE(library.find_model(id), nullptr) << id;
  }
  for (std::string_view id : {"paper-resnet18-weight", "paper-resnet18-mac", "paper-llama7b-weight",
                              "paper-llama7b-mac", "paper-llama7b-kv"}) {
    EXPECT_NE(library.find_scenario(id), nullptr) << id;
  }
  EXPECT_NE(library.find_hardware("paper-lpddr5-int8"), nullptr);
  EXPECT_NE(library.find_hardware("paper-lpddr5-fp16"), nullptr);
}

TEST(Presets, EveryScenarioEvaluates)
{
  for (const Scenario& scenario : builtin_presets().scenarios) {
    SCOPED_TRACE(scenario.id);
    const ScenarioResult result = evaluate(scenario);
    EXPECT_EQ(result.breakdowns.size(), scenario.batches.size());
    EXPECT_EQ(result.sweep.rows.size(), scenario.batches.size() * scenario.sweep.scales.size());
    EXPECT_NEAR(result.breakdowns.front().normalized.total(), 1.0, 1e-12);
    EXPECT_FALSE(scenario.name.empty());
    EXPECT_FALSE(scenario.description.empty());
  }
}

TEST(Presets, TheUntabulatedGpt3SweepsUseDeclaredParametersAndCountedCaches)
{
  for (std::string_view id : {"paper-gpt3-small-weight", "paper-gpt3-small-mac", "paper-gpt3-small-kv",
                              "paper-gpt3-175b-weight", "paper-gpt3-175b-mac", "paper-gpt3-175b-kv"}) {
    SCOPED_TRACE(id);
    const Scenario* scenario = builtin_presets().find_scenario(id);
    ASSERT_NE(scenario, nullptr);
    const ScenarioResult result = evaluate(*scenario);
    EXPECT_EQ(result.counts.provenance.parameters, CountSource::declared);
    EXPECT_EQ(result.counts.provenance.macs, CountSource::declared);
    EXPECT_EQ(result.counts.provenance.activation, CountSource::counted);
    EXPECT_EQ(result.counts.provenance.kv_cache, CountSource::counted);
    // The paper's lesson: the LLMs stay memory-bound.
    EXPECT_FALSE(result.sweep.crossover_batch.has_value());
  }
}

TEST(Presets, EveryCatalogNumberHasASource)
{
  const HardwareCatalog& catalog = builtin_presets().catalog;
  EXPECT_FALSE(catalog.memories.empty());
  EXPECT_FALSE(catalog.mac_units.empty());
  for (const MemoryTechnology& memory : catalog.memories) {
    EXPECT_FALSE(memory.provenance.source.empty()) << memory.id;
    EXPECT_GE(memory.energy_per_bit_pj, 0) << memory.id;
  }
  for (const MacUnit& unit : catalog.mac_units) {
    EXPECT_FALSE(unit.provenance.source.empty()) << unit.id;
  }
  for (const Hardware& hardware : builtin_presets().hardware) {
    for (const MemoryChoice* memory : {&hardware.weight, &hardware.activation, &hardware.kv_cache}) {
      EXPECT_FALSE(memory->provenance.source.empty()) << hardware.id;
    }
    EXPECT_FALSE(hardware.mac.figures.empty()) << hardware.id;
    for (const MacFigure& figure : hardware.mac.figures) {
      EXPECT_FALSE(figure.provenance.source.empty()) << hardware.id;
      EXPECT_FALSE(figure.is_custom()) << hardware.id;
    }
    EXPECT_FALSE(hardware.is_edited()) << hardware.id;
  }
  for (const MacUnit& unit : catalog.mac_units) {
    EXPECT_NE(catalog.find_node(unit.node), nullptr) << unit.id;
  }
  EXPECT_EQ(catalog.find_memory("lpddr5")->energy_per_bit_pj, 4.5);
  EXPECT_EQ(catalog.find_mac_unit("horowitz-45nm-int8")->energy_per_mac_pj, 0.23);
  EXPECT_EQ(catalog.find_mac_unit("horowitz-45nm-fp16")->energy_per_mac_pj, 1.5);
}

TEST(Presets, ABareModelGetsADefaultScenario)
{
  const PresetLibrary& library = builtin_presets();
  const Scenario scenario = resolve_scenario("gpt3-175b", library);
  EXPECT_EQ(scenario.model.id, "gpt3-175b");
  EXPECT_EQ(scenario.model_preset, "gpt3-175b");
  EXPECT_EQ(scenario.hardware.weight.technology, "lpddr5");
  EXPECT_EQ(scenario.hardware.mac.node, "horowitz-45nm");
  EXPECT_EQ(scenario.hardware.mac.figure_for(scenario.precision.mac)->energy_per_mac_pj, 1.5);
  EXPECT_EQ(scenario.batches, (std::vector<double>{1, 4, 8, 16}));
}

TEST(Presets, FilesAreResolvedLikePresets)
{
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "nne-test-presets";
  std::filesystem::create_directories(dir);
  const PresetLibrary& library = builtin_presets();
  const std::filesystem::path model_file = dir / "model.json";
  std::ofstream(model_file) << model_to_json(*library.find_model("gpt3-small")).dump(2);
  EXPECT_EQ(resolve_model(model_file.string(), library).name, "GPT3-small (paper)");
  const Scenario from_model = resolve_scenario(model_file.string(), library);
  EXPECT_EQ(from_model.hardware.mac.figure_for(from_model.precision.mac)->energy_per_mac_pj, 1.5);

  const std::filesystem::path scenario_file = dir / "scenario.nne.json";
  save_scenario_file(scenario_file, *library.find_scenario("paper-llama7b-kv"));
  const Scenario loaded = resolve_scenario(scenario_file.string(), library);
  EXPECT_EQ(loaded.sweep.component, Component::kv_cache);
  EXPECT_EQ(resolve_model(scenario_file.string(), library).id, "llama-7b-paper");
  std::filesystem::remove_all(dir);
}

TEST(Presets, UnknownNamesAreClearErrors)
{
  try {
    resolve_model("gpt5", builtin_presets());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "gpt5: no model preset or file of that name (`nn-energy-explorer list models` lists the presets)");
  }
  EXPECT_THROW(resolve_scenario("/nonexistent/file.nne.json", builtin_presets()), InputError);
}

TEST(Presets, DuplicateIdsAreRefused)
{
  const std::string model = R"({"format": "nn-energy-explorer/model", "version": 1, "id": "m", "name": "M",
    "architecture": "transformer", "n_vocab": 10, "n_ctx": 8, "d_model": 8, "n_layer": 1, "n_head": 2})";
  const EmbeddedFile files[]{{"models/a.json", model}, {"models/b.json", model}};
  try {
    load_presets(files);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.origin(), "presets/models/b.json");
    EXPECT_EQ(e.key_path(), "/id");
  }
}

} // namespace
} // namespace nne
