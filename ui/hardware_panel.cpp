#include "ui/hardware_panel.h"

#include "core/format.h"
#include "core/json_io.h"
#include "core/presets.h"
#include "ui/scenario_document.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace nne::ui {

namespace {

constexpr int kMergeSliderBase = 200; // + component: one undo step per slider drag
constexpr int kMergeEnergyBase = 300;

QString text(std::string_view s)
{
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString provenance_text(const Provenance& p)
{
  QString tip = text(p.source);
  if (!p.node.empty()) {
    tip += "\n" + QObject::tr("Node: %1").arg(text(p.node));
  }
  if (!p.note.empty()) {
    tip += "\n" + text(p.note);
  }
  return tip;
}

// Slider position k stands for the scale 2^-k.
double scale_at(int position)
{
  return std::ldexp(1.0, -position);
}

int position_of(double scale)
{
  return static_cast<int>(std::lround(-std::log2(scale)));
}

// Catalog names are long; the list shows them whole, the closed box needs not.
void limit_width(QComboBox* combo)
{
  combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  combo->setMinimumContentsLength(16);
}

QComboBox* format_combo(QWidget* parent)
{
  auto* combo = new QComboBox(parent);
  for (NumberFormat format : kAllNumberFormats) {
    combo->addItem(text(format_name(format)), static_cast<int>(format));
  }
  return combo;
}

} // namespace

HardwarePanel::HardwarePanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent)
    : QWidget(parent), document_(document), library_(library)
{
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildWhatIfBox());
  layout->addWidget(buildHardwareBox());
  layout->addWidget(buildWorkloadBox());
  layout->addStretch(1);
  connect(&document_, &ScenarioDocument::changed, this, &HardwarePanel::syncFromDocument);
  syncFromDocument();
}

QSlider* HardwarePanel::slider(Component component) const
{
  return sliders_[component].slider;
}

HardwarePanel::MemoryRow& HardwarePanel::memoryRow(Component component)
{
  return component == Component::weight ? weight_ : component == Component::activation ? activation_ : kv_cache_;
}

MemoryChoice Hardware::*HardwarePanel::memoryField(Component component) const
{
  return component == Component::weight       ? &Hardware::weight
         : component == Component::activation ? &Hardware::activation
                                              : &Hardware::kv_cache;
}

QWidget* HardwarePanel::buildWhatIfBox()
{
  auto* box = new QGroupBox(tr("What if it were cheaper?"), this);
  auto* grid = new QGridLayout(box);
  int row = 0;
  for (Component component : kAllComponents) {
    SliderRow& r = sliders_[component];
    r.slider = new QSlider(Qt::Horizontal, box);
    r.slider->setObjectName(QString("scale_") + text(component_id(component)));
    r.slider->setRange(0, kSteps);
    r.slider->setPageStep(1);
    r.slider->setTickPosition(QSlider::TicksBelow);
    r.slider->setTickInterval(1);
    r.slider->setToolTip(tr("Scale the %1 energy: each step halves it (1 = today, 1/16 = 16x cheaper)")
                             .arg(text(component_label(component))));
    r.value = new QLabel(box);
    r.value->setMinimumWidth(r.value->fontMetrics().horizontalAdvance("1/1024  (0.00001234 pJ/MAC)"));
    grid->addWidget(new QLabel(text(component_label(component)), box), row, 0);
    grid->addWidget(r.slider, row, 1);
    grid->addWidget(r.value, row, 2);
    ++row;
    connect(r.slider, &QSlider::valueChanged, this, [this, component](int position) {
      if (syncing_) {
        return;
      }
      const double scale = scale_at(position);
      document_.edit(
          tr("Scale %1 to %2").arg(text(component_label(component)), text(format_scale(scale))),
          [component, scale](Scenario& s) { s.scales[component] = scale; },
          kMergeSliderBase + static_cast<int>(component));
    });
  }
  grid->setColumnStretch(1, 1);
  return box;
}

