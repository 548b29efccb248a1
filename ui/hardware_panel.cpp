#include "ui/hardware_panel.h"

#include "core/energy/energy.h"
#include "core/io/presets.h"
#include "core/util/format.h"
#include "ui/field_marks.h"
#include "ui/scenario_document.h"
#include "ui/scenario_evaluator.h"
#include "ui/widget_sync.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QScopeGuard>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nne::ui {

namespace {

constexpr int kCustomEntryRole = Qt::UserRole + 1; // the preset picker's "Custom" entry

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

// Catalog names are long; the list shows them whole, the closed box needs not: the panel must fit
// a projector's 1280 x 720.
void limit_width(QComboBox* combo, int characters = 14)
{
  combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  combo->setMinimumContentsLength(characters);
  combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QComboBox* format_combo(QWidget* parent)
{
  auto* combo = new QComboBox(parent);
  for (NumberFormat format : kAllNumberFormats) {
    combo->addItem(text(format_name(format)), static_cast<int>(format));
  }
  return combo;
}

QDoubleSpinBox* energy_spin(QWidget* parent, const QString& suffix)
{
  auto* spin = new QDoubleSpinBox(parent);
  spin->setDecimals(4);
  spin->setRange(0, 1000);
  spin->setKeyboardTracking(false);
  spin->setSuffix(suffix);
  return spin;
}

// The style's own focus cue on a slider is faint or none: with the keyboard (the arrows step the
// scale) one must see at a glance which slider moves. A style sheet would draw the frame too, but
// it also drops the tick marks that show the steps.
class FocusFramedSlider : public QSlider {
public:
  explicit FocusFramedSlider(QWidget* parent) : QSlider(Qt::Horizontal, parent) {}

protected:
  void paintEvent(QPaintEvent* event) override
  {
    QSlider::paintEvent(event);
    if (!hasFocus()) {
      return;
    }
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 3, 3);
  }
};

} // namespace

