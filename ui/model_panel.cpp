#include "ui/model_panel.h"

#include "core/io/presets.h"
#include "core/util/format.h"
#include "ui/cnn_layer_model.h"
#include "ui/field_marks.h"
#include "ui/graph_node_model.h"
#include "ui/scenario_document.h"
#include "ui/scenario_evaluator.h"
#include "ui/widget_sync.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace nne::ui {

namespace {

constexpr int kOwnEntryRole = Qt::UserRole + 1; // marks the picker's entry for a model that is no preset

QString text(const std::string& s)
{
  return QString::fromStdString(s);
}

} // namespace

ModelPanel::ModelPanel(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent)
    : QWidget(parent), document_(document), library_(library)
{
  setObjectName("modelPanel");
  createPicker();
  createTransformerBox();
  createTransformerDetails();
  createCnnBox();
  createGraphBox();
  createCountsBox();
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("<b>Model</b>"), this));
  layout->addWidget(preset_);
  layout->addWidget(description_);
  layout->addWidget(transformer_box_);
  layout->addWidget(transformer_details_);
  layout->addWidget(cnn_box_, 1);
  layout->addWidget(graph_box_, 1);
  layout->addWidget(problem_);
  layout->addWidget(new QLabel(tr("<b>Counts</b> (drive the charts:)"), this));
  layout->addWidget(count_source_);
  layout->addWidget(declared_note_);
  layout->addWidget(counts_, 1);

  connect(preset_, &QComboBox::activated, this, &ModelPanel::choosePreset);
  connect(&document_, &ScenarioDocument::changed, this, &ModelPanel::syncFromDocument);
  syncFromDocument();
}

// The zoo, grouped by kind, and the model's description under it.
void ModelPanel::createPicker()
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
    std::vector<const Model*> group;
    for (const Model& model : library_.models) {
      if (model.is_cnn() == cnn) {
        group.push_back(&model);
      }
    }
    // By name, as people look for them ("GPT3-175B" before "Llama-2-7B"), numbers in order.
    std::ranges::sort(group, [](const Model* a, const Model* b) {
      return QString::localeAwareCompare(text(a->name), text(b->name)) < 0;
    });
    for (const Model* model : group) {
      auto* item = new QStandardItem("   " + text(model->name));
      item->setData(text(model->id), Qt::UserRole);
      item->setToolTip(text(model->description));
      items->appendRow(item);
    }
  }
  preset_->setModel(items);
  // The picker must not set the panel's width: with the zoo's names, and an imported model's
  // (a Hub path), it would push the panel wider than its column and clip it. Long names elide.
  preset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  preset_->setMinimumContentsLength(24);
  description_ = new QLabel(this);
  description_->setObjectName("modelDescription");
  description_->setWordWrap(true);
}

// The sizes people change: one spin box or check box per field of TransformerModel.
void ModelPanel::createTransformerBox()
{
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
  addCheck(form, tr("Gated FFN (SwiGLU: 3 matrices)"), tr("Gate, up and down matrices instead of up and down"),
           &TransformerModel::gated_ffn);
  addCheck(form, tr("Output projection tied to the embedding"),
           tr("The output projection reuses the token embedding's matrix"), &TransformerModel::tied_embeddings);
}

