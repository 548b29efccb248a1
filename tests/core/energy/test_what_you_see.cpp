// Every number describes the scenario as it is: the MACs follow the number format, the declared
// figures apply only to the published architecture, a relative unit can be pinned, labels stop
// claiming a preset once it is edited, and what cannot fit says so. Each test reproduces a defect
// a user met (issue 10), with the figures that user saw.
#include "core/energy/energy.h"
#include "core/energy/scenario.h"
#include "core/energy/verdict.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace nne {
namespace {

const PresetLibrary& library()
{
  return builtin_presets();
}

Scenario scenario_of(const char* id)
{
  const Scenario* scenario = library().find_scenario(id);
  EXPECT_NE(scenario, nullptr) << id;
  return *scenario;
}

// The scenario with another model picked, as the model combo does.
Scenario with_model(Scenario scenario, const char* model_id)
{
  const Model* model = library().find_model(model_id);
  EXPECT_NE(model, nullptr) << model_id;
  adopt_model(scenario, *model, model_id);
  return scenario;
}

double mac_pj(const Scenario& scenario)
{
  return mac_figure(scenario.hardware, scenario.precision.mac).energy_per_mac_pj;
}

// 1. Llama-7B's scenario (FP16 MACs, 1.5 pJ), then ResNet18 (INT8): the MACs were still charged
// FP16's 1.5 pJ and the crossover came out at 0.332 instead of the paper's 2.147.
TEST(WhatYouSee, PickingAModelAdoptsItsFormatsAndTheMacEnergyFollows)
{
  const Scenario llama = scenario_of("paper-llama7b-kv");
  EXPECT_EQ(llama.precision.mac, NumberFormat::fp16);
  EXPECT_DOUBLE_EQ(mac_pj(llama), 1.5);

  const Scenario resnet = with_model(llama, "resnet18");
  EXPECT_EQ(resnet.precision.mac, NumberFormat::int8);
  EXPECT_EQ(resnet.precision.weight, NumberFormat::int8);
  EXPECT_DOUBLE_EQ(mac_pj(resnet), 0.23); // Horowitz's INT8 add 0.03 + mult 0.2 at 45 nm
  const ScenarioResult result = evaluate(resnet);
  EXPECT_DOUBLE_EQ(result.coefficients.mac_per_sample, result.counts.counts.macs_per_sample * 0.23e-12);
  const auto crossover = crossover_batch(result.coefficients, resnet.scales);
  ASSERT_TRUE(crossover.has_value());
  EXPECT_GT(*crossover, 1.0); // 0.332 with FP16's energy

  // And back: the arithmetic follows again.
  const Scenario back = with_model(resnet, "llama-7b-paper");
  EXPECT_EQ(back.precision.mac, NumberFormat::fp16);
  EXPECT_DOUBLE_EQ(mac_pj(back), 1.5);
}

TEST(WhatYouSee, TheSameArithmeticOnEitherPaperHardwareAndThePapersCrossover)
{
  // The CLI case: resnet18 on paper-lpddr5-fp16 with INT8 precision. Both paper hardwares name
  // the 45 nm node; they differ in the activation memory only.
  Scenario on_fp16_hardware = scenario_of("paper-resnet18-mac");
  on_fp16_hardware.hardware = *library().find_hardware("paper-lpddr5-fp16");
  on_fp16_hardware.hardware_preset = "paper-lpddr5-fp16";
  const Scenario on_int8_hardware = scenario_of("paper-resnet18-mac");
  EXPECT_EQ(on_fp16_hardware.precision.mac, NumberFormat::int8);
  EXPECT_DOUBLE_EQ(mac_pj(on_fp16_hardware), 0.23);
  EXPECT_DOUBLE_EQ(mac_pj(on_int8_hardware), 0.23);
  const auto paper = crossover_batch(evaluate(on_int8_hardware).coefficients, on_int8_hardware.scales);
  const auto fp16_memories = crossover_batch(evaluate(on_fp16_hardware).coefficients, on_fp16_hardware.scales);
  ASSERT_TRUE(paper && fp16_memories);
  EXPECT_NEAR(*paper, 2.147, 0.0005);         // the paper's ResNet18 crossover
  EXPECT_NEAR(*fp16_memories, 3.399, 0.0005); // 4.5 pJ/bit activations: more memory energy per sample
}

TEST(WhatYouSee, AFormatTheNodeHasNoFigureForIsAnErrorNotAnotherFormatsEnergy)
{
  Scenario scenario = scenario_of("paper-llama7b-kv");
  scenario.precision.mac = NumberFormat::bf16; // Horowitz gives no BF16 figure at 45 nm
  try {
    (void)evaluate(scenario);
    FAIL() << "evaluated BF16 MACs with a figure the node does not have";
  } catch (const InputError& error) {
    EXPECT_EQ(error.key_path(), "/precision/mac");
    EXPECT_NE(std::string(error.problem()).find("BF16"), std::string::npos) << error.problem();
  }
  // A value the user typed is theirs, for that format only.
  scenario.hardware.mac.set_custom(NumberFormat::bf16, 1.1, {"entered by the user", "", ""});
  EXPECT_DOUBLE_EQ(mac_pj(scenario), 1.1);
  EXPECT_TRUE(scenario.hardware.is_edited());
  EXPECT_EQ(display_name(scenario.hardware), "Custom");
  scenario.precision.mac = NumberFormat::fp16;
  EXPECT_DOUBLE_EQ(mac_pj(scenario), 1.5);
}

// 2. n_kv_head 32 -> 8 on the paper's Llama: the counts changed, the bars did not, because the
// declared figures still drove them.
TEST(WhatYouSee, AnEditedArchitectureIsCountedAndUndoingTheEditBringsTheDeclaredFiguresBack)
{
  Scenario scenario = scenario_of("paper-llama7b-kv");
  const ScenarioResult published = evaluate(scenario);
  EXPECT_NE(published.counts.provenance.parameters, CountSource::counted);

  auto& transformer = std::get<TransformerModel>(scenario.model.architecture);
  transformer.n_kv_head = 8;
  EXPECT_TRUE(scenario.model.is_edited());
  EXPECT_EQ(scenario.model.applicable_declared(), nullptr);
  const ScenarioResult edited = evaluate(scenario);
  EXPECT_EQ(edited.counts.provenance.parameters, CountSource::counted);
  EXPECT_EQ(edited.counts.provenance.kv_cache, CountSource::counted);
  EXPECT_LT(edited.coefficients.kv_cache_per_sample, published.coefficients.kv_cache_per_sample / 3.9);
  EXPECT_NE(edited.breakdowns.back().joules.total(), published.breakdowns.back().joules.total());
  EXPECT_EQ(display_name(scenario.model), "Llama-7B (paper) (edited)");

  transformer.n_kv_head = 32; // as undo does
  EXPECT_FALSE(scenario.model.is_edited());
  const ScenarioResult again = evaluate(scenario);
  EXPECT_EQ(again.breakdowns.back().joules.total(), published.breakdowns.back().joules.total());
}

// 8. A saved edited model kept the preset's id and name; the hardware's caption kept the preset.
TEST(WhatYouSee, AnEditedModelAndHardwareAreSavedUnderNamesThatSaySo)
{
  Scenario scenario = scenario_of("paper-llama7b-kv");
  std::get<TransformerModel>(scenario.model.architecture).n_kv_head = 8;
  scenario.hardware.weight.energy_per_bit_pj = 1.0;
  scenario.hardware.weight.technology.clear();
  const nlohmann::json saved = scenario_to_json(scenario);
  ASSERT_TRUE(saved["model"].is_object());
  EXPECT_FALSE(saved["model"].contains("preset")) << saved["model"].dump(); // saved whole, not as the preset
  EXPECT_EQ(saved["model"]["id"], "llama-7b-paper-edited");
  EXPECT_FALSE(saved["hardware"].contains("preset")) << saved["hardware"].dump();

  const Scenario reread = scenario_from_json(saved, library(), "saved.nne.json");
  EXPECT_EQ(std::get<TransformerModel>(reread.model.architecture).n_kv_head, 8);
  EXPECT_NE(reread.model.name, "Llama-7B (paper)");
  EXPECT_NE(reread.model.id, "llama-7b-paper");
  EXPECT_EQ(reread.model.applicable_declared(), nullptr); // the publication's figures stay behind
  EXPECT_DOUBLE_EQ(reread.hardware.weight.energy_per_bit_pj, 1.0);
}

// 6. FP16 -> INT4 weights made the batch-16 bar grow from 3.19 to 7.1 although every energy fell:
// the unit re-baselined silently. Pinned, a change is seen as a change.
TEST(WhatYouSee, APinnedReferenceShowsAnEnergyThatFellAsShorterBars)
{
  Scenario scenario = scenario_of("paper-llama7b-kv");
  const ScenarioResult before = evaluate(scenario);
  EnergyReference pinned = before.reference;
  pinned.pinned = true;

  scenario.precision.weight = NumberFormat::int4;
  const ScenarioResult own = evaluate(scenario);
  const ScenarioResult against_pin = evaluate(scenario, &pinned);
  EXPECT_LT(own.breakdowns.back().joules.total(), before.breakdowns.back().joules.total());
  // Relative to its own batch 1 the bar grows: the reason the unit must say what it is.
  EXPECT_GT(own.breakdowns.back().normalized.total(), before.breakdowns.back().normalized.total());
  EXPECT_NE(own.reference.label, before.reference.label);
  // Relative to the pinned reference it falls, as the joules do.
  EXPECT_TRUE(against_pin.reference.pinned);
  EXPECT_EQ(against_pin.reference.joules, before.reference.joules);
  for (std::size_t i = 0; i < before.breakdowns.size(); ++i) {
    EXPECT_LT(against_pin.breakdowns[i].normalized.total(), before.breakdowns[i].normalized.total()) << i;
    EXPECT_DOUBLE_EQ(against_pin.breakdowns[i].normalized.total(),
                     against_pin.breakdowns[i].joules.total() / before.reference.joules);
  }
}

// 4. The regime chart's criterion agrees with the verdict: MAC energy over memory energy crosses 1
// exactly at the crossover batch, and stays below 1 for a model that never crosses.
TEST(WhatYouSee, TheRegimeRatioCrossesOneAtTheCrossoverBatch)
{
  const Scenario resnet = scenario_of("paper-resnet18-mac");
  const ScenarioResult result = evaluate(resnet);
  const auto crossover = crossover_batch(result.coefficients, resnet.scales);
  ASSERT_TRUE(crossover.has_value());
  EXPECT_NEAR(mac_to_memory_ratio(result.coefficients, *crossover, resnet.scales), 1.0, 1e-12);
  EXPECT_LT(mac_to_memory_ratio(result.coefficients, *crossover * 0.99, resnet.scales), 1.0);
  EXPECT_GT(mac_to_memory_ratio(result.coefficients, *crossover * 1.01, resnet.scales), 1.0);

  const Scenario llama = scenario_of("paper-llama7b-kv");
  const ScenarioResult llama_result = evaluate(llama);
  EXPECT_FALSE(crossover_batch(llama_result.coefficients, llama.scales).has_value());
  for (double batch : {1.0, 16.0, 48.0, 96.0, 1024.0}) {
    // Near batch 48 the old FLOPs-per-parameter line crossed its ridge: this criterion does not.
    EXPECT_LT(mac_to_memory_ratio(llama_result.coefficients, batch, llama.scales), 1.0) << batch;
  }
}

// 10. A crossover below one sample was printed as "the crossover lies at 0.332".
TEST(WhatYouSee, ACrossoverBelowOneSampleIsSaidAsComputeBoundFromBatchOne)
{
  Scenario scenario = scenario_of("paper-resnet18-mac");
  scenario.hardware.weight.energy_per_bit_pj = 0.01; // weights nearly free: compute-bound at once
  scenario.hardware.weight.technology.clear();
  const ScenarioResult result = evaluate(scenario);
  const auto crossover = crossover_batch(result.coefficients, scenario.scales);
  ASSERT_TRUE(crossover.has_value());
  ASSERT_LT(*crossover, 1.0);
  const std::string text = verdict(scenario, result, 16, 1.0 / 16);
  EXPECT_NE(text.find("compute-bound from batch 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("0.0"), std::string::npos) << text; // no fractional batch
  EXPECT_EQ(text.find("crossover lies at 0"), std::string::npos) << text;
}

// 11. 6.66 G parameters placed in an 8 KB SRAM gave no warning.
TEST(WhatYouSee, ATensorClassThatCannotFitItsMemoryIsWarnedAbout)
{
  Scenario scenario = scenario_of("paper-llama7b-kv");
  EXPECT_TRUE(evaluate(scenario).capacity_warnings.empty()); // LPDDR5 without a stated size
  const MemoryTechnology* sram = library().catalog.find_memory("horowitz-45nm-sram-8kb");
  ASSERT_NE(sram, nullptr);
  ASSERT_TRUE(sram->capacity_bytes.has_value());
  scenario.hardware.weight = memory_choice(*sram);
  const ScenarioResult result = evaluate(scenario);
  ASSERT_EQ(result.capacity_warnings.size(), 1U);
  const CapacityWarning& warning = result.capacity_warnings.front();
  EXPECT_EQ(warning.component, Component::weight);
  EXPECT_EQ(warning.capacity_bytes, 8192);
  EXPECT_NEAR(warning.bytes, 6.66e9 * 2, 1e7); // FP16: two bytes per parameter
  EXPECT_NE(warning.message.find("do not fit"), std::string::npos) << warning.message;
  // The energy is still computed: a warning, not a refusal.
  EXPECT_GT(result.breakdowns.back().joules.total(), 0);
}

} // namespace
} // namespace nne
