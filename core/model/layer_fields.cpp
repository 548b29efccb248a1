#include "core/model/layer_fields.h"

#include <algorithm>
#include <tuple>
#include <type_traits>

namespace nne {

namespace {

constexpr EnumId<LayerField> kLayerFieldEntries[]{
    {"out_channels", LayerField::out_channels},
    {"out_features", LayerField::out_features},
    {"kernel", LayerField::kernel},
    {"stride", LayerField::stride},
    {"padding", LayerField::padding},
    {"dilation", LayerField::dilation},
    {"groups", LayerField::groups},
    {"ceil_mode", LayerField::ceil_mode},
    {"heads", LayerField::heads},
    {"bias", LayerField::bias},
    {"parts", LayerField::parts},
    {"part", LayerField::part},
    {"window", LayerField::window},
    {"block_size", LayerField::block_size},
};

using enum FieldPresence;

constexpr KindField kConvFields[]{
    {LayerField::out_channels, required},
    {LayerField::kernel, shown},
    {LayerField::stride, optional},
    {LayerField::padding, optional},
    {LayerField::dilation, optional},
    {LayerField::groups, optional},
    {LayerField::bias, shown},
};
// PyTorch's pooling layers have no default window.
constexpr KindField kPoolFields[]{
    {LayerField::kernel, required},   {LayerField::stride, optional},    {LayerField::padding, optional},
    {LayerField::dilation, optional}, {LayerField::ceil_mode, optional},
};
constexpr KindField kLinearFields[]{{LayerField::out_features, required}, {LayerField::bias, shown}};
constexpr KindField kSelfAttentionFields[]{{LayerField::heads, required}, {LayerField::bias, shown}};
constexpr KindField kChannelSplitFields[]{{LayerField::parts, required}, {LayerField::part, required}};
constexpr KindField kChannelShuffleFields[]{{LayerField::groups, required}};
constexpr KindField kWindowAttentionFields[]{
    {LayerField::heads, required}, {LayerField::window, required}, {LayerField::bias, shown}};
constexpr KindField kSpaceToDepthFields[]{{LayerField::block_size, required}};

// The side of a pair a padding's, a kernel's, ... text names: one number when both are equal.
std::string pair_text(const FieldPair& pair)
{
  if (pair.first == pair.second) {
    return std::to_string(pair.first);
  }
  // Appended piece by piece: g++ 12 at -O2 and above warns falsely (-Wrestrict) on "[" + to_string().
  std::string text("[");
  text.append(std::to_string(pair.first)).append(", ").append(std::to_string(pair.second)).append("]");
  return text;
}

} // namespace

const EnumIds<LayerField> kLayerFieldIds{kLayerFieldEntries};

FieldType field_type(LayerField field) noexcept
{
  switch (field) {
  case LayerField::kernel:
  case LayerField::stride:
  case LayerField::padding:
  case LayerField::dilation:
  case LayerField::window: return FieldType::pair;
  case LayerField::ceil_mode:
  case LayerField::bias: return FieldType::flag;
  case LayerField::out_channels:
  case LayerField::out_features:
  case LayerField::groups:
  case LayerField::heads:
  case LayerField::parts:
  case LayerField::part:
  case LayerField::block_size: return FieldType::count;
  }
  return FieldType::count;
}

std::int64_t field_minimum(LayerField field) noexcept
{
  return field == LayerField::padding ? 0 : 1;
}

std::span<const KindField> layer_fields(LayerKind kind) noexcept
{
  switch (kind) {
  case LayerKind::conv: return kConvFields;
  case LayerKind::max_pool:
  case LayerKind::avg_pool: return kPoolFields;
  case LayerKind::linear: return kLinearFields;
  case LayerKind::self_attention: return kSelfAttentionFields;
  case LayerKind::channel_split: return kChannelSplitFields;
  case LayerKind::channel_shuffle: return kChannelShuffleFields;
  case LayerKind::window_attention: return kWindowAttentionFields;
  case LayerKind::space_to_depth: return kSpaceToDepthFields;
  default: return {};
  }
}

bool carries(LayerKind kind, LayerField field) noexcept
{
  return std::ranges::any_of(layer_fields(kind), [field](const KindField& f) { return f.field == field; });
}

FieldValue field_value(const CnnLayer& layer, LayerField field) noexcept
{
  switch (field) {
  case LayerField::out_channels: return layer.out_channels;
  case LayerField::out_features: return layer.out_features;
  case LayerField::kernel: return FieldPair{layer.kernel_h, layer.kernel_w};
  case LayerField::stride: return FieldPair{layer.stride_h, layer.stride_w};
  case LayerField::padding: return FieldPair{layer.padding_h, layer.padding_w};
  case LayerField::dilation: return FieldPair{layer.dilation_h, layer.dilation_w};
  case LayerField::groups: return layer.groups;
  case LayerField::ceil_mode: return layer.ceil_mode;
  case LayerField::heads: return layer.heads;
  case LayerField::bias: return layer.bias;
  case LayerField::parts: return layer.parts;
  case LayerField::part: return layer.part;
  case LayerField::window: return FieldPair{layer.window_h, layer.window_w};
  case LayerField::block_size: return layer.block_size;
  }
  return std::int64_t{0};
}

void set_field_value(CnnLayer& layer, LayerField field, const FieldValue& value)
{
  const auto set_pair = [&value](std::int64_t& h, std::int64_t& w) { std::tie(h, w) = std::get<FieldPair>(value); };
  switch (field) {
  case LayerField::out_channels: layer.out_channels = std::get<std::int64_t>(value); break;
  case LayerField::out_features: layer.out_features = std::get<std::int64_t>(value); break;
  case LayerField::kernel: set_pair(layer.kernel_h, layer.kernel_w); break;
  case LayerField::stride: set_pair(layer.stride_h, layer.stride_w); break;
  case LayerField::padding: set_pair(layer.padding_h, layer.padding_w); break;
  case LayerField::dilation: set_pair(layer.dilation_h, layer.dilation_w); break;
  case LayerField::groups: layer.groups = std::get<std::int64_t>(value); break;
  case LayerField::ceil_mode: layer.ceil_mode = std::get<bool>(value); break;
  case LayerField::heads: layer.heads = std::get<std::int64_t>(value); break;
  case LayerField::bias: layer.bias = std::get<bool>(value); break;
  case LayerField::parts: layer.parts = std::get<std::int64_t>(value); break;
  case LayerField::part: layer.part = std::get<std::int64_t>(value); break;
  case LayerField::window: set_pair(layer.window_h, layer.window_w); break;
  case LayerField::block_size: layer.block_size = std::get<std::int64_t>(value); break;
  }
}

FieldValue default_field_value(const CnnLayer& layer, LayerField field) noexcept
{
  const bool pool = layer.kind == LayerKind::max_pool || layer.kind == LayerKind::avg_pool;
  switch (field) {
  case LayerField::kernel:
  case LayerField::dilation:
  case LayerField::window: return FieldPair{1, 1};
  case LayerField::stride: return pool ? FieldPair{layer.kernel_h, layer.kernel_w} : FieldPair{1, 1};
  case LayerField::padding: return FieldPair{0, 0};
  case LayerField::ceil_mode: return false;
  case LayerField::bias: return layer.kind != LayerKind::conv;
  case LayerField::out_channels:
  case LayerField::out_features:
  case LayerField::groups:
  case LayerField::heads:
  case LayerField::parts:
  case LayerField::part:
  case LayerField::block_size: return std::int64_t{1};
  }
  return std::int64_t{1};
}

std::string field_value_problem(LayerField field, const FieldValue& value)
{
  const std::int64_t minimum = field_minimum(field);
  const bool below = std::visit(
      [minimum](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, FieldPair>) {
          return v.first < minimum || v.second < minimum;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return v < minimum;
        } else {
          return false;
        }
      },
      value);
  if (!below) {
    return {};
  }
  return std::string(layer_field_id(field)) + (minimum > 0 ? " must be positive, is " : " cannot be negative, is ") +
         field_value_text(value);
}

CnnLayer with_kind(CnnLayer layer, LayerKind kind)
{
  layer.kind = kind;
  for (const KindField& kind_field : layer_fields(kind)) {
    if (kind_field.presence == FieldPresence::required && field_type(kind_field.field) == FieldType::count &&
        !field_value_problem(kind_field.field, field_value(layer, kind_field.field)).empty()) {
      set_field_value(layer, kind_field.field, field_minimum(kind_field.field));
    }
  }
  return layer;
}

std::string field_value_text(const FieldValue& value)
{
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, FieldPair>) {
          return pair_text(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else {
          return std::to_string(v);
        }
      },
      value);
}

} // namespace nne
