#include "core/import/onnx/constant_folding.h"

#include "core/import/onnx/tensor_info.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string_view>

namespace nne::onnx_import {

namespace {

// onnx.proto TensorProto.DataType
constexpr std::int32_t kFloat = 1;
constexpr std::int32_t kUint8 = 2;
constexpr std::int32_t kInt8 = 3;
constexpr std::int32_t kUint16 = 4;
constexpr std::int32_t kInt16 = 5;
constexpr std::int32_t kInt32 = 6;
constexpr std::int32_t kInt64 = 7;
constexpr std::int32_t kBool = 9;
constexpr std::int32_t kDouble = 11;
constexpr std::int32_t kUint32 = 12;
constexpr std::int32_t kUint64 = 13;

bool is_integer_type(std::int32_t type) noexcept
{
  switch (type) {
  case kUint8:
  case kInt8:
  case kUint16:
  case kInt16:
  case kInt32:
  case kInt64:
  case kBool:
  case kUint32:
  case kUint64: return true;
  default: return false;
  }
}

bool is_computed_type(std::int32_t type) noexcept
{
  return is_integer_type(type) || type == kFloat || type == kDouble;
}

// Inputs that do not fit the operator: the node is left to shape inference and counting.
struct NotFoldable {};

// The elements of dims[from, to): index ranges rather than sub-vectors, as g++ 12 at -O2 takes a
// temporary vector built from an iterator range for a free of a non-heap object (a false positive).
std::int64_t element_count(const Dims& dims, std::size_t from, std::size_t to)
{
  std::int64_t count = 1;
  for (std::size_t k = from; k < to; ++k) {
    const std::int64_t d = dims[k];
    if (d < 0 || (d > 0 && count > kLargestFoldedElements / d)) {
      throw NotFoldable{};
    }
    count *= d;
  }
  return count;
}

std::int64_t element_count(const Dims& dims)
{
  return element_count(dims, 0, dims.size());
}

KnownValue make_value(std::int32_t elem_type, Dims dims)
{
  KnownValue value;
  value.elem_type = elem_type;
  value.dims = std::move(dims);
  const auto count = static_cast<std::size_t>(element_count(value.dims));
  if (value.floating()) {
    value.reals.assign(count, 0.0);
  } else {
    value.integers.assign(count, 0);
  }
  return value;
}

// Copies element `from` of `source` to element `to` of `target` (same kind of type).
void copy_element(const KnownValue& source, std::size_t from, KnownValue& target, std::size_t to)
{
  if (target.floating()) {
    target.reals[to] = source.real(from);
  } else {
    target.integers[to] = source.integer(from);
  }
}

std::vector<std::int64_t> strides_of(const Dims& dims)
{
  std::vector<std::int64_t> strides(dims.size(), 1);
  for (std::size_t i = dims.size(); i-- > 1;) {
    strides[i - 1] = strides[i] * dims[i];
  }
  return strides;
}

// The multi-index of element `flat` of a tensor with these dims.
std::vector<std::int64_t> index_of(std::int64_t flat, const Dims& dims)
{
  std::vector<std::int64_t> index(dims.size(), 0);
  for (std::size_t i = dims.size(); i-- > 0;) {
    if (dims[i] > 0) {
      index[i] = flat % dims[i];
      flat /= dims[i];
    }
  }
  return index;
}

std::int64_t normalized_axis(std::int64_t axis, std::size_t rank)
{
  const auto r = static_cast<std::int64_t>(rank);
  if (axis < -r || axis >= r) {
    throw NotFoldable{};
  }
  return axis < 0 ? axis + r : axis;
}

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, std::string_view name)
{
  for (const onnx::AttributeProto& a : node.attribute()) {
    if (a.name() == name) {
      return &a;
    }
  }
  return nullptr;
}

std::int64_t int_attribute(const onnx::NodeProto& node, std::string_view name, std::int64_t fallback)
{
  const onnx::AttributeProto* a = attribute(node, name);
  return a != nullptr ? a->i() : fallback;
}

std::optional<std::vector<std::int64_t>> ints_attribute(const onnx::NodeProto& node, std::string_view name)
{
  const onnx::AttributeProto* a = attribute(node, name);
  if (a == nullptr) {
    return std::nullopt;
  }
  return std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
}

class NodeFolder {
public:
  NodeFolder(const onnx::NodeProto& node, std::int64_t opset, const FoldingInputs& inputs)
      : node_(node), opset_(opset), inputs_(inputs)
  {
  }

