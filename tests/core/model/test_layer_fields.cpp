// The per-kind schema of a CNN layer's settings (core/model/layer_fields.h): the model file, the
// counter and the editor's table follow it, so a setting a kind carries is read, written back,
// checked and refused in the same words everywhere.

#include "core/io/model_json.h"
#include "core/model/cnn.h"
#include "core/model/layer_fields.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>
#include <variant>

namespace nne {
namespace {

using nlohmann::json;

// A value of the setting's type, valid and different from its default, so that a writer that
// drops it or a reader that ignores it shows.
FieldValue unusual_value(const CnnLayer& layer, LayerField field)
{
  switch (field_type(field)) {
  case FieldType::count: return std::int64_t{2};
  case FieldType::pair: {
    const FieldPair fallback = std::get<FieldPair>(default_field_value(layer, field));
    return FieldPair{fallback.first + 1, fallback.second + 2};
  }
  case FieldType::flag: return !std::get<bool>(default_field_value(layer, field));
  }
  return std::int64_t{2};
}

Model one_layer_model(const CnnLayer& layer)
{
  CnnModel cnn;
  cnn.layers.push_back(layer);
  Model model;
  model.id = "m";
  model.name = "M";
  model.architecture = cnn;
  return model;
}

TEST(LayerFields, EveryFieldHasOneIdThatReadsBack)
{
  for (const EnumId<LayerField>& entry : kLayerFieldIds.entries()) {
    EXPECT_EQ(kLayerFieldIds.parse(entry.id), entry.value);
  }
  EXPECT_EQ(kLayerFieldIds.values().size(), 14U);
}

TEST(LayerFields, KindsCarryTheSettingsPyTorchGivesThem)
{
  EXPECT_TRUE(carries(LayerKind::conv, LayerField::groups));
  EXPECT_TRUE(carries(LayerKind::conv, LayerField::dilation));
  EXPECT_FALSE(carries(LayerKind::conv, LayerField::ceil_mode));
  EXPECT_TRUE(carries(LayerKind::max_pool, LayerField::ceil_mode));
  EXPECT_FALSE(carries(LayerKind::avg_pool, LayerField::bias));
  EXPECT_TRUE(carries(LayerKind::linear, LayerField::out_features));
  EXPECT_TRUE(carries(LayerKind::self_attention, LayerField::heads));
  EXPECT_TRUE(carries(LayerKind::channel_split, LayerField::parts));
  EXPECT_TRUE(carries(LayerKind::channel_split, LayerField::part));
  EXPECT_TRUE(carries(LayerKind::channel_shuffle, LayerField::groups));
  EXPECT_FALSE(carries(LayerKind::channel_shuffle, LayerField::kernel));
  EXPECT_TRUE(carries(LayerKind::window_attention, LayerField::window));
  EXPECT_TRUE(carries(LayerKind::window_attention, LayerField::heads));
  EXPECT_TRUE(carries(LayerKind::space_to_depth, LayerField::block_size));
  EXPECT_TRUE(layer_fields(LayerKind::relu).empty());
  EXPECT_TRUE(layer_fields(LayerKind::add).empty());
}

TEST(LayerFields, APoolsStrideDefaultsToItsKernelAndOnlyLinearAndAttentionHaveABiasByDefault)
{
  CnnLayer pool;
  pool.kind = LayerKind::max_pool;
  pool.kernel_h = 3;
  pool.kernel_w = 2;
  EXPECT_EQ(default_field_value(pool, LayerField::stride), FieldValue(FieldPair{3, 2}));
  CnnLayer conv;
  EXPECT_EQ(default_field_value(conv, LayerField::stride), FieldValue(FieldPair{1, 1}));
  EXPECT_EQ(default_field_value(conv, LayerField::bias), FieldValue(false));
  CnnLayer linear;
  linear.kind = LayerKind::linear;
  EXPECT_EQ(default_field_value(linear, LayerField::bias), FieldValue(true));
}

// Every setting of every kind survives a file: written when it is not the default, read back.
TEST(LayerFields, EverySettingOfEveryKindIsWrittenAndReadBack)
{
  for (const LayerKind kind : all_layer_kinds()) {
    CnnLayer layer;
    layer.name = "l";
    layer.kind = kind;
    for (const KindField& kind_field : layer_fields(kind)) {
      set_field_value(layer, kind_field.field, unusual_value(layer, kind_field.field));
    }
    SCOPED_TRACE(std::string(layer_kind_id(kind)));
    const Model model = one_layer_model(layer);
    const json written = model_to_json(model);
    const Model read_model = model_from_json(written, "m.json");
    const CnnLayer& read = std::get<CnnModel>(read_model.architecture).layers.at(0);
    EXPECT_EQ(read, layer) << written.dump();
    for (const KindField& kind_field : layer_fields(kind)) {
      EXPECT_TRUE(written["layers"][0].contains(std::string(layer_field_id(kind_field.field))))
          << layer_field_id(kind_field.field);
    }
  }
}

TEST(LayerFields, RequiredSettingsMustBeInTheFileAndOptionalOnesAtTheirDefaultAreLeftOut)
{
  CnnLayer conv;
  conv.name = "c";
  conv.out_channels = 4;
  const json written = model_to_json(one_layer_model(conv))["layers"][0];
  EXPECT_EQ(written, json::parse(R"({"name": "c", "kind": "conv", "out_channels": 4, "kernel": 1, "bias": false})"));

  json file = model_to_json(one_layer_model(conv));
  file["layers"][0].erase("out_channels");
  try {
    model_from_json(file, "m.json");
    ADD_FAILURE() << "a convolution without out_channels was read";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "m.json: /layers/0/out_channels: missing required key");
  }
}

// The counter refuses a setting out of its range in the schema's words, whichever kind carries it.
TEST(LayerFields, TheCounterRefusesEachCarriedCountOrPairBelowItsMinimum)
{
  for (const LayerKind kind : all_layer_kinds()) {
    for (const KindField& kind_field : layer_fields(kind)) {
      if (field_type(kind_field.field) == FieldType::flag) {
        continue;
      }
      CnnLayer layer = with_kind(CnnLayer{}, kind);
      layer.name = "l";
      const std::int64_t bad = field_minimum(kind_field.field) - 1;
      const FieldValue value =
          field_type(kind_field.field) == FieldType::pair ? FieldValue(FieldPair{1, bad}) : FieldValue(bad);
      set_field_value(layer, kind_field.field, value);
      const std::string problem = field_value_problem(kind_field.field, value);
      ASSERT_FALSE(problem.empty());
      CnnModel cnn;
      cnn.input = {4, 8, 1};
      cnn.layers.push_back(layer);
      SCOPED_TRACE(std::string(layer_kind_id(kind)) + " " + std::string(layer_field_id(kind_field.field)));
      try {
        count_cnn(cnn);
        ADD_FAILURE() << "counted";
      } catch (const ModelError& error) {
        EXPECT_NE(std::string(error.what()).find(problem), std::string::npos) << error.what();
      }
    }
  }
  EXPECT_EQ(field_value_problem(LayerField::padding, FieldPair{0, -1}), "padding cannot be negative, is [0, -1]");
  EXPECT_EQ(field_value_problem(LayerField::groups, std::int64_t{0}), "groups must be positive, is 0");
  EXPECT_EQ(field_value_problem(LayerField::padding, FieldPair{0, 0}), "");
}

TEST(LayerFields, ChangingAKindGivesALayerThatCanBeCounted)
{
  for (const LayerKind kind : {LayerKind::conv, LayerKind::linear, LayerKind::self_attention}) {
    CnnLayer relu;
    relu.name = "r";
    relu.kind = LayerKind::relu;
    relu.out_channels = 0;
    relu.out_features = 0;
    const CnnLayer changed = with_kind(relu, kind);
    EXPECT_EQ(changed.kind, kind);
    for (const KindField& kind_field : layer_fields(kind)) {
      EXPECT_EQ(field_value_problem(kind_field.field, field_value(changed, kind_field.field)), "")
          << layer_field_id(kind_field.field);
    }
  }
  CnnLayer conv;
  conv.out_channels = 16;
  conv.kernel_h = conv.kernel_w = 3;
  const CnnLayer pool = with_kind(conv, LayerKind::max_pool);
  EXPECT_EQ(pool.kernel_h, 3); // what the new kind carries too is kept
  EXPECT_EQ(with_kind(pool, LayerKind::conv).out_channels, 16);
}

} // namespace
} // namespace nne