// The layer table of a CNN and the buttons that edit it.
void ModelPanel::createCnnBox()
{
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
  // torchvision's module names run long ("encoder.layers.encoder_layer_0.self_attention"): the
  // name column takes the room the kind and the counts leave, and what does not fit is cut at
  // the front, where such paths repeat themselves; the whole name is in the tooltip.
  layer_table_->horizontalHeader()->setSectionResizeMode(CnnLayerModel::name, QHeaderView::Stretch);
  layer_table_->horizontalHeader()->setMinimumSectionSize(48);
  // Columns fit the rows in view, not all of them: measuring EfficientNet's 249 rows at every edit
  // of a cell cost more than the rest of the step together.
  layer_table_->horizontalHeader()->setResizeContentsPrecision(0);
  layer_table_->setTextElideMode(Qt::ElideLeft);
  layer_table_->setWordWrap(false);
  layer_table_->setMinimumHeight(260);
  auto* buttons = new QHBoxLayout();
  const auto button = [&](const QString& name, const QString& label, const QString& tip, auto action) {
    // Tool buttons: five push buttons would set a minimum width wider than the panel's column.
    auto* b = new QToolButton(cnn_box_);
    b->setObjectName(name);
    b->setText(label);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    b->setToolTip(tip);
    buttons->addWidget(b);
    connect(b, &QToolButton::clicked, this, [this, action] {
      const QModelIndex current = layer_table_->currentIndex();
      action(current.isValid() ? current.row() : layers_->rowCount() - 1);
    });
  };
  button("cnnLayerAdd", tr("Add"), tr("Add a 3x3 convolution after the selected layer"),
         [this](int row) { layers_->addLayer(row); });
  button("cnnLayerRemove", tr("Remove"), tr("Remove the selected layer"),
         [this](int row) { layers_->removeLayer(row); });
  button("cnnLayerDuplicate", tr("Duplicate"), tr("Repeat the selected layer after it"),
         [this](int row) { layers_->duplicateLayer(row); });
  button("cnnLayerUp", tr("Up"), tr("Move the selected layer up"), [this](int row) {
    layers_->moveLayer(row, row - 1);
    layer_table_->selectRow(row - 1);
  });
  button("cnnLayerDown", tr("Down"), tr("Move the selected layer down"), [this](int row) {
    layers_->moveLayer(row, row + 1);
    layer_table_->selectRow(row + 1);
  });
  auto* cnn_layout = new QVBoxLayout(cnn_box_);
  cnn_layout->addWidget(cnn_summary_);
  cnn_layout->addWidget(layer_table_, 1);
  cnn_layout->addLayout(buttons);
}

// What drives the charts: the choice of declared or counted figures, and both side by side.
void ModelPanel::createCountsBox()
{
  count_source_ = new QComboBox(this);
  count_source_->setObjectName("countSource");
  // The list shows the choices whole; closed, the box must fit a narrow panel.
  count_source_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  count_source_->setMinimumContentsLength(24);
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

  declared_note_ = new QLabel(this);
  declared_note_->setObjectName("declaredNote");
  declared_note_->setWordWrap(true);
  declared_note_->setStyleSheet(field_marks::warning_style());
  declared_note_->hide();

  counts_ = new QTableWidget(0, 3, this);
  counts_->setObjectName("modelCounts");
  counts_->setHorizontalHeaderLabels({tr("Per sample"), tr("Counted"), tr("Declared")});
  counts_->verticalHeader()->hide();
  counts_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  counts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  counts_->setSelectionMode(QAbstractItemView::NoSelection);
  // A read-only table: Tab moves on to the next control instead of from cell to cell.
  counts_->setTabKeyNavigation(false);

  problem_ = new QLabel(this);
  problem_->setObjectName("modelProblem");
  problem_->setWordWrap(true);
  problem_->setStyleSheet("QLabel { color: #b00020; font-weight: bold; }");
  problem_->hide();
}

QSpinBox* ModelPanel::addSpin(QFormLayout* form, const QString& label, const QString& tooltip, int maximum,
                              std::int64_t TransformerModel::*field, int minimum)
{
  auto* spin = new QSpinBox(form->parentWidget());
  spin->setRange(minimum, maximum);
  spin->setToolTip(tooltip);
  spin->setKeyboardTracking(false);
  spin->setObjectName(QString("transformer_") + label.section('(', 1).section(')', 0, 0));
  form->addRow(label, spin);
  // Where a problem with this field is said, under it.
  auto* problem = new QLabel(form->parentWidget());
  problem->setObjectName(spin->objectName() + "_problem");
  problem->setWordWrap(true);
  problem->hide();
  form->addRow(problem);
  field_problems_.emplace_back(spin, problem);
  spins_.emplace_back(spin, field);
  connect(spin, &QSpinBox::valueChanged, this, [this, label, field](int value) {
    editTransformer(label, [field, value](TransformerModel& t) { t.*field = value; });
  });
  return spin;
}

QCheckBox* ModelPanel::addCheck(QFormLayout* form, const QString& label, const QString& tooltip,
                                bool TransformerModel::*field)
{
  auto* check = new QCheckBox(label, form->parentWidget());
  check->setToolTip(tooltip);
  form->addRow(check);
  checks_.emplace_back(check, field);
  connect(check, &QCheckBox::toggled, this, [this, label, field](bool on) {
    editTransformer(label, [field, on](TransformerModel& t) { t.*field = on; });
  });
  return check;
}