QWidget* HardwarePanel::buildHardwareBox()
{
  auto* box = new QGroupBox(tr("Hardware"), this);
  auto* grid = new QGridLayout(box);
  hardware_preset_ = new QComboBox(box);
  hardware_preset_->setObjectName("hardwarePreset");
  for (const Hardware& hardware : library_.hardware) {
    hardware_preset_->addItem(text(hardware.name), text(hardware.id));
    hardware_preset_->setItemData(hardware_preset_->count() - 1, text(hardware.description), Qt::ToolTipRole);
  }
  limit_width(hardware_preset_);
  grid->addWidget(new QLabel(tr("Preset"), box), 0, 0);
  grid->addWidget(hardware_preset_, 0, 1, 1, 3);
  connect(hardware_preset_, &QComboBox::activated, this, [this](int index) {
    const Hardware* hardware = library_.find_hardware(hardware_preset_->itemData(index).toString().toStdString());
    if (hardware != nullptr) {
      document_.edit(tr("Hardware %1").arg(text(hardware->name)), [hardware](Scenario& s) {
        s.hardware = *hardware;
        s.hardware_preset = hardware->id;
      });
    }
  });

  grid->addWidget(new QLabel(tr("<i>memory</i>"), box), 1, 1);
  grid->addWidget(new QLabel(tr("<i>pJ per bit</i>"), box), 1, 2);
  grid->addWidget(new QLabel(tr("<i>format</i>"), box), 1, 3);
  int row = 2;
  for (Component component : {Component::weight, Component::activation, Component::kv_cache}) {
    MemoryRow& r = memoryRow(component);
    r.technology = new QComboBox(box);
    r.technology->addItem(tr("Custom"), QString());
    for (const MemoryTechnology& memory : library_.catalog.memories) {
      r.technology->addItem(text(memory.name), text(memory.id));
      r.technology->setItemData(r.technology->count() - 1,
                                text(format_shortest(memory.energy_per_bit_pj) + " pJ/bit\n") +
                                    provenance_text(memory.provenance),
                                Qt::ToolTipRole);
    }
    limit_width(r.technology);
    r.energy = new QDoubleSpinBox(box);
    r.energy->setDecimals(4);
    r.energy->setRange(0, 1000);
    r.energy->setKeyboardTracking(false);
    r.format = format_combo(box);
    grid->addWidget(new QLabel(text(component_label(component)), box), row, 0);
    grid->addWidget(r.technology, row, 1);
    grid->addWidget(r.energy, row, 2);
    grid->addWidget(r.format, row, 3);
    ++row;
    MemoryChoice Hardware::*field = memoryField(component);
    connect(r.technology, &QComboBox::activated, this, [this, component, field](int index) {
      const MemoryTechnology* memory =
          library_.catalog.find_memory(memoryRow(component).technology->itemData(index).toString().toStdString());
      if (memory == nullptr) {
        return; // "Custom" keeps the number and lets the user type one
      }
      document_.edit(tr("%1 memory: %2").arg(text(component_label(component)), text(memory->name)),
                     [field, memory](Scenario& s) {
                       s.hardware.*field = {memory->id, memory->energy_per_bit_pj, memory->provenance};
                       s.hardware_preset.clear();
                     });
    });
    connect(r.energy, &QDoubleSpinBox::valueChanged, this, [this, component, field](double value) {
      if (syncing_) {
        return;
      }
      document_.edit(
          tr("%1 energy").arg(text(component_label(component))),
          [field, value](Scenario& s) {
            MemoryChoice& memory = s.hardware.*field;
            memory = {std::string{}, value, {"entered by the user", "", ""}};
            s.hardware_preset.clear();
          },
          kMergeEnergyBase + static_cast<int>(component));
    });
    connect(r.format, &QComboBox::activated, this, [this, component, &r] {
      const auto format = static_cast<NumberFormat>(r.format->currentData().toInt());
      document_.edit(tr("%1 format").arg(text(component_label(component))), [component, format](Scenario& s) {
        (component == Component::weight       ? s.precision.weight
         : component == Component::activation ? s.precision.activation
                                              : s.precision.kv_cache) = format;
      });
    });
  }

  mac_unit_ = new QComboBox(box);
  mac_unit_->addItem(tr("Custom"), QString());
  for (const MacUnit& unit : library_.catalog.mac_units) {
    mac_unit_->addItem(text(unit.name), text(unit.id));
    mac_unit_->setItemData(mac_unit_->count() - 1,
                           text(format_shortest(unit.energy_per_mac_pj) + " pJ/MAC\n") +
                               provenance_text(unit.provenance),
                           Qt::ToolTipRole);
  }
  limit_width(mac_unit_);
  mac_energy_ = new QDoubleSpinBox(box);
  mac_energy_->setDecimals(4);
  mac_energy_->setRange(0, 1000);
  mac_energy_->setKeyboardTracking(false);
  mac_format_ = format_combo(box);
  grid->addWidget(new QLabel(tr("MAC"), box), row, 0);
  grid->addWidget(mac_unit_, row, 1);
  grid->addWidget(mac_energy_, row, 2);
  grid->addWidget(mac_format_, row, 3);
  grid->addWidget(new QLabel(tr("<i>pJ per MAC</i>"), box), row + 1, 2);
  connect(mac_unit_, &QComboBox::activated, this, [this](int index) {
    const MacUnit* unit = library_.catalog.find_mac_unit(mac_unit_->itemData(index).toString().toStdString());
    if (unit == nullptr) {
      return;
    }
    document_.edit(tr("MAC: %1").arg(text(unit->name)), [unit](Scenario& s) {
      s.hardware.mac = {unit->id, unit->energy_per_mac_pj, unit->provenance};
      s.precision.mac = unit->format;
      s.hardware_preset.clear();
    });
  });
  connect(mac_energy_, &QDoubleSpinBox::valueChanged, this, [this](double value) {
    if (syncing_) {
      return;
    }
    document_.edit(
        tr("MAC energy"),
        [value](Scenario& s) {
          s.hardware.mac = {std::string{}, value, {"entered by the user", "", ""}};
          s.hardware_preset.clear();
        },
        kMergeEnergyBase + static_cast<int>(Component::mac));
  });
  connect(mac_format_, &QComboBox::activated, this, [this] {
    const auto format = static_cast<NumberFormat>(mac_format_->currentData().toInt());
    document_.edit(tr("MAC format"), [format](Scenario& s) { s.precision.mac = format; });
  });
  grid->setColumnStretch(1, 1);
  return box;
}

