#pragma once

#include "core/model/component.h"
#include "core/energy/energy.h"

#include <cstddef>
#include <span>
#include <vector>

namespace nne {

// A design space: every combination of a batch and a what-if scale per component. Points are
// numbered batch-major, then weight, MAC, activation and KV-cache scale (the KV scale varies
// fastest), so a caller's buffer can be read back as a 5-dimensional array.
struct DesignSpaceAxes {
  std::vector<double> batches{1.0};
  std::vector<double> weight_scales{1.0};
  std::vector<double> mac_scales{1.0};
  std::vector<double> activation_scales{1.0};
  std::vector<double> kv_cache_scales{1.0};

  // The number of points: the product of the axes' lengths.
  std::size_t size() const noexcept;
};

struct DesignPoint {
  double batch = 1;
  Scales scales;
  friend bool operator==(const DesignPoint&, const DesignPoint&) = default;
};

// The coordinates of point `index` (0 <= index < axes.size()).
DesignPoint design_point(const DesignSpaceAxes& axes, std::size_t index) noexcept;

// What a design-space sweep keeps of each point's breakdown b: enough to rank points across
// batches and to tell memory-bound from compute-bound ones.
struct DesignPointEnergy {
  double joules_per_sample = 0; // b.joules.total() / b.batch
  double memory_share = 0;      // b.joules.memory() / b.joules.total(), 0 when the total is 0
  friend bool operator==(const DesignPointEnergy&, const DesignPointEnergy&) = default;
};

// 0: one per hardware thread.
inline constexpr unsigned kAllHardwareThreads = 0;

// Evaluates every point of `axes` into `out` (out.size() must equal axes.size(), else
// std::invalid_argument), split into contiguous chunks over `threads` threads. Every point is
// computed alone, so the results do not depend on the number of threads.
void evaluate_design_space(const EnergyCoefficients& coefficients, const DesignSpaceAxes& axes,
                           std::span<DesignPointEnergy> out, unsigned threads = kAllHardwareThreads);

// The extremes of a design space, without a buffer of every point.
struct DesignSpaceSummary {
  std::size_t points = 0;
  std::size_t memory_bound_points = 0; // memory energy above MAC energy: memory share above 1/2
  DesignPoint cheapest;                // lowest energy per sample; the lowest index among equals
  DesignPointEnergy cheapest_energy;
  DesignPoint costliest; // highest energy per sample; the lowest index among equals
  DesignPointEnergy costliest_energy;
};

// Throws std::invalid_argument when the space is empty.
DesignSpaceSummary summarize_design_space(const EnergyCoefficients& coefficients, const DesignSpaceAxes& axes,
                                          unsigned threads = kAllHardwareThreads);

// A map over two what-if scales at one batch, for a heat map: every memory (weight, activation,
// KV cache) scaled by the row's factor, the MACs by the column's.
struct ScaleMap {
  double batch = 1;
  std::vector<double> memory_scales; // rows
  std::vector<double> mac_scales;    // columns
  // Row-major, rows x columns: the total against today's total at the same batch (all scales 1),
  // i.e. the fraction of today's energy that is left.
  std::vector<double> relative_total;
  std::vector<double> memory_share; // as in DesignPointEnergy

  std::size_t index(std::size_t row, std::size_t column) const noexcept { return row * mac_scales.size() + column; }
};

ScaleMap memory_mac_scale_map(const EnergyCoefficients& coefficients, double batch,
                              std::span<const double> memory_scales, std::span<const double> mac_scales);

// Where a scenario's sliders sit on a memory x MAC map at `batch`: the MAC scale, and the one memory
// scale that gives the same memory energy as the three memory sliders (each memory's scale
// weighted by its energy today at `batch`; the weight scale when there is no memory energy), so
// that the point's energy is the scenario's. Also its energy against today's and its memory share.
struct ScaleMapPoint {
  double memory_scale = 1;
  double mac_scale = 1;
  double relative_total = 1; // as in ScaleMap
  double memory_share = 0;   // as in ScaleMap
};
ScaleMapPoint scale_map_point(const EnergyCoefficients& coefficients, double batch, const Scales& scales) noexcept;

// The boundary of a memory x MAC map over [smallest, 1] on both axes, at `batch`, between the
// memory-bound cells (memory share above 1/2) and the compute-bound ones: where memory energy
// equals MAC energy, memory_scale = mac_scale x (MAC energy / memory energy today), a straight
// line on log axes. Larger memory scales and smaller MAC scales lie on its memory-bound side.
struct ScaleMapRegions {
  // The line's two ends on the map's edges, the larger MAC scale first; empty when the line
  // misses the map (or only touches a corner) and one regime holds everywhere.
  std::vector<ScaleMapPoint> boundary;
  bool memory_bound_everywhere = false;  // every cell's memory share above 1/2
  bool compute_bound_everywhere = false; // every cell's memory share at most 1/2
};
ScaleMapRegions scale_map_regions(const EnergyCoefficients& coefficients, double batch, double smallest);

// `count` scales spaced evenly on a log scale from 1 down to `smallest` (1, ..., smallest): the
// axes of a map or a sweep. count 1 gives {1}.
std::vector<double> log_spaced_scales(double smallest, std::size_t count);

} // namespace nne
