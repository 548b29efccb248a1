#include "core/energy/energy.h"
#include "core/io/presets.h"
#include "core/energy/scenario.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nne {
namespace {

// A dense model with round numbers: 1e6 parameters, 1e8 MACs, 1e5 activation and 1e4 KV elements.
EnergyCoefficients round_coefficients()
{
  ModelCounts counts;
  counts.parameters = 1e6;
  counts.macs_per_sample = 1e8;
  counts.activation_elements_per_sample = 1e5;
  counts.kv_cache_elements_per_sample = 1e4;
  Hardware hardware;
  hardware.weight.energy_per_bit_pj = 4.0;
  hardware.activation.energy_per_bit_pj = 2.0;
  hardware.kv_cache.energy_per_bit_pj = 3.0;
  hardware.mac.set_custom(NumberFormat::int8, 0.5, {});
  Precision precision{NumberFormat::int8, NumberFormat::fp16, NumberFormat::int4, NumberFormat::int8};
  return make_coefficients(counts, precision, hardware);
}

TEST(Energy, CoefficientsAreBitsTimesEnergyPerBit)
{
  const EnergyCoefficients c = round_coefficients();
  EXPECT_DOUBLE_EQ(c.weight_per_parameter, 8 * 4.0e-12);
  EXPECT_DOUBLE_EQ(c.mac_per_sample, 1e8 * 0.5e-12);
  EXPECT_DOUBLE_EQ(c.activation_per_sample, 1e5 * 16 * 2.0e-12);
  EXPECT_DOUBLE_EQ(c.kv_cache_per_sample, 1e4 * 4 * 3.0e-12);
}

TEST(Energy, WeightsArePaidOncePerStepTheRestPerSample)
{
  const EnergyCoefficients c = round_coefficients();
  const ComponentEnergies one = step_energy(c, 1, Scales{});
  const ComponentEnergies eight = step_energy(c, 8, Scales{});
  EXPECT_DOUBLE_EQ(eight.weight, one.weight);
  EXPECT_DOUBLE_EQ(eight.mac, 8 * one.mac);
  EXPECT_DOUBLE_EQ(eight.activation, 8 * one.activation);
  EXPECT_DOUBLE_EQ(eight.kv_cache, 8 * one.kv_cache);
  EXPECT_DOUBLE_EQ(one.weight, 1e6 * 32e-12);
  EXPECT_DOUBLE_EQ(one.total(), 32e-6 + 50e-6 + 3.2e-6 + 0.12e-6);
}

TEST(Energy, ScalesMultiplyOnlyTheirComponent)
{
  const EnergyCoefficients c = round_coefficients();
  const ComponentEnergies base = step_energy(c, 4, Scales{});
  for (Component component : kAllComponents) {
    const ComponentEnergies scaled = step_energy(c, 4, Scales::only(component, 1.0 / 16));
    for (Component other : kAllComponents) {
      EXPECT_DOUBLE_EQ(scaled[other], base[other] * (other == component ? 1.0 / 16 : 1.0));
    }
  }
}

TEST(Energy, BreakdownNormalizesToBatchOneAtScaleOne)
{
  const EnergyCoefficients c = round_coefficients();
  const Breakdown b1 = breakdown(c, 1, Scales{});
  EXPECT_DOUBLE_EQ(b1.normalized.total(), 1.0);
  const Breakdown b16 = breakdown(c, 16, Scales::only(Component::mac, 0.25));
  EXPECT_DOUBLE_EQ(b16.normalized.mac, 16 * 50e-6 * 0.25 / b1.joules.total());
  EXPECT_DOUBLE_EQ(b16.per_sample.weight, b16.joules.weight / 16);
  EXPECT_NEAR(b16.shares.total(), 1.0, 1e-15);
  EXPECT_DOUBLE_EQ(b16.shares.weight, b16.joules.weight / b16.joules.total());
}

TEST(Energy, SavingIsOneMinusScaleTimesShare)
{
  const EnergyCoefficients c = round_coefficients();
  const Breakdown b = breakdown(c, 4, Scales{});
  for (Component component : kAllComponents) {
    const double expected = 1.0 - breakdown(c, 4, Scales::only(component, 1.0 / 16)).joules.total() / b.joules.total();
    EXPECT_NEAR(saving(b, component, 1.0 / 16), expected, 1e-15);
  }
}

TEST(Energy, CrossoverBatchByHand)
{
  // MAC 50 uJ per sample against 3.2 + 0.12 uJ of activation and KV: B* = 32 / (50 - 3.32).
  const EnergyCoefficients c = round_coefficients();
  const auto crossover = crossover_batch(c, Scales{});
  ASSERT_TRUE(crossover.has_value());
  EXPECT_NEAR(*crossover, 32.0 / 46.68, 1e-12);
  const ComponentEnergies at = step_energy(c, *crossover, Scales{});
  EXPECT_NEAR(at.mac, at.memory(), 1e-18);
  // 1/16 of the MAC energy makes it cost less than activations + KV per sample: never compute-bound.
  EXPECT_FALSE(crossover_batch(c, Scales::only(Component::mac, 1.0 / 16)).has_value());
}

TEST(Energy, CrossoverOfThePaperModels)
{
  // ResNet18 (paper inputs): 421.2 uJ of weights / (207.0 - 10.8192 uJ per image) = 2.146999...
  const Scenario& resnet = *builtin_presets().find_scenario("paper-resnet18-weight");
  const auto resnet_crossover = crossover_batch(scenario_coefficients(resnet), Scales{});
  ASSERT_TRUE(resnet_crossover.has_value());
  EXPECT_NEAR(*resnet_crossover, 421.2 / (207.0 - 10.8192), 1e-9);
  // Llama-7B: 9.9 mJ of MACs per sequence never outweighs 72 mJ of KV cache + 0.25 mJ activations.
  const Scenario& llama = *builtin_presets().find_scenario("paper-llama7b-kv");
  EXPECT_FALSE(crossover_batch(scenario_coefficients(llama), Scales{}).has_value());
  // ... unless the KV cache gets 16x cheaper: 479.52 / (9.9 - 0.2511 - 4.5) mJ.
  const auto cheap_kv = crossover_batch(scenario_coefficients(llama), Scales::only(Component::kv_cache, 1.0 / 16));
  ASSERT_TRUE(cheap_kv.has_value());
  EXPECT_NEAR(*cheap_kv, 479.52 / (9.9 - 0.2511 - 4.5), 1e-9);
}

TEST(Energy, RidgeInFlopsPerParameter)
{
  // Fig 10c: 2 b_w e_w / e_mac; ResNet18 INT8 on LPDDR5 with a 0.23 pJ MAC: 2 x 8 x 4.5 / 0.23.
  const EnergyCoefficients c = scenario_coefficients(*builtin_presets().find_scenario("paper-resnet18-mac"));
  EXPECT_NEAR(ridge_flops_per_parameter(c, Scales{}), 2 * 8 * 4.5 / 0.23, 1e-9);
  EXPECT_NEAR(ridge_flops_per_parameter(c, Scales::only(Component::weight, 0.5)), 8 * 4.5 / 0.23, 1e-9);
  // Table 2 inputs: 0.9e9 MACs per 11.7e6 parameters.
  EXPECT_NEAR(flops_per_parameter_at(c, 4), 4 * 2 * 0.9e9 / 11.7e6, 1e-9);
}

TEST(Energy, MixtureOfExpertsReadsMoreExpertsAtLargerBatches)
{
  ModelCounts counts;
  counts.parameters = 100;
  counts.routed_expert_parameters = 80; // 8 experts of 10
  counts.n_expert = 8;
  counts.top_k = 2;
  EXPECT_DOUBLE_EQ(counts.parameters_read_per_step(1), 20 + 80 * 0.25);
  EXPECT_DOUBLE_EQ(counts.parameters_read_per_step(2), 20 + 80 * (1 - 0.75 * 0.75));
  EXPECT_NEAR(counts.parameters_read_per_step(1000), 100, 1e-9);

  counts.macs_per_sample = 1000;
  Hardware hardware;
  hardware.weight.energy_per_bit_pj = 10;
  hardware.mac.set_custom(Precision{}.mac, 0.01, {});
  const EnergyCoefficients c = make_coefficients(counts, Precision{}, hardware);
  const auto crossover = crossover_batch(c, Scales{});
  ASSERT_TRUE(crossover.has_value());
  const ComponentEnergies at = step_energy(c, *crossover, Scales{});
  EXPECT_NEAR(at.mac / at.memory(), 1.0, 1e-9);
}

TEST(Energy, SweepIsBatchMajorWithTheBaseScalesElsewhere)
{
  const EnergyCoefficients c = round_coefficients();
  const std::vector<double> batches{1, 4};
  const std::vector<double> scales{0.5, 1};
  const Scales base(1, 0.25, 1, 1);
  const Sweep s = sweep(c, batches, Component::weight, scales, base);
  ASSERT_EQ(s.rows.size(), 4U);
  EXPECT_EQ(s.rows[1].batch, 1);
  EXPECT_EQ(s.rows[1].scale, 1);
  EXPECT_EQ(s.rows[2].batch, 4);
  EXPECT_EQ(s.rows[2].scale, 0.5);
  EXPECT_DOUBLE_EQ(s.rows[2].breakdown.scales.weight, 0.5);
  EXPECT_DOUBLE_EQ(s.rows[2].breakdown.scales.mac, 0.25);
  EXPECT_EQ(s.crossover_batch, crossover_batch(c, base));
}

} // namespace
} // namespace nne

namespace nne {
namespace {

TEST(Energy, RegimeCurveOfResNet18)
{
  const EnergyCoefficients c = scenario_coefficients(*builtin_presets().find_scenario("paper-resnet18-mac"));
  const RegimeCurve curve = regime_curve(c, Scales{}, 1024, 11);
  ASSERT_EQ(curve.batches.size(), 11U);
  EXPECT_DOUBLE_EQ(curve.batches.front(), 1.0);
  EXPECT_NEAR(curve.batches.back(), 1024.0, 1e-9);
  EXPECT_NEAR(curve.batches[1], 2.0, 1e-12); // log spacing: 1, 2, 4, ...
  EXPECT_NEAR(curve.flops_per_parameter[1], 2 * 2 * 0.9e9 / 11.7e6, 1e-9);
  EXPECT_NEAR(curve.ridge_flops_per_parameter, 2 * 8 * 4.5 / 0.23, 1e-9);
  ASSERT_TRUE(curve.crossover_batch.has_value());
  EXPECT_NEAR(*curve.crossover_batch, 421.2 / (207.0 - 10.8192), 1e-9);
}

} // namespace
} // namespace nne