QWidget* HardwarePanel::buildWorkloadBox()
{
  auto* box = new QGroupBox(tr("Workload"), this);
  auto* form = new QFormLayout(box);
  batches_ = new QLineEdit(box);
  batches_->setObjectName("batches");
  batches_->setToolTip(tr("Batch sizes, separated by commas"));
  batches_problem_ = new QLabel(box);
  batches_problem_->setStyleSheet("QLabel { color: #b00020; }");
  batches_problem_->hide();
  phase_ = new QComboBox(box);
  phase_->addItem(tr("Decode: one new token per sequence"), static_cast<int>(Phase::decode));
  phase_->addItem(tr("Prefill: the whole prompt"), static_cast<int>(Phase::prefill));
  context_ = new QSpinBox(box);
  context_->setRange(1, 10'000'000);
  context_->setKeyboardTracking(false);
  context_->setToolTip(tr("Tokens in the KV cache (decode) or in the prompt (prefill)"));
  form->addRow(tr("Batches"), batches_);
  form->addRow(QString(), batches_problem_);
  form->addRow(tr("Phase"), phase_);
  form->addRow(tr("Context (tokens)"), context_);
  connect(batches_, &QLineEdit::editingFinished, this, &HardwarePanel::applyBatches);
  connect(phase_, &QComboBox::activated, this, [this] {
    const auto phase = static_cast<Phase>(phase_->currentData().toInt());
    document_.edit(tr("Phase"), [phase](Scenario& s) { s.workload.phase = phase; });
  });
  connect(context_, &QSpinBox::valueChanged, this, [this](int value) {
    if (!syncing_) {
      document_.edit(tr("Context"), [value](Scenario& s) { s.workload.context = value; });
    }
  });
  return box;
}

