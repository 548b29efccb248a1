#include "ui/graph_node_model.h"

#include "core/util/format.h"
#include "ui/scenario_document.h"

#include <QBrush>
#include <QColor>
#include <QStringList>

namespace nne::ui {

namespace {

QString grouped(std::int64_t value)
{
  return QString::fromStdString(format_grouped(static_cast<double>(value)));
}

QString shape_text(const std::vector<std::int64_t>& shape)
{
  if (shape.empty()) {
    return QStringLiteral("?");
  }
  QStringList dims;
  for (const std::int64_t dim : shape) {
    dims << QString::number(dim);
  }
  return dims.join('x');
}

} // namespace

GraphNodeModel::GraphNodeModel(ScenarioDocument& document, QObject* parent)
    : QAbstractTableModel(parent), document_(document)
{
  connect(&document_, &ScenarioDocument::changed, this, &GraphNodeModel::refresh);
  refresh();
}

void GraphNodeModel::refresh()
{
  // Most document changes are slider steps that leave the model alone: only a different graph
  // resets the table (a reset re-lays out the view, which a slider drag must not pay for).
  const auto* model = std::get_if<GraphModel>(&document_.scenario().model.architecture);
  const GraphModel current = model ? *model : GraphModel{};
  if (current == shown_ && rows_ == static_cast<int>(current.nodes.size())) {
    return;
  }
  beginResetModel();
  shown_ = current;
  rows_ = static_cast<int>(shown_.nodes.size());
  endResetModel();
}

int GraphNodeModel::rowCount(const QModelIndex& parent) const
{
  return parent.isValid() ? 0 : rows_;
}

int GraphNodeModel::columnCount(const QModelIndex& parent) const
{
  return parent.isValid() ? 0 : column_count;
}

QVariant GraphNodeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
  case name: return tr("Node");
  case op_type: return tr("Operator");
  case output: return tr("Output shape");
  case parameters: return tr("Parameters");
  case macs: return tr("MACs");
  case activation_traffic: return tr("Activation traffic");
  default: return {};
  }
}

Qt::ItemFlags GraphNodeModel::flags(const QModelIndex& index) const
{
  return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

QVariant GraphNodeModel::data(const QModelIndex& index, int role) const
{
  if (!index.isValid() || index.row() >= rows_) {
    return {};
  }
  const GraphNode& node = shown_.nodes[static_cast<std::size_t>(index.row())];
  if (role == Qt::BackgroundRole && !node.counted) {
    return QBrush(QColor(255, 236, 179)); // amber: not an error, but not a count either
  }
  if (role == Qt::ToolTipRole) {
    QStringList lines{QString::fromStdString(node.name)};
    if (!node.counted) {
      lines << tr("%1 has no counting rule: its MACs are not included.").arg(QString::fromStdString(node.op_type));
    }
    if (!node.note.empty()) {
      lines << QString::fromStdString(node.note);
    }
    return lines.join('\n');
  }
  if (role == Qt::TextAlignmentRole && index.column() != name && index.column() != op_type) {
    return QVariant(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role != Qt::DisplayRole) {
    return {};
  }
  switch (index.column()) {
  case name: return QString::fromStdString(node.name);
  case op_type: return QString::fromStdString(node.op_type);
  case output: return shape_text(node.output_shape);
  case parameters: return grouped(node.parameters);
  case macs: return node.counted ? grouped(node.macs) : tr("not counted");
  case activation_traffic: return grouped(node.activation_traffic_elements);
  default: return {};
  }
}

} // namespace nne::ui
