#pragma once

#include "core/model/cnn.h"
#include "core/util/enum_ids.h"

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>

namespace nne {

// The settings of a CNN layer beyond its name, kind and inputs, and which kinds carry which: the
// one schema the model file's reader and writer, the counter's checks and the editor's layer
// table all follow. A setting added to a kind here is read, written, checked and editable.
enum class LayerField {
  out_channels, // conv
  out_features, // linear
  kernel,       // conv, pools
  stride,       // conv, pools
  padding,      // conv, pools
  dilation,     // conv, pools (average pooling refuses any but 1, as PyTorch's AvgPool2d has none)
  groups,       // conv, channel_shuffle
  ceil_mode,    // pools
  heads,        // self_attention, window_attention
  bias,         // conv, linear, self_attention, window_attention
  parts,        // channel_split: into how many equal channel ranges
  part,         // channel_split: which of them, from 1
  window,       // window_attention: the window's height and width
  block_size,   // space_to_depth
};

// The ids are the model file's keys: "out_channels", "kernel", ...
extern const EnumIds<LayerField> kLayerFieldIds;
inline std::string_view layer_field_id(LayerField field) noexcept
{
  return kLayerFieldIds.id(field);
}

enum class FieldType {
  count, // a positive integer
  pair,  // height and width: an integer or [height, width] in a file, "3" or "3x1" in the table
  flag,  // true or false
};
FieldType field_type(LayerField field) noexcept;
// The smallest value a count or each side of a pair may take: 0 for padding, otherwise 1.
std::int64_t field_minimum(LayerField field) noexcept;

enum class FieldPresence {
  required, // a file must give it
  shown,    // optional in a file, written even at its default so that a reader sees it
  optional, // written only where it differs from its default
};

struct KindField {
  LayerField field;
  FieldPresence presence;
};

// The settings a layer of `kind` carries, in the order a file lists them (a default may depend on
// an earlier one: a pool's stride defaults to its kernel).
std::span<const KindField> layer_fields(LayerKind kind) noexcept;
bool carries(LayerKind kind, LayerField field) noexcept;

using FieldPair = std::pair<std::int64_t, std::int64_t>; // height, width
using FieldValue = std::variant<std::int64_t, FieldPair, bool>;

// The setting's value in `layer`, of the alternative its field_type names.
FieldValue field_value(const CnnLayer& layer, LayerField field) noexcept;
// Sets it; a value of another alternative than the field's type is a programming error
// (std::bad_variant_access).
void set_field_value(CnnLayer& layer, LayerField field, const FieldValue& value);
// What the setting is when a file leaves it out: PyTorch's defaults, a pool's stride its kernel,
// a bias for linear and attention layers but not for convolutions (which feed a batch norm).
FieldValue default_field_value(const CnnLayer& layer, LayerField field) noexcept;

// Why `value` cannot be the setting, in the counter's words ("stride must be positive, is 0"), or
// empty when it can.
std::string field_value_problem(LayerField field, const FieldValue& value);

// `layer` changed to `kind`, its settings kept where the new kind carries them and a required
// count that has no valid value yet set to its minimum, so that the layer can be counted.
CnnLayer with_kind(CnnLayer layer, LayerKind kind);

// "3" or "[3, 1]" for a pair, as a file writes it; "8" for a count; "true" or "false".
std::string field_value_text(const FieldValue& value);

} // namespace nne