// What tells the families apart beyond their sizes (biases, norms, embeddings): rarely edited, but
// they decide whether an imported config counts exactly, so they are shown, below the sizes.
void ModelPanel::createTransformerDetails()
{
  // Folded away by default: the sizes above are what people change; these tell the families apart.
  transformer_details_ = new QWidget(this);
  auto* details_layout = new QVBoxLayout(transformer_details_);
  details_layout->setContentsMargins(0, 0, 0, 0);
  auto* toggle = new QToolButton(transformer_details_);
  toggle->setObjectName("transformerDetailsToggle");
  toggle->setText(tr("Biases, norms, experts and attention"));
  toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toggle->setArrowType(Qt::RightArrow);
  toggle->setCheckable(true);
  toggle->setAutoRaise(true);
  auto* details = new QGroupBox(transformer_details_);
  details->setObjectName("transformerDetails");
  details->hide();
  details_layout->addWidget(toggle);
  details_layout->addWidget(details);
  connect(toggle, &QToolButton::toggled, this, [toggle, details](bool open) {
    toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    details->setVisible(open);
  });
  auto* form = new QFormLayout(details);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows); // long labels put their field under them
  addCheck(form, tr("Biases on q, k, v and output"), tr("GPT-2, OPT, GPT-NeoX"), &TransformerModel::attention_bias);
  addCheck(form, tr("Biases on q, k and v only"), tr("Qwen2: the output projection has none"),
           &TransformerModel::qkv_bias);
  addCheck(form, tr("FFN biases"), tr("GPT-2, OPT, GPT-NeoX"), &TransformerModel::mlp_bias);
  addCheck(form, tr("Bias on the output projection"), tr("Phi, GPT-J: one per vocabulary entry"),
           &TransformerModel::lm_head_bias);
  addChoice<NormKind>(form, tr("Norm"), tr("The kind of every norm of the model"), "transformer_norm",
                      {{NormKind::layer_norm, tr("LayerNorm")},
                       {NormKind::rms_norm, tr("RMSNorm")},
                       {NormKind::layer_norm_no_affine, tr("LayerNorm, no parameters")}},
                      &TransformerModel::norm);
  addCheck(form, tr("Norms have a shift (bias)"), tr("LayerNorm with a bias; RMSNorm has none"),
           &TransformerModel::norm_bias);
  addSpin(form, tr("Norms per layer (norms_per_layer)"),
          tr("2: before attention and before the FFN; 1: one norm feeding both (parallel attention); 4: also "
             "after each (Gemma 2)"),
          8, &TransformerModel::norms_per_layer, 0);
  addCheck(form, tr("Norm after the last layer"), tr("Absent only in post-norm models such as OPT-350m"),
           &TransformerModel::final_norm);
  addCheck(form, tr("Norm on the token embeddings"), tr("BLOOM: a LayerNorm before the first layer"),
           &TransformerModel::embedding_norm);
  addChoice<QkNorm>(form, tr("Query and key norms"),
                    tr("Norms on q and k before the attention product. Shared by the heads: one head-wide norm each "
                       "(Qwen3, Gemma 3); over all of q and k: one weight per element of q and k (OLMo 2, Cohere)"),
                    "transformer_qk_norm",
                    {{QkNorm::none, tr("None")},
                     {QkNorm::head, tr("Shared by the heads")},
                     {QkNorm::projection, tr("Over all of q and k")}},
                    &TransformerModel::qk_norm);
  addCheck(form, tr("Query and key norms have a shift"), tr("Phi's LayerNorms; StableLM's and Cohere's have none"),
           &TransformerModel::qk_norm_bias);
  addChoice<PositionEmbedding>(form, tr("Positions"), tr("How positions enter the model"), "transformer_position",
                               {{PositionEmbedding::learned, tr("Learned table")},
                                {PositionEmbedding::rotary, tr("Rotary (no parameters)")},
                                {PositionEmbedding::none, tr("None")}},
                               &TransformerModel::position);
  addSpin(form, tr("Position rows (position_rows)"),
          tr("Rows of the learned position table; 0: n_ctx. OPT stores n_ctx + 2"), 10'000'000,
          &TransformerModel::position_rows, 0);
  addSpin(form, tr("Embedding width (d_embed)"),
          tr("0: d_model. A token embedding narrower than d_model, projected in and out (OPT-350m)"), 1'000'000,
          &TransformerModel::d_embed, 0);
  addSpin(form, tr("Value head size (d_head_v)"), tr("0: d_head. DeepSeek's latent attention has its own"), 100'000,
          &TransformerModel::d_head_v, 0);
  // Mixture of experts beyond Mixtral's.
  addSpin(form, tr("Expert width (d_ff_expert)"), tr("0: d_ff. The width of one routed expert (Qwen-MoE, DeepSeek)"),
          10'000'000, &TransformerModel::d_ff_expert, 0);
  addSpin(form, tr("Dense layers (n_dense_layer)"), tr("Layers with a dense FFN of width d_ff instead of experts"),
          100'000, &TransformerModel::n_dense_layer, 0);
  addSpin(form, tr("Shared expert width (d_ff_shared)"), tr("0: none. Experts every token passes through"), 10'000'000,
          &TransformerModel::d_ff_shared, 0);
  addCheck(form, tr("Gate on the shared expert"), tr("Qwen2-MoE: a d_model x 1 gate"),
           &TransformerModel::shared_expert_gate);
  addCheck(form, tr("Router bias"), tr("DeepSeek-V3: a score correction per expert"), &TransformerModel::router_bias);
  // Attention over part of the context, and over a latent.
  addSpin(form, tr("Sliding window (sliding_window)"), tr("0: none. Positions a sliding layer attends over"),
          10'000'000, &TransformerModel::sliding_window, 0);
  addSpin(form, tr("Sliding layers (n_sliding_layer)"), tr("How many layers attend over the window only"), 100'000,
          &TransformerModel::n_sliding_layer, 0);
  addSpin(form, tr("KV latent (kv_lora_rank)"),
          tr("0: standard attention. DeepSeek's latent attention caches this many elements (plus d_rope)"), 100'000,
          &TransformerModel::kv_lora_rank, 0);
  addSpin(form, tr("Query latent (q_lora_rank)"), tr("0: queries projected directly"), 100'000,
          &TransformerModel::q_lora_rank, 0);
  addSpin(form, tr("Rotary part of a head (d_rope)"), tr("Latent attention: the rotary key shared by the heads"),
          100'000, &TransformerModel::d_rope, 0);
}

template <typename Enum>
void ModelPanel::addChoice(QFormLayout* form, const QString& label, const QString& tooltip, const char* object_name,
                           std::initializer_list<std::pair<Enum, QString>> values, Enum TransformerModel::*field)
{
  auto* combo = new QComboBox(form->parentWidget());
  combo->setObjectName(object_name);
  combo->setToolTip(tooltip);
  // Long item texts elide rather than widen the panel beyond its column.
  combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  combo->setMinimumContentsLength(14);
  for (const auto& [value, shown] : values) {
    combo->addItem(shown, static_cast<int>(value));
  }
  form->addRow(label, combo);
  choices_.emplace_back(combo, [field](const TransformerModel& t) { return static_cast<int>(t.*field); });
  connect(combo, &QComboBox::activated, this, [this, combo, label, field] {
    const auto value = static_cast<Enum>(combo->currentData().toInt());
    editTransformer(label, [field, value](TransformerModel& t) { t.*field = value; });
  });
}

void ModelPanel::createGraphBox()
{
  graph_box_ = new QGroupBox(tr("Imported graph (read-only)"), this);
  graph_summary_ = new QLabel(graph_box_);
  graph_summary_->setObjectName("graphSummary");
  graph_summary_->setWordWrap(true);
  graph_summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  graph_nodes_ = new GraphNodeModel(document_, this);
  graph_table_ = new QTableView(graph_box_);
  graph_table_->setObjectName("graphNodes");
  graph_table_->setModel(graph_nodes_);
  graph_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  graph_table_->verticalHeader()->setDefaultSectionSize(graph_table_->fontMetrics().height() + 6);
  // The figures must not hide behind a scroll bar in a narrow panel. Names of exported graphs are
  // paths ("/layer1/layer1.0/conv1/Conv"): the name column takes the room the figures leave and
  // cuts a name at the front, keeping the part that tells nodes apart; in full in the tooltip.
  graph_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  graph_table_->horizontalHeader()->setSectionResizeMode(GraphNodeModel::name, QHeaderView::Stretch);
  graph_table_->horizontalHeader()->setMinimumSectionSize(48);
  graph_table_->setTextElideMode(Qt::ElideLeft);
  graph_table_->setWordWrap(false);
  graph_table_->setMinimumHeight(260);
  auto* graph_layout = new QVBoxLayout(graph_box_);
  graph_layout->addWidget(graph_summary_);
  graph_layout->addWidget(graph_table_, 1);
}

void ModelPanel::syncGraph(const GraphModel& graph)
{
  QStringList lines;
  lines << tr("%1 nodes from <b>%2</b>%3, opset %4, evaluated at batch %5.")
               .arg(graph.nodes.size())
               .arg(text(graph.source).toHtmlEscaped(),
                    graph.producer.empty() ? QString()
                                           : tr(" (written by %1)").arg(text(graph.producer).toHtmlEscaped()))
               .arg(graph.opset)
               .arg(graph.batch);
  const std::vector<UncountedOperator> uncounted = uncounted_operators(graph);
  if (uncounted.empty()) {
    lines << tr("Every operator was counted.");
  } else {
    QStringList ops;
    for (const UncountedOperator& op : uncounted) {
      ops << tr("%1 x %2").arg(text(op.op_type).toHtmlEscaped()).arg(op.nodes);
    }
    lines << tr("<span style='color:#9a6700'><b>Not counted</b> (no rule; their MACs are missing): %1</span>")
                 .arg(ops.join(", "));
  }
  for (const std::string& note : graph.notes) {
    lines << text(note).toHtmlEscaped();
  }
  graph_summary_->setText(lines.join("<br>"));
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
      EditMergeKey::transformerField());
}

