#pragma once

#include "core/energy/scenario.h"

#include <QWidget>

class QComboBox;
class QGridLayout;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;
class QToolButton;

namespace nne::ui {

class ScenarioDocument;
struct EvaluationProblem;

// Right panel: the what-if sliders that scale each component, the hardware (the memory holding each
// tensor class and its number format; the MACs' process node and the format they compute in), and
// the batches, phase and context. A problem of the scenario (a format the node has no MAC figure
// for, a context beyond the model's, a tensor class too large for its memory) is marked at the
// field itself.
class HardwarePanel : public QWidget {
  Q_OBJECT

public:
  HardwarePanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent = nullptr);

  // Slider positions are powers of two: position k is the scale 2^-k, down to 1/1024.
  static constexpr int kSteps = 10;
  QSlider* slider(Component component) const;

  // An evaluation problem at one of this panel's fields is shown there; others clear it.
  void showProblem(const EvaluationProblem& problem);
  void clearProblem();
  // Tensor classes that do not fit the memory they are placed in, at that memory's row.
  void showCapacityWarnings(const std::vector<CapacityWarning>& warnings);

private:
  struct MemoryRow {
    QComboBox* technology = nullptr;
    QDoubleSpinBox* energy = nullptr;
    QComboBox* format = nullptr;
    QLabel* warning = nullptr;
  };
  struct SliderRow {
    QSlider* slider = nullptr;
    QLabel* value = nullptr;
  };

  void syncFromDocument();
  void syncPreset(const Scenario& s);
  void syncMac(const Scenario& s);
  QWidget* buildHardwareBox();
  void buildMemoryRow(QGridLayout* grid, int row, Component component);
  void buildMacRow(QGridLayout* grid, int row);
  void fillMacNodes();
  void connectMacRow();
  QWidget* buildWhatIfBox();
  QWidget* buildWorkloadBox();
  void applyBatches();

  ScenarioDocument& document_;
  const PresetLibrary& library_;
  QComboBox* hardware_preset_ = nullptr;
  PerComponent<MemoryRow> memories_; // weight, activation, kv_cache (mac unused)
  QComboBox* mac_node_ = nullptr;
  QDoubleSpinBox* mac_energy_ = nullptr;
  QComboBox* mac_format_ = nullptr;
  QLabel* mac_status_ = nullptr;
  QToolButton* mac_reset_ = nullptr;
  QToolButton* mac_use_nearest_ = nullptr; // "Compute in FP16" where the format has no figure
  PerComponent<SliderRow> sliders_;
  QLineEdit* batches_ = nullptr;
  QLabel* batches_problem_ = nullptr;
  QComboBox* phase_ = nullptr;
  QSpinBox* context_ = nullptr;
  QLabel* context_problem_ = nullptr;
  bool syncing_ = false;
};

} // namespace nne::ui