  std::optional<std::vector<KnownValue>> run()
  {
    const std::string& op = node_.op_type();
    if (op == "Shape") {
      return one(shape());
    }
    if (op == "Size") {
      const Dims& dims = input_shape(0);
      KnownValue size = make_value(kInt64, {});
      size.integers[0] = std::accumulate(dims.begin(), dims.end(), std::int64_t{1}, std::multiplies<>());
      return one(std::move(size));
    }
    if (op == "ConstantOfShape") {
      return one(constant_of_shape());
    }
    if (op == "Constant") {
      return one(constant());
    }
    // Every other operator needs the values of its inputs.
    for (int i = 0; i < node_.input_size(); ++i) {
      if (!node_.input(i).empty() && inputs_.value(node_.input(i)) == nullptr) {
        return std::nullopt;
      }
    }
    if (op == "Identity") {
      return one(value(0));
    }
    if (op == "Cast") {
      return one(cast(value(0), static_cast<std::int32_t>(int_attribute(node_, "to", 0))));
    }
    if (op == "Unsqueeze" || op == "Squeeze") {
      return one(squeeze_or_unsqueeze(op == "Unsqueeze"));
    }
    if (op == "Reshape") {
      return one(reshape());
    }
    if (op == "Concat") {
      return one(concat());
    }
    if (op == "Gather") {
      return one(gather());
    }
    if (op == "Slice") {
      return one(slice());
    }
    if (op == "Transpose") {
      return one(transpose());
    }
    if (op == "Expand") {
      return one(expand());
    }
    if (op == "Range") {
      return one(range());
    }
    if (op == "Where") {
      return one(where());
    }
    if (op == "Neg" || op == "Abs" || op == "Not" || op == "Floor" || op == "Ceil" || op == "Sqrt" || op == "Round" ||
        op == "Sign" || op == "Reciprocal") {
      return one(unary(op));
    }
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Mod" || op == "Pow" || op == "Equal" ||
        op == "Less" || op == "Greater" || op == "LessOrEqual" || op == "GreaterOrEqual" || op == "And" || op == "Or" ||
        op == "Max" || op == "Min") {
      if (node_.input_size() != 2) {
        return std::nullopt; // a variadic Max, Min: not seen on shapes
      }
      return one(binary(op));
    }
    return std::nullopt;
  }

private:
  static std::optional<std::vector<KnownValue>> one(std::optional<KnownValue> value)
  {
    if (!value) {
      return std::nullopt;
    }
    return std::vector<KnownValue>{std::move(*value)};
  }

  const KnownValue& value(int index) const
  {
    if (index >= node_.input_size() || node_.input(index).empty()) {
      throw NotFoldable{};
    }
    const KnownValue* known = inputs_.value(node_.input(index));
    if (known == nullptr) {
      throw NotFoldable{};
    }
    return *known;
  }
  bool has_input(int index) const { return index < node_.input_size() && !node_.input(index).empty(); }

  const Dims& input_shape(int index) const
  {
    if (index >= node_.input_size()) {
      throw NotFoldable{};
    }
    if (const KnownValue* known = inputs_.value(node_.input(index)); known != nullptr) {
      return known->dims;
    }
    const Dims* dims = inputs_.shape(node_.input(index));
    if (dims == nullptr) {
      throw NotFoldable{};
    }
    return *dims;
  }

