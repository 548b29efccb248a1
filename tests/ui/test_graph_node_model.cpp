#include "core/import/model_import.h"
#include "core/io/presets.h"
#include "ui/graph_node_model.h"
#include "ui/scenario_document.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace nne::ui {
namespace {

Model imported(const char* fixture)
{
  return import_model_file(std::string(NNE_FIXTURES_DIR "/onnx/") + fixture, builtin_presets());
}

class GraphNodeModelTest : public ::testing::Test {
protected:
  GraphNodeModelTest()
      : document_(*builtin_presets().find_scenario("paper-resnet18-mac")), model_(document_),
        tester_(&model_, QAbstractItemModelTester::FailureReportingMode::Fatal)
  {
  }

  void import(const char* fixture)
  {
    const Model graph = imported(fixture);
    document_.edit("Import", [&graph](Scenario& s) { s.model = graph; });
  }
  const GraphModel& graph() const { return std::get<GraphModel>(document_.scenario().model.architecture); }
  QVariant cell(int row, GraphNodeModel::Column column, int role = Qt::DisplayRole) const
  {
    return model_.data(model_.index(row, column), role);
  }

  ScenarioDocument document_;
  GraphNodeModel model_;
  QAbstractItemModelTester tester_; // checks the model's consistency on every change
};

TEST_F(GraphNodeModelTest, IsEmptyForAModelThatIsNoGraph)
{
  EXPECT_EQ(model_.rowCount(), 0);
  EXPECT_EQ(model_.columnCount(), GraphNodeModel::column_count);
}

TEST_F(GraphNodeModelTest, ShowsEveryNodeWithTheImportersCounts)
{
  import("tiny_cnn.onnx");
  ASSERT_EQ(model_.rowCount(), static_cast<int>(graph().nodes.size()));
  ASSERT_GT(model_.rowCount(), 0);
  for (int row = 0; row < model_.rowCount(); ++row) {
    const GraphNode& node = graph().nodes[static_cast<std::size_t>(row)];
    EXPECT_EQ(cell(row, GraphNodeModel::name).toString().toStdString(), node.name);
    EXPECT_EQ(cell(row, GraphNodeModel::op_type).toString().toStdString(), node.op_type);
    EXPECT_EQ(cell(row, GraphNodeModel::macs).toString().remove(',').toLongLong(), node.macs);
    EXPECT_EQ(cell(row, GraphNodeModel::parameters).toString().remove(',').toLongLong(), node.parameters);
    EXPECT_FALSE(model_.flags(model_.index(row, GraphNodeModel::name)) & Qt::ItemIsEditable); // read-only
  }
  // The first node is a convolution on a batch-1 image: its shape reads batch x C x H x W.
  EXPECT_EQ(cell(0, GraphNodeModel::op_type).toString(), "Conv");
  EXPECT_TRUE(cell(0, GraphNodeModel::output).toString().startsWith("1x"))
      << cell(0, GraphNodeModel::output).toString().toStdString();
}

TEST_F(GraphNodeModelTest, AnUncountedOperatorIsMarkedNotShownAsZero)
{
  import("tiny_cnn_custom_op.onnx");
  int marked = 0;
  for (int row = 0; row < model_.rowCount(); ++row) {
    if (!graph().nodes[static_cast<std::size_t>(row)].counted) {
      ++marked;
      EXPECT_EQ(cell(row, GraphNodeModel::macs).toString(), "not counted");
      EXPECT_TRUE(cell(row, GraphNodeModel::macs, Qt::BackgroundRole).value<QBrush>().style() != Qt::NoBrush);
      EXPECT_TRUE(cell(row, GraphNodeModel::name, Qt::ToolTipRole).toString().contains("no counting rule"));
    }
  }
  EXPECT_EQ(marked, 1);
}

TEST_F(GraphNodeModelTest, SliderStepsDoNotResetTheTableButAnotherGraphDoes)
{
  import("tiny_cnn.onnx");
  QSignalSpy resets(&model_, &QAbstractItemModel::modelReset);
  document_.edit("Weight memory", [](Scenario& s) { s.scales[Component::weight] = 0.5; });
  EXPECT_EQ(resets.count(), 0); // a drag must not re-lay out the table at every step
  import("tiny_cnn_custom_op.onnx");
  EXPECT_EQ(resets.count(), 1);
  document_.undoStack()->undo();
  document_.undoStack()->undo();
  EXPECT_EQ(resets.count(), 2);
  document_.undoStack()->undo(); // back to the ResNet: no graph
  EXPECT_EQ(model_.rowCount(), 0);
}

} // namespace
} // namespace nne::ui
