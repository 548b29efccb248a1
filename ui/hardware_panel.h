#pragma once

#include "core/scenario.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace nne::ui {

class ScenarioDocument;

// Right panel: the hardware (memory per tensor class, MAC arithmetic, bit widths), the what-if
// sliders that scale each component, and the batches, phase and context.
class HardwarePanel : public QWidget {
  Q_OBJECT

public:
  HardwarePanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent = nullptr);

  // Slider positions are powers of two: position k is the scale 2^-k, down to 1/1024.
  static constexpr int kSteps = 10;
  QSlider* slider(Component component) const;

private:
  struct MemoryRow {
    QComboBox* technology = nullptr;
    QDoubleSpinBox* energy = nullptr;
    QComboBox* format = nullptr;
  };
  struct SliderRow {
    QSlider* slider = nullptr;
    QLabel* value = nullptr;
  };

  void syncFromDocument();
  QWidget* buildHardwareBox();
  QWidget* buildWhatIfBox();
  QWidget* buildWorkloadBox();
  MemoryRow& memoryRow(Component component);
  MemoryChoice Hardware::*memoryField(Component component) const;
  void applyBatches();

  ScenarioDocument& document_;
  const PresetLibrary& library_;
  QComboBox* hardware_preset_ = nullptr;
  MemoryRow weight_, activation_, kv_cache_;
  QComboBox* mac_unit_ = nullptr;
  QDoubleSpinBox* mac_energy_ = nullptr;
  QComboBox* mac_format_ = nullptr;
  PerComponent<SliderRow> sliders_;
  QLineEdit* batches_ = nullptr;
  QLabel* batches_problem_ = nullptr;
  QComboBox* phase_ = nullptr;
  QSpinBox* context_ = nullptr;
  bool syncing_ = false;
};

} // namespace nne::ui
