#include "core/graph.h"

#include "core/errors.h"

#include <algorithm>
#include <map>

namespace nne {

GraphCounts count_graph(const GraphModel& graph)
{
  GraphCounts sums;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode& node = graph.nodes[i];
    const auto add = [&](std::int64_t& sum, std::int64_t value, const char* what) {
      const std::string where = "node '" + node.name + "' (" + node.op_type + ", index " + std::to_string(i) + ")";
      if (value < 0) {
        throw ModelError(where, std::string(what) + " cannot be negative, is " + std::to_string(value));
      }
      if (__builtin_add_overflow(sum, value, &sum)) {
        throw ModelError(where, "is too large to count: the model's " + std::string(what) + " exceed 2^63 - 1");
      }
    };
    add(sums.parameters, node.parameters, "parameters");
    add(sums.macs, node.macs, "MACs");
    add(sums.activation_traffic_elements, node.activation_traffic_elements, "activation traffic");
  }
  return sums;
}

std::vector<UncountedOperator> uncounted_operators(const GraphModel& graph)
{
  std::map<std::string, std::int64_t, std::less<>> nodes_by_type;
  for (const GraphNode& node : graph.nodes) {
    if (!node.counted) {
      ++nodes_by_type[node.op_type];
    }
  }
  std::vector<UncountedOperator> uncounted;
  uncounted.reserve(nodes_by_type.size());
  for (const auto& [op_type, nodes] : nodes_by_type) {
    uncounted.push_back({op_type, nodes});
  }
  // Sorted by name already; a stable sort by frequency keeps names in order among equals.
  std::ranges::stable_sort(uncounted, std::ranges::greater{}, &UncountedOperator::nodes);
  return uncounted;
}

} // namespace nne