void HardwarePanel::applyBatches()
{
  std::vector<double> batches;
  for (const QString& part : batches_->text().split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const int batch = part.trimmed().toInt(&ok);
    if (!ok || batch < 1) {
      batches_problem_->setText(tr("\"%1\" is not a positive whole number").arg(part.trimmed()));
      batches_problem_->show();
      return; // the charts keep the last valid batches
    }
    batches.push_back(batch);
  }
  if (batches.empty()) {
    batches_problem_->setText(tr("Give at least one batch size"));
    batches_problem_->show();
    return;
  }
  batches_problem_->hide();
  if (batches != document_.scenario().batches) {
    document_.edit(tr("Batches"), [&batches](Scenario& s) { s.batches = batches; });
  }
}

void HardwarePanel::syncFromDocument()
{
  syncing_ = true;
  const Scenario& s = document_.scenario();
  {
    const QSignalBlocker blocker(hardware_preset_);
    hardware_preset_->setCurrentIndex(hardware_preset_->findData(text(s.hardware_preset)));
  }
  for (Component component : kAllComponents) {
    SliderRow& r = sliders_[component];
    r.slider->setValue(position_of(s.scales[component]));
    const bool memory = component != Component::mac;
    r.value->setText(text(format_scale(s.scales[component]) + "  (" +
                          format_significant(unit_energy_pj(s.hardware, component, s.scales[component]), 4) +
                          (memory ? " pJ/bit)" : " pJ/MAC)")));
    if (memory) {
      MemoryRow& row = memoryRow(component);
      const MemoryChoice& choice = s.hardware.*memoryField(component);
      row.technology->setCurrentIndex(std::max(0, row.technology->findData(text(choice.technology))));
      row.energy->setValue(choice.energy_per_bit_pj);
      const QString tip = provenance_text(choice.provenance);
      row.technology->setToolTip(tip);
      row.energy->setToolTip(tip);
      const NumberFormat format = component == Component::weight       ? s.precision.weight
                                  : component == Component::activation ? s.precision.activation
                                                                       : s.precision.kv_cache;
      row.format->setCurrentIndex(row.format->findData(static_cast<int>(format)));
    }
  }
  mac_unit_->setCurrentIndex(std::max(0, mac_unit_->findData(text(s.hardware.mac.unit))));
  mac_energy_->setValue(s.hardware.mac.energy_per_mac_pj);
  mac_unit_->setToolTip(provenance_text(s.hardware.mac.provenance));
  mac_energy_->setToolTip(provenance_text(s.hardware.mac.provenance));
  mac_format_->setCurrentIndex(mac_format_->findData(static_cast<int>(s.precision.mac)));

  QStringList batches;
  for (double batch : s.batches) {
    batches << text(format_shortest(batch));
  }
  batches_->setText(batches.join(", "));
  const auto* transformer = std::get_if<TransformerModel>(&s.model.architecture);
  // A CNN has no KV cache: its slider and memory say nothing.
  sliders_.kv_cache.slider->setEnabled(transformer != nullptr);
  kv_cache_.technology->setEnabled(transformer != nullptr);
  kv_cache_.energy->setEnabled(transformer != nullptr);
  kv_cache_.format->setEnabled(transformer != nullptr);
  phase_->setEnabled(transformer != nullptr);
  context_->setEnabled(transformer != nullptr);
  phase_->setCurrentIndex(phase_->findData(static_cast<int>(s.workload.phase)));
  if (transformer) {
    context_->setValue(static_cast<int>(s.workload.context > 0 ? s.workload.context : transformer->n_ctx));
  }
  syncing_ = false;
}

} // namespace nne::ui