  std::vector<std::int64_t> integers_of(int index) const
  {
    const KnownValue& v = value(index);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < static_cast<std::size_t>(v.elements()); ++i) {
      out.push_back(v.integer(i));
    }
    return out;
  }

  std::optional<KnownValue> shape() const
  {
    const Dims* known = inputs_.shape(node_.input(0));
    const KnownValue* value_known = inputs_.value(node_.input(0));
    if (known == nullptr && value_known == nullptr) {
      return std::nullopt;
    }
    const Dims& dims = known != nullptr ? *known : value_known->dims;
    const auto rank = static_cast<std::int64_t>(dims.size());
    // Opset 15 added start and end, clamped like Slice's.
    const auto clamp = [&](std::int64_t at) { return std::clamp(at < 0 ? at + rank : at, std::int64_t{0}, rank); };
    const std::int64_t start = clamp(int_attribute(node_, "start", 0));
    const std::int64_t end = clamp(int_attribute(node_, "end", rank));
    KnownValue out = make_value(kInt64, {std::max<std::int64_t>(end - start, 0)});
    for (std::int64_t i = start; i < end; ++i) {
      out.integers[static_cast<std::size_t>(i - start)] = dims[static_cast<std::size_t>(i)];
    }
    return out;
  }

  std::optional<KnownValue> constant() const
  {
    const onnx::AttributeProto* a = attribute(node_, "value");
    if (a != nullptr && a->has_t()) {
      return known_value_of(a->t());
    }
    if ((a = attribute(node_, "value_int")) != nullptr) {
      KnownValue out = make_value(kInt64, {});
      out.integers[0] = a->i();
      return out;
    }
    if ((a = attribute(node_, "value_ints")) != nullptr) {
      KnownValue out = make_value(kInt64, {a->ints_size()});
      std::copy(a->ints().begin(), a->ints().end(), out.integers.begin());
      return out;
    }
    if ((a = attribute(node_, "value_float")) != nullptr) {
      KnownValue out = make_value(kFloat, {});
      out.reals[0] = a->f();
      return out;
    }
    if ((a = attribute(node_, "value_floats")) != nullptr) {
      KnownValue out = make_value(kFloat, {a->floats_size()});
      std::copy(a->floats().begin(), a->floats().end(), out.reals.begin());
      return out;
    }
    return std::nullopt;
  }

  std::optional<KnownValue> constant_of_shape() const
  {
    if (inputs_.value(node_.input(0)) == nullptr) {
      return std::nullopt;
    }
    KnownValue fill = make_value(kFloat, {});
    if (const onnx::AttributeProto* a = attribute(node_, "value"); a != nullptr && a->has_t()) {
      std::optional<KnownValue> given = known_value_of(a->t());
      if (!given || given->elements() != 1) {
        return std::nullopt;
      }
      fill = *given;
    }
    KnownValue out = make_value(fill.elem_type, integers_of(0));
    for (std::size_t i = 0; i < static_cast<std::size_t>(out.elements()); ++i) {
      copy_element(fill, 0, out, i);
    }
    return out;
  }

  static KnownValue cast(const KnownValue& in, std::int32_t to)
  {
    if (!is_computed_type(to)) {
      throw NotFoldable{};
    }
    KnownValue out = make_value(to, in.dims);
    for (std::size_t i = 0; i < static_cast<std::size_t>(in.elements()); ++i) {
      if (out.floating()) {
        out.reals[i] = in.real(i);
      } else if (to == kBool) {
        out.integers[i] = in.real(i) != 0.0 ? 1 : 0;
      } else {
        out.integers[i] = in.integer(i); // toward zero, as a C cast
      }
    }
    return out;
  }

  KnownValue squeeze_or_unsqueeze(bool unsqueeze) const
  {
    // Opset 13 moved the axes from an attribute to input 1.
    std::optional<std::vector<std::int64_t>> axes =
        opset_ >= 13 ? (has_input(1) ? std::optional(integers_of(1)) : std::nullopt) : ints_attribute(node_, "axes");
    KnownValue out = value(0);
    if (unsqueeze) {
      if (!axes) {
        throw NotFoldable{};
      }
      const std::size_t rank = out.dims.size() + axes->size();
      std::vector<bool> inserted(rank, false);
      for (const std::int64_t axis : *axes) {
        inserted[static_cast<std::size_t>(normalized_axis(axis, rank))] = true;
      }
      Dims dims;
      std::size_t next = 0;
      for (std::size_t i = 0; i < rank; ++i) {
        dims.push_back(inserted[i] ? 1 : out.dims.at(next++));
      }
      out.dims = std::move(dims);
      return out;
    }
    std::vector<bool> removed(out.dims.size(), false);
    if (axes) {
      for (const std::int64_t axis : *axes) {
        const auto at = static_cast<std::size_t>(normalized_axis(axis, out.dims.size()));
        if (out.dims[at] != 1) {
          throw NotFoldable{};
        }
        removed[at] = true;
      }
    } else {
      for (std::size_t i = 0; i < out.dims.size(); ++i) {
        removed[i] = out.dims[i] == 1;
      }
    }
    Dims dims;
    for (std::size_t i = 0; i < out.dims.size(); ++i) {
      if (!removed[i]) {
        dims.push_back(out.dims[i]);
      }
    }
    out.dims = std::move(dims);
    return out;
  }

  KnownValue reshape() const
  {
    KnownValue out = value(0);
    const std::vector<std::int64_t> target = integers_of(1);
    const bool allow_zero = int_attribute(node_, "allowzero", 0) != 0;
    Dims dims;
    std::int64_t known = 1;
    std::optional<std::size_t> inferred;
    for (std::size_t i = 0; i < target.size(); ++i) {
      std::int64_t d = target[i];
      if (d == 0 && !allow_zero) {
        if (i >= out.dims.size()) {
          throw NotFoldable{};
        }
        d = out.dims[i];
      }
      if (d == -1) {
        if (inferred) {
          throw NotFoldable{};
        }
        inferred = i;
      } else if (d < 0) {
        throw NotFoldable{};
      } else {
        known *= d;
      }
      dims.push_back(d);
    }
    if (inferred) {
      if (known == 0 || out.elements() % known != 0) {
        throw NotFoldable{};
      }
      dims[*inferred] = out.elements() / known;
    }
    if (element_count(dims) != out.elements()) {
      throw NotFoldable{};
    }
    out.dims = std::move(dims);
    return out;
  }

  KnownValue concat() const
  {
    const KnownValue& first = value(0);
    const auto axis = static_cast<std::size_t>(normalized_axis(int_attribute(node_, "axis", 0), first.dims.size()));
    Dims dims = first.dims;
    dims[axis] = 0;
    for (int i = 0; i < node_.input_size(); ++i) {
      const KnownValue& part = value(i);
      if (part.dims.size() != dims.size()) {
        throw NotFoldable{};
      }
      for (std::size_t d = 0; d < dims.size(); ++d) {
        if (d != axis && part.dims[d] != first.dims[d]) {
          throw NotFoldable{}; // the parts must agree off the axis: the copy below relies on it
        }
      }
      dims[axis] += part.dims[axis];
    }
    KnownValue out = make_value(first.elem_type, dims);
    // Blocks: the dimensions before the axis are outer, the axis and after are a contiguous run.
    const std::int64_t outer = element_count(dims, 0, axis);
    std::size_t to = 0;
    for (std::int64_t o = 0; o < outer; ++o) {
      for (int i = 0; i < node_.input_size(); ++i) {
        const KnownValue& part = value(i);
        const std::int64_t run = element_count(part.dims, axis, part.dims.size());
        for (std::int64_t e = 0; e < run; ++e) {
          copy_element(part, static_cast<std::size_t>(o * run + e), out, to++);
        }
      }
    }
    return out;
  }

  KnownValue gather() const
  {
    const KnownValue& data = value(0);
    const KnownValue& indices = value(1);
    const auto axis = static_cast<std::size_t>(normalized_axis(int_attribute(node_, "axis", 0), data.dims.size()));
    Dims dims(data.dims.begin(), data.dims.begin() + static_cast<std::ptrdiff_t>(axis));
    dims.insert(dims.end(), indices.dims.begin(), indices.dims.end());
    dims.insert(dims.end(), data.dims.begin() + static_cast<std::ptrdiff_t>(axis) + 1, data.dims.end());
    KnownValue out = make_value(data.elem_type, dims);
    const std::int64_t outer = element_count(data.dims, 0, axis);
    const std::int64_t inner = element_count(data.dims, axis + 1, data.dims.size());
    const std::int64_t along = data.dims[axis];
    std::size_t to = 0;
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::size_t k = 0; k < static_cast<std::size_t>(indices.elements()); ++k) {
        std::int64_t at = indices.integer(k);
        if (at < -along || at >= along) {
          throw NotFoldable{};
        }
        at = at < 0 ? at + along : at;
        for (std::int64_t e = 0; e < inner; ++e) {
          copy_element(data, static_cast<std::size_t>((o * along + at) * inner + e), out, to++);
        }
      }
    }
    return out;
  }

  KnownValue slice() const
  {
    const KnownValue& data = value(0);
    std::vector<std::int64_t> starts;
    std::vector<std::int64_t> ends;
    std::vector<std::int64_t> axes;
    std::vector<std::int64_t> steps;
    if (opset_ >= 10) {
      starts = integers_of(1);
      ends = integers_of(2);
      if (has_input(3)) {
        axes = integers_of(3);
      }
      if (has_input(4)) {
        steps = integers_of(4);
      }
    } else {
      starts = ints_attribute(node_, "starts").value_or(std::vector<std::int64_t>{});
      ends = ints_attribute(node_, "ends").value_or(std::vector<std::int64_t>{});
      axes = ints_attribute(node_, "axes").value_or(std::vector<std::int64_t>{});
    }
    if (axes.empty()) {
      for (std::size_t i = 0; i < starts.size(); ++i) {
        axes.push_back(static_cast<std::int64_t>(i));
      }
    }
    if (steps.empty()) {
      steps.assign(starts.size(), 1);
    }
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
      throw NotFoldable{};
    }
    const std::size_t rank = data.dims.size();
    std::vector<std::int64_t> first(rank, 0);
    std::vector<std::int64_t> step(rank, 1);
    Dims dims = data.dims;
    for (std::size_t i = 0; i < starts.size(); ++i) {
      const auto axis = static_cast<std::size_t>(normalized_axis(axes[i], rank));
      const std::int64_t size = data.dims[axis];
      const std::int64_t s = steps[i];
      if (s == 0) {
        throw NotFoldable{};
      }
      // ONNX's clamping: into [0, size] for a positive step, [-1, size - 1] for a negative one.
      const auto clamp = [&](std::int64_t at) {
        if (at < 0) {
          at = at < -size ? (s > 0 ? 0 : -1) : at + size;
        }
        return s > 0 ? std::clamp(at, std::int64_t{0}, size) : std::clamp(at, std::int64_t{-1}, size - 1);
      };
      const std::int64_t begin = clamp(starts[i]);
      const std::int64_t end = clamp(ends[i]);
      const std::int64_t count =
          s > 0 ? (end > begin ? (end - begin + s - 1) / s : 0) : (begin > end ? (begin - end + (-s) - 1) / (-s) : 0);
      first[axis] = begin;
      step[axis] = s;
      dims[axis] = count;
    }
    KnownValue out = make_value(data.elem_type, dims);
    const std::vector<std::int64_t> strides = strides_of(data.dims);
    for (std::int64_t flat = 0; flat < out.elements(); ++flat) {
      const std::vector<std::int64_t> index = index_of(flat, dims);
      std::int64_t from = 0;
      for (std::size_t d = 0; d < rank; ++d) {
        from += (first[d] + index[d] * step[d]) * strides[d];
      }
      copy_element(data, static_cast<std::size_t>(from), out, static_cast<std::size_t>(flat));
    }
    return out;
  }

  KnownValue transpose() const
  {
    const KnownValue& data = value(0);
    const std::size_t rank = data.dims.size();
    std::vector<std::int64_t> perm = ints_attribute(node_, "perm").value_or(std::vector<std::int64_t>{});
    if (perm.empty()) {
      for (std::size_t i = rank; i-- > 0;) {
        perm.push_back(static_cast<std::int64_t>(i));
      }
    }
    if (perm.size() != rank) {
      throw NotFoldable{};
    }
    std::vector<bool> seen(rank, false);
    for (std::int64_t& p : perm) {
      p = normalized_axis(p, rank);
      if (seen[static_cast<std::size_t>(p)]) {
        throw NotFoldable{}; // not a permutation: the copy below would read past the data
      }
      seen[static_cast<std::size_t>(p)] = true;
    }
    Dims dims;
    for (const std::int64_t p : perm) {
      dims.push_back(data.dims.at(static_cast<std::size_t>(normalized_axis(p, rank))));
    }
    KnownValue out = make_value(data.elem_type, dims);
    const std::vector<std::int64_t> strides = strides_of(data.dims);
    for (std::int64_t flat = 0; flat < out.elements(); ++flat) {
      const std::vector<std::int64_t> index = index_of(flat, dims);
      std::int64_t from = 0;
      for (std::size_t d = 0; d < rank; ++d) {
        from += index[d] * strides[static_cast<std::size_t>(normalized_axis(perm[d], rank))];
      }
      copy_element(data, static_cast<std::size_t>(from), out, static_cast<std::size_t>(flat));
    }
    return out;
  }

  // numpy broadcasting of two shapes.
  static Dims broadcast(const Dims& a, const Dims& b)
  {
    const std::size_t rank = std::max(a.size(), b.size());
    Dims dims(rank, 1);
    for (std::size_t i = 0; i < rank; ++i) {
      const std::int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
      const std::int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
      if (da != db && da != 1 && db != 1) {
        throw NotFoldable{};
      }
      dims[i] = da == 1 ? db : da;
    }
    return dims;
  }

  // The element of `operand` that element `flat` of a broadcast output of `dims` reads.
  static std::size_t broadcast_source(const Dims& operand, const Dims& dims, std::int64_t flat)
  {
    const std::vector<std::int64_t> index = index_of(flat, dims);
    const std::vector<std::int64_t> strides = strides_of(operand);
    const std::size_t offset = dims.size() - operand.size();
    std::int64_t from = 0;
    for (std::size_t d = 0; d < operand.size(); ++d) {
      if (operand[d] != 1) {
        from += index[d + offset] * strides[d];
      }
    }
    return static_cast<std::size_t>(from);
  }

  KnownValue expand() const
  {
    const KnownValue& data = value(0);
    const Dims dims = broadcast(data.dims, integers_of(1));
    KnownValue out = make_value(data.elem_type, dims);
    for (std::int64_t flat = 0; flat < out.elements(); ++flat) {
      copy_element(data, broadcast_source(data.dims, dims, flat), out, static_cast<std::size_t>(flat));
    }
    return out;
  }

  KnownValue range() const
  {
    const KnownValue& start = value(0);
    const KnownValue& limit = value(1);
    const KnownValue& delta = value(2);
    if (start.elements() != 1 || limit.elements() != 1 || delta.elements() != 1 || delta.real(0) == 0.0) {
      throw NotFoldable{};
    }
    const double count = std::max(std::ceil((limit.real(0) - start.real(0)) / delta.real(0)), 0.0);
    if (count > static_cast<double>(kLargestFoldedElements)) {
      throw NotFoldable{};
    }
    KnownValue out = make_value(start.elem_type, {static_cast<std::int64_t>(count)});
    for (std::size_t i = 0; i < static_cast<std::size_t>(out.elements()); ++i) {
      if (out.floating()) {
        out.reals[i] = start.real(0) + static_cast<double>(i) * delta.real(0);
      } else {
        out.integers[i] = start.integer(0) + static_cast<std::int64_t>(i) * delta.integer(0);
      }
    }
    return out;
  }

  KnownValue where() const
  {
    const KnownValue& condition = value(0);
    const KnownValue& x = value(1);
    const KnownValue& y = value(2);
    const Dims dims = broadcast(broadcast(condition.dims, x.dims), y.dims);
    KnownValue out = make_value(x.elem_type, dims);
    for (std::int64_t flat = 0; flat < out.elements(); ++flat) {
      const bool pick_x = condition.real(broadcast_source(condition.dims, dims, flat)) != 0.0;
      const KnownValue& picked = pick_x ? x : y;
      copy_element(picked, broadcast_source(picked.dims, dims, flat), out, static_cast<std::size_t>(flat));
    }
    return out;
  }

  KnownValue unary(std::string_view op) const
  {
    const KnownValue& in = value(0);
    KnownValue out = make_value(in.elem_type, in.dims);
    for (std::size_t i = 0; i < static_cast<std::size_t>(in.elements()); ++i) {
      if (in.floating()) {
        const double v = in.reals[i];
        out.reals[i] = op == "Neg"          ? -v
                       : op == "Abs"        ? std::fabs(v)
                       : op == "Floor"      ? std::floor(v)
                       : op == "Ceil"       ? std::ceil(v)
                       : op == "Sqrt"       ? std::sqrt(v)
                       : op == "Round"      ? std::nearbyint(v) // half to even, as ONNX
                       : op == "Sign"       ? static_cast<double>((v > 0) - (v < 0))
                       : op == "Reciprocal" ? 1.0 / v
                                            : throw NotFoldable{};
      } else {
        const std::int64_t v = in.integers[i];
        out.integers[i] = op == "Neg"                                        ? -v
                          : op == "Abs"                                      ? (v < 0 ? -v : v)
                          : op == "Not"                                      ? (v == 0 ? 1 : 0)
                          : op == "Sign"                                     ? (v > 0) - (v < 0)
                          : (op == "Floor" || op == "Ceil" || op == "Round") ? v
                                                                             : throw NotFoldable{};
      }
    }
    return out;
  }

  KnownValue binary(std::string_view op) const
  {
    const KnownValue& a = value(0);
    const KnownValue& b = value(1);
    const Dims dims = broadcast(a.dims, b.dims);
    const bool comparison = op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" ||
                            op == "GreaterOrEqual" || op == "And" || op == "Or";
    KnownValue out = make_value(comparison ? kBool : a.elem_type, dims);
    const bool floating = a.floating() || b.floating();
    const bool fmod = int_attribute(node_, "fmod", 0) != 0;
    for (std::int64_t flat = 0; flat < out.elements(); ++flat) {
      const std::size_t ia = broadcast_source(a.dims, dims, flat);
      const std::size_t ib = broadcast_source(b.dims, dims, flat);
      const auto to = static_cast<std::size_t>(flat);
      if (comparison) {
        const double x = a.real(ia);
        const double y = b.real(ib);
        const bool result = op == "Equal"            ? (floating ? x == y : a.integer(ia) == b.integer(ib))
                            : op == "Less"           ? x < y
                            : op == "Greater"        ? x > y
                            : op == "LessOrEqual"    ? x <= y
                            : op == "GreaterOrEqual" ? x >= y
                            : op == "And"            ? (x != 0.0 && y != 0.0)
                                                     : (x != 0.0 || y != 0.0);
        out.integers[to] = result ? 1 : 0;
      } else if (out.floating()) {
        const double x = a.real(ia);
        const double y = b.real(ib);
        out.reals[to] = op == "Add"   ? x + y
                        : op == "Sub" ? x - y
                        : op == "Mul" ? x * y
                        : op == "Div" ? x / y
                        : op == "Pow" ? std::pow(x, y)
                        : op == "Max" ? std::max(x, y)
                        : op == "Min" ? std::min(x, y)
                                      : std::fmod(x, y);
      } else {
        const std::int64_t x = a.integer(ia);
        const std::int64_t y = b.integer(ib);
        if ((op == "Div" || op == "Mod") && y == 0) {
          throw NotFoldable{};
        }
        std::int64_t r = 0;
        if (op == "Add") {
          r = x + y;
        } else if (op == "Sub") {
          r = x - y;
        } else if (op == "Mul") {
          r = x * y;
        } else if (op == "Div") {
          r = x / y; // toward zero, as onnxruntime divides integers
        } else if (op == "Mod") {
          r = x % y;
          if (!fmod && r != 0 && ((r < 0) != (y < 0))) {
            r += y; // the sign of the divisor, as Python's %
          }
        } else if (op == "Pow") {
          r = static_cast<std::int64_t>(std::pow(static_cast<double>(x), static_cast<double>(y)));
        } else if (op == "Max") {
          r = std::max(x, y);
        } else {
          r = std::min(x, y);
        }
        out.integers[to] = r;
      }
    }
    return out;
  }

  const onnx::NodeProto& node_;
  std::int64_t opset_;
  const FoldingInputs& inputs_;
};

