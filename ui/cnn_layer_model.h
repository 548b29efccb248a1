#pragma once

#include "core/model/cnn.h"

#include <QAbstractTableModel>

#include <optional>

namespace nne::ui {

class ScenarioDocument;

// The layers of the document's CNN as a table: what each layer is (editable) and what it computes
// (output shape, parameters, MACs: from the core's count). Every edit goes through the document,
// so it can be undone. A layer the core cannot evaluate is marked in place with the reason.
class CnnLayerModel : public QAbstractTableModel {
  Q_OBJECT

public:
  enum Column { name, kind, out, kernel, stride, padding, groups, inputs, output, parameters, macs, column_count };

  explicit CnnLayerModel(ScenarioDocument& document, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

  // Row operations, each one undoable step.
  void addLayer(int row); // a 3x3 convolution after `row`, keeping the channels
  void removeLayer(int row);
  void duplicateLayer(int row);
  void moveLayer(int row, int to);

  // The problem that stops the count, if any, and the row it is at.
  const QString& problem() const noexcept { return problem_; }
  std::optional<int> problemRow() const noexcept { return problem_row_; }

private:
  void refresh();
  const CnnModel* cnn() const;
  void editLayers(const QString& description, const std::function<void(std::vector<CnnLayer>&)>& change);
  QString uniqueName(const QString& base) const;

  ScenarioDocument& document_;
  CnnCounts counts_;
  std::size_t counted_rows_ = 0; // rows before the problem have counts
  QString problem_;
  std::optional<int> problem_row_;
  int rows_ = 0;
  std::optional<CnnModel> shown_model_; // the layers the view was last told of
};

} // namespace nne::ui