void ModelPanel::choosePreset(int index)
{
  const QString id = preset_->itemData(index, Qt::UserRole).toString();
  const Model* model = library_.find_model(id.toStdString());
  if (model == nullptr) {
    return;
  }
  document_.edit(tr("Choose %1").arg(text(model->name)), [model](Scenario& s) { adopt_model(s, *model, model->id); });
}

// The picker shows the model in the document: a preset's entry while the model is that preset, or
// an entry of its own at the top for an imported or edited model (no entry would leave the picker
// blank, as if there were no model; the preset's entry would claim numbers the model no longer has).
void ModelPanel::showModelInPicker(const Model& model)
{
  auto* items = static_cast<QStandardItemModel*>(preset_->model());
  const bool has_own_entry = items->rowCount() > 0 && items->item(0)->data(kOwnEntryRole).toBool();
  const Model* preset = library_.find_model(model.id);
  const bool is_preset = preset != nullptr && !model.is_edited() && preset->architecture == model.architecture;
  if (is_preset) {
    if (has_own_entry) {
      items->removeRow(0);
    }
    preset_->setCurrentIndex(preset_->findData(text(model.id), Qt::UserRole));
    return;
  }
  if (!has_own_entry) {
    auto* item = new QStandardItem();
    item->setData(true, kOwnEntryRole);
    item->setData(QString(), Qt::UserRole);
    items->insertRow(0, item);
  }
  QStandardItem* item = items->item(0);
  item->setText(model.is_edited() ? text(display_name(model)) : tr("%1 (imported)").arg(text(display_name(model))));
  item->setToolTip(text(model.description));
  preset_->setCurrentIndex(0);
}

