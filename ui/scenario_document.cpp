#include "ui/scenario_document.h"

#include "core/io/scenario_json.h"

#include <QUndoCommand>

namespace nne::ui {

// One undoable edit: the scenario before and after.
class ScenarioEditCommand : public QUndoCommand {
public:
  ScenarioEditCommand(ScenarioDocument& document, Scenario before, Scenario after, const QString& text, int merge_id)
      : QUndoCommand(text), document_(document), before_(std::move(before)), after_(std::move(after)),
        merge_id_(merge_id)
  {
  }

  void undo() override { document_.assign(before_); }
  void redo() override { document_.assign(after_); }
  int id() const override { return merge_id_; }
  bool mergeWith(const QUndoCommand* other) override
  {
    if (other->id() != id() || id() < 0) {
      return false;
    }
    after_ = static_cast<const ScenarioEditCommand*>(other)->after_;
    setText(other->text()); // "Scale KV cache to 1/16", not the drag's first step
    return true;
  }

private:
  ScenarioDocument& document_;
  Scenario before_;
  Scenario after_;
  int merge_id_;
};

ScenarioDocument::ScenarioDocument(Scenario scenario, QObject* parent) : QObject(parent), scenario_(std::move(scenario))
{
  connect(&undo_stack_, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
}

void ScenarioDocument::edit(const QString& description, const std::function<void(Scenario&)>& change,
                            EditMergeKey merge)
{
  Scenario after = scenario_;
  change(after);
  if (after == scenario_) {
    return; // re-picking what is already there changes nothing: no step, nothing to save
  }
  undo_stack_.push(new ScenarioEditCommand(*this, scenario_, std::move(after), description, merge.id()));
}

void ScenarioDocument::reset(const Scenario& scenario, QString file_path)
{
  undo_stack_.clear();
  file_path_ = std::move(file_path);
  emit filePathChanged(file_path_);
  assign(scenario);
  emit modifiedChanged(false);
}

void ScenarioDocument::save(const QString& file_path)
{
  save_scenario_file(file_path.toStdString(), scenario_);
  undo_stack_.setClean();
  if (file_path != file_path_) {
    file_path_ = file_path;
    emit filePathChanged(file_path_);
  }
}

void ScenarioDocument::assign(const Scenario& scenario)
{
  scenario_ = scenario;
  emit changed();
}

} // namespace nne::ui
