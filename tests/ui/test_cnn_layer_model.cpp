#include "core/io/presets.h"
#include "ui/cnn_layer_model.h"
#include "ui/scenario_document.h"

#include <QAbstractItemModelTester>
#include <QUndoStack>

#include <gtest/gtest.h>

namespace nne::ui {
namespace {

class CnnLayerModelTest : public ::testing::Test {
protected:
  CnnLayerModelTest()
      : document_(*builtin_presets().find_scenario("paper-resnet18-weight")), model_(document_),
        tester_(&model_, QAbstractItemModelTester::FailureReportingMode::Fatal)
  {
  }

  QString cell(int row, CnnLayerModel::Column column) const
  {
    return model_.data(model_.index(row, column)).toString();
  }
  int row_of(const QString& name) const
  {
    for (int row = 0; row < model_.rowCount(); ++row) {
      if (cell(row, CnnLayerModel::name) == name) {
        return row;
      }
    }
    return -1;
  }
  const std::vector<CnnLayer>& layers() const
  {
    return std::get<CnnModel>(document_.scenario().model.architecture).layers;
  }

  ScenarioDocument document_;
  CnnLayerModel model_;
  QAbstractItemModelTester tester_; // checks the model's consistency on every change
};

TEST_F(CnnLayerModelTest, ShowsEveryLayerWithShapesAndCounts)
{
  EXPECT_EQ(model_.rowCount(), 69);
  EXPECT_EQ(cell(0, CnnLayerModel::name), "conv1");
  EXPECT_EQ(cell(0, CnnLayerModel::kind), "conv");
  EXPECT_EQ(cell(0, CnnLayerModel::output), "64x112x112");
  EXPECT_EQ(cell(0, CnnLayerModel::parameters), "9,408");
  EXPECT_EQ(cell(0, CnnLayerModel::macs), "118,013,952");
  const int fc = row_of("fc");
  EXPECT_EQ(cell(fc, CnnLayerModel::output), "1000x1x1");
  EXPECT_EQ(cell(fc, CnnLayerModel::parameters), "513,000");
  EXPECT_TRUE(model_.problem().isEmpty());
}

TEST_F(CnnLayerModelTest, EditingACellUpdatesCountsAndIsUndoable)
{
  const int fc = row_of("fc");
  EXPECT_TRUE(model_.setData(model_.index(fc, CnnLayerModel::out), "10"));
  EXPECT_EQ(cell(fc, CnnLayerModel::parameters), "5,130");
  EXPECT_TRUE(document_.scenario().model_preset.empty());
  document_.undoStack()->undo();
  EXPECT_EQ(cell(fc, CnnLayerModel::parameters), "513,000");

  EXPECT_TRUE(model_.setData(model_.index(0, CnnLayerModel::kernel), "5x3"));
  EXPECT_EQ(layers()[0].kernel_h, 5);
  EXPECT_EQ(layers()[0].kernel_w, 3);
  EXPECT_EQ(cell(0, CnnLayerModel::kernel), "5x3");
}

TEST_F(CnnLayerModelTest, NonsenseIsRefusedAndLosesNothing)
{
  const int fc = row_of("fc");
  EXPECT_FALSE(model_.setData(model_.index(fc, CnnLayerModel::out), "ten"));
  EXPECT_FALSE(model_.setData(model_.index(fc, CnnLayerModel::out), "0"));
  EXPECT_FALSE(model_.setData(model_.index(0, CnnLayerModel::kind), "dense"));
  EXPECT_FALSE(model_.setData(model_.index(0, CnnLayerModel::kernel), "3x3x3"));
  EXPECT_FALSE(model_.setData(model_.index(1, CnnLayerModel::kernel), "3")); // batch norm has no kernel
  EXPECT_EQ(document_.undoStack()->count(), 0);
  EXPECT_EQ(cell(fc, CnnLayerModel::out), "1000");
}

// The table offers exactly the settings a layer's kind carries (core/model/layer_fields.h): a
// kind changed in the table brings its own settings, with values the counter accepts.
TEST_F(CnnLayerModelTest, EachKindOffersTheSettingsItCarriesAndNoOthers)
{
  const int fc = row_of("fc");
  const auto editable = [&](int row, CnnLayerModel::Column column) {
    return (model_.flags(model_.index(row, column)) & Qt::ItemIsEditable) != 0;
  };
  const auto settings = {CnnLayerModel::out, CnnLayerModel::kernel, CnnLayerModel::stride, CnnLayerModel::padding,
                         CnnLayerModel::groups};
  for (const LayerKind kind : all_layer_kinds()) {
    SCOPED_TRACE(std::string(layer_kind_id(kind)));
    ASSERT_TRUE(model_.setData(model_.index(fc, CnnLayerModel::kind), QString::fromUtf8(layer_kind_id(kind).data())));
    EXPECT_EQ(layers()[static_cast<std::size_t>(fc)].kind, kind);
    const bool window = kind == LayerKind::conv || kind == LayerKind::max_pool || kind == LayerKind::avg_pool;
    EXPECT_EQ(editable(fc, CnnLayerModel::out), kind == LayerKind::conv || kind == LayerKind::linear);
    EXPECT_EQ(editable(fc, CnnLayerModel::kernel), window);
    EXPECT_EQ(editable(fc, CnnLayerModel::stride), window);
    EXPECT_EQ(editable(fc, CnnLayerModel::padding), window);
    EXPECT_EQ(editable(fc, CnnLayerModel::groups), kind == LayerKind::conv || kind == LayerKind::self_attention ||
                                                       kind == LayerKind::channel_shuffle ||
                                                       kind == LayerKind::window_attention);
    for (const CnnLayerModel::Column column : settings) {
      EXPECT_EQ(cell(fc, column).isEmpty(), !editable(fc, column)) << column;
    }
  }
  // An attention layer's heads are in the Groups/heads column.
  ASSERT_TRUE(model_.setData(model_.index(fc, CnnLayerModel::kind), "self_attention"));
  EXPECT_TRUE(model_.setData(model_.index(fc, CnnLayerModel::groups), "4"));
  EXPECT_EQ(layers()[static_cast<std::size_t>(fc)].heads, 4);
  EXPECT_FALSE(model_.setData(model_.index(fc, CnnLayerModel::groups), "0"));
  // A padding may be 0, a stride may not.
  EXPECT_TRUE(model_.setData(model_.index(0, CnnLayerModel::padding), "0"));
  EXPECT_FALSE(model_.setData(model_.index(0, CnnLayerModel::stride), "0"));
  EXPECT_EQ(cell(0, CnnLayerModel::stride), "2");
}

TEST_F(CnnLayerModelTest, AnInvalidLayerIsMarkedInPlaceWithTheReason)
{
  EXPECT_TRUE(model_.setData(model_.index(0, CnnLayerModel::groups), "2")); // 3 input channels
  ASSERT_TRUE(model_.problemRow().has_value());
  EXPECT_EQ(*model_.problemRow(), 0);
  const QString tip = model_.data(model_.index(0, CnnLayerModel::name), Qt::ToolTipRole).toString();
  EXPECT_TRUE(tip.contains("conv1")) << tip.toStdString();
  EXPECT_TRUE(tip.contains("groups (2)")) << tip.toStdString();
  EXPECT_TRUE(model_.data(model_.index(0, CnnLayerModel::name), Qt::BackgroundRole).isValid());
  EXPECT_EQ(cell(5, CnnLayerModel::macs), "-"); // nothing after it is counted
  document_.undoStack()->undo();
  EXPECT_FALSE(model_.problemRow().has_value());
}

TEST_F(CnnLayerModelTest, AddRemoveDuplicateAndReorder)
{
  const int relu = row_of("relu");
  model_.addLayer(relu); // a 3x3 conv keeping the 64 channels
  EXPECT_EQ(model_.rowCount(), 70);
  EXPECT_EQ(cell(relu + 1, CnnLayerModel::name), "conv");
  EXPECT_EQ(cell(relu + 1, CnnLayerModel::output), "64x112x112");
  EXPECT_TRUE(model_.problem().isEmpty()) << model_.problem().toStdString();

  model_.duplicateLayer(relu + 1);
  EXPECT_EQ(model_.rowCount(), 71);
  EXPECT_EQ(cell(relu + 2, CnnLayerModel::name), "conv_2");

  model_.moveLayer(relu + 2, relu);
  EXPECT_EQ(cell(relu, CnnLayerModel::name), "conv_2");

  model_.removeLayer(relu);
  model_.removeLayer(relu + 1);
  EXPECT_EQ(model_.rowCount(), 69);
  EXPECT_TRUE(model_.problem().isEmpty());
  EXPECT_EQ(document_.undoStack()->count(), 5);
  while (document_.undoStack()->canUndo()) {
    document_.undoStack()->undo();
  }
  EXPECT_EQ(model_.rowCount(), 69);
  EXPECT_EQ(layers(), std::get<CnnModel>(builtin_presets().find_model("resnet18")->architecture).layers);
}

TEST_F(CnnLayerModelTest, ATransformerHasNoLayers)
{
  document_.reset(*builtin_presets().find_scenario("paper-llama7b-kv"), {});
  EXPECT_EQ(model_.rowCount(), 0);
}

} // namespace
} // namespace nne::ui
