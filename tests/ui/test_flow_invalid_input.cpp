// Flow: typing something the model cannot be evaluated with. The reason is said at the field
// itself, the charts say that they show the last valid values and keep them, and fixing the input
// takes the marks away and draws the fixed scenario.
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "tests/support/temp_dir.h"
#include "tests/ui/gui_test_base.h"
#include "ui/cnn_layer_model.h"
#include "ui/field_marks.h"

#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>

#include <gtest/gtest.h>

namespace nne::ui {
namespace {

using testing::Bars;

class InvalidInputFlow : public testing::GuiTestBase {
protected:
  using GuiTestBase::GuiTestBase;

  // The banner over the charts says they show the last valid values, and why.
  void expectStale(const std::string& reason)
  {
    auto* banner = child<QLabel>("staleBanner");
    EXPECT_TRUE(banner->isVisible());
    const std::string text = banner->text().toStdString();
    EXPECT_EQ(text.rfind("The charts show the last valid values: ", 0), 0U) << text;
    EXPECT_NE(text.find(reason), std::string::npos) << text;
  }
  void expectNotStale() { EXPECT_FALSE(child<QLabel>("staleBanner")->isVisible()); }
};

TEST_F(InvalidInputFlow, AContextBeyondTheLearnedPositionsIsSaidAtTheContextField)
{
  const Bars before = drawnBars();
  auto* problem = child<QLabel>("contextProblem");
  EXPECT_FALSE(problem->isVisible());

  typeInto("context", "4096");                            // Llama-7B (paper) learned 2048 positions
  EXPECT_EQ(document_.scenario().workload.context, 4096); // taken, not refused: it is said why it fails
  const std::string reason = "a context of 4096 tokens exceeds the learned position embedding's 2048";
  EXPECT_TRUE(problem->isVisible());
  EXPECT_EQ(problem->text().toStdString(), reason);
  EXPECT_TRUE(field_marks::is_marked(child<QSpinBox>("context")));
  EXPECT_EQ(child<QSpinBox>("context")->toolTip().toStdString(), reason);
  EXPECT_FALSE(child<QLabel>("modelProblem")->isVisible()); // said once, at the field
  expectStale(reason);
  EXPECT_EQ(drawnBars(), before);

  typeInto("context", "2048");
  EXPECT_FALSE(problem->isVisible());
  EXPECT_FALSE(field_marks::is_marked(child<QSpinBox>("context")));
  expectNotStale();
  EXPECT_EQ(drawnBars(), coreBars(document_.scenario(), BreakdownUnit::normalized));
  EXPECT_EQ(drawnBars(), before);
}

TEST_F(InvalidInputFlow, KvHeadsThatDoNotDivideTheQueryHeadsAreSaidAtTheirField)
{
  const Bars before = drawnBars();
  auto* problem = child<QLabel>("transformer_n_kv_head_problem");
  EXPECT_FALSE(problem->isVisible());

  typeInto("transformer_n_kv_head", "7");
  const std::string reason = "the 32 query heads must be a multiple of the 7";
  EXPECT_TRUE(problem->isVisible());
  EXPECT_EQ(problem->text().toStdString().rfind(reason, 0), 0U) << problem->text().toStdString();
  EXPECT_TRUE(field_marks::is_marked(child<QSpinBox>("transformer_n_kv_head")));
  EXPECT_FALSE(child<QLabel>("modelProblem")->isVisible());
  EXPECT_FALSE(child<QLabel>("contextProblem")->isVisible()); // the other fields are not marked
  expectStale(reason);
  EXPECT_EQ(drawnBars(), before);

  typeInto("transformer_n_kv_head", "32");
  EXPECT_FALSE(problem->isVisible());
  EXPECT_FALSE(field_marks::is_marked(child<QSpinBox>("transformer_n_kv_head")));
  expectNotStale();
  EXPECT_EQ(drawnBars(), before); // the published architecture again: the declared bars
}

class InvalidCnnInputFlow : public InvalidInputFlow {
protected:
  InvalidCnnInputFlow() : InvalidInputFlow("paper-resnet18-mac") {}
};

// The batch field takes exactly what a scenario file may hold (core's parse_batch_list), so that
// nothing typed there saves into a file the app refuses to reopen.
TEST_F(InvalidInputFlow, ABatchTheFileFormatRefusesIsSaidAtTheBatchField)
{
  const std::vector<double> before = document_.scenario().batches;
  auto* problem = child<QLabel>("batchesProblem");
  typeInto("batches", "1, 1500000000"); // an int, but more than a file may hold
  EXPECT_TRUE(problem->isVisible());
  EXPECT_EQ(problem->text().toStdString(),
            "\"1500000000\" is not a whole number from 1 to 1,000,000,000; the charts show the last valid batches");
  EXPECT_TRUE(field_marks::is_marked(child<QLineEdit>("batches")));
  EXPECT_EQ(document_.scenario().batches, before);

  typeInto("batches", " , ");
  EXPECT_EQ(problem->text().toStdString(), "Give at least one batch size; the charts show the last valid batches");
  EXPECT_EQ(document_.scenario().batches, before);

  typeInto("batches", "1, 1000000000");
  EXPECT_FALSE(problem->isVisible());
  EXPECT_EQ(document_.scenario().batches, (std::vector<double>{1, 1e9}));
  const nne::testing::TempDir dir;
  save_scenario_file(dir.file("largest.nne.json"), document_.scenario());
  EXPECT_EQ(load_scenario_file(dir.file("largest.nne.json"), builtin_presets()).batches, (std::vector<double>{1, 1e9}));
}

TEST_F(InvalidCnnInputFlow, AKernelLargerThanItsInputIsSaidAtItsRowByTheTablesNumber)
{
  const Bars before = drawnBars();
  auto* table = child<QTableView>("cnnLayers");
  auto* problem = child<QLabel>("modelProblem");
  EXPECT_FALSE(problem->isVisible());

  // layer4.1.conv2 works on 7x7 with a padding of 1: an 11x11 kernel does not fit.
  constexpr int kRow = 62;
  ASSERT_EQ(table->model()->index(kRow, CnnLayerModel::name).data().toString(), "layer4.1.conv2");
  editCell("cnnLayers", kRow, CnnLayerModel::kernel, "11");
  EXPECT_EQ(std::get<CnnModel>(document_.scenario().model.architecture).layers[kRow].kernel_h, 11);
  EXPECT_EQ(table->model()->index(kRow, CnnLayerModel::kernel).data().toString(), "11");

  // The number the reason names is the one the table shows at the row's head.
  const QString row_number = table->model()->headerData(kRow, Qt::Vertical).toString();
  ASSERT_EQ(row_number, "63");
  const std::string reason = "the 11-row kernel is larger than the input's 7 rows plus 2 x 1 padding";
  EXPECT_TRUE(problem->isVisible());
  EXPECT_EQ(problem->text().toStdString(), "Not evaluated: Row " + row_number.toStdString() + ": " + reason);
  // At the row itself: marked, the reason as its tooltip, naming the layer by the same number.
  const QModelIndex cell = table->model()->index(kRow, CnnLayerModel::kernel);
  EXPECT_TRUE(cell.data(Qt::BackgroundRole).isValid());
  EXPECT_EQ(cell.data(Qt::ToolTipRole).toString().toStdString(),
            "layer " + row_number.toStdString() + " 'layer4.1.conv2': " + reason);
  EXPECT_FALSE(table->model()->index(kRow - 1, CnnLayerModel::kernel).data(Qt::BackgroundRole).isValid());
  expectStale("layer " + row_number.toStdString() + " 'layer4.1.conv2': " + reason);
  EXPECT_EQ(drawnBars(), before);

  editCell("cnnLayers", kRow, CnnLayerModel::kernel, "3");
  EXPECT_FALSE(problem->isVisible());
  EXPECT_FALSE(table->model()->index(kRow, CnnLayerModel::kernel).data(Qt::BackgroundRole).isValid());
  expectNotStale();
  EXPECT_EQ(drawnBars(), before); // as published again: the declared bars, exactly
}

} // namespace
} // namespace nne::ui