void ModelPanel::showProblem(const EvaluationProblem& problem)
{
  // At the field itself where the problem has one in this panel, else under the form.
  bool at_field = false;
  for (auto& [spin, label] : field_problems_) {
    if (spin->objectName() == "transformer_" + problem.field) {
      field_marks::mark(spin, label, problem.problem);
      at_field = true;
    } else {
      field_marks::clear(spin, label);
    }
  }
  const bool elsewhere = problem.field == "context" || problem.field.startsWith('/'); // the hardware panel's
  const QString message =
      problem.layer ? tr("Row %1: %2").arg(*problem.layer + 1).arg(problem.problem) : problem.message;
  problem_->setText(tr("Not evaluated: %1").arg(message));
  problem_->setVisible(!at_field && !elsewhere);
}

void ModelPanel::clearProblem()
{
  for (auto& [spin, label] : field_problems_) {
    field_marks::clear(spin, label);
  }
  problem_->hide();
}

void ModelPanel::syncFromDocument()
{
  const QSignalBlocker blocker(preset_);
  syncing_ = true;
  const Scenario& s = document_.scenario();
  showModelInPicker(s.model);
  description_->setText(text(s.model.description));
  const auto* transformer = std::get_if<TransformerModel>(&s.model.architecture);
  transformer_box_->setVisible(transformer != nullptr);
  if (transformer) {
    for (auto& [spin, field] : spins_) {
      const QSignalBlocker spin_blocker(spin);
      widget_sync::value(
          spin, static_cast<int>(std::min<std::int64_t>(transformer->*field, std::numeric_limits<int>::max())));
    }
    for (auto& [check, field] : checks_) {
      const QSignalBlocker check_blocker(check);
      check->setChecked(transformer->*field);
    }
    for (auto& [combo, value_of] : choices_) {
      const QSignalBlocker combo_blocker(combo);
      combo->setCurrentIndex(combo->findData(value_of(*transformer)));
    }
  }
  transformer_details_->setVisible(transformer != nullptr);
  const auto* graph = std::get_if<GraphModel>(&s.model.architecture);
  graph_box_->setVisible(graph != nullptr);
  if (graph) {
    syncGraph(*graph);
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
  // Declared figures describe the architecture as published: once it is edited they do not apply,
  // and the panel says so rather than let a stale figure drive the charts.
  const bool declared_apply = s.model.applicable_declared() != nullptr;
  count_source_->setEnabled(declared_apply);
  if (!s.model.declared.empty() && !declared_apply) {
    declared_note_->setText(tr("The figures %1 declares describe its architecture as published. The "
                               "architecture has been edited, so the charts use the counted figures; undo "
                               "the edits to use the declared ones again.")
                                .arg(text(s.model.name)));
    declared_note_->show();
  } else {
    declared_note_->hide();
  }
  syncing_ = false;
  updateCounts();
}

namespace {
// A figure of the counts table: short, with the exact value (and its source) as the tooltip;
// "-" where the figure is not given.
QTableWidgetItem* figure_cell(std::optional<double> value, const std::string& source)
{
  auto* cell = new QTableWidgetItem(value ? text(format_count(*value)) : QString("-"));
  if (value) {
    cell->setToolTip(text(format_grouped(*value) + (source.empty() ? "" : "\n" + source)));
  }
  cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return cell;
}
} // namespace

void ModelPanel::updateCounts()
{
  const Scenario& s = document_.scenario();
  if (counts_shown_ && counts_shown_->architecture == s.model.architecture &&
      counts_shown_->declared == s.model.declared && counts_shown_->edited == s.model.is_edited() &&
      counts_shown_->workload == s.workload && counts_shown_->precision == s.precision) {
    return;
  }
  counts_shown_ = CountsInputs{s.model.architecture, s.model.declared, s.model.is_edited(), s.workload, s.precision};
  counts_->setRowCount(0);
  PerSampleFigures counted;
  PerSampleFigures declared;
  try {
    counted = per_sample_figures(count_model(s.model, s.workload));
    declared = declared_figures(s.model, s.workload);
  } catch (const std::exception&) {
    return; // the evaluator reports the problem
  }
  const auto add = [&](const QString& name, std::optional<double> counted_value, std::optional<double> declared_value) {
    const int row = counts_->rowCount();
    counts_->insertRow(row);
    counts_->setItem(row, 0, new QTableWidgetItem(name));
    counts_->setItem(row, 1, figure_cell(counted_value, {}));
    counts_->setItem(row, 2, figure_cell(declared_value, s.model.declared.source));
  };
  add(tr("Parameters"), counted.parameters, declared.parameters);
  add(tr("MACs"), counted.macs_per_sample, declared.macs_per_sample);
  add(tr("Activation bits"), counted.activation_bits_per_sample(s.precision),
      declared.activation_bits_per_sample(s.precision));
  if (s.model.has_kv_cache()) {
    add(tr("KV-cache bits"), counted.kv_cache_bits_per_sample(s.precision),
        declared.kv_cache_bits_per_sample(s.precision));
  }
  const auto ratio = [](std::optional<double> value) {
    return value ? text(format_significant(*value, 4)) : QString("-");
  };
  const int row = counts_->rowCount();
  counts_->insertRow(row);
  counts_->setItem(row, 0, new QTableWidgetItem(tr("FLOPs per parameter")));
  counts_->setItem(row, 1, new QTableWidgetItem(ratio(counted.flops_per_parameter())));
  counts_->setItem(row, 2, new QTableWidgetItem(ratio(declared.flops_per_parameter())));
}

} // namespace nne::ui