template <typename T> std::vector<T> raw_values(const std::string& raw)
{
  std::vector<T> values(raw.size() / sizeof(T));
  std::memcpy(values.data(), raw.data(), values.size() * sizeof(T));
  return values;
}

} // namespace

bool KnownValue::floating() const noexcept
{
  return is_floating(elem_type);
}

std::int64_t KnownValue::elements() const noexcept
{
  return static_cast<std::int64_t>(floating() ? reals.size() : integers.size());
}

std::optional<KnownValue> known_value_of(const onnx::TensorProto& tensor)
{
  const std::int32_t type = tensor.data_type();
  if (!is_computed_type(type) || tensor.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
    return std::nullopt;
  }
  KnownValue value;
  value.elem_type = type;
  value.dims.assign(tensor.dims().begin(), tensor.dims().end());
  std::int64_t count = 0;
  try {
    count = element_count(value.dims);
  } catch (const NotFoldable&) {
    return std::nullopt;
  }
  // Numbers are little-endian in raw_data (onnx.proto), as on every machine this builds for.
  const std::string& raw = tensor.raw_data();
  switch (type) {
  case kFloat:
    if (tensor.has_raw_data()) {
      for (const float f : raw_values<float>(raw)) {
        value.reals.push_back(f);
      }
    } else {
      value.reals.assign(tensor.float_data().begin(), tensor.float_data().end());
    }
    break;
  case kDouble:
    value.reals = tensor.has_raw_data() ? raw_values<double>(raw)
                                        : std::vector<double>(tensor.double_data().begin(), tensor.double_data().end());
    break;
  case kInt64:
    value.integers = tensor.has_raw_data()
                         ? raw_values<std::int64_t>(raw)
                         : std::vector<std::int64_t>(tensor.int64_data().begin(), tensor.int64_data().end());
    break;
  case kUint64:
    if (tensor.has_raw_data()) {
      for (const std::uint64_t u : raw_values<std::uint64_t>(raw)) {
        value.integers.push_back(static_cast<std::int64_t>(u));
      }
    } else {
      value.integers.assign(tensor.uint64_data().begin(), tensor.uint64_data().end());
    }
    break;
  case kInt32:
    if (tensor.has_raw_data()) {
      for (const std::int32_t i : raw_values<std::int32_t>(raw)) {
        value.integers.push_back(i);
      }
    } else {
      value.integers.assign(tensor.int32_data().begin(), tensor.int32_data().end());
    }
    break;
  default: // the 8- and 16-bit integers and bool: int32_data, or one or two bytes each in raw_data
    if (tensor.has_raw_data()) {
      if (type == kUint32 || type == kInt16 || type == kUint16) {
        return std::nullopt; // not seen on shapes
      }
      for (const char c : raw) {
        value.integers.push_back(type == kInt8 ? static_cast<std::int64_t>(static_cast<signed char>(c))
                                               : static_cast<std::int64_t>(static_cast<unsigned char>(c)));
      }
    } else {
      value.integers.assign(tensor.int32_data().begin(), tensor.int32_data().end());
    }
    break;
  }
  if (value.elements() != count) {
    return std::nullopt; // the payload was skipped, or does not match the dims
  }
  return value;
}

