#include "core/model/counts.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

namespace nne {

namespace {
constexpr EnumId<CountSource> kCountSourceEntries[]{{"declared", CountSource::declared},
                                                    {"counted", CountSource::counted}};
} // namespace

const EnumIds<CountSource> kCountSourceIds{kCountSourceEntries};

double ModelCounts::parameters_read_per_step(double batch) const noexcept
{
  if (routed_expert_parameters <= 0 || n_expert <= 1) {
    return parameters;
  }
  // Each token picks top_k of n_expert experts; with uniform routing an expert is missed by one
  // token with probability 1 - k/n, so it is read in a step of T tokens with 1 - (1 - k/n)^T.
  const double tokens = batch * tokens_per_sample;
  const double read_fraction = 1.0 - std::pow(1.0 - top_k / n_expert, tokens);
  return parameters - routed_expert_parameters + routed_expert_parameters * read_fraction;
}

ModelCounts count_model(const Model& model, const Workload& workload)
{
  return std::visit(
      [&](const auto& architecture) {
        ModelCounts counts;
        using Kind = std::decay_t<decltype(architecture)>;
        if constexpr (std::is_same_v<Kind, CnnModel>) {
          const CnnCounts cnn = count_cnn(architecture);
          counts.parameters = static_cast<double>(cnn.parameters);
          counts.macs_per_sample = static_cast<double>(cnn.macs);
          counts.activation_elements_per_sample = static_cast<double>(cnn.activation_traffic_elements);
          counts.largest_activation_elements_per_sample = static_cast<double>(architecture.input.elements());
          for (const LayerCounts& layer : cnn.layers) {
            counts.largest_activation_elements_per_sample =
                std::max(counts.largest_activation_elements_per_sample, static_cast<double>(layer.output.elements()));
          }
        } else if constexpr (std::is_same_v<Kind, GraphModel>) {
          // An imported graph was counted at its batch; parameters are read once per step.
          const GraphCounts graph = count_graph(architecture);
          const double batch = static_cast<double>(std::max<std::int64_t>(architecture.batch, 1));
          counts.parameters = static_cast<double>(graph.parameters);
          counts.macs_per_sample = static_cast<double>(graph.macs) / batch;
          counts.activation_elements_per_sample = static_cast<double>(graph.activation_traffic_elements) / batch;
          counts.kv_cache_elements_per_sample = static_cast<double>(architecture.kv_cache_elements) / batch;
          for (const GraphNode& node : architecture.nodes) {
            double node_elements = node.output_shape.empty() ? 0.0 : 1.0;
            for (const std::int64_t dimension : node.output_shape) {
              node_elements *= static_cast<double>(std::max<std::int64_t>(dimension, 0));
            }
            counts.largest_activation_elements_per_sample =
                std::max(counts.largest_activation_elements_per_sample, node_elements / batch);
          }
        } else {
          const TransformerCounts t = count_transformer(architecture, workload);
          counts.parameters = static_cast<double>(t.parameters);
          counts.routed_expert_parameters = static_cast<double>(t.routed_expert_parameters);
          counts.n_expert = static_cast<double>(architecture.n_expert);
          counts.top_k = static_cast<double>(architecture.top_k);
          counts.macs_per_sample = static_cast<double>(t.macs_per_sample);
          counts.activation_elements_per_sample = static_cast<double>(t.activation_elements_per_sample);
          counts.kv_cache_elements_per_sample = static_cast<double>(t.kv_cache_elements_per_sample);
          counts.tokens_per_sample = static_cast<double>(t.tokens_per_sample);
          counts.kv_cache_resident_elements_per_sample = static_cast<double>(t.kv_cache_resident_elements_per_sample);
          counts.largest_activation_elements_per_sample = static_cast<double>(t.largest_activation_elements_per_sample);
        }
        return counts;
      },
      model.architecture);
}

ResolvedCounts resolve_counts(const Model& model, const Workload& workload, CountSource preferred)
{
  ResolvedCounts resolved{count_model(model, workload), {}};
  // Declared figures describe what their publication describes: its architecture (not an edit of
  // it), and one image or one decode step at the model's n_ctx. A prefill step is a different
  // workload and is always counted.
  const DeclaredCounts* applicable = model.applicable_declared();
  const auto* transformer = std::get_if<TransformerModel>(&model.architecture);
  if (applicable == nullptr || preferred != CountSource::declared ||
      (transformer && workload.phase == Phase::prefill)) {
    return resolved;
  }
  const DeclaredCounts& declared = *applicable;
  ModelCounts& counts = resolved.counts;
  CountProvenance& provenance = resolved.provenance;
  if (declared.parameters) {
    // Keep the counted share of routed experts: a declared total says nothing about the split.
    const double routed_share = counts.parameters > 0 ? counts.routed_expert_parameters / counts.parameters : 0.0;
    counts.parameters = *declared.parameters;
    counts.routed_expert_parameters = routed_share * counts.parameters;
    provenance.parameters = CountSource::declared;
  }
  // A declared MAC count wins over declared FLOPs: it is what the tool counts, with no halving
  // convention in between.
  if (declared.macs_per_sample) {
    counts.macs_per_sample = *declared.macs_per_sample;
    provenance.macs = CountSource::declared;
  } else if (declared.flops_per_sample) {
    counts.macs_per_sample = *declared.flops_per_sample / 2.0; // one MAC is two FLOPs
    provenance.macs = CountSource::declared;
  }
  if (declared.activation_elements_per_sample) {
    counts.activation_elements_per_sample = *declared.activation_elements_per_sample;
    provenance.activation = CountSource::declared;
  }
  if (declared.kv_cache_elements_per_sample && transformer) {
    // The cache read per token grows linearly with the context it holds.
    const double context = static_cast<double>(workload.context > 0 ? workload.context : transformer->n_ctx);
    counts.kv_cache_elements_per_sample =
        *declared.kv_cache_elements_per_sample * context / static_cast<double>(transformer->n_ctx);
    provenance.kv_cache = CountSource::declared;
  }
  return resolved;
}

namespace {
std::optional<double> times(std::optional<double> value, double factor) noexcept
{
  return value ? std::optional(*value * factor) : std::nullopt;
}
} // namespace

std::optional<double> PerSampleFigures::flops_per_sample() const noexcept
{
  return times(macs_per_sample, 2.0);
}

std::optional<double> PerSampleFigures::activation_bits_per_sample(const Precision& precision) const noexcept
{
  return times(activation_elements_per_sample, bits_of(precision.activation));
}

std::optional<double> PerSampleFigures::kv_cache_bits_per_sample(const Precision& precision) const noexcept
{
  return times(kv_cache_elements_per_sample, bits_of(precision.kv_cache));
}

std::optional<double> PerSampleFigures::flops_per_parameter() const noexcept
{
  if (!parameters || !macs_per_sample || *parameters <= 0) {
    return std::nullopt;
  }
  return 2.0 * *macs_per_sample / *parameters;
}

PerSampleFigures per_sample_figures(const ModelCounts& counts)
{
  return {counts.parameters, counts.macs_per_sample, counts.activation_elements_per_sample,
          counts.kv_cache_elements_per_sample};
}

PerSampleFigures declared_figures(const Model& model, const Workload& workload)
{
  const ResolvedCounts resolved = resolve_counts(model, workload, CountSource::declared);
  const ModelCounts& c = resolved.counts;
  const auto declared = [](CountSource source, double value) {
    return source == CountSource::declared ? std::optional(value) : std::nullopt;
  };
  return {declared(resolved.provenance.parameters, c.parameters), declared(resolved.provenance.macs, c.macs_per_sample),
          declared(resolved.provenance.activation, c.activation_elements_per_sample),
          declared(resolved.provenance.kv_cache, c.kv_cache_elements_per_sample)};
}

} // namespace nne
