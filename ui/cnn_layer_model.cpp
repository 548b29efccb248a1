#include "ui/cnn_layer_model.h"

#include "core/model/layer_fields.h"
#include "core/util/errors.h"
#include "core/util/format.h"
#include "ui/scenario_document.h"

#include <QBrush>
#include <QColor>

namespace nne::ui {

namespace {

QString pair_text(std::int64_t h, std::int64_t w)
{
  return h == w ? QString::number(h) : QString("%1x%2").arg(h).arg(w);
}

// "3" or "3x1" (height x width); nullopt when it is neither.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_pair(const QString& text, std::int64_t minimum)
{
  const QStringList parts = text.trimmed().split('x');
  bool ok_h = false;
  bool ok_w = false;
  const std::int64_t h = parts.value(0).trimmed().toLongLong(&ok_h);
  const std::int64_t w = parts.size() == 2 ? parts[1].trimmed().toLongLong(&ok_w) : h;
  ok_w = parts.size() == 2 ? ok_w : ok_h;
  if (parts.size() > 2 || !ok_h || !ok_w || h < minimum || w < minimum) {
    return std::nullopt;
  }
  return std::pair{h, w};
}

// The setting a column shows for a layer of `kind`, when its kind carries one there (the schema
// of core/model/layer_fields.h): "Out" is a convolution's channels or a linear layer's features,
// "Groups/heads" a convolution's groups or an attention layer's heads.
std::optional<LayerField> column_field(int column, LayerKind kind)
{
  static constexpr std::pair<int, LayerField> kColumnFields[]{
      {CnnLayerModel::out, LayerField::out_channels}, {CnnLayerModel::out, LayerField::out_features},
      {CnnLayerModel::kernel, LayerField::kernel},    {CnnLayerModel::stride, LayerField::stride},
      {CnnLayerModel::padding, LayerField::padding},  {CnnLayerModel::groups, LayerField::groups},
      {CnnLayerModel::groups, LayerField::heads},
  };
  for (const auto& [field_column, field] : kColumnFields) {
    if (field_column == column && carries(kind, field)) {
      return field;
    }
  }
  return std::nullopt;
}

QString value_text(const FieldValue& value)
{
  if (const auto* pair = std::get_if<FieldPair>(&value)) {
    return pair_text(pair->first, pair->second);
  }
  return QString::fromStdString(field_value_text(value));
}

// What the user typed, as a value of `field`; nullopt when it is none (out of range included).
std::optional<FieldValue> parse_value(LayerField field, const QString& text)
{
  std::optional<FieldValue> value;
  if (field_type(field) == FieldType::pair) {
    if (const auto pair = parse_pair(text, field_minimum(field))) {
      value = FieldPair(*pair);
    }
  } else if (field_type(field) == FieldType::count) {
    bool ok = false;
    if (const std::int64_t number = text.toLongLong(&ok); ok) {
      value = number;
    }
  }
  return value && field_value_problem(field, *value).empty() ? value : std::nullopt;
}

} // namespace

CnnLayerModel::CnnLayerModel(ScenarioDocument& document, QObject* parent)
    : QAbstractTableModel(parent), document_(document)
{
  connect(&document_, &ScenarioDocument::changed, this, &CnnLayerModel::refresh);
  refresh();
}

const CnnModel* CnnLayerModel::cnn() const
{
  return std::get_if<CnnModel>(&document_.scenario().model.architecture);
}

void CnnLayerModel::refresh()
{
  const CnnModel* model = cnn();
  const int rows = model ? static_cast<int>(model->layers.size()) : 0;
  problem_.clear();
  problem_row_.reset();
  counts_ = {};
  counted_rows_ = 0;
  if (model) {
    try {
      counts_ = count_cnn(*model);
      counted_rows_ = counts_.layers.size();
    } catch (const ModelError& error) {
      problem_ = QString::fromStdString(error.what());
      if (error.layer()) {
        problem_row_ = static_cast<int>(*error.layer());
      }
    }
  }
  // A slider step changes the document but not the layers: telling the view that every cell
  // changed would make it measure every cell again (its columns fit their contents).
  const bool layers_changed = model == nullptr || !shown_model_ || *shown_model_ != *model;
  shown_model_ = model ? std::optional(*model) : std::nullopt;
  if (rows != rows_) {
    beginResetModel();
    rows_ = rows;
    endResetModel();
  } else if (rows > 0 && layers_changed) {
    emit dataChanged(index(0, 0), index(rows - 1, column_count - 1));
  }
}

int CnnLayerModel::rowCount(const QModelIndex& parent) const
{
  return parent.isValid() ? 0 : rows_;
}

int CnnLayerModel::columnCount(const QModelIndex& parent) const
{
  return parent.isValid() ? 0 : column_count;
}

QVariant CnnLayerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
  case name: return tr("Layer");
  case kind: return tr("Kind");
  case out: return tr("Out");
  case kernel: return tr("Kernel");
  case stride: return tr("Stride");
  case padding: return tr("Padding");
  case groups: return tr("Groups/heads");
  case inputs: return tr("Inputs");
  case output: return tr("Output (CxHxW)");
  case parameters: return tr("Parameters");
  case macs: return tr("MACs");
  default: return {};
  }
}