onnx::TensorProto tensor_of(const KnownValue& value, const std::string& name)
{
  onnx::TensorProto tensor;
  tensor.set_name(name);
  tensor.set_data_type(value.elem_type);
  for (const std::int64_t d : value.dims) {
    tensor.add_dims(d);
  }
  switch (value.elem_type) {
  case kFloat:
    for (const double r : value.reals) {
      tensor.add_float_data(static_cast<float>(r));
    }
    break;
  case kDouble:
    for (const double r : value.reals) {
      tensor.add_double_data(r);
    }
    break;
  case kInt64:
    for (const std::int64_t i : value.integers) {
      tensor.add_int64_data(i);
    }
    break;
  case kUint64:
  case kUint32:
    for (const std::int64_t i : value.integers) {
      tensor.add_uint64_data(static_cast<std::uint64_t>(i));
    }
    break;
  default:
    for (const std::int64_t i : value.integers) {
      tensor.add_int32_data(static_cast<std::int32_t>(i));
    }
    break;
  }
  return tensor;
}

std::optional<std::vector<KnownValue>> fold_node(const onnx::NodeProto& node, std::int64_t opset,
                                                 const FoldingInputs& inputs)
{
  if (!(node.domain().empty() || node.domain() == "ai.onnx") || node.output_size() == 0) {
    return std::nullopt;
  }
  try {
    std::optional<std::vector<KnownValue>> outputs = NodeFolder(node, opset, inputs).run();
    if (outputs) {
      for (const KnownValue& out : *outputs) {
        if (out.elements() > kLargestFoldedElements) {
          return std::nullopt;
        }
      }
    }
    return outputs;
  } catch (const NotFoldable&) {
    return std::nullopt;
  } catch (const std::out_of_range&) {
    return std::nullopt;
  }
}

} // namespace nne::onnx_import
