#pragma once

#include "core/energy/scenario.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <functional>

namespace nne::ui {

// The scenario being edited, its file and its undo history. Every edit goes through edit(), so
// every edit can be undone and marks the document modified.
class ScenarioDocument : public QObject {
  Q_OBJECT

public:
  explicit ScenarioDocument(Scenario scenario, QObject* parent = nullptr);

  const Scenario& scenario() const noexcept { return scenario_; }
  QUndoStack* undoStack() noexcept { return &undo_stack_; }

  // Applies `change` to a copy of the scenario and pushes it as one undoable step named
  // `description`. Consecutive edits with the same non-negative `merge_id` (a slider drag) merge
  // into one step. A change that leaves the scenario as it was is no step at all.
  void edit(const QString& description, const std::function<void(Scenario&)>& change, int merge_id = -1);

  // Replaces the whole scenario (new, open): clears the history.
  void reset(const Scenario& scenario, QString file_path);

  const QString& filePath() const noexcept { return file_path_; }
  bool isModified() const { return !undo_stack_.isClean(); }
  // Saves atomically; throws std::runtime_error with a message for the user on failure.
  void save(const QString& file_path);

signals:
  void changed();
  void modifiedChanged(bool modified);
  void filePathChanged(const QString& path);

private:
  friend class ScenarioEditCommand;
  void assign(const Scenario& scenario);

  Scenario scenario_;
  QString file_path_;
  QUndoStack undo_stack_;
};

} // namespace nne::ui
