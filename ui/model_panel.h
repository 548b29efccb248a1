#pragma once

#include "core/scenario.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;
class QCheckBox;
class QTableWidget;
class QGroupBox;
class QTableView;
class QPushButton;

namespace nne::ui {

class CnnLayerModel;
class ScenarioDocument;

// Left panel: which model, its architecture (a form for a decoder transformer), and its counts,
// counted and declared side by side with a switch for which drive the charts.
class ModelPanel : public QWidget {
  Q_OBJECT

public:
  ModelPanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent = nullptr);

  // Shows an evaluation problem in place, beside the form, instead of changing the charts.
  void showProblem(const QString& message);
  CnnLayerModel* layerModel() const noexcept { return layers_; }

private:
  void syncFromDocument();
  void choosePreset(int index);
  void editTransformer(const QString& description, const std::function<void(TransformerModel&)>& change);
  QSpinBox* addSpin(QFormLayout* form, const QString& label, const QString& tooltip, int maximum,
                    std::int64_t TransformerModel::*field);
  void updateCounts();

  ScenarioDocument& document_;
  const PresetLibrary& library_;
  QComboBox* preset_ = nullptr;
  QLabel* description_ = nullptr;
  QGroupBox* transformer_box_ = nullptr;
  std::vector<std::pair<QSpinBox*, std::int64_t TransformerModel::*>> spins_;
  QCheckBox* gated_ = nullptr;
  QCheckBox* tied_ = nullptr;
  QLabel* cnn_summary_ = nullptr;
  QGroupBox* cnn_box_ = nullptr;
  CnnLayerModel* layers_ = nullptr;
  QTableView* layer_table_ = nullptr;
  QComboBox* count_source_ = nullptr;
  QTableWidget* counts_ = nullptr;
  QLabel* problem_ = nullptr;
  bool syncing_ = false;
};

} // namespace nne::ui
