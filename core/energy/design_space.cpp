#include "core/energy/design_space.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>

namespace nne {

namespace {

// Below this many points per thread, starting a thread costs more than it saves (a thread start is
// tens of microseconds, a point a few nanoseconds).
constexpr std::size_t kMinPointsPerThread = 16384;

unsigned resolve_thread_count(unsigned requested, std::size_t points)
{
  unsigned threads = requested == kAllHardwareThreads ? std::thread::hardware_concurrency() : requested;
  threads = std::max(threads, 1U);
  const std::size_t useful = std::max<std::size_t>(points / kMinPointsPerThread, 1);
  return static_cast<unsigned>(std::min<std::size_t>(threads, useful));
}

// Runs chunk(begin, end, chunk_index) over [0, points) in `threads` contiguous chunks, the first on
// the calling thread.
template <typename Chunk> void run_in_chunks(std::size_t points, unsigned threads, const Chunk& chunk)
{
  const std::size_t per_thread = (points + threads - 1) / threads;
  const auto bounds = [&](unsigned t) {
    const std::size_t begin = std::min(points, per_thread * t);
    return std::pair{begin, std::min(points, begin + per_thread)};
  };
  std::vector<std::jthread> workers;
  workers.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) {
    const std::pair<std::size_t, std::size_t> range = bounds(t); // a pair: lambdas capture it portably
    workers.emplace_back([&chunk, range, t] { chunk(range.first, range.second, t); });
  }
  const auto [begin, end] = bounds(0);
  chunk(begin, end, 0U);
} // the jthreads join here

// A point's energies are today's energy of each component at its batch (all scales 1) times the
// point's scale. That is the same product, in the same order, as step_energy(), so the results are
// bit for bit those of breakdown(); the per-batch part is computed once per batch.
struct BatchEnergies {
  double batch = 1;
  ComponentEnergies today;
};

std::vector<BatchEnergies> energies_per_batch(const EnergyCoefficients& coefficients, std::span<const double> batches)
{
  std::vector<BatchEnergies> result;
  result.reserve(batches.size());
  for (double batch : batches) {
    result.push_back({batch, step_energy(coefficients, batch, Scales{})});
  }
  return result;
}

DesignPointEnergy point_energy(double batch, double total, double memory) noexcept
{
  return {batch == 0.0 ? 0.0 : total / batch, total == 0.0 ? 0.0 : memory / total};
}

// Calls visit(index, energy) for the points [begin, end), walking the axes like an odometer (the
// KV-cache scale fastest) instead of dividing every index into coordinates.
template <typename Visit>
void visit_points(const std::vector<BatchEnergies>& per_batch, const DesignSpaceAxes& axes, std::size_t begin,
                  std::size_t end, const Visit& visit)
{
  if (begin >= end) {
    return;
  }
  const std::size_t n_kv = axes.kv_cache_scales.size();
  const std::size_t n_activation = axes.activation_scales.size();
  const std::size_t n_mac = axes.mac_scales.size();
  const std::size_t n_weight = axes.weight_scales.size();
  std::size_t rest = begin;
  std::size_t kv = rest % n_kv;
  rest /= n_kv;
  std::size_t activation = rest % n_activation;
  rest /= n_activation;
  std::size_t mac = rest % n_mac;
  rest /= n_mac;
  std::size_t weight = rest % n_weight;
  std::size_t batch = rest / n_weight;

  std::size_t index = begin;
  while (index < end) {
    const BatchEnergies& today = per_batch[batch];
    const double weight_joules = today.today.weight * axes.weight_scales[weight];
    const double mac_joules = today.today.mac * axes.mac_scales[mac];
    const double activation_joules = today.today.activation * axes.activation_scales[activation];
    // ComponentEnergies::total() and memory() add left to right: keep their order.
    const double without_kv_total = weight_joules + mac_joules + activation_joules;
    const double without_kv_memory = weight_joules + activation_joules;
    const std::size_t run_end = std::min(end, index + (n_kv - kv));
    for (; index < run_end; ++index, ++kv) {
      const double kv_joules = today.today.kv_cache * axes.kv_cache_scales[kv];
      visit(index, point_energy(today.batch, without_kv_total + kv_joules, without_kv_memory + kv_joules));
    }
    kv = 0;
    if (++activation < n_activation) {
      continue;
    }
    activation = 0;
    if (++mac < n_mac) {
      continue;
    }
    mac = 0;
    if (++weight < n_weight) {
      continue;
    }
    weight = 0;
    ++batch;
  }
}

} // namespace

