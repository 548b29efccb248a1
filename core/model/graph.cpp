#include "core/model/graph.h"

#include "core/model/checked_int.h"
#include "core/util/errors.h"

#include <algorithm>
#include <map>

namespace nne {

GraphCounts count_graph(const GraphModel& graph)
{
  GraphCounts sums;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode& node = graph.nodes[i];
    // Runs at every evaluation (every slider step): the node's description is built only to fail.
    const auto where = [&] {
      return "node '" + node.name + "' (" + node.op_type + ", index " + std::to_string(i) + ")";
    };
    const auto add = [&](std::int64_t& sum, std::int64_t value, const char* what) {
      if (value < 0) {
        throw ModelError(where(), std::string(what) + " cannot be negative, is " + std::to_string(value));
      }
      const std::optional<std::int64_t> total = detail::checked_add(sum, value);
      if (!total) {
        throw ModelError(where(), "is too large to count: the model's " + std::string(what) + " exceed 2^63 - 1");
      }
      sum = *total;
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