Qt::ItemFlags CnnLayerModel::flags(const QModelIndex& index) const
{
  if (!index.isValid()) {
    return Qt::NoItemFlags;
  }
  Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  const CnnLayer& layer = cnn()->layers[static_cast<std::size_t>(index.row())];
  const bool editable = index.column() == name || index.column() == kind || index.column() == inputs ||
                        column_field(index.column(), layer.kind).has_value();
  return editable ? flags | Qt::ItemIsEditable : flags;
}

QVariant CnnLayerModel::data(const QModelIndex& index, int role) const
{
  const CnnModel* model = cnn();
  if (!index.isValid() || model == nullptr || index.row() >= rows_) {
    return {};
  }
  const auto row = static_cast<std::size_t>(index.row());
  const CnnLayer& layer = model->layers[row];
  const bool at_fault = problem_row_ && *problem_row_ == index.row();
  if (role == Qt::BackgroundRole && at_fault) {
    return QBrush(QColor(255, 221, 221));
  }
  if (role == Qt::ToolTipRole && at_fault) {
    return problem_;
  }
  if (role == Qt::ToolTipRole && index.column() == name) {
    return QString::fromStdString(layer.name); // the column elides long names
  }
  if (role == Qt::TextAlignmentRole && index.column() >= out && index.column() != inputs) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole && role != Qt::EditRole) {
    return {};
  }
  const bool counted = row < counted_rows_;
  const LayerCounts* c = counted ? &counts_.layers[row] : nullptr;
  switch (index.column()) {
  case name: return QString::fromStdString(layer.name);
  case kind: return QString::fromStdString(std::string(layer_kind_id(layer.kind)));
  case out:
  case kernel:
  case stride:
  case padding:
  case groups: {
    const std::optional<LayerField> field = column_field(index.column(), layer.kind);
    return field ? value_text(field_value(layer, *field)) : QString();
  }
  case inputs: {
    QStringList names;
    for (const std::string& input : layer.inputs) {
      names << QString::fromStdString(input);
    }
    return names.join(", ");
  }
  case output:
    return c ? QString("%1x%2x%3").arg(c->output.channels).arg(c->output.height).arg(c->output.width) : QString("-");
  case parameters: return c ? QString::fromStdString(format_grouped(static_cast<double>(c->parameters))) : QString("-");
  case macs: return c ? QString::fromStdString(format_grouped(static_cast<double>(c->macs))) : QString("-");
  default: return {};
  }
}

