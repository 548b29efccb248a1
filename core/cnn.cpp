#include "core/cnn.h"

#include "core/errors.h"
#include "core/text_util.h"

#include <string>
#include <unordered_map>
#include <utility>

namespace nne {

namespace {

constexpr std::pair<std::string_view, LayerKind> kLayerKinds[]{
    {"conv", LayerKind::conv},
    {"linear", LayerKind::linear},
    {"max_pool", LayerKind::max_pool},
    {"avg_pool", LayerKind::avg_pool},
    {"global_avg_pool", LayerKind::global_avg_pool},
    {"batch_norm", LayerKind::batch_norm},
    {"relu", LayerKind::relu},
    {"add", LayerKind::add},
    {"concat", LayerKind::concat},
    {"flatten", LayerKind::flatten},
};

// Layers an inference engine fuses into the layer that produces their input: they move no
// activations of their own. A consumer reading one of them reads its producer's output.
bool is_fused(LayerKind kind)
{
  return kind == LayerKind::batch_norm || kind == LayerKind::relu || kind == LayerKind::flatten;
}

std::string where(const CnnLayer& layer, std::size_t index)
{
  return "layer '" + layer.name + "' (index " + std::to_string(index) + ")";
}

std::string shape_text(const Shape& s)
{
  return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

// PyTorch's output size of a convolution or pooling window along one axis.
std::int64_t window_output(std::int64_t input, std::int64_t kernel, std::int64_t stride, std::int64_t padding,
                           std::int64_t dilation, bool ceil_mode)
{
  const std::int64_t span = input + 2 * padding - dilation * (kernel - 1) - 1;
  if (span < 0) {
    return 0;
  }
  std::int64_t output = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
  // With ceil_mode the last window must start inside the input or its left padding.
  if (ceil_mode && (output - 1) * stride >= input + padding) {
    --output;
  }
  return output;
}

class Counter {
public:
  Counter(const CnnModel& model) : model_(model) {}

  CnnCounts run()
  {
    if (model_.layers.empty()) {
      throw ModelError("model", "has no layers");
    }
    if (model_.input.channels <= 0 || model_.input.height <= 0 || model_.input.width <= 0) {
      throw ModelError("input", "every dimension must be positive, is " + shape_text(model_.input));
    }
    counts_.layers.resize(model_.layers.size());
    producer_.resize(model_.layers.size());
    consumers_.assign(model_.layers.size(), 0);
    for (std::size_t i = 0; i < model_.layers.size(); ++i) {
      count_layer(i);
    }
    // Each materialized output is written once and read by each consumer; the network's final
    // output is read once, by whoever asked for it.
    const std::size_t last = producer_.back();
    if (last != kInput) {
      ++consumers_[last];
    }
    for (std::size_t i = 0; i < model_.layers.size(); ++i) {
      LayerCounts& layer = counts_.layers[i];
      if (!is_fused(model_.layers[i].kind)) {
        layer.activation_traffic_elements = layer.output.elements() * (1 + consumers_[i]);
      }
      counts_.parameters += layer.parameters;
      counts_.macs += layer.macs;
      counts_.activation_traffic_elements += layer.activation_traffic_elements;
    }
    return std::move(counts_);
  }

private:
  static constexpr std::size_t kInput = static_cast<std::size_t>(-1);

  std::vector<std::size_t> input_indices(std::size_t index)
  {
    const CnnLayer& layer = model_.layers[index];
    if (layer.inputs.empty()) {
      return {index == 0 ? kInput : index - 1};
    }
    std::vector<std::size_t> indices;
    for (const std::string& name : layer.inputs) {
      if (name == "input") {
        indices.push_back(kInput);
        continue;
      }
      const auto it = index_of_.find(name);
      if (it == index_of_.end()) {
        const bool later = std::ranges::any_of(model_.layers, [&](const CnnLayer& l) { return l.name == name; });
        throw ModelError(where(layer, index), later ? "input '" + name + "' is not an earlier layer"
                                                    : "input '" + name + "' is not a layer of this model");
      }
      indices.push_back(it->second);
    }
    return indices;
  }

  Shape shape_of(std::size_t index) const { return index == kInput ? model_.input : counts_.layers[index].output; }

  void count_layer(std::size_t index)
  {
    const CnnLayer& layer = model_.layers[index];
    if (layer.name.empty()) {
      throw ModelError("layer at index " + std::to_string(index), "has no name");
    }
    if (layer.name == "input" || index_of_.contains(layer.name)) {
      throw ModelError(where(layer, index), "the name '" + layer.name + "' is already taken");
    }
    const std::vector<std::size_t> inputs = input_indices(index);
    for (std::size_t input : inputs) {
      if (input != kInput) {
        ++consumers_[producer_[input]];
      }
    }
    // A fused layer stands for the layer that materializes its input.
    producer_[index] =
        is_fused(layer.kind) && inputs.size() == 1 && inputs.front() != kInput ? producer_[inputs.front()] : index;
    if (is_fused(layer.kind) && inputs.size() == 1 && inputs.front() != kInput) {
      --consumers_[producer_[index]]; // reading through a fused layer is not a read of its own
    }

    LayerCounts& out = counts_.layers[index];
    const Shape in = shape_of(inputs.front());
    const auto fail = [&](const std::string& problem) { throw ModelError(where(layer, index), problem); };
    const auto require_single_input = [&] {
      if (inputs.size() != 1) {
        fail("takes one input, has " + std::to_string(inputs.size()));
      }
    };

    switch (layer.kind) {
    case LayerKind::conv: {
      require_single_input();
      check_window(layer, index);
      if (layer.out_channels <= 0) {
        fail("out_channels must be positive, is " + std::to_string(layer.out_channels));
      }
      if (layer.groups <= 0 || in.channels % layer.groups != 0 || layer.out_channels % layer.groups != 0) {
        fail("groups (" + std::to_string(layer.groups) + ") must divide the " + std::to_string(in.channels) +
             " input and " + std::to_string(layer.out_channels) + " output channels");
      }
      out.output = {layer.out_channels, spatial(layer, index, in, true), spatial(layer, index, in, false)};
      const std::int64_t per_output = (in.channels / layer.groups) * layer.kernel_h * layer.kernel_w;
      out.parameters = layer.out_channels * per_output + (layer.bias ? layer.out_channels : 0);
      out.macs = out.output.elements() * per_output;
      break;
    }
    case LayerKind::linear: {
      require_single_input();
      if (layer.out_features <= 0) {
        fail("out_features must be positive, is " + std::to_string(layer.out_features));
      }
      const std::int64_t in_features = in.elements();
      out.output = {layer.out_features, 1, 1};
      out.parameters = in_features * layer.out_features + (layer.bias ? layer.out_features : 0);
      out.macs = in_features * layer.out_features;
      break;
    }
    case LayerKind::max_pool:
    case LayerKind::avg_pool:
      require_single_input();
      check_window(layer, index);
      out.output = {in.channels, spatial(layer, index, in, true), spatial(layer, index, in, false)};
      break;
    case LayerKind::global_avg_pool:
      require_single_input();
      out.output = {in.channels, 1, 1};
      break;
    case LayerKind::batch_norm:
      require_single_input();
      out.output = in;
      out.parameters = model_.count_batch_norm_parameters ? 2 * in.channels : 0;
      break;
    case LayerKind::relu:
      require_single_input();
      out.output = in;
      break;
    case LayerKind::flatten:
      require_single_input();
      out.output = {in.elements(), 1, 1};
      break;
    case LayerKind::add:
      if (inputs.size() < 2) {
        fail("adds two or more inputs, has " + std::to_string(inputs.size()));
      }
      for (std::size_t input : inputs) {
        if (shape_of(input) != in) {
          fail("cannot add a " + shape_text(shape_of(input)) + " input to a " + shape_text(in) + " one");
        }
      }
      out.output = in;
      break;
    case LayerKind::concat:
      if (inputs.empty()) {
        fail("has no inputs");
      }
      out.output = {0, in.height, in.width};
      for (std::size_t input : inputs) {
        const Shape s = shape_of(input);
        if (s.height != in.height || s.width != in.width) {
          fail("cannot concatenate a " + shape_text(s) + " input with a " + shape_text(in) + " one");
        }
        out.output.channels += s.channels;
      }
      break;
    }
    index_of_.emplace(layer.name, index);
  }

  void check_window(const CnnLayer& layer, std::size_t index) const
  {
    const auto positive = [&](std::int64_t value, const char* name) {
      if (value <= 0) {
        throw ModelError(where(layer, index), std::string(name) + " must be positive, is " + std::to_string(value));
      }
    };
    positive(layer.kernel_h, "kernel height");
    positive(layer.kernel_w, "kernel width");
    positive(layer.stride_h, "stride");
    positive(layer.stride_w, "stride");
    positive(layer.dilation_h, "dilation");
    positive(layer.dilation_w, "dilation");
    if (layer.padding_h < 0 || layer.padding_w < 0) {
      throw ModelError(where(layer, index), "padding cannot be negative");
    }
  }

  std::int64_t spatial(const CnnLayer& layer, std::size_t index, const Shape& in, bool vertical) const
  {
    const std::int64_t size = vertical ? in.height : in.width;
    const std::int64_t kernel = vertical ? layer.kernel_h : layer.kernel_w;
    const std::int64_t output = window_output(
        size, kernel, vertical ? layer.stride_h : layer.stride_w, vertical ? layer.padding_h : layer.padding_w,
        vertical ? layer.dilation_h : layer.dilation_w, layer.ceil_mode && layer.kind != LayerKind::conv);
    if (output < 1) {
      throw ModelError(where(layer, index), "a " + std::to_string(kernel) + "-wide window does not fit the " +
                                                std::to_string(size) + "-wide padded input (" + shape_text(in) + ")");
    }
    return output;
  }

  const CnnModel& model_;
  CnnCounts counts_;
  std::unordered_map<std::string, std::size_t> index_of_;
  std::vector<std::size_t> producer_;   // the materialized layer each layer's output lives in
  std::vector<std::int64_t> consumers_; // reads of each materialized output
};

} // namespace

std::string_view layer_kind_id(LayerKind kind) noexcept
{
  for (const auto& [id, value] : kLayerKinds) {
    if (value == kind) {
      return id;
    }
  }
  return "conv";
}

std::optional<LayerKind> parse_layer_kind(std::string_view text) noexcept
{
  return detail::lookup_id<LayerKind>(kLayerKinds, text);
}

CnnCounts count_cnn(const CnnModel& model)
{
  return Counter(model).run();
}

} // namespace nne
