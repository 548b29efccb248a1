#pragma once

#include "core/model/component.h"
#include "core/model/counts.h"
#include "core/energy/hardware.h"
#include "core/model/precision.h"

#include <optional>
#include <span>
#include <vector>

namespace nne {

// Everything the breakdown needs, reduced to energies in joules, so that evaluating one
// (batch, scales) point is a handful of multiplications (the GUI does it on every slider step).
struct EnergyCoefficients {
  double weight_per_parameter = 0;  // J per parameter read: b_w x e_w
  double mac_per_sample = 0;        // J: M x e_mac
  double activation_per_sample = 0; // J: A_elements x b_act x e_act
  double kv_cache_per_sample = 0;   // J: KV_elements x b_kv x e_kv
  ModelCounts counts;               // for the weight read per step (MoE) and FLOPs per parameter
};

// What is wrong when the hardware has no MAC figure for `format`, for a user: which formats it has
// and what to do.
std::string missing_mac_figure_problem(const Hardware& hardware, NumberFormat format);

// The energy of one MAC in `format` on the hardware, in pJ: its arithmetic's figure for that format
// (a catalog unit or the user's own value). Throws InputError (origin: the hardware's name, key
// "/mac") when it has none: a MAC is never charged another format's energy.
const MacFigure& mac_figure(const Hardware& hardware, NumberFormat format);

// Throws InputError when the hardware has no MAC figure for precision.mac (see mac_figure).
EnergyCoefficients make_coefficients(const ModelCounts& counts, const Precision& precision, const Hardware& hardware);

// Energy of one step of `batch` samples, in joules, each component multiplied by its scale:
//   weight     = P_read(B) x b_w x e_w x s_w   (fetched once, reused across the batch)
//   mac        = B x M x e_mac x s_mac
//   activation = B x A_bits x e_act x s_act
//   kv_cache   = B x KV_bits x e_kv x s_kv
ComponentEnergies step_energy(const EnergyCoefficients& coefficients, double batch, const Scales& scales) noexcept;

struct Breakdown {
  double batch = 1;
  Scales scales;
  ComponentEnergies joules;     // per step
  ComponentEnergies normalized; // joules / total(batch 1, all scales 1): the paper's unit
  ComponentEnergies per_sample; // joules / batch
  ComponentEnergies shares;     // joules / total
};

// `reference_joules`: what `normalized` is relative to; by default the total at batch 1 with every
// scale at 1 (the paper's unit), or a pinned reference scenario's (reference_energy()).
Breakdown breakdown(const EnergyCoefficients& coefficients, double batch, const Scales& scales) noexcept;
Breakdown breakdown(const EnergyCoefficients& coefficients, double batch, const Scales& scales,
                    double reference_joules) noexcept;

// The paper's normalization reference: the total of one step at batch 1 with every scale at 1.
double reference_energy(const EnergyCoefficients& coefficients) noexcept;

// Fraction of the total saved by scaling `component` by `scale` with everything else fixed:
// (1 - scale) x share of that component.
double saving(const Breakdown& at, Component component, double scale) noexcept;

// The batch at which MAC energy equals memory energy (weight + activation + kv_cache). Below it a
// model is memory-bound in energy, above it compute-bound. nullopt: never compute-bound.
std::optional<double> crossover_batch(const EnergyCoefficients& coefficients, const Scales& scales) noexcept;

// MAC energy over memory energy (weight + activation + kv_cache) of a step: below 1 memory-bound,
// above 1 compute-bound; it crosses 1 at the crossover batch. 0 when the step moves no memory.
double mac_to_memory_ratio(const EnergyCoefficients& coefficients, double batch, const Scales& scales) noexcept;

// The paper's Fig 10c view of the same: FLOPs per parameter at a batch (2 B M / P_read) against
// the ridge 2 b_w e_w s_w / (e_mac s_mac). The ridge ignores the activations and the KV cache,
// which grow with the batch: it agrees with the crossover batch only where they are negligible.
double flops_per_parameter_at(const EnergyCoefficients& coefficients, double batch) noexcept;
double ridge_flops_per_parameter(const EnergyCoefficients& coefficients, const Scales& scales) noexcept;

// The per-unit energy of a component on the hardware, times a what-if scale: pJ per bit for the
// memories, pJ per MAC in the precision's MAC format for the arithmetic; nullopt where the hardware
// has no MAC figure for that format. What a slider's label shows.
std::optional<double> unit_energy_pj(const Hardware& hardware, const Precision& precision, Component component,
                                     double scale = 1.0) noexcept;

// Whether a model is memory- or compute-bound against batch, as data: MAC energy over memory energy
// (it crosses 1 at the energy crossover batch, which the verdict names), and the paper's Fig 10c
// view, FLOPs per parameter with its weight-only ridge. Batches are spaced evenly on a log scale
// from 1 to `last_batch`.
struct RegimeCurve {
  std::vector<double> batches;
  std::vector<double> mac_to_memory; // mac_to_memory_ratio at each batch
  std::vector<double> flops_per_parameter;
  double ridge_flops_per_parameter = 0;
  std::optional<double> crossover_batch;
};
RegimeCurve regime_curve(const EnergyCoefficients& coefficients, const Scales& scales, double last_batch,
                         int points = 64);

struct SweepRow {
  double batch = 1;
  double scale = 1;
  Breakdown breakdown;
};

struct Sweep {
  Component component = Component::weight; // the one that is scaled
  std::vector<SweepRow> rows;              // batch-major, scales in the given order
  std::optional<double> crossover_batch;   // at the base scales
};

// One breakdown per (batch, scale): `component` at each scale, the others at `base`, normalized to
// `reference_joules` (by default reference_energy(coefficients)).
Sweep sweep(const EnergyCoefficients& coefficients, std::span<const double> batches, Component component,
            std::span<const double> scales, const Scales& base = {},
            std::optional<double> reference_joules = std::nullopt);

} // namespace nne
