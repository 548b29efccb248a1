#pragma once

#include "core/energy/scenario.h"
#include "core/model/component.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <functional>

namespace nne::ui {

// The control an edit comes from, for merging: consecutive edits with the same key (a slider
// drag, typing in one field) are one undo step. Every key is made here, so that no two controls
// share one.
class EditMergeKey {
public:
  static constexpr EditMergeKey none() { return EditMergeKey(-1); } // never merges
  static constexpr EditMergeKey transformerField() { return EditMergeKey(100); }
  static constexpr EditMergeKey scaleSlider(Component component) { return EditMergeKey(200 + index(component)); }
  static constexpr EditMergeKey energyField(Component component) { return EditMergeKey(300 + index(component)); }

  // QUndoCommand::id(): -1 for none.
  constexpr int id() const noexcept { return id_; }

private:
  constexpr explicit EditMergeKey(int id) : id_(id) {}
  static constexpr int index(Component component) { return static_cast<int>(component); }
  int id_;
};

// The scenario being edited, its file and its undo history. Every edit goes through edit(), so
// every edit can be undone and marks the document modified.
class ScenarioDocument : public QObject {
  Q_OBJECT

public:
  explicit ScenarioDocument(Scenario scenario, QObject* parent = nullptr);

  const Scenario& scenario() const noexcept { return scenario_; }
  QUndoStack* undoStack() noexcept { return &undo_stack_; }

  // Applies `change` to a copy of the scenario and pushes it as one undoable step named
  // `description`. Consecutive edits with the same `merge` key (a slider drag) merge into one
  // step. A change that leaves the scenario as it was is no step at all.
  void edit(const QString& description, const std::function<void(Scenario&)>& change,
            EditMergeKey merge = EditMergeKey::none());

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