std::size_t DesignSpaceAxes::size() const noexcept
{
  return batches.size() * weight_scales.size() * mac_scales.size() * activation_scales.size() * kv_cache_scales.size();
}

DesignPoint design_point(const DesignSpaceAxes& axes, std::size_t index) noexcept
{
  DesignPoint point;
  point.scales.kv_cache = axes.kv_cache_scales[index % axes.kv_cache_scales.size()];
  index /= axes.kv_cache_scales.size();
  point.scales.activation = axes.activation_scales[index % axes.activation_scales.size()];
  index /= axes.activation_scales.size();
  point.scales.mac = axes.mac_scales[index % axes.mac_scales.size()];
  index /= axes.mac_scales.size();
  point.scales.weight = axes.weight_scales[index % axes.weight_scales.size()];
  index /= axes.weight_scales.size();
  point.batch = axes.batches[index];
  return point;
}

void evaluate_design_space(const EnergyCoefficients& coefficients, const DesignSpaceAxes& axes,
                           std::span<DesignPointEnergy> out, unsigned threads)
{
  const std::size_t points = axes.size();
  if (out.size() != points) {
    throw std::invalid_argument("the design space has " + std::to_string(points) + " points but the buffer holds " +
                                std::to_string(out.size()));
  }
  const std::vector<BatchEnergies> per_batch = energies_per_batch(coefficients, axes.batches);
  run_in_chunks(points, resolve_thread_count(threads, points), [&](std::size_t begin, std::size_t end, unsigned) {
    visit_points(per_batch, axes, begin, end,
                 [out](std::size_t index, const DesignPointEnergy& energy) { out[index] = energy; });
  });
}

DesignSpaceSummary summarize_design_space(const EnergyCoefficients& coefficients, const DesignSpaceAxes& axes,
                                          unsigned threads)
{
  const std::size_t points = axes.size();
  if (points == 0) {
    throw std::invalid_argument("the design space is empty: every axis needs at least one value");
  }
  struct Extremes {
    std::size_t memory_bound = 0;
    std::size_t cheapest = 0;
    DesignPointEnergy cheapest_energy;
    std::size_t costliest = 0;
    DesignPointEnergy costliest_energy;
    bool any = false;
  };
  const std::vector<BatchEnergies> per_batch = energies_per_batch(coefficients, axes.batches);
  const unsigned thread_count = resolve_thread_count(threads, points);
  std::vector<Extremes> per_chunk(thread_count);
  run_in_chunks(points, thread_count, [&](std::size_t begin, std::size_t end, unsigned chunk) {
    Extremes local; // on this thread's stack: no false sharing while the points run
    visit_points(per_batch, axes, begin, end, [&local](std::size_t index, const DesignPointEnergy& energy) {
      if (energy.memory_share > 0.5) {
        ++local.memory_bound;
      }
      if (!local.any || energy.joules_per_sample < local.cheapest_energy.joules_per_sample) {
        local.cheapest = index;
        local.cheapest_energy = energy;
      }
      if (!local.any || energy.joules_per_sample > local.costliest_energy.joules_per_sample) {
        local.costliest = index;
        local.costliest_energy = energy;
      }
      local.any = true;
    });
    per_chunk[chunk] = local;
  });

  // Chunks are merged in index order with strict comparisons: among equals the lowest index wins,
  // whatever the number of chunks.
  Extremes all;
  for (const Extremes& chunk : per_chunk) {
    if (!chunk.any) {
      continue;
    }
    all.memory_bound += chunk.memory_bound;
    if (!all.any || chunk.cheapest_energy.joules_per_sample < all.cheapest_energy.joules_per_sample) {
      all.cheapest = chunk.cheapest;
      all.cheapest_energy = chunk.cheapest_energy;
    }
    if (!all.any || chunk.costliest_energy.joules_per_sample > all.costliest_energy.joules_per_sample) {
      all.costliest = chunk.costliest;
      all.costliest_energy = chunk.costliest_energy;
    }
    all.any = true;
  }
  DesignSpaceSummary summary;
  summary.points = points;
  summary.memory_bound_points = all.memory_bound;
  summary.cheapest = design_point(axes, all.cheapest);
  summary.cheapest_energy = all.cheapest_energy;
  summary.costliest = design_point(axes, all.costliest);
  summary.costliest_energy = all.costliest_energy;
  return summary;
}

