// Flow: editing a model's architecture in the model panel, then undoing it. The declared figures
// describe the architecture as published: an edit makes the charts use the counted figures (and
// the panel says so), and undo brings the declared bars back exactly.
#include "tests/ui/gui_test_base.h"
#include "ui/cnn_layer_model.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QTableView>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <set>

namespace nne::ui {
namespace {

using testing::Bars;

// The note under the count source once the declared figures no longer apply.
void expect_counted_figures_note(const QLabel& note, const std::string& model_name)
{
  EXPECT_TRUE(note.isVisible());
  const std::string text = note.text().toStdString();
  EXPECT_NE(text.find("The figures " + model_name + " declares"), std::string::npos) << text;
  EXPECT_NE(text.find("the charts use the counted figures"), std::string::npos) << text;
}

class EditResNetFlow : public testing::GuiTestBase {
protected:
  EditResNetFlow() : GuiTestBase("paper-resnet18-mac") {}
};

TEST_F(EditResNetFlow, DuplicatingALayerCountsTheArchitectureAndUndoRestoresTheDeclaredBars)
{
  auto* note = child<QLabel>("declaredNote");
  EXPECT_FALSE(note->isVisible());
  EXPECT_EQ(document_.scenario().count_source, CountSource::declared);
  const Bars declared = drawnJoules();
  ASSERT_EQ(declared, coreBars(document_.scenario(), BreakdownUnit::joules));
  auto* table = child<QTableView>("cnnLayers");
  const int rows = table->model()->rowCount();
  ASSERT_EQ(rows, 69);

  // layer4.1.conv2 (row 63): 512 -> 512 channels, 3x3 on 7x7, so a copy after it fits.
  constexpr int kRow = 62;
  ASSERT_EQ(table->model()->index(kRow, CnnLayerModel::name).data().toString(), "layer4.1.conv2");
  selectRow("cnnLayers", kRow);
  clickButton("cnnLayerDuplicate");

  EXPECT_EQ(table->model()->rowCount(), rows + 1);
  EXPECT_EQ(table->model()->index(kRow + 1, CnnLayerModel::name).data().toString(), "layer4.1.conv2_2");
  EXPECT_EQ(document_.undoStack()->count(), 1);
  EXPECT_EQ(document_.undoStack()->undoText(), "Duplicate layer");
  EXPECT_EQ(child<QComboBox>("modelPreset")->currentText(), "ResNet18 (paper) (edited)");
  expect_counted_figures_note(*note, "ResNet18 (paper)");
  EXPECT_FALSE(child<QComboBox>("countSource")->isEnabled()); // the declared figures are no choice now
  const Bars counted = drawnJoules();
  EXPECT_EQ(counted, coreBars(document_.scenario(), BreakdownUnit::joules));
  ASSERT_EQ(counted.at(Component::mac).size(), declared.at(Component::mac).size());
  for (std::size_t i = 0; i < counted.at(Component::mac).size(); ++i) {
    // Counted: torchvision's 1.814 G MACs and the copy's 115.6 M, against the paper's halved 0.9 G.
    EXPECT_GT(counted.at(Component::mac)[i], 2 * declared.at(Component::mac)[i]) << "batch " << i;
    EXPECT_NE(counted.at(Component::activation)[i], declared.at(Component::activation)[i]) << "batch " << i;
  }

  triggerAction("undo");
  EXPECT_EQ(table->model()->rowCount(), rows);
  EXPECT_EQ(document_.undoStack()->count(), 1);
  EXPECT_EQ(document_.undoStack()->index(), 0);
  EXPECT_FALSE(note->isVisible());
  EXPECT_TRUE(child<QComboBox>("countSource")->isEnabled());
  EXPECT_EQ(child<QComboBox>("modelPreset")->currentText().trimmed(), "ResNet18 (paper)");
  EXPECT_EQ(drawnJoules(), declared); // exactly the bars before the edit
}

class EditLlamaFlow : public testing::GuiTestBase {};

TEST_F(EditLlamaFlow, GroupedQueryAttentionByTypingCountsTheKvCacheAndUndoRestoresTheDeclaredBars)
{
  auto* note = child<QLabel>("declaredNote");
  EXPECT_FALSE(note->isVisible());
  const Bars declared = drawnJoules();
  ASSERT_EQ(declared, coreBars(document_.scenario(), BreakdownUnit::joules));
  auto* kv_heads = child<QSpinBox>("transformer_n_kv_head");
  ASSERT_EQ(kv_heads->value(), 32);

  typeInto("transformer_n_kv_head", "8");
  EXPECT_EQ(std::get<TransformerModel>(document_.scenario().model.architecture).n_kv_head, 8);
  EXPECT_EQ(document_.undoStack()->count(), 1); // typed and confirmed with Enter: one step
  EXPECT_EQ(child<QComboBox>("modelPreset")->currentText(), "Llama-7B (paper) (edited)");
  expect_counted_figures_note(*note, "Llama-7B (paper)");
  const Bars counted = drawnJoules();
  EXPECT_EQ(counted, coreBars(document_.scenario(), BreakdownUnit::joules));
  ASSERT_EQ(counted.at(Component::kv_cache).size(), declared.at(Component::kv_cache).size());
  for (std::size_t i = 0; i < counted.at(Component::kv_cache).size(); ++i) {
    // 8 KV heads of 32: a quarter of the counted cache, far below the paper's declared 1e9 elements.
    EXPECT_LT(counted.at(Component::kv_cache)[i], declared.at(Component::kv_cache)[i] / 4) << "batch " << i;
  }

  triggerAction("undo");
  EXPECT_EQ(kv_heads->value(), 32);
  EXPECT_EQ(std::get<TransformerModel>(document_.scenario().model.architecture).n_kv_head, 32);
  EXPECT_FALSE(note->isVisible());
  EXPECT_EQ(child<QComboBox>("modelPreset")->currentText().trimmed(), "Llama-7B (paper)");
  EXPECT_EQ(drawnJoules(), declared);
  EXPECT_FALSE(document_.isModified());
}

// Each control merges its own consecutive edits into one undo step and never another's.
TEST(EditMergeKey, NoTwoControlsShareAKey)
{
  std::set<int> ids{EditMergeKey::transformerField().id()};
  for (const Component component : kAllComponents) {
    EXPECT_TRUE(ids.insert(EditMergeKey::scaleSlider(component).id()).second);
    EXPECT_TRUE(ids.insert(EditMergeKey::energyField(component).id()).second);
  }
  EXPECT_FALSE(ids.contains(EditMergeKey::none().id()));
  EXPECT_EQ(EditMergeKey::none().id(), -1); // QUndoCommand's "never merges"
}

} // namespace
} // namespace nne::ui
