#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nne {

// A model imported from a computation graph (an ONNX file): the importer evaluates the graph once
// and keeps what it counted for every node, not the graph itself, so a saved scenario reopens
// without the file. See core/import/onnx/onnx_import.h for how nodes are counted.

// One operator of the graph, in the graph's (topological) order.
struct GraphNode {
  std::string name;    // the node's name in the file; "<op_type>_<index>" when it has none
  std::string op_type; // "Conv"; operators of other domains carry it: "com.microsoft.FusedConv"
  // Shape of the node's first output at the graph's batch (batch dimension first). Empty when the
  // output is a scalar or its shape is not known (an operator ONNX cannot infer).
  std::vector<std::int64_t> output_shape;
  std::int64_t parameters = 0; // elements of the weight tensors this node is the first to use
  std::int64_t macs = 0;       // multiply-accumulates at the graph's batch
  // Elements the node's outputs move through activation memory at the graph's batch: written once
  // and read once by each consumer, the CNN convention (core/model/cnn.h). Zero for nodes fused into
  // their producer and for constant computations.
  std::int64_t activation_traffic_elements = 0;
  // False for an operator the importer has no counting rule for: its MACs are unknown (0 here),
  // and the model lists it among its uncounted operators.
  bool counted = true;
  std::string note; // why a node counts as it does, when that is not obvious; may be empty

  friend bool operator==(const GraphNode&, const GraphNode&) = default;
};

// A graph input and the shape the graph was evaluated at (a symbolic batch dimension set to 1).
struct GraphInput {
  std::string name;
  std::vector<std::int64_t> shape;

  friend bool operator==(const GraphInput&, const GraphInput&) = default;
};

struct GraphModel {
  std::string source;     // the file it was imported from, without its directory: "resnet18.onnx"
  std::string producer;   // the program that wrote the file and its version: "pytorch 2.1.0"
  std::int64_t opset = 0; // version of the ONNX operator set the graph uses
  // Samples the node counts are for: 1, or the fixed batch of an image input (N x C x H x W).
  std::int64_t batch = 1;
  std::vector<GraphInput> inputs;
  std::vector<GraphNode> nodes;
  std::vector<std::string> notes; // what a user should know about the import, e.g. an opset newer than known
  // A decoder exported with its KV cache as inputs (past_key_values): the positions the cache
  // holds, and the elements of those inputs at the graph's batch, read once per step. 0 and 0 for
  // any other graph.
  std::int64_t context = 0;
  std::int64_t kv_cache_elements = 0;

  friend bool operator==(const GraphModel&, const GraphModel&) = default;
};

// Sums over the nodes, at the graph's batch (divide MACs and traffic by `batch` for one sample).
struct GraphCounts {
  std::int64_t parameters = 0;
  std::int64_t macs = 0;
  std::int64_t activation_traffic_elements = 0;

  friend bool operator==(const GraphCounts&, const GraphCounts&) = default;
};

// Throws ModelError when a sum exceeds 2^63 - 1 or a node holds a negative count.
GraphCounts count_graph(const GraphModel& graph);

// An operator type the importer did not count, and on how many nodes it occurs.
struct UncountedOperator {
  std::string op_type;
  std::int64_t nodes = 0;

  friend bool operator==(const UncountedOperator&, const UncountedOperator&) = default;
};

// The uncounted operators of the graph, most frequent first (then by name); empty when every node
// was counted.
std::vector<UncountedOperator> uncounted_operators(const GraphModel& graph);

} // namespace nne