ScaleMap memory_mac_scale_map(const EnergyCoefficients& coefficients, double batch,
                              std::span<const double> memory_scales, std::span<const double> mac_scales)
{
  // One thread: 65,536 points take a fraction of a millisecond, less than starting threads would
  // cost the GUI thread that asks for them.
  ScaleMap map;
  map.batch = batch;
  map.memory_scales.assign(memory_scales.begin(), memory_scales.end());
  map.mac_scales.assign(mac_scales.begin(), mac_scales.end());
  const std::size_t points = memory_scales.size() * mac_scales.size();
  map.relative_total.resize(points);
  map.memory_share.resize(points);
  const ComponentEnergies today = step_energy(coefficients, batch, Scales{});
  const double today_total = today.total();
  std::size_t index = 0;
  for (double memory_scale : memory_scales) {
    const double weight_joules = today.weight * memory_scale;
    const double activation_joules = today.activation * memory_scale;
    const double kv_joules = today.kv_cache * memory_scale;
    const double memory_joules = weight_joules + activation_joules + kv_joules;
    for (double mac_scale : mac_scales) {
      // total() adds weight, MAC, activation, KV cache in this order: keep it, for breakdown()'s bits.
      const double total = weight_joules + today.mac * mac_scale + activation_joules + kv_joules;
      map.relative_total[index] = today_total == 0.0 ? 0.0 : total / today_total;
      map.memory_share[index] = total == 0.0 ? 0.0 : memory_joules / total;
      ++index;
    }
  }
  return map;
}

namespace {

// A point of the map at (memory_scale, MAC scale), from today's energies at its batch.
ScaleMapPoint map_point(const ComponentEnergies& today, double memory_scale, double mac_scale) noexcept
{
  const double memory_joules = (today.weight + today.activation + today.kv_cache) * memory_scale;
  const double total = memory_joules + today.mac * mac_scale;
  const double today_total = today.total();
  return {memory_scale, mac_scale, today_total == 0.0 ? 0.0 : total / today_total,
          total == 0.0 ? 0.0 : memory_joules / total};
}

} // namespace

ScaleMapPoint scale_map_point(const EnergyCoefficients& coefficients, double batch, const Scales& scales) noexcept
{
  const ComponentEnergies today = step_energy(coefficients, batch, Scales{});
  const ComponentEnergies now = step_energy(coefficients, batch, scales);
  const double memory_today = today.memory();
  ScaleMapPoint point;
  point.memory_scale = memory_today == 0.0 ? scales.weight : now.memory() / memory_today;
  point.mac_scale = scales.mac;
  const double total = now.total();
  const double today_total = today.total();
  point.relative_total = today_total == 0.0 ? 0.0 : total / today_total;
  point.memory_share = total == 0.0 ? 0.0 : now.memory() / total;
  return point;
}

ScaleMapRegions scale_map_regions(const EnergyCoefficients& coefficients, double batch, double smallest)
{
  if (!(smallest > 0.0) || !(smallest < 1.0)) {
    throw std::invalid_argument("the smallest scale of a map must lie between 0 and 1");
  }
  const ComponentEnergies today = step_energy(coefficients, batch, Scales{});
  const double memory = today.memory();
  const double mac = today.mac;
  ScaleMapRegions regions;
  if (memory > 0.0 && mac > 0.0) {
    // memory_scale = ratio x mac_scale; both within [smallest, 1].
    const double ratio = mac / memory;
    const double low = std::max(smallest, smallest / ratio);
    const double high = std::min(1.0, 1.0 / ratio);
    if (low < high) {
      for (double mac_scale : {high, low}) {
        const double memory_scale = std::clamp(mac_scale * ratio, smallest, 1.0);
        ScaleMapPoint end = map_point(today, memory_scale, mac_scale);
        end.memory_share = 0.5; // by construction; the division may round
        regions.boundary.push_back(end);
      }
      return regions;
    }
  }
  // No line across the map: one regime everywhere, that of any cell, e.g. today's.
  const bool memory_bound = map_point(today, 1.0, 1.0).memory_share > 0.5;
  regions.memory_bound_everywhere = memory_bound;
  regions.compute_bound_everywhere = !memory_bound;
  return regions;
}

std::vector<double> log_spaced_scales(double smallest, std::size_t count)
{
  if (!(smallest > 0.0) || !std::isfinite(smallest)) {
    throw std::invalid_argument("the smallest scale must be a positive number");
  }
  std::vector<double> scales;
  scales.reserve(count);
  if (count == 1) {
    scales.push_back(1.0);
    return scales;
  }
  for (std::size_t i = 0; i < count; ++i) {
    scales.push_back(std::pow(smallest, static_cast<double>(i) / static_cast<double>(count - 1)));
  }
  return scales;
}

} // namespace nne
