#pragma once

#include "core/energy/scenario.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;
class QCheckBox;
class QTableWidget;
class QGroupBox;
class QTableView;

namespace nne::ui {

class CnnLayerModel;
class GraphNodeModel;
class ScenarioDocument;
struct EvaluationProblem;

// Left panel: which model, its architecture (a form for a decoder transformer), and its counts,
// counted and declared side by side with a switch for which drive the charts.
class ModelPanel : public QWidget {
  Q_OBJECT

public:
  ModelPanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent = nullptr);

  // Shows an evaluation problem in place: at the field it is about, or under the form.
  void showProblem(const EvaluationProblem& problem);
  void clearProblem();
  CnnLayerModel* layerModel() const noexcept { return layers_; }
  GraphNodeModel* graphNodeModel() const noexcept { return graph_nodes_; }

private:
  void syncFromDocument();
  void choosePreset(int index);
  void editTransformer(const QString& description, const std::function<void(TransformerModel&)>& change);
  QSpinBox* addSpin(QFormLayout* form, const QString& label, const QString& tooltip, int maximum,
                    std::int64_t TransformerModel::*field, int minimum = 1);
  QCheckBox* addCheck(QFormLayout* form, const QString& label, const QString& tooltip, bool TransformerModel::*field);
  // A combo box for an enum field: its values in order, each with its label.
  template <typename Enum>
  void addChoice(QFormLayout* form, const QString& label, const QString& tooltip, const char* object_name,
                 std::initializer_list<std::pair<Enum, QString>> values, Enum TransformerModel::*field);
  void createPicker();
  void createTransformerBox();
  void createTransformerDetails();
  void createCnnBox();
  void createCountsBox();
  void createGraphBox();
  void syncGraph(const GraphModel& graph);
  void showModelInPicker(const Model& model);
  void updateCounts();

  ScenarioDocument& document_;
  const PresetLibrary& library_;
  QComboBox* preset_ = nullptr;
  QLabel* description_ = nullptr;
  QGroupBox* transformer_box_ = nullptr;
  std::vector<std::pair<QSpinBox*, std::int64_t TransformerModel::*>> spins_;
  std::vector<std::pair<QSpinBox*, QLabel*>> field_problems_; // each field and the label under it
  std::vector<std::pair<QCheckBox*, bool TransformerModel::*>> checks_;
  QWidget* transformer_details_ = nullptr; // a fold-out: toggle and the form under it
  // Each enum field's combo box and how to read its value from a model.
  std::vector<std::pair<QComboBox*, std::function<int(const TransformerModel&)>>> choices_;
  QLabel* cnn_summary_ = nullptr;
  QGroupBox* cnn_box_ = nullptr;
  CnnLayerModel* layers_ = nullptr;
  QTableView* layer_table_ = nullptr;
  QGroupBox* graph_box_ = nullptr;
  QLabel* graph_summary_ = nullptr;
  GraphNodeModel* graph_nodes_ = nullptr;
  QTableView* graph_table_ = nullptr;
  QComboBox* count_source_ = nullptr;
  QTableWidget* counts_ = nullptr;
  QLabel* problem_ = nullptr;
  QLabel* declared_note_ = nullptr;
  bool syncing_ = false;
  // What the counts table shows was computed from; a slider step leaves it unchanged, and then
  // the table is not rebuilt (a rebuild re-lays out the table at every step of a drag).
  struct CountsInputs {
    Architecture architecture;
    DeclaredCounts declared;
    bool edited = false;
    Workload workload;
    Precision precision;
    friend bool operator==(const CountsInputs&, const CountsInputs&) = default;
  };
  std::optional<CountsInputs> counts_shown_;
};

} // namespace nne::ui
