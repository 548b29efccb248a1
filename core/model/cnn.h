#pragma once

#include "core/util/enum_ids.h"

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
  // The settings each kind carries are listed once, in core/model/layer_fields.h.
  conv,            // 2-D convolution
  linear,          // fully connected (its input is flattened)
  max_pool,        // PyTorch's MaxPool2d
  avg_pool,        // PyTorch's AvgPool2d
  global_avg_pool, // to channels x 1 x 1
  batch_norm,      // per-channel scale and shift
  relu,            // element-wise activation function
  add,             // element-wise sum of two or more inputs of equal shape (residual connection)
  concat,          // channel concatenation of inputs with equal height and width
  flatten,         // to a vector
  // Element-wise activation functions, like relu: PyTorch's ReLU6, Hardswish, Hardsigmoid, SiLU
  // (swish), Sigmoid and GELU.
  relu6,
  hardswish,
  hardsigmoid,
  silu,
  sigmoid,
  gelu,
  dropout,  // the identity at inference
  multiply, // element-wise product of two inputs; a channels x 1 x 1 input is broadcast over the
            // other's height and width (squeeze-and-excitation)
  // Vision transformers. A sequence of T tokens of C features is the shape C x T x 1, so that a
  // 1x1 convolution is a per-token linear layer and the per-position kinds work unchanged.
  to_tokens,          // C x H x W to the sequence of its H*W positions, C x (H*W) x 1
  class_token,        // prepends a learned token: C x T x 1 to C x (T+1) x 1; C parameters
  position_embedding, // adds a learned value to every element: C x H x W parameters (T x C)
  layer_norm,         // normalizes each position over its channels; scale and shift, 2C parameters
  self_attention,     // multi-head self-attention over a sequence (PyTorch's MultiheadAttention
                      // with query = key = value)
  select_class_token, // the first token of a sequence: C x T x 1 to C x 1 x 1
  // ShuffleNet: torch.chunk along the channels, and the channel shuffle that interleaves groups.
  channel_split,   // one of `parts` equal channel ranges: part p of C x H x W is (C/parts) x H x W
  channel_shuffle, // same shape; the channels of `groups` groups interleaved (ShuffleNet)
  layer_scale,     // multiplies each channel by a learned factor (ConvNeXt): C parameters
  // Swin Transformer, on the feature map C x H x W:
  window_attention, // multi-head self-attention within each `window` of positions, with a learned
                    // relative position bias table; shifted or not, which changes no count
  space_to_depth,   // each block_size x block_size neighbourhood joined along the channels:
                    // C x H x W to (C x block_size^2) x ceil(H / block_size) x ceil(W / block_size)
};

extern const EnumIds<LayerKind> kLayerKindIds; // "conv", "linear", "max_pool", ...
inline std::string_view layer_kind_id(LayerKind kind) noexcept
{
  return kLayerKindIds.id(kind);
}
inline std::optional<LayerKind> parse_layer_kind(std::string_view text) noexcept
{
  return kLayerKindIds.parse(text);
}
const std::vector<LayerKind>& all_layer_kinds(); // every kind, in declaration order

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
  // conv / linear / self_attention
  bool bias = false;
  // self_attention, window_attention: heads share the channels (each head attends with channels /
  // heads of them)
  std::int64_t heads = 1;
  // channel_split: the layer is part `part` (from 1, as torchvision's x1, x2) of `parts` equal ranges
  std::int64_t parts = 1;
  std::int64_t part = 1;
  // window_attention: the window's height and width, in positions
  std::int64_t window_h = 1, window_w = 1;
  // space_to_depth: the side of the neighbourhoods joined
  std::int64_t block_size = 1;

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
  // Elements this layer's output moves through activation memory per sample: written once, plus
  // what each consumer reads of it (all of it, but one token through select_class_token). Zero for
  // layers fused into their producer (batch_norm, the activations, flatten, ...). self_attention
  // also moves its projected queries, keys and values and its attention output between its three
  // kernels. See the convention in cnn.cpp.
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