bool CnnLayerModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
  if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) {
    return false;
  }
  const auto row = static_cast<std::size_t>(index.row());
  CnnLayer layer = cnn()->layers[row];
  const QString text = value.toString().trimmed();
  switch (index.column()) {
  case name:
    if (text.isEmpty()) {
      return false;
    }
    layer.name = text.toStdString();
    break;
  case kind: {
    const auto parsed = parse_layer_kind(text.toStdString());
    if (!parsed) {
      return false;
    }
    layer = with_kind(std::move(layer), *parsed);
    break;
  }
  case out:
  case kernel:
  case stride:
  case padding:
  case groups: {
    const LayerField field = *column_field(index.column(), layer.kind); // editable: flags() found one
    const std::optional<FieldValue> parsed = parse_value(field, text);
    if (!parsed) {
      return false;
    }
    set_field_value(layer, field, *parsed);
    break;
  }
  case inputs:
    layer.inputs.clear();
    for (const QString& input : text.split(',', Qt::SkipEmptyParts)) {
      layer.inputs.push_back(input.trimmed().toStdString());
    }
    break;
  default: return false;
  }
  if (layer == cnn()->layers[row]) {
    return true;
  }
  editLayers(tr("Edit layer %1").arg(QString::fromStdString(layer.name)),
             [row, &layer](std::vector<CnnLayer>& layers) { layers[row] = layer; });
  return true;
}

void CnnLayerModel::editLayers(const QString& description, const std::function<void(std::vector<CnnLayer>&)>& change)
{
  document_.edit(description, [&change](Scenario& s) {
    change(std::get<CnnModel>(s.model.architecture).layers);
    s.model_preset.clear(); // an edited model is saved whole
  });
}

QString CnnLayerModel::uniqueName(const QString& base) const
{
  const auto taken = [this](const QString& candidate) {
    return std::ranges::any_of(cnn()->layers, [&](const CnnLayer& l) { return l.name == candidate.toStdString(); });
  };
  QString candidate = base;
  for (int n = 2; taken(candidate); ++n) {
    candidate = QString("%1_%2").arg(base).arg(n);
  }
  return candidate;
}

void CnnLayerModel::addLayer(int row)
{
  if (cnn() == nullptr) {
    return;
  }
  const int at = std::clamp(row + 1, 0, rows_);
  CnnLayer layer;
  layer.name = uniqueName("conv").toStdString();
  layer.kind = LayerKind::conv;
  layer.kernel_h = layer.kernel_w = 3;
  layer.padding_h = layer.padding_w = 1;
  // Keep the channels of what comes before, so the graph stays valid.
  const auto previous = static_cast<std::size_t>(at - 1);
  layer.out_channels =
      at > 0 && previous < counted_rows_ ? counts_.layers[previous].output.channels : cnn()->input.channels;
  editLayers(tr("Add layer"),
             [at, &layer](std::vector<CnnLayer>& layers) { layers.insert(layers.begin() + at, layer); });
}

void CnnLayerModel::removeLayer(int row)
{
  if (cnn() == nullptr || row < 0 || row >= rows_ || rows_ <= 1) {
    return; // a CNN keeps at least one layer
  }
  editLayers(tr("Remove layer %1").arg(QString::fromStdString(cnn()->layers[static_cast<std::size_t>(row)].name)),
             [row](std::vector<CnnLayer>& layers) { layers.erase(layers.begin() + row); });
}

void CnnLayerModel::duplicateLayer(int row)
{
  if (cnn() == nullptr || row < 0 || row >= rows_) {
    return;
  }
  CnnLayer copy = cnn()->layers[static_cast<std::size_t>(row)];
  copy.name = uniqueName(QString::fromStdString(copy.name)).toStdString();
  copy.inputs.clear(); // reads the original, which now precedes it
  editLayers(tr("Duplicate layer"),
             [row, &copy](std::vector<CnnLayer>& layers) { layers.insert(layers.begin() + row + 1, copy); });
}

void CnnLayerModel::moveLayer(int row, int to)
{
  if (cnn() == nullptr || row < 0 || row >= rows_ || to < 0 || to >= rows_ || row == to) {
    return;
  }
  editLayers(tr("Move layer"), [row, to](std::vector<CnnLayer>& layers) {
    CnnLayer moved = std::move(layers[static_cast<std::size_t>(row)]);
    layers.erase(layers.begin() + row);
    layers.insert(layers.begin() + to, std::move(moved));
  });
}

} // namespace nne::ui
