#pragma once

#include "ui/chart/chart_spec.h"
#include "ui/chart/steady_label.h"

#include <QMainWindow>

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

class QComboBox;
class QLabel;

namespace nne {
struct Model;
struct PresetLibrary;
struct ScenarioResult;
} // namespace nne

namespace nne::ui {

class BreakdownView;
class ChartView;
class HeatMapChart;
class LineChart;
class SmallMultiplesChart;
class SweepView;
class StackedBarChart;
class HardwarePanel;
class ModelPanel;
class ScenarioDocument;
class ScenarioEvaluator;
struct ChartKind;
struct EvaluationProblem;
struct ExportOptions;

// The scenario the explorer opens on and File > New starts from: the paper's Llama-7B.
inline constexpr std::string_view kStartScenario = "paper-llama7b-kv";

// A tab of the main window's charts: which chart of the catalog (ui/chart_catalog.h) it shows,
// the page (the chart, or a view with the chart and its controls) and the chart on it.
struct ChartTab {
  const ChartKind* kind = nullptr;
  QWidget* page = nullptr;
  ChartView* chart = nullptr;
};

// Composes the panels around the document; owns no arithmetic and no chart drawing.
class MainWindow : public QMainWindow {
  Q_OBJECT

public:
  MainWindow(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a scenario or model file (or preset id) in place of the current scenario, after asking
  // about unsaved changes. Returns false when nothing was opened.
  bool openPath(const QString& path);
  // Replaces the scenario's model by the one in a model file (ONNX graph, Hugging Face config.json,
  // our model format), keeping the hardware and the sliders; one undoable step. Returns false and
  // says why when the file cannot be read.
  bool importModelPath(const QString& path);
  // Opens one of the built-in scenarios (the paper's), after asking about unsaved changes, and shows
  // its sweep. Returns false when nothing was opened.
  bool openExample(const QString& id);

  ModelPanel* modelPanel() const noexcept { return model_panel_; }
  HardwarePanel* hardwarePanel() const noexcept { return hardware_panel_; }
  BreakdownView* breakdownView() const noexcept { return breakdown_; }
  ScenarioEvaluator* evaluator() const noexcept { return evaluator_; }
  QLabel* verdictLabel() const noexcept { return verdict_; }
  SmallMultiplesChart* sweepChart() const noexcept { return sweep_chart_; }
  SweepView* sweepView() const noexcept { return sweep_view_; }
  StackedBarChart* savingsChart() const noexcept { return savings_chart_; }
  LineChart* regimeChart() const noexcept { return regime_chart_; }
  HeatMapChart* designSpaceChart() const noexcept { return design_space_chart_; }
  // The chart tabs, in the order of chart_kinds().
  std::span<const ChartTab> chartTabs() const noexcept { return chart_tabs_; }
  // The chart on the visible tab.
  const ChartView* currentChart() const;

protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  void addChartTab(std::string_view id, QWidget* page, ChartView* chart);
  void createActions();
  // The actions the menus make that the toolbar shows too.
  struct MenuActions {
    QAction* open = nullptr;
    QAction* import_model = nullptr;
    QAction* save = nullptr;
    QAction* export_chart = nullptr;
    QAction* undo = nullptr;
    QAction* redo = nullptr;
  };
  MenuActions createFileMenu();
  void createEditMenu(MenuActions& actions);
  void createToolBar(const MenuActions& actions);
  void showResult(const ScenarioResult& result);
  void showProblem(const EvaluationProblem& problem);
  // The design space costs a map of the scenario: made only while its tab shows, else on showing.
  void updateDesignSpace();
  void updateTitle();
  bool confirmDiscard();
  void openFile();
  void importModel();
  void adoptModel(const Model& model, const QString& path);
  void newScenario();
  void rememberRecent(const QString& path);
  void updateRecentMenu();
  void exportAllCharts();
  // What Export All writes for a tab: the chart's spec, or the design space made now (it is made
  // only while its tab shows); nullopt for the design space before any result.
  std::optional<ChartSpec> specToExport(const ChartTab& tab) const;
  bool save();
  bool saveAs();
  // The chart on the visible tab, exported or rendered for the clipboard.
  void exportCurrentChart(const ExportOptions& options) const;
  QImage renderCurrentChart(QSize size) const;
  void exportChart();
  void copyChart();

  ScenarioDocument& document_;
  const PresetLibrary& library_;
  ScenarioEvaluator* evaluator_ = nullptr;
  ModelPanel* model_panel_ = nullptr;
  HardwarePanel* hardware_panel_ = nullptr;
  BreakdownView* breakdown_ = nullptr;
  SteadyLabel* verdict_ = nullptr;
  QLabel* stale_banner_ = nullptr;
  QComboBox* examples_ = nullptr;
  SweepView* sweep_view_ = nullptr;
  SmallMultiplesChart* sweep_chart_ = nullptr; // the sweep view's
  StackedBarChart* savings_chart_ = nullptr;
  LineChart* regime_chart_ = nullptr;
  HeatMapChart* design_space_chart_ = nullptr;
  std::unique_ptr<ScenarioResult> last_result_; // what the design space is made from
  QString verdict_caption_;                     // of the result shown, for an export that asks for it
  bool design_space_stale_ = false;
  class QTabWidget* charts_ = nullptr;
  std::vector<ChartTab> chart_tabs_; // one per tab of charts_, in its order
  class QMenu* recent_menu_ = nullptr;
};

} // namespace nne::ui
