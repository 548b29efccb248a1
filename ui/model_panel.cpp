#include "ui/model_panel.h"

#include "core/format.h"
#include "core/presets.h"
#include "ui/cnn_layer_model.h"
#include "ui/scenario_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <limits>

namespace nne::ui {

namespace {

constexpr int kMergeTransformerEdit = 100;

QString text(const std::string& s)
{
  return QString::fromStdString(s);
}

} // namespace

ModelPanel::ModelPanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent)
    : QWidget(parent), document_(document), library_(library)
{
  preset_ = new QComboBox(this);
  preset_->setObjectName("modelPreset");
  // Grouped: CNNs, then transformers, each under a disabled header item.
  auto* items = new QStandardItemModel(preset_);
  for (const bool cnn : {true, false}) {
    auto* header = new QStandardItem(cnn ? tr("CNN") : tr("Transformer"));
    header->setFlags(Qt::NoItemFlags);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);
    items->appendRow(header);
    for (const Model& model : library_.models) {
      if (model.is_cnn() == cnn) {
        auto* item = new QStandardItem("   " + text(model.name));
        item->setData(text(model.id), Qt::UserRole);
        item->setToolTip(text(model.description));
        items->appendRow(item);
      }
    }
  }
  preset_->setModel(items);
  description_ = new QLabel(this);
  description_->setWordWrap(true);

  transformer_box_ = new QGroupBox(tr("Architecture"), this);
  auto* form = new QFormLayout(transformer_box_);
  addSpin(form, tr("Vocabulary (n_vocab)"), tr("Tokens in the vocabulary"), 10'000'000, &TransformerModel::n_vocab);
  addSpin(form, tr("Context (n_ctx)"), tr("Longest context the model was trained for"), 10'000'000,
          &TransformerModel::n_ctx);
  addSpin(form, tr("Width (d_model)"), tr("Hidden size"), 1'000'000, &TransformerModel::d_model);
  addSpin(form, tr("Layers (n_layer)"), tr("Decoder blocks"), 100'000, &TransformerModel::n_layer);
  addSpin(form, tr("Query heads (n_head)"), tr("Attention heads"), 100'000, &TransformerModel::n_head);
  addSpin(form, tr("KV heads (n_kv_head)"), tr("Fewer than the query heads: grouped-query attention; 1: multi-query"),
          100'000, &TransformerModel::n_kv_head);
  addSpin(form, tr("Head size (d_head)"), tr("Dimension of one attention head"), 100'000, &TransformerModel::d_head);
  addSpin(form, tr("FFN width (d_ff)"), tr("Hidden size of the feed-forward network"), 10'000'000,
          &TransformerModel::d_ff);
  addSpin(form, tr("Experts (MoE)"), tr("Experts per layer; all are stored"), 100'000, &TransformerModel::n_expert);
  addSpin(form, tr("Experts per token (top-k)"), tr("Experts read and computed per token"), 100'000,
          &TransformerModel::top_k);
  gated_ = new QCheckBox(tr("Gated FFN (SwiGLU: 3 matrices)"), transformer_box_);
  tied_ = new QCheckBox(tr("Output projection tied to the embedding"), transformer_box_);
  form->addRow(gated_);
  form->addRow(tied_);
  connect(gated_, &QCheckBox::toggled, this,
          [this](bool on) { editTransformer(tr("Gated FFN"), [on](TransformerModel& t) { t.gated_ffn = on; }); });
  connect(tied_, &QCheckBox::toggled, this, [this](bool on) {
    editTransformer(tr("Tied embeddings"), [on](TransformerModel& t) { t.tied_embeddings = on; });
  });

  cnn_box_ = new QGroupBox(tr("Layers"), this);
  cnn_summary_ = new QLabel(cnn_box_);
  cnn_summary_->setWordWrap(true);
  layers_ = new CnnLayerModel(document_, this);
  layer_table_ = new QTableView(cnn_box_);
  layer_table_->setObjectName("cnnLayers");
  layer_table_->setModel(layers_);
  layer_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  layer_table_->setSelectionMode(QAbstractItemView::SingleSelection);
  layer_table_->verticalHeader()->setDefaultSectionSize(layer_table_->fontMetrics().height() + 6);
  layer_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layer_table_->setMinimumHeight(260);
  auto* buttons = new QHBoxLayout();
  const auto button = [&](const QString& label, const QString& tip, auto action) {
    auto* b = new QPushButton(label, cnn_box_);
    b->setToolTip(tip);
    buttons->addWidget(b);
    connect(b, &QPushButton::clicked, this, [this, action] {
      const QModelIndex current = layer_table_->currentIndex();
      action(current.isValid() ? current.row() : layers_->rowCount() - 1);
    });
  };
  button(tr("Add"), tr("Add a 3x3 convolution after the selected layer"), [this](int row) { layers_->addLayer(row); });
  button(tr("Remove"), tr("Remove the selected layer"), [this](int row) { layers_->removeLayer(row); });
  button(tr("Duplicate"), tr("Repeat the selected layer after it"), [this](int row) { layers_->duplicateLayer(row); });
  button(tr("Up"), tr("Move the selected layer up"), [this](int row) {
    layers_->moveLayer(row, row - 1);
    layer_table_->selectRow(row - 1);
  });
  button(tr("Down"), tr("Move the selected layer down"), [this](int row) {
    layers_->moveLayer(row, row + 1);
    layer_table_->selectRow(row + 1);
  });
  auto* cnn_layout = new QVBoxLayout(cnn_box_);
  cnn_layout->addWidget(cnn_summary_);
  cnn_layout->addWidget(layer_table_, 1);
  cnn_layout->addLayout(buttons);

  count_source_ = new QComboBox(this);
  count_source_->setObjectName("countSource");
  count_source_->addItem(tr("Declared by the publication, counted where it gives none"),
                         static_cast<int>(CountSource::declared));
  count_source_->addItem(tr("Counted from the architecture"), static_cast<int>(CountSource::counted));
  connect(count_source_, &QComboBox::currentIndexChanged, this, [this] {
    if (syncing_) {
      return;
    }
    const auto source = static_cast<CountSource>(count_source_->currentData().toInt());
    document_.edit(tr("Count source"), [source](Scenario& s) { s.count_source = source; });
  });

  counts_ = new QTableWidget(0, 3, this);
  counts_->setObjectName("modelCounts");
  counts_->setHorizontalHeaderLabels({tr("Per sample"), tr("Counted"), tr("Declared")});
  counts_->verticalHeader()->hide();
  counts_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  counts_->setMinimumWidth(340);
  counts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  counts_->setSelectionMode(QAbstractItemView::NoSelection);

  problem_ = new QLabel(this);
  problem_->setObjectName("modelProblem");
  problem_->setWordWrap(true);
  problem_->setStyleSheet("QLabel { color: #b00020; font-weight: bold; }");
  problem_->hide();

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("<b>Model</b>"), this));
  layout->addWidget(preset_);
  layout->addWidget(description_);
  layout->addWidget(transformer_box_);
  layout->addWidget(cnn_box_, 1);
  layout->addWidget(problem_);
  layout->addWidget(new QLabel(tr("<b>Counts</b> (drive the charts:)"), this));
  layout->addWidget(count_source_);
  layout->addWidget(counts_, 1);

  connect(preset_, &QComboBox::activated, this, &ModelPanel::choosePreset);
  connect(&document_, &ScenarioDocument::changed, this, &ModelPanel::syncFromDocument);
  syncFromDocument();
}

QSpinBox* ModelPanel::addSpin(QFormLayout* form, const QString& label, const QString& tooltip, int maximum,
                              std::int64_t TransformerModel::*field)
{
  auto* spin = new QSpinBox(transformer_box_);
  spin->setRange(1, maximum);
  spin->setToolTip(tooltip);
  spin->setKeyboardTracking(false);
  spin->setObjectName(QString("transformer_") + label.section('(', 1).section(')', 0, 0));
  form->addRow(label, spin);
  spins_.emplace_back(spin, field);
  connect(spin, &QSpinBox::valueChanged, this, [this, label, field](int value) {
    editTransformer(label, [field, value](TransformerModel& t) { t.*field = value; });
  });
  return spin;
}

void ModelPanel::editTransformer(const QString& description, const std::function<void(TransformerModel&)>& change)
{
  if (syncing_ || !document_.scenario().model.is_transformer()) {
    return;
  }
  document_.edit(
      description,
      [&change](Scenario& s) {
        change(std::get<TransformerModel>(s.model.architecture));
        s.model_preset.clear(); // an edited model is saved whole, not as a reference to its preset
      },
      kMergeTransformerEdit);
}

void ModelPanel::choosePreset(int index)
{
  const QString id = preset_->itemData(index, Qt::UserRole).toString();
  const Model* model = library_.find_model(id.toStdString());
  if (model == nullptr) {
    return;
  }
  document_.edit(tr("Choose %1").arg(text(model->name)), [model](Scenario& s) {
    s.model = *model;
    s.model_preset = model->id;
    s.precision = model->default_precision;
    s.count_source = model->declared.empty() ? CountSource::counted : CountSource::declared;
  });
}

void ModelPanel::showProblem(const QString& message)
{
  problem_->setText(message.isEmpty() ? QString() : tr("Not evaluated: %1").arg(message));
  problem_->setVisible(!message.isEmpty());
}

void ModelPanel::syncFromDocument()
{
  const QSignalBlocker blocker(preset_);
  syncing_ = true;
  const Scenario& s = document_.scenario();
  const int index = preset_->findData(text(s.model.id), Qt::UserRole);
  preset_->setCurrentIndex(index);
  description_->setText(text(s.model.description));
  const auto* transformer = std::get_if<TransformerModel>(&s.model.architecture);
  transformer_box_->setVisible(transformer != nullptr);
  if (transformer) {
    for (auto& [spin, field] : spins_) {
      const QSignalBlocker spin_blocker(spin);
      spin->setValue(static_cast<int>(std::min<std::int64_t>(transformer->*field, std::numeric_limits<int>::max())));
    }
    gated_->setChecked(transformer->gated_ffn);
    tied_->setChecked(transformer->tied_embeddings);
  }
  const auto* cnn = std::get_if<CnnModel>(&s.model.architecture);
  cnn_box_->setVisible(cnn != nullptr);
  if (cnn) {
    cnn_summary_->setText(tr("%1 layers on a %2 x %3 x %4 input.")
                              .arg(cnn->layers.size())
                              .arg(cnn->input.channels)
                              .arg(cnn->input.height)
                              .arg(cnn->input.width));
  }
  count_source_->setCurrentIndex(count_source_->findData(static_cast<int>(s.count_source)));
  count_source_->setEnabled(!s.model.declared.empty());
  syncing_ = false;
  updateCounts();
}

void ModelPanel::updateCounts()
{
  const Scenario& s = document_.scenario();
  counts_->setRowCount(0);
  ModelCounts counted;
  ResolvedCounts declared;
  try {
    counted = count_model(s.model, s.workload);
    declared = resolve_counts(s.model, s.workload, CountSource::declared);
  } catch (const std::exception&) {
    return; // the evaluator reports the problem
  }
  const auto add = [&](const QString& name, double counted_value, std::optional<double> declared_value) {
    const int row = counts_->rowCount();
    counts_->insertRow(row);
    counts_->setItem(row, 0, new QTableWidgetItem(name));
    auto* c = new QTableWidgetItem(text(format_count(counted_value)));
    c->setToolTip(text(format_grouped(counted_value)));
    c->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    counts_->setItem(row, 1, c);
    auto* d = new QTableWidgetItem(declared_value ? text(format_count(*declared_value)) : QString("-"));
    if (declared_value) {
      d->setToolTip(text(format_grouped(*declared_value) + "\n" + s.model.declared.source));
    }
    d->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    counts_->setItem(row, 2, d);
  };
  const CountProvenance& p = declared.provenance;
  const ModelCounts& dc = declared.counts;
  const auto when = [](CountSource source, double value) {
    return source == CountSource::declared ? std::optional(value) : std::nullopt;
  };
  add(tr("Parameters"), counted.parameters, when(p.parameters, dc.parameters));
  add(tr("MACs"), counted.macs_per_sample, when(p.macs, dc.macs_per_sample));
  add(tr("Activation bits"), counted.activation_bits_per_sample(s.precision),
      when(p.activation, dc.activation_bits_per_sample(s.precision)));
  if (s.model.is_transformer()) {
    add(tr("KV-cache bits"), counted.kv_cache_bits_per_sample(s.precision),
        when(p.kv_cache, dc.kv_cache_bits_per_sample(s.precision)));
  }
  const int row = counts_->rowCount();
  counts_->insertRow(row);
  counts_->setItem(row, 0, new QTableWidgetItem(tr("FLOPs per parameter")));
  counts_->setItem(row, 1, new QTableWidgetItem(text(format_significant(counted.flops_per_parameter(), 4))));
  counts_->setItem(row, 2,
                   new QTableWidgetItem(p.parameters == CountSource::declared && p.macs == CountSource::declared
                                            ? text(format_significant(dc.flops_per_parameter(), 4))
                                            : QString("-")));
}

} // namespace nne::ui
