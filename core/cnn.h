#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nne {

// A feature map of one sample: channels x height x width. After `flatten` or `linear` a vector of
// `channels` features with height = width = 1.
struct Shape {
  std::int64_t channels = 0;
  std::int64_t height = 0;
  std::int64_t width = 0;

  constexpr std::int64_t elements() const noexcept { return channels * height * width; }
  friend constexpr bool operator==(const Shape&, const Shape&) = default;
};

enum class LayerKind {
  conv,            // 2-D convolution: out_channels, kernel, stride, padding, dilation, groups, bias
  linear,          // fully connected: out_features, bias (input is flattened)
  max_pool,        // kernel, stride, padding, dilation, ceil_mode
  avg_pool,        // kernel, stride, padding, ceil_mode
  global_avg_pool, // to channels x 1 x 1
  batch_norm,      // per-channel scale and shift
  relu,            // element-wise activation function
  add,             // element-wise sum of two or more inputs of equal shape (residual connection)
  concat,          // channel concatenation of inputs with equal height and width
  flatten,         // to a vector
};

std::string_view layer_kind_id(LayerKind kind) noexcept; // "conv", "linear", "max_pool", ...
std::optional<LayerKind> parse_layer_kind(std::string_view text) noexcept;

struct CnnLayer {
  std::string name; // unique within the model; other layers refer to it in `inputs`
  LayerKind kind = LayerKind::conv;
  // Names of the layers whose outputs feed this one; "input" is the model input. Empty: the
  // previous layer (or the model input for the first layer).
  std::vector<std::string> inputs;

  // conv / pooling
  std::int64_t out_channels = 0;
  std::int64_t kernel_h = 1, kernel_w = 1;
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t padding_h = 0, padding_w = 0;
  std::int64_t dilation_h = 1, dilation_w = 1;
  std::int64_t groups = 1;
  bool ceil_mode = false;
  // linear
  std::int64_t out_features = 0;
  // conv / linear
  bool bias = false;

  friend bool operator==(const CnnLayer&, const CnnLayer&) = default;
};

struct CnnModel {
  Shape input{3, 224, 224};
  std::vector<CnnLayer> layers;
  // Batch-norm scale and shift are parameters (torchvision counts them); running statistics are not.
  bool count_batch_norm_parameters = true;

  friend bool operator==(const CnnModel&, const CnnModel&) = default;
};

struct LayerCounts {
  Shape output;
  std::int64_t parameters = 0;
  std::int64_t macs = 0; // per sample
  // Elements this layer's output moves through activation memory per sample: written once and read
  // once by each consumer. Zero for layers fused into their producer (batch_norm, relu, flatten).
  std::int64_t activation_traffic_elements = 0;
};

struct CnnCounts {
  std::vector<LayerCounts> layers; // same order as CnnModel::layers
  std::int64_t parameters = 0;
  std::int64_t macs = 0;
  std::int64_t activation_traffic_elements = 0;
};

// Propagates shapes from the input and counts every layer. Throws ModelError naming the layer
// (by name and index) and the reason when a layer cannot be evaluated: unknown input, shapes that
// do not match, a kernel larger than its padded input, groups that do not divide the channels, ...
CnnCounts count_cnn(const CnnModel& model);

} // namespace nne
