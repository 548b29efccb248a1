#pragma once

#include "core/model/graph.h"

#include <QAbstractTableModel>

namespace nne::ui {

class ScenarioDocument;

// The nodes of an imported graph (an ONNX model) as a read-only table: what each operator is and
// what the importer counted for it. An imported graph is a measurement of a file, not an
// architecture the tool can re-derive, so nothing here is editable; operators the importer has no
// counting rule for are marked so that nobody mistakes their zero MACs for a count.
class GraphNodeModel : public QAbstractTableModel {
  Q_OBJECT

public:
  enum Column { name, op_type, macs, parameters, output, activation_traffic, column_count };

  explicit GraphNodeModel(ScenarioDocument& document, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
  void refresh();

  ScenarioDocument& document_;
  GraphModel shown_; // a copy: the table shows one graph until the document holds another
  int rows_ = 0;
};

} // namespace nne::ui
