#include "core/model/cnn.h"

#include "core/model/checked_int.h"
#include "core/model/layer_fields.h"
#include "core/util/errors.h"
#include "core/util/text_util.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

namespace nne {

namespace {

constexpr EnumId<LayerKind> kLayerKindEntries[]{
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
    {"relu6", LayerKind::relu6},
    {"hardswish", LayerKind::hardswish},
    {"hardsigmoid", LayerKind::hardsigmoid},
    {"silu", LayerKind::silu},
    {"sigmoid", LayerKind::sigmoid},
    {"gelu", LayerKind::gelu},
    {"dropout", LayerKind::dropout},
    {"multiply", LayerKind::multiply},
    {"to_tokens", LayerKind::to_tokens},
    {"class_token", LayerKind::class_token},
    {"position_embedding", LayerKind::position_embedding},
    {"layer_norm", LayerKind::layer_norm},
    {"self_attention", LayerKind::self_attention},
    {"select_class_token", LayerKind::select_class_token},
    {"channel_split", LayerKind::channel_split},
    {"channel_shuffle", LayerKind::channel_shuffle},
    {"layer_scale", LayerKind::layer_scale},
    {"window_attention", LayerKind::window_attention},
    {"space_to_depth", LayerKind::space_to_depth},
};

// Activation traffic: which feature maps travel through activation memory, and how often.
//
// Every inference engine (TensorRT, TFLite, ONNX Runtime, oneDNN, TVM, ...) folds batch-norm into
// the weights of the convolution before it and applies ReLU as the convolution's epilogue, so
// neither ever writes a feature map of its own; flatten is a reinterpretation of the same memory.
// These layers are *fused* into their producer: they count 0 traffic, and a layer that reads a
// fused layer reads (and counts as a consumer of) the materialized layer underneath it. The same
// holds, for the same reasons, for
//   - the other element-wise activations (relu6, hardswish, hardsigmoid, silu, sigmoid, gelu):
//     a function of one element, computed in the producer's epilogue like ReLU;
//   - dropout: the identity at inference, no kernel at all;
//   - to_tokens: in the channels-last layout engines use, a C x H x W map already is its H*W
//     tokens of C features one after another; PyTorch's reshape and permute move nothing;
//   - position_embedding: adding a learned constant to each element is an epilogue, like the
//     shift of a folded batch norm;
//   - select_class_token: a view of the first token (PyTorch's x[:, 0]); its consumer reads those
//     C elements straight from the layer underneath.
//   - channel_split: a view of a range of channels (PyTorch's chunk); its consumer reads that
//     range straight from the layer underneath, as through select_class_token.
//   - channel_shuffle: a fixed permutation of the channels. PyTorch copies (contiguous()), but an
//     engine has the layer underneath (in ShuffleNet a concat) write its channels in the permuted
//     order, so the permutation moves nothing of its own.
//   - layer_scale: a learned factor per channel, an epilogue of its producer like a folded batch
//     norm's scale.
//   - space_to_depth: a re-indexing of its input (Swin's strided slices and torch.cat); its
//     consumer reads the same elements, in another order, from the layer underneath.
//
// Every other layer materializes its output: it is written once and read by each consuming layer,
// so its traffic is output elements + the elements each consumer reads of it, which is the whole
// output except through select_class_token. The network's final output is read once. The model
// input is not a layer output and is not counted. Among the kinds that materialize:
//   - multiply, like add, is an operation of its own on two inputs (the C x 1 x 1 scale of a
//     squeeze-and-excitation is read as its C elements);
//   - class_token is a concatenation (PyTorch's torch.cat), materialized like concat;
//   - layer_norm, unlike batch_norm, cannot be folded into weights: its statistics come from the
//     data, per token; and in a pre-norm transformer block the un-normalized input is still read
//     by the residual add, so the normalized copy is a tensor of its own;
//   - self_attention runs as three kernels: the input projection writes the queries, keys and
//     values (3 T C) and the attention kernel reads them; the attention kernel writes its output
//     (T C) and the output projection reads it. Those 2 x 4 T C elements are this layer's, besides
//     its output. The T x T attention scores stay on chip in a fused attention kernel
//     (FlashAttention and the engines' fused multi-head attention), so they are not counted.
//   - window_attention likewise, over its padded positions (see count_window_attention).
bool is_fused(LayerKind kind) noexcept
{
  switch (kind) {
  case LayerKind::batch_norm:
  case LayerKind::relu:
  case LayerKind::flatten:
  case LayerKind::relu6:
  case LayerKind::hardswish:
  case LayerKind::hardsigmoid:
  case LayerKind::silu:
  case LayerKind::sigmoid:
  case LayerKind::gelu:
  case LayerKind::dropout:
  case LayerKind::to_tokens:
  case LayerKind::position_embedding:
  case LayerKind::select_class_token:
  case LayerKind::channel_split:
  case LayerKind::channel_shuffle:
  case LayerKind::layer_scale:
  case LayerKind::space_to_depth: return true;
  case LayerKind::conv:
  case LayerKind::linear:
  case LayerKind::max_pool:
  case LayerKind::avg_pool:
  case LayerKind::global_avg_pool:
  case LayerKind::add:
  case LayerKind::concat:
  case LayerKind::multiply:
  case LayerKind::class_token:
  case LayerKind::layer_norm:
  case LayerKind::self_attention:
  case LayerKind::window_attention: return false;
  }
  return false;
}

// Layers are numbered from 1, as the editor's table numbers its rows (a file's JSON pointer
// /layers/i is layer i + 1).
std::string layer_number(std::size_t index)
{
  return "layer " + std::to_string(index + 1);
}

std::string where(const CnnLayer& layer, std::size_t index)
{
  return layer_number(index) + " '" + layer.name + "'";
}

std::string shape_text(const Shape& s)
{
  return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

// A (height, width) pair as a user writes it in a model file: one number when both are equal.
std::string pair_text(std::int64_t h, std::int64_t w)
{
  return field_value_text(FieldPair{h, w});
}

// Rounds towards minus infinity, as PyTorch's div_rtn does (the numerator can be negative).
constexpr std::int64_t floor_div(std::int64_t numerator, std::int64_t denominator) noexcept
{
  const std::int64_t quotient = numerator / denominator;
  return (numerator % denominator != 0 && (numerator < 0) != (denominator < 0)) ? quotient - 1 : quotient;
}

constexpr std::size_t kInput = static_cast<std::size_t>(-1); // the model input, wherever a layer index goes

class Counter {
public:
  explicit Counter(const CnnModel& model) : model_(model) {}

  CnnCounts run()
  {
    const std::size_t n = model_.layers.size();
    if (n == 0) {
      throw ModelError("model", "has no layers");
    }
    const Shape& input = model_.input;
    if (input.channels <= 0 || input.height <= 0 || input.width <= 0) {
      throw ModelError("input", "channels, height and width must be positive, is " + shape_text(input));
    }
    where_ = "input";
    failing_layer_.reset();
    checked_elements(input);

    counts_.layers.resize(n);
    producer_.assign(n, kInput);
    elements_read_.assign(n, 0);
    index_of_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      count_layer(i);
    }
    where_ = "model";
    failing_layer_.reset();
    if (producer_.back() != kInput) { // the network's output is read out
      elements_read_[producer_.back()] = add(elements_read_[producer_.back()], counts_.layers.back().output.elements());
    }

    for (std::size_t i = 0; i < n; ++i) {
      LayerCounts& layer = counts_.layers[i];
      if (!is_fused(model_.layers[i].kind)) {
        // Written once, read by its consumers; on top of what the layer moves inside (attention).
        layer.activation_traffic_elements =
            add(layer.activation_traffic_elements, add(layer.output.elements(), elements_read_[i]));
      }
      counts_.parameters = add(counts_.parameters, layer.parameters);
      counts_.macs = add(counts_.macs, layer.macs);
      counts_.activation_traffic_elements = add(counts_.activation_traffic_elements, layer.activation_traffic_elements);
    }
    return std::move(counts_);
  }

private:
  [[noreturn]] void fail(const std::string& problem) const { throw ModelError(where_, problem, failing_layer_); }

  std::int64_t mul(std::int64_t a, std::int64_t b) const
  {
    const std::optional<std::int64_t> result = detail::checked_mul(a, b);
    if (!result) {
      fail(detail::kTooLargeToCount);
    }
    return *result;
  }
  std::int64_t add(std::int64_t a, std::int64_t b) const
  {
    const std::optional<std::int64_t> result = detail::checked_add(a, b);
    if (!result) {
      fail(detail::kTooLargeToCount);
    }
    return *result;
  }
  // Shape::elements() does not check; every shape this counter produces goes through here first.
  std::int64_t checked_elements(const Shape& s) const { return mul(mul(s.channels, s.height), s.width); }

  Shape shape_of(std::size_t source) const { return source == kInput ? model_.input : counts_.layers[source].output; }

  std::string source_name(std::size_t source) const
  {
    return source == kInput ? std::string("input") : model_.layers[source].name;
  }

  // The layers (or kInput) whose outputs feed layer `index`.
  std::vector<std::size_t> resolve_inputs(std::size_t index) const
  {
    const CnnLayer& layer = model_.layers[index];
    if (layer.inputs.empty()) {
      return {index == 0 ? kInput : index - 1};
    }
    std::vector<std::size_t> sources;
    sources.reserve(layer.inputs.size());
    for (const std::string& name : layer.inputs) {
      if (name == "input") {
        sources.push_back(kInput);
        continue;
      }
      if (const auto it = index_of_.find(name); it != index_of_.end()) {
        sources.push_back(it->second);
        continue;
      }
      if (name == layer.name) {
        fail("input '" + name + "' is this layer itself; a layer can only read earlier layers");
      }
      // Only on the way to an error, so the linear search costs nothing in a valid model.
      const auto later = std::ranges::find(model_.layers, name, &CnnLayer::name);
      if (later != model_.layers.end()) {
        fail("input '" + name + "' is a later layer (" +
             layer_number(static_cast<std::size_t>(later - model_.layers.begin())) +
             "); a layer can only read earlier layers");
      }
      fail("input '" + name + "' is not a layer of this model");
    }
    return sources;
  }

  void check_name(std::size_t index) const
  {
    const CnnLayer& layer = model_.layers[index];
    if (layer.name.empty()) {
      throw ModelError(layer_number(index), "has no name", index);
    }
    if (layer.name == "input") {
      fail("the name 'input' is reserved for the model input");
    }
    if (const auto it = index_of_.find(layer.name); it != index_of_.end()) {
      fail("the name '" + layer.name + "' is already taken by " + layer_number(it->second));
    }
  }

  // Each setting the layer's kind carries within its range (the schema's, in core/model/layer_fields.h).
  void check_fields(const CnnLayer& layer) const
  {
    for (const KindField& kind_field : layer_fields(layer.kind)) {
      if (std::string problem = field_value_problem(kind_field.field, field_value(layer, kind_field.field));
          !problem.empty()) {
        fail(problem);
      }
    }
  }

  // What a window's settings must satisfy together, beyond each one's range.
  void check_window(const CnnLayer& layer) const
  {
    if (layer.kind == LayerKind::avg_pool && (layer.dilation_h != 1 || layer.dilation_w != 1)) {
      fail("average pooling has no dilation (PyTorch's AvgPool2d), is " +
           pair_text(layer.dilation_h, layer.dilation_w));
    }
    if (layer.kind != LayerKind::conv) {
      // PyTorch refuses pooling padded by more than half the (dilated) window.
      const auto half_window = [](std::int64_t kernel, std::int64_t dilation) {
        return (kernel > 0 && dilation > (std::numeric_limits<std::int64_t>::max() - 1) / kernel)
                   ? std::numeric_limits<std::int64_t>::max()
                   : ((kernel - 1) * dilation + 1) / 2;
      };
      const std::int64_t max_h = half_window(layer.kernel_h, layer.dilation_h);
      const std::int64_t max_w = half_window(layer.kernel_w, layer.dilation_w);
      if (layer.padding_h > max_h || layer.padding_w > max_w) {
        fail("padding (" + pair_text(layer.padding_h, layer.padding_w) +
             ") is more than half the pooling window; PyTorch allows at most " + pair_text(max_h, max_w));
      }
    }
  }

  // The transformer kinds work on a sequence of tokens, C x T x 1 (see to_tokens).
  void require_sequence(const Shape& in, const char* why) const
  {
    if (in.width != 1) {
      fail(std::string(why) + " needs a sequence of tokens (channels x tokens x 1) but its input is " + shape_text(in) +
           "; a to_tokens layer turns a feature map into one");
    }
  }

  // PyTorch's output size along one axis (conv: ConvNd's formula; pooling: pooling_output_shape,
  // which with ceil_mode drops a last window that would start in the right padding).
  std::int64_t window_output(const CnnLayer& layer, std::int64_t size, bool rows) const
  {
    const std::int64_t kernel = rows ? layer.kernel_h : layer.kernel_w;
    const std::int64_t stride = rows ? layer.stride_h : layer.stride_w;
    const std::int64_t padding = rows ? layer.padding_h : layer.padding_w;
    const std::int64_t dilation = rows ? layer.dilation_h : layer.dilation_w;
    const bool ceil_mode = layer.ceil_mode && layer.kind != LayerKind::conv;

    const std::int64_t span = add(mul(dilation, kernel - 1), 1); // rows or columns one window covers
    const std::int64_t padded = add(size, mul(2, padding));
    std::int64_t output = floor_div(add(padded - span, ceil_mode ? stride - 1 : 0), stride) + 1;
    if (ceil_mode && output > 0 && (output - 1) * stride >= size + padding) {
      --output;
    }
    if (output < 1) {
      const char* unit = rows ? "row" : "column";
      std::string problem = "the " + std::to_string(kernel) + "-" + unit + " kernel";
      if (dilation != 1) {
        problem += " dilated by " + std::to_string(dilation) + " spans " + std::to_string(span) + " " + unit + "s and";
      }
      problem += " is larger than the input's " + std::to_string(size) + " " + unit + "s plus 2 x " +
                 std::to_string(padding) + " padding";
      fail(problem);
    }
    return output;
  }

  void count_layer(std::size_t index)
  {
    const CnnLayer& layer = model_.layers[index];
    where_ = where(layer, index);
    failing_layer_ = index;
    check_name(index);
    const std::vector<std::size_t> sources = resolve_inputs(index);
    const Shape in = shape_of(sources.front());
    LayerCounts& out = counts_.layers[index];

    const bool multi_input =
        layer.kind == LayerKind::add || layer.kind == LayerKind::concat || layer.kind == LayerKind::multiply;
    if (!multi_input && sources.size() != 1) {
      fail("takes one input, has " + std::to_string(sources.size()));
    }
    check_fields(layer);
    if (carries(layer.kind, LayerField::kernel)) {
      check_window(layer);
    }

    switch (layer.kind) {
    case LayerKind::conv: count_conv(layer, in, out); break;
    case LayerKind::linear: {
      const std::int64_t in_features = in.elements(); // the input is flattened
      out.output = {layer.out_features, 1, 1};
      out.parameters = add(mul(in_features, layer.out_features), layer.bias ? layer.out_features : 0);
      out.macs = mul(in_features, layer.out_features);
      break;
    }
    case LayerKind::max_pool:
    case LayerKind::avg_pool:
      out.output = {in.channels, window_output(layer, in.height, true), window_output(layer, in.width, false)};
      break;
    case LayerKind::global_avg_pool: out.output = {in.channels, 1, 1}; break;
    case LayerKind::batch_norm:
      out.output = in;
      out.parameters = model_.count_batch_norm_parameters ? mul(2, in.channels) : 0; // scale and shift
      break;
    case LayerKind::relu:
    case LayerKind::relu6:
    case LayerKind::hardswish:
    case LayerKind::hardsigmoid:
    case LayerKind::silu:
    case LayerKind::sigmoid:
    case LayerKind::gelu:
    case LayerKind::dropout: out.output = in; break;
    case LayerKind::flatten: out.output = {in.elements(), 1, 1}; break;
    case LayerKind::multiply: count_multiply(sources, out); break;
    case LayerKind::to_tokens: out.output = {in.channels, mul(in.height, in.width), 1}; break;
    case LayerKind::class_token:
      require_sequence(in, "prepending a class token");
      out.output = {in.channels, add(in.height, 1), 1};
      out.parameters = in.channels; // the token
      break;
    case LayerKind::position_embedding:
      out.output = in;
      out.parameters = checked_elements(in); // one learned value per element: T x C for a sequence
      break;
    case LayerKind::layer_norm:
      out.output = in;
      out.parameters = mul(2, in.channels); // scale and shift of each channel
      break;
    case LayerKind::self_attention: count_self_attention(layer, in, out); break;
    case LayerKind::select_class_token:
      require_sequence(in, "selecting the class token");
      out.output = {in.channels, 1, 1};
      break;
    case LayerKind::add: count_add(sources, out); break;
    case LayerKind::concat: count_concat(sources, out); break;
    case LayerKind::channel_split: count_channel_split(layer, in, out); break;
    case LayerKind::layer_scale:
      out.output = in;
      out.parameters = in.channels; // PyTorch's C x 1 x 1 parameter, broadcast over the positions
      break;
    case LayerKind::window_attention: count_window_attention(layer, in, out); break;
    case LayerKind::space_to_depth: {
      // Swin's _patch_merging_pad pads odd sides by one, so the blocks cover every position.
      const auto blocks = [&](std::int64_t size) { return add(size, layer.block_size - 1) / layer.block_size; };
      out.output = {mul(in.channels, mul(layer.block_size, layer.block_size)), blocks(in.height), blocks(in.width)};
      break;
    }
    case LayerKind::channel_shuffle:
      if (in.channels % layer.groups != 0) {
        fail("groups (" + std::to_string(layer.groups) + ") does not divide the " + std::to_string(in.channels) +
             " channels; a shuffle interleaves groups of equal size");
      }
      out.output = in;
      break;
    }
    checked_elements(out.output);

    note_traffic(index, sources);
    index_of_.emplace(layer.name, index);
  }

  void count_conv(const CnnLayer& layer, const Shape& in, LayerCounts& out) const
  {
    if (in.channels % layer.groups != 0) {
      fail("groups (" + std::to_string(layer.groups) + ") does not divide the " + std::to_string(in.channels) +
           " input channels");
    }
    if (layer.out_channels % layer.groups != 0) {
      fail("groups (" + std::to_string(layer.groups) + ") does not divide the " + std::to_string(layer.out_channels) +
           " output channels");
    }
    out.output = {layer.out_channels, window_output(layer, in.height, true), window_output(layer, in.width, false)};
    // Each output element is a dot product over its group's input channels and the kernel window.
    const std::int64_t per_output = mul(mul(in.channels / layer.groups, layer.kernel_h), layer.kernel_w);
    out.parameters = add(mul(layer.out_channels, per_output), layer.bias ? layer.out_channels : 0);
    out.macs = mul(checked_elements(out.output), per_output);
  }

  // Only equal ranges: torch.chunk of channels that `parts` does not divide gives ranges of
  // different sizes, which no model of the zoo uses.
  void count_channel_split(const CnnLayer& layer, const Shape& in, LayerCounts& out) const
  {
    if (layer.part > layer.parts) {
      fail("part " + std::to_string(layer.part) + " of " + std::to_string(layer.parts) +
           " does not exist; parts are numbered from 1");
    }
    if (in.channels % layer.parts != 0) {
      fail("parts (" + std::to_string(layer.parts) + ") does not divide the " + std::to_string(in.channels) +
           " channels into equal ranges");
    }
    out.output = {in.channels / layer.parts, in.height, in.width};
  }

  void count_add(const std::vector<std::size_t>& sources, LayerCounts& out) const
  {
    if (sources.size() < 2) {
      fail("needs two or more inputs to add, has " + std::to_string(sources.size()));
    }
    const Shape in = shape_of(sources.front());
    for (std::size_t source : sources) {
      if (shape_of(source) != in) {
        fail("cannot add inputs of different shapes: '" + source_name(source) + "' is " + shape_text(shape_of(source)) +
             " but '" + source_name(sources.front()) + "' is " + shape_text(in) + " (channels x height x width)");
      }
    }
    out.output = in;
  }

  void count_concat(const std::vector<std::size_t>& sources, LayerCounts& out) const
  {
    const Shape in = shape_of(sources.front());
    out.output = {0, in.height, in.width};
    for (std::size_t source : sources) {
      const Shape s = shape_of(source);
      if (s.height != in.height || s.width != in.width) {
        fail("cannot concatenate inputs of different height or width: '" + source_name(source) + "' is " +
             shape_text(s) + " but '" + source_name(sources.front()) + "' is " + shape_text(in) +
             " (channels x height x width)");
      }
      out.output.channels = add(out.output.channels, s.channels);
    }
  }

  // Traffic bookkeeping, one pass: see the convention at is_fused(). A consumer reads what the
  // layer it names holds (through select_class_token, one token of the layer underneath).
  void note_traffic(std::size_t index, const std::vector<std::size_t>& sources)
  {
    const CnnLayer& layer = model_.layers[index];
    if (is_fused(layer.kind)) {
      producer_[index] = sources.front() == kInput ? kInput : producer_[sources.front()];
    } else {
      producer_[index] = index;
      for (std::size_t source : sources) {
        const std::size_t producer = source == kInput ? kInput : producer_[source];
        if (producer != kInput) {
          elements_read_[producer] = add(elements_read_[producer], shape_of(source).elements());
        }
      }
    }
  }

  // Element-wise product; a channels x 1 x 1 input (a per-channel scale) is broadcast over the
  // other's height and width, as PyTorch broadcasts N x C x 1 x 1 against N x C x H x W.
  void count_multiply(const std::vector<std::size_t>& sources, LayerCounts& out) const
  {
    if (sources.size() != 2) {
      fail("multiplies two inputs, has " + std::to_string(sources.size()));
    }
    const Shape a = shape_of(sources[0]);
    const Shape b = shape_of(sources[1]);
    const auto per_channel = [](const Shape& s) { return s.height == 1 && s.width == 1; };
    if (a == b || (a.channels == b.channels && per_channel(b))) {
      out.output = a;
    } else if (a.channels == b.channels && per_channel(a)) {
      out.output = b;
    } else {
      fail("cannot multiply '" + source_name(sources[0]) + "' (" + shape_text(a) + ") by '" + source_name(sources[1]) +
           "' (" + shape_text(b) +
           "): the shapes must be equal, or one must be channels x 1 x 1 with the other's channels");
    }
    // An element-wise product is not a multiply-accumulate: like add, it counts no MACs (nor does
    // torchvision's operation count).
  }

  void count_self_attention(const CnnLayer& layer, const Shape& in, LayerCounts& out) const
  {
    require_sequence(in, "self-attention");
    const std::int64_t channels = in.channels;
    if (channels % layer.heads != 0) {
      fail("heads (" + std::to_string(layer.heads) + ") does not divide the " + std::to_string(channels) +
           " channels; each head takes an equal share of them");
    }
    const std::int64_t tokens = in.height;
    out.output = in;
    // Input projection to queries, keys and values (3C x C) and output projection (C x C), each
    // with a bias, as PyTorch's in_proj_weight, in_proj_bias and out_proj.
    const std::int64_t square = mul(channels, channels);
    out.parameters = add(mul(4, square), layer.bias ? mul(4, channels) : 0);
    // Per token: the four projections, 4 C^2; per pair of tokens: a query-key product and a
    // weight-times-value product of C MACs each over all heads. The head count changes neither.
    const std::int64_t tokens_squared = mul(tokens, tokens);
    out.macs = add(mul(tokens, mul(4, square)), mul(mul(2, tokens_squared), channels));
    // Queries, keys and values, and the attention output, each written once and read once between
    // the layer's kernels (see the convention at is_fused()).
    out.activation_traffic_elements = mul(8, mul(tokens, channels));
  }

  // torchvision's shifted_window_attention: the map is padded at the bottom and right to whole
  // windows, and every window of N = window_h x window_w positions attends within itself. The
  // padded positions go through the projections and the products too, so they are counted.
  void count_window_attention(const CnnLayer& layer, const Shape& in, LayerCounts& out) const
  {
    const std::int64_t channels = in.channels;
    if (channels % layer.heads != 0) {
      fail("heads (" + std::to_string(layer.heads) + ") does not divide the " + std::to_string(channels) +
           " channels; each head takes an equal share of them");
    }
    const auto padded = [this](std::int64_t size, std::int64_t window) {
      return mul(add(size, window - 1) / window, window);
    };
    const std::int64_t positions = mul(padded(in.height, layer.window_h), padded(in.width, layer.window_w));
    const std::int64_t window = mul(layer.window_h, layer.window_w);
    out.output = in;
    // The qkv (3C x C) and proj (C x C) Linear layers, with biases, as self_attention's; and the
    // table of one bias per head for each of the (2 window_h - 1) x (2 window_w - 1) offsets
    // between two positions of a window.
    const std::int64_t square = mul(channels, channels);
    const std::int64_t offsets = mul(mul(2, layer.window_h) - 1, mul(2, layer.window_w) - 1);
    out.parameters = add(add(mul(4, square), layer.bias ? mul(4, channels) : 0), mul(offsets, layer.heads));
    // Per position: the four projections, 4 C^2; and a query-key and a weight-value product of C
    // MACs with each of the N positions of its window. Adding the bias is no MAC.
    out.macs = add(mul(positions, mul(4, square)), mul(mul(2, positions), mul(window, channels)));
    // Queries, keys and values, and the attention output, as self_attention's.
    out.activation_traffic_elements = mul(8, mul(positions, channels));
  }

  const CnnModel& model_;
  CnnCounts counts_;
  std::string where_;                                          // names the layer being counted, for errors
  std::optional<std::size_t> failing_layer_;                   // its index
  std::unordered_map<std::string_view, std::size_t> index_of_; // names of the layers counted so far
  std::vector<std::size_t> producer_;                          // the materialized layer holding each output
  std::vector<std::int64_t> elements_read_;                    // of each materialized output, by its consumers
};

} // namespace

const EnumIds<LayerKind> kLayerKindIds{kLayerKindEntries};

const std::vector<LayerKind>& all_layer_kinds()
{
  static const std::vector<LayerKind> kinds = kLayerKindIds.values();
  return kinds;
}

CnnCounts count_cnn(const CnnModel& model)
{
  return Counter(model).run();
}

} // namespace nne