HardwarePanel::HardwarePanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent)
    : QWidget(parent), document_(document), library_(library)
{
  setObjectName("hardwarePanel");
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

QWidget* HardwarePanel::buildWhatIfBox()
{
  auto* box = new QGroupBox(tr("What if it were cheaper?"), this);
  auto* grid = new QGridLayout(box);
  int row = 0;
  for (Component component : kAllComponents) {
    SliderRow& r = sliders_[component];
    r.slider = new FocusFramedSlider(box);
    r.slider->setObjectName(QString("scale_") + text(component_id(component)));
    r.slider->setRange(0, kSteps);
    r.slider->setPageStep(1);
    r.slider->setTickPosition(QSlider::TicksBelow);
    r.slider->setTickInterval(1);
    r.slider->setFocusPolicy(Qt::StrongFocus);
    r.slider->setToolTip(tr("Scale the %1 energy: each step halves it (1 = today, 1/16 = 16x cheaper)")
                             .arg(text(component_label(component))));
    r.value = new QLabel(box);
    r.value->setObjectName(QString("scaleValue_") + text(component_id(component)));
    auto* label = new QLabel(text(component_label(component)), box);
    label->setBuddy(r.slider);
    // The name and the value over a slider as wide as the panel: beside them the slider would be
    // squeezed to a few pixels per step in a projector-sized window.
    r.value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // As wide as its widest text from the start: a label that grows as the slider moves would
    // lay out (and repaint) the whole panel at every step.
    r.value->setMinimumWidth(r.value->fontMetrics().horizontalAdvance("1/1024 (0.0001234 pJ/MAC)"));
    r.value->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    grid->addWidget(label, row, 0);
    grid->addWidget(r.value, row, 1);
    grid->addWidget(r.slider, row + 1, 0, 1, 2);
    row += 2;
    connect(r.slider, &QSlider::valueChanged, this, [this, component](int position) {
      if (syncing_) {
        return;
      }
      const double scale = scale_at(position);
      document_.edit(
          tr("Scale %1 to %2").arg(text(component_label(component)), text(format_scale(scale))),
          [component, scale](Scenario& s) { s.scales[component] = scale; }, EditMergeKey::scaleSlider(component));
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
  auto* presets = new QStandardItemModel(hardware_preset_);
  auto* custom = new QStandardItem(tr("Custom"));
  custom->setData(true, kCustomEntryRole);
  custom->setToolTip(tr("The hardware differs from every preset: it was edited"));
  custom->setFlags(Qt::ItemIsEnabled); // shown, not picked: pick a preset to leave it
  presets->appendRow(custom);
  std::vector<const Hardware*> sorted;
  for (const Hardware& hardware : library_.hardware) {
    sorted.push_back(&hardware);
  }
  std::ranges::sort(sorted, [](const Hardware* a, const Hardware* b) { return a->name < b->name; });
  for (const Hardware* hardware : sorted) {
    auto* item = new QStandardItem(text(hardware->name));
    item->setData(text(hardware->id), Qt::UserRole);
    item->setToolTip(text(hardware->description));
    presets->appendRow(item);
  }
  hardware_preset_->setModel(presets);
  limit_width(hardware_preset_, 18);
  auto* preset_label = new QLabel(tr("Preset"), box);
  preset_label->setBuddy(hardware_preset_);
  grid->addWidget(preset_label, 0, 0);
  grid->addWidget(hardware_preset_, 0, 1, 1, 2);
  connect(hardware_preset_, &QComboBox::activated, this, [this](int index) {
    const Hardware* hardware = library_.find_hardware(hardware_preset_->itemData(index).toString().toStdString());
    if (hardware != nullptr) {
      document_.edit(tr("Hardware %1").arg(text(hardware->name)), [hardware](Scenario& s) {
        s.hardware = *hardware;
        s.hardware_preset = hardware->id;
      });
    } else {
      syncPreset(document_.scenario()); // "Custom" is not a choice: show what is in effect again
    }
  });

  int row = 1;
  for (Component component : kMemoryComponents) {
    buildMemoryRow(grid, row, component);
    row += 3;
  }
  buildMacRow(grid, row);
  grid->setColumnStretch(1, 1);
  return box;
}

// Two lines per memory: what it is, then its pJ per bit and the tensor's number format; a third
// line, shown when needed, warns that the tensor class does not fit.
void HardwarePanel::buildMemoryRow(QGridLayout* grid, int row, Component component)
{
  QWidget* box = grid->parentWidget();
  MemoryRow& r = memories_[component];
  const QString id = text(component_id(component));
  r.technology = new QComboBox(box);
  r.technology->setObjectName("memory_" + id);
  r.technology->addItem(tr("Custom"), QString());
  for (const MemoryTechnology& memory : library_.catalog.memories) {
    r.technology->addItem(text(memory.name), text(memory.id));
    QString tip = text(format_shortest(memory.energy_per_bit_pj) + " pJ/bit");
    if (memory.capacity_bytes) {
      tip += tr(", holds %1").arg(text(format_bytes(*memory.capacity_bytes)));
    }
    r.technology->setItemData(r.technology->count() - 1, tip + "\n" + provenance_text(memory.provenance),
                              Qt::ToolTipRole);
  }
  limit_width(r.technology);
  r.energy = energy_spin(box, tr(" pJ/bit"));
  r.energy->setObjectName("memoryEnergy_" + id);
  r.format = format_combo(box);
  r.format->setObjectName("format_" + id);
  r.format->setToolTip(tr("Number format of the %1 in memory").arg(text(component_label(component))));
  r.warning = new QLabel(box);
  r.warning->setObjectName("capacityWarning_" + id);
  r.warning->setWordWrap(true);
  r.warning->setStyleSheet(field_marks::warning_style());
  r.warning->hide();
  auto* label = new QLabel(text(component_label(component)), box);
  label->setBuddy(r.technology);
  grid->addWidget(label, row, 0);
  grid->addWidget(r.technology, row, 1, 1, 2);
  // The figure starts under the label: the label column then adds nothing to the panel's width.
  grid->addWidget(r.energy, row + 1, 0, 1, 2);
  grid->addWidget(r.format, row + 1, 2);
  grid->addWidget(r.warning, row + 2, 0, 1, 3);

  connect(r.technology, &QComboBox::activated, this, [this, component](int index) {
    const MemoryTechnology* memory =
        library_.catalog.find_memory(memories_[component].technology->itemData(index).toString().toStdString());
    if (memory == nullptr) {
      return; // "Custom" keeps the number and lets the user type one
    }
    document_.edit(tr("%1: %2").arg(text(component_label(component)), text(memory->name)),
                   [component, memory](Scenario& s) { *s.hardware.memory(component) = memory_choice(*memory); });
  });
  connect(r.energy, &QDoubleSpinBox::valueChanged, this, [this, component](double value) {
    if (syncing_) {
      return;
    }
    document_.edit(
        tr("%1 energy").arg(text(component_label(component))),
        [component, value](Scenario& s) {
          MemoryChoice& memory = *s.hardware.memory(component);
          // The user's number: a custom memory, of the size of the one it replaces.
          memory = {std::string{}, std::string{}, value, memory.capacity_bytes, {"entered by the user", "", ""}};
        },
        EditMergeKey::energyField(component));
  });
  connect(r.format, &QComboBox::activated, this, [this, component] {
    const auto format = static_cast<NumberFormat>(memories_[component].format->currentData().toInt());
    document_.edit(tr("%1 format").arg(text(component_label(component))),
                   [component, format](Scenario& s) { s.precision[component] = format; });
  });
}

// The MACs: the process node (or chip) whose figure for each format applies, the pJ per MAC of the
// format computed in (typing one makes it the user's own, shown as custom), the format, and under
// them what the figure is: its source, "custom" with a way back, or that the node has none.
void HardwarePanel::buildMacRow(QGridLayout* grid, int row)
{
  QWidget* box = grid->parentWidget();
  mac_node_ = new QComboBox(box);
  mac_node_->setObjectName("macNode");
  fillMacNodes();
  limit_width(mac_node_);
  mac_energy_ = energy_spin(box, tr(" pJ/MAC"));
  mac_energy_->setObjectName("macEnergy");
  mac_format_ = format_combo(box);
  mac_format_->setObjectName("format_mac");
  mac_format_->setToolTip(tr("The number format the MACs compute in: their energy is the node's figure for it"));
  mac_status_ = new QLabel(box);
  mac_status_->setObjectName("macStatus");
  mac_status_->setWordWrap(true);
  mac_status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mac_reset_ = new QToolButton(box);
  mac_reset_->setObjectName("macReset");
  mac_reset_->setText(tr("Use the node's"));
  mac_reset_->setToolTip(tr("Forget the value you typed: the node's figure for this format applies again"));
  mac_use_nearest_ = new QToolButton(box);
  mac_use_nearest_->setObjectName("macUseNearest");
  mac_use_nearest_->hide();
  auto* buttons = new QVBoxLayout();
  buttons->addWidget(mac_reset_);
  buttons->addWidget(mac_use_nearest_);
  buttons->addStretch(1);
  auto* label = new QLabel(tr("MAC"), box);
  label->setBuddy(mac_node_);
  grid->addWidget(label, row, 0);
  grid->addWidget(mac_node_, row, 1, 1, 2);
  grid->addWidget(mac_energy_, row + 1, 0, 1, 2);
  grid->addWidget(mac_format_, row + 1, 2);
  grid->addWidget(mac_status_, row + 2, 0, 1, 2);
  grid->addLayout(buttons, row + 2, 2);

  connectMacRow();
}

// "Custom" and the catalog's process nodes, each with its MAC figures per format in the tooltip.
void HardwarePanel::fillMacNodes()
{
  mac_node_->addItem(tr("Custom"), QString());
  for (const ProcessNode& node : library_.catalog.nodes) {
    QString formats;
    for (const MacUnit* unit : library_.catalog.units_of(node.id)) {
      formats += (formats.isEmpty() ? "" : ", ") + text(format_name(unit->format)) + " " +
                 text(format_shortest(unit->energy_per_mac_pj)) + " pJ";
    }
    mac_node_->addItem(text(node.name), text(node.id));
    mac_node_->setItemData(mac_node_->count() - 1, formats + "\n" + text(node.note), Qt::ToolTipRole);
  }
}

void HardwarePanel::connectMacRow()
{
  connect(mac_node_, &QComboBox::activated, this, [this](int index) {
    const ProcessNode* node = library_.catalog.find_node(mac_node_->itemData(index).toString().toStdString());
    if (node == nullptr) {
      syncMac(document_.scenario()); // "Custom": type a value to make one
      return;
    }
    document_.edit(tr("MACs: %1").arg(text(node->name)),
                   [this, node](Scenario& s) { s.hardware.mac = node_arithmetic(library_.catalog, *node); });
  });
  connect(mac_energy_, &QDoubleSpinBox::valueChanged, this, [this](double value) {
    if (syncing_) {
      return;
    }
    document_.edit(
        tr("MAC energy"),
        [value](Scenario& s) {
          s.hardware.mac.set_custom(s.precision.mac, value, {"entered by the user", "", ""});
        },
        EditMergeKey::energyField(Component::mac));
  });
  connect(mac_format_, &QComboBox::activated, this, [this] {
    const auto format = static_cast<NumberFormat>(mac_format_->currentData().toInt());
    document_.edit(tr("MAC format %1").arg(text(format_name(format))),
                   [format](Scenario& s) { s.precision.mac = format; });
  });
  connect(mac_use_nearest_, &QToolButton::clicked, this, [this] {
    const std::optional<NumberFormat> nearest =
        document_.scenario().hardware.mac.nearest_format(document_.scenario().precision.mac);
    if (nearest) {
      document_.edit(tr("MAC format %1").arg(text(format_name(*nearest))),
                     [format = *nearest](Scenario& s) { s.precision.mac = format; });
    }
  });
  connect(mac_reset_, &QToolButton::clicked, this, [this] {
    document_.edit(tr("MAC energy from the node"),
                   [this](Scenario& s) { s.hardware.mac.clear_custom(s.precision.mac, library_.catalog); });
  });
}

QWidget* HardwarePanel::buildWorkloadBox()
{
  auto* box = new QGroupBox(tr("Workload"), this);
  auto* form = new QFormLayout(box);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  batches_ = new QLineEdit(box);
  batches_->setObjectName("batches");
  batches_->setToolTip(tr("Batch sizes, separated by commas"));
  batches_problem_ = new QLabel(box);
  batches_problem_->setObjectName("batchesProblem");
  batches_problem_->setWordWrap(true);
  batches_problem_->setStyleSheet(field_marks::problem_style());
  batches_problem_->hide();
  phase_ = new QComboBox(box);
  phase_->setObjectName("phase");
  phase_->addItem(tr("Decode: one new token per sequence"), static_cast<int>(Phase::decode));
  phase_->addItem(tr("Prefill: the whole prompt"), static_cast<int>(Phase::prefill));
  limit_width(phase_);
  context_ = new QSpinBox(box);
  context_->setObjectName("context");
  // 0 shows a dash: a model without a KV cache has no context, and none is shown for it.
  context_->setRange(0, 10'000'000);
  context_->setSpecialValueText(tr("\u2014"));
  context_->setKeyboardTracking(false);
  context_->setToolTip(tr("Tokens in the KV cache (decode) or in the prompt (prefill)"));
  context_problem_ = new QLabel(box);
  context_problem_->setObjectName("contextProblem");
  context_problem_->setWordWrap(true);
  context_problem_->setStyleSheet(field_marks::problem_style());
  context_problem_->hide();
  form->addRow(tr("Batches"), batches_);
  form->addRow(batches_problem_);
  form->addRow(tr("Phase"), phase_);
  form->addRow(tr("Context (tokens)"), context_);
  form->addRow(context_problem_);
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
  try {
    batches = parse_batch_list(batches_->text().toStdString()); // the rule files are read by
  } catch (const std::invalid_argument& problem) {
    QString reason = text(problem.what());
    reason[0] = reason[0].toUpper();
    field_marks::mark(batches_, batches_problem_, tr("%1; the charts show the last valid batches").arg(reason));
    return;
  }
  field_marks::clear(batches_, batches_problem_);
  if (batches != document_.scenario().batches) {
    document_.edit(tr("Batches"), [&batches](Scenario& s) { s.batches = batches; });
  }
}

void HardwarePanel::showProblem(const EvaluationProblem& problem)
{
  if (problem.field == "context") {
    field_marks::mark(context_, context_problem_, problem.problem);
  } else {
    field_marks::clear(context_, context_problem_);
  }
  syncMac(document_.scenario()); // a missing MAC figure is said there, from the scenario itself
}

void HardwarePanel::clearProblem()
{
  field_marks::clear(context_, context_problem_);
}

void HardwarePanel::showCapacityWarnings(const std::vector<CapacityWarning>& warnings)
{
  for (Component component : kMemoryComponents) {
    QLabel* label = memories_[component].warning;
    const auto it = std::ranges::find(warnings, component, &CapacityWarning::component);
    const QString message = it == warnings.end() ? QString() : text(it->message);
    if (label->text() != message) {
      label->setText(message);
    }
    label->setVisible(!message.isEmpty());
  }
}

void HardwarePanel::syncPreset(const Scenario& s)
{
  const QSignalBlocker blocker(hardware_preset_);
  const bool is_preset = !s.hardware_preset.empty() && !s.hardware.is_edited();
  const int index = is_preset ? hardware_preset_->findData(text(s.hardware_preset)) : -1;
  // Never blank: hardware that is no preset (edited, or read from a file) shows as "Custom".
  hardware_preset_->setCurrentIndex(index >= 0 ? index : 0);
  hardware_preset_->setToolTip(index >= 0 ? text(s.hardware.description)
                                          : tr("Custom hardware: %1").arg(text(display_name(s.hardware))));
}

void HardwarePanel::syncMac(const Scenario& s)
{
  const bool was_syncing = syncing_;
  syncing_ = true; // showing a value is no edit
  const auto done = qScopeGuard([this, was_syncing] { syncing_ = was_syncing; });
  const MacArithmetic& mac = s.hardware.mac;
  const MacFigure* figure = mac.figure_for(s.precision.mac);
  const QString format = text(format_name(s.precision.mac));
  mac_node_->setCurrentIndex(std::max(0, mac_node_->findData(text(mac.node))));
  // The formats the node has a figure for read as such in the list; the others are still there to
  // pick (an error says so in place), so that a model's own precision can always be shown.
  for (int i = 0; i < mac_format_->count(); ++i) {
    const auto item_format = static_cast<NumberFormat>(mac_format_->itemData(i).toInt());
    const bool has = mac.figure_for(item_format) != nullptr;
    widget_sync::item_text(mac_format_, i, text(format_name(item_format)) + (has ? QString() : tr(" (no figure)")));
  }
  mac_format_->setCurrentIndex(mac_format_->findData(static_cast<int>(s.precision.mac)));
  mac_energy_->setEnabled(true);
  if (figure == nullptr) {
    // Said at the field, with the way out: never computed with another format's energy.
    widget_sync::special_value_text(mac_energy_, tr("none"));
    widget_sync::value(mac_energy_, mac_energy_->minimum());
    field_marks::mark(mac_energy_, mac_status_, text(missing_mac_figure_problem(s.hardware, s.precision.mac)));
    mac_reset_->hide();
    const std::optional<NumberFormat> nearest = mac.nearest_format(s.precision.mac);
    mac_use_nearest_->setVisible(nearest.has_value());
    if (nearest) {
      mac_use_nearest_->setText(tr("Compute in %1").arg(text(format_name(*nearest))));
      mac_use_nearest_->setToolTip(tr("Compute in %1 instead of %2 (%3 pJ per MAC): your choice, said in every caption")
                                       .arg(text(format_name(*nearest)), format,
                                            text(format_shortest(mac.figure_for(*nearest)->energy_per_mac_pj))));
    }
    return;
  }
  mac_use_nearest_->hide();
  widget_sync::special_value_text(mac_energy_, QString());
  widget_sync::value(mac_energy_, figure->energy_per_mac_pj);
  field_marks::clear(mac_energy_, nullptr);
  widget_sync::style_sheet(mac_status_, QString());
  mac_status_->show();
  if (figure->is_custom()) {
    mac_status_->setText(tr("<b>Custom</b>: %1 pJ per %2 MAC, typed by you")
                             .arg(text(format_shortest(figure->energy_per_mac_pj)), format));
    mac_reset_->setVisible(!mac.node.empty());
  } else {
    mac_status_->setText(tr("%1 MAC: %2 pJ, %3")
                             .arg(format, text(format_shortest(figure->energy_per_mac_pj)),
                                  text(figure->provenance.source).toHtmlEscaped()));
    mac_reset_->hide();
  }
  widget_sync::tool_tip(mac_status_, provenance_text(figure->provenance));
  widget_sync::tool_tip(mac_energy_, provenance_text(figure->provenance));
}

void HardwarePanel::syncFromDocument()
{
  syncing_ = true;
  const Scenario& s = document_.scenario();
  syncPreset(s);
  for (Component component : kAllComponents) {
    SliderRow& r = sliders_[component];
    r.slider->setValue(position_of(s.scales[component]));
    const std::optional<double> unit = unit_energy_pj(s.hardware, s.precision, component, s.scales[component]);
    const QString value = text(format_scale(s.scales[component])) + "  (" +
                          (unit ? text(format_significant(*unit, 4)) : tr("no figure")) +
                          (component == Component::mac ? " pJ/MAC)" : " pJ/bit)");
    if (r.value->text() != value) {
      r.value->setText(value);
    }
    const MemoryChoice* choice = s.hardware.memory(component);
    if (choice == nullptr) {
      continue;
    }
    MemoryRow& row = memories_[component];
    row.technology->setCurrentIndex(std::max(0, row.technology->findData(text(choice->technology))));
    widget_sync::value(row.energy, choice->energy_per_bit_pj);
    QString tip = provenance_text(choice->provenance);
    if (choice->capacity_bytes) {
      tip = tr("Holds %1\n").arg(text(format_bytes(*choice->capacity_bytes))) + tip;
    }
    widget_sync::tool_tip(row.technology, tip);
    widget_sync::tool_tip(row.energy, tip);
    row.format->setCurrentIndex(row.format->findData(static_cast<int>(s.precision[component])));
  }
  syncMac(s);

  QStringList batches;
  for (double batch : s.batches) {
    batches << text(format_shortest(batch));
  }
  widget_sync::text(batches_, batches.join(", "));
  field_marks::clear(batches_, batches_problem_);
  const auto* transformer = std::get_if<TransformerModel>(&s.model.architecture);
  const auto* graph = std::get_if<GraphModel>(&s.model.architecture);
  // A CNN has no KV cache: its slider and memory say nothing. A decoder graph exported with its
  // past_key_values has one, at the context it was imported for.
  const bool kv_cache = s.model.has_kv_cache();
  sliders_.kv_cache.slider->setEnabled(kv_cache);
  memories_.kv_cache.technology->setEnabled(kv_cache);
  memories_.kv_cache.energy->setEnabled(kv_cache);
  memories_.kv_cache.format->setEnabled(kv_cache);
  phase_->setEnabled(transformer != nullptr);
  context_->setEnabled(transformer != nullptr);
  phase_->setCurrentIndex(phase_->findData(static_cast<int>(s.workload.phase)));
  // The context the counts were made at, never a leftover of the previous model.
  std::int64_t context = 0;
  QString context_tip = tr("Tokens in the KV cache (decode) or in the prompt (prefill)");
  if (transformer) {
    context = s.workload.context > 0 ? s.workload.context : transformer->n_ctx;
  } else if (graph != nullptr && graph->kv_cache_elements > 0) {
    context = graph->context;
    context_tip = tr("Fixed by the import: the graph's past_key_values at %1 cached positions (the command "
                     "line's counts --context sets another)")
                      .arg(context);
  } else {
    context_tip = tr("This model has no KV cache, so no context");
  }
  widget_sync::value(context_, static_cast<int>(std::min<std::int64_t>(context, context_->maximum())));
  widget_sync::tool_tip(context_, context_tip);
  syncing_ = false;
}

} // namespace nne::ui
