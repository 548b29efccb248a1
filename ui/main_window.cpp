#include "ui/main_window.h"

#include "core/import/model_import.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"
#include "ui/breakdown_view.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/heat_map_chart.h"
#include "ui/chart/line_chart.h"
#include "ui/chart/small_multiples_chart.h"
#include "ui/chart/stacked_bar_chart.h"
#include "ui/chart_builders.h"
#include "ui/chart_catalog.h"
#include "ui/export_dialog.h"
#include "ui/failure_report.h"
#include "ui/hardware_panel.h"
#include "ui/model_panel.h"
#include "ui/scenario_document.h"
#include "ui/scenario_evaluator.h"
#include "ui/sweep_view.h"
#include "ui/wheel_guard.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace nne::ui {

namespace {

// Reads with the importer's own layouts; a Hugging Face config of a family it does not know is
// read by an assumed Llama-like layout only when the user says so (and is then marked as such
// wherever its name is shown): never counted silently by a guess.
template <typename Read> auto asking_to_assume_layout(QWidget* parent, Read read)
{
  try {
    return read(ImportOptions{});
  } catch (const UnknownFamilyError& unknown) {
    const auto answer = QMessageBox::question(
        parent, QObject::tr("Unknown model family"),
        QObject::tr("%1\n\nRead it as a Llama-like decoder anyway? Its counts will be marked \"assumed layout\": "
                    "they are only as exact as that assumption.")
            .arg(QString::fromStdString(unknown.what())),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes) {
      throw;
    }
    return read(ImportOptions{.assume_llama_layout = true});
  }
}
QString scenario_file_suffix()
{
  return QString::fromUtf8(kScenarioFileSuffix.data(), static_cast<qsizetype>(kScenarioFileSuffix.size()));
}
} // namespace

namespace {

// Side panels may be squeezed below their contents' width on a projector's 1280 x 720 (or a
// 2560 x 1440 screen at scale 2): they then scroll, in both directions, rather than push the window
// past the screen. The window's minimum stays at most 1024 x 640.
constexpr int kSidePanelMinimumWidth = 240;

QScrollArea* scrolling(QWidget* panel, QWidget* parent)
{
  auto* area = new QScrollArea(parent);
  area->setWidget(panel);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  area->setMinimumWidth(kSidePanelMinimumWidth);
  scroll_panel_not_fields(panel);
  return area;
}

// The width a side panel asks for: its contents and a vertical scroll bar beside them.
int preferred_width(const QScrollArea* area)
{
  return area->widget()->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width() + 2;
}

} // namespace

MainWindow::MainWindow(ScenarioDocument& document, const PresetLibrary& library, QWidget* parent)
    : QMainWindow(parent), document_(document), library_(library)
{
  evaluator_ = new ScenarioEvaluator(document_, this);
  model_panel_ = new ModelPanel(document_, library_, this);
  hardware_panel_ = new HardwarePanel(document_, library_, this);
  breakdown_ = new BreakdownView(this);
  verdict_ = new SteadyLabel(this);
  verdict_->setObjectName("verdict");
  verdict_->setWordWrap(true);
  // Not selectable: a selectable label lays its text out as a rich-text document at every change,
  // a quarter of a slider step's cost. The verdict is copied with the chart (Edit > Copy Chart)
  // and exported into a slide's caption on request.
  verdict_->setStyleSheet("QLabel { font-size: 11pt; padding: 6px; background: palette(alternate-base); }");

  auto* centre = new QWidget(this);
  auto* centre_layout = new QVBoxLayout(centre);
  centre_layout->setContentsMargins(0, 0, 0, 0);
  charts_ = new QTabWidget(centre);
  charts_->setObjectName("charts");
  sweep_view_ = new SweepView(document_, charts_);
  sweep_chart_ = sweep_view_->chart();
  savings_chart_ = new StackedBarChart(charts_);
  savings_chart_->setObjectName("savingsChart");
  addChartTab("breakdown", breakdown_, breakdown_->chart());
  addChartTab("sweep", sweep_view_, sweep_chart_);
  addChartTab("savings", savings_chart_, savings_chart_);
  regime_chart_ = new LineChart(charts_);
  regime_chart_->setObjectName("regimeChart");
  addChartTab("regime", regime_chart_, regime_chart_);
  design_space_chart_ = new HeatMapChart(charts_);
  design_space_chart_->setObjectName("designSpaceChart");
  addChartTab("design-space", design_space_chart_, design_space_chart_);
  connect(charts_, &QTabWidget::currentChanged, this, &MainWindow::updateDesignSpace);
  // Said over the charts whenever they do not describe the panels: the last valid values are shown.
  stale_banner_ = new QLabel(centre);
  stale_banner_->setObjectName("staleBanner");
  stale_banner_->setWordWrap(true);
  stale_banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  stale_banner_->setStyleSheet("QLabel { background: #fde7e9; color: #8c0016; padding: 6px; font-weight: bold; }");
  stale_banner_->hide();
  centre_layout->addWidget(stale_banner_);
  centre_layout->addWidget(charts_, 1);
  centre_layout->addWidget(verdict_);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->setObjectName("mainSplitter");
  QScrollArea* model_area = scrolling(model_panel_, splitter);
  QScrollArea* hardware_area = scrolling(hardware_panel_, splitter);
  splitter->addWidget(model_area);
  splitter->addWidget(centre);
  splitter->addWidget(hardware_area);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setStretchFactor(2, 0);
  splitter->setCollapsible(1, false); // the charts are the point; the side panels may fold away
  setCentralWidget(splitter);

  setAcceptDrops(true);
  createActions();
  connect(evaluator_, &ScenarioEvaluator::resultReady, this, &MainWindow::showResult);
  connect(evaluator_, &ScenarioEvaluator::evaluationFailed, this, &MainWindow::showProblem);
  connect(breakdown_, &BreakdownView::pinReferenceRequested, this, [this](bool pin) {
    if (pin) {
      evaluator_->pinReference();
    } else {
      evaluator_->unpinReference();
    }
  });
  connect(evaluator_, &ScenarioEvaluator::pinnedReferenceChanged, breakdown_, &BreakdownView::setReferencePinned);
  connect(&document_, &ScenarioDocument::modifiedChanged, this, &MainWindow::updateTitle);
  connect(&document_, &ScenarioDocument::filePathChanged, this, &MainWindow::updateTitle);

  QSettings settings;
  restoreGeometry(settings.value("mainWindow/geometry").toByteArray());
  splitter->restoreState(settings.value("mainWindow/splitter").toByteArray());
  if (!settings.contains("mainWindow/geometry")) {
    // A first start fills a small screen rather than overflowing it; on a large one it stays a
    // comfortable 1600 x 950.
    QSize size(1600, 950);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
      size = size.boundedTo(screen->availableGeometry().size());
    }
    resize(size);
    // The side panels get their contents' width while the charts keep a readable 560 px (or 45 %
    // of a wide window); below that the side panels share what is left and scroll.
    const int side_room = size.width() - std::max(560, size.width() * 45 / 100);
    int model_width = preferred_width(model_area);
    int hardware_width = preferred_width(hardware_area);
    if (model_width + hardware_width > side_room) {
      const double shrink = static_cast<double>(side_room) / (model_width + hardware_width);
      model_width = static_cast<int>(model_width * shrink);
      hardware_width = static_cast<int>(hardware_width * shrink);
    }
    splitter->setSizes({model_width, size.width() - model_width - hardware_width, hardware_width});
  }
  updateTitle();
  evaluator_->evaluateNow();
}

MainWindow::~MainWindow() = default;

void MainWindow::addChartTab(std::string_view id, QWidget* page, ChartView* chart)
{
  const ChartKind& kind = chart_kind(id);
  chart_tabs_.push_back({&kind, page, chart});
  charts_->addTab(page, QCoreApplication::translate("ChartKind", kind.title));
}

const ChartView* MainWindow::currentChart() const
{
  return chart_tabs_.at(static_cast<std::size_t>(charts_->currentIndex())).chart;
}

void MainWindow::createActions()
{
  MenuActions actions = createFileMenu();
  createEditMenu(actions);
  createToolBar(actions);
}

MainWindow::MenuActions MainWindow::createFileMenu()
{
  MenuActions actions;
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* new_action = file->addAction(tr("&New"), this, &MainWindow::newScenario);
  new_action->setShortcut(QKeySequence::New);
  actions.open = file->addAction(tr("&Open..."), this, &MainWindow::openFile);
  actions.open->setShortcut(QKeySequence::Open);
  actions.import_model = file->addAction(tr("&Import Model..."), this, &MainWindow::importModel);
  actions.import_model->setShortcut(QKeySequence(tr("Ctrl+I")));
  actions.import_model->setObjectName("importModel");
  actions.import_model->setToolTip(tr("Analyse your own model: an ONNX file or a Hugging Face config.json"));
  QMenu* examples = file->addMenu(tr("Open E&xample"));
  examples->setObjectName("examplesMenu");
  for (const Scenario& scenario : library_.scenarios) {
    QAction* action = examples->addAction(QString::fromStdString(scenario.name), this,
                                          [this, id = scenario.id] { openExample(QString::fromStdString(id)); });
    action->setObjectName(QString::fromStdString("openExample_" + scenario.id));
    action->setToolTip(QString::fromStdString(scenario.description));
  }
  recent_menu_ = file->addMenu(tr("Open &Recent"));
  updateRecentMenu();
  actions.save = file->addAction(tr("&Save"), this, [this] { save(); });
  actions.save->setObjectName("save");
  actions.save->setShortcut(QKeySequence::Save);
  QAction* save_as = file->addAction(tr("Save &As..."), this, [this] { saveAs(); });
  save_as->setShortcut(QKeySequence::SaveAs);
  file->addSeparator();
  actions.export_chart = file->addAction(tr("&Export Chart..."), this, &MainWindow::exportChart);
  actions.export_chart->setShortcut(QKeySequence(tr("Ctrl+E")));
  actions.export_chart->setObjectName("exportChart");
  file->addAction(tr("Export &All Charts..."), this, &MainWindow::exportAllCharts)->setObjectName("exportAllCharts");
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  return actions;
}

void MainWindow::createEditMenu(MenuActions& actions)
{
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  actions.undo = document_.undoStack()->createUndoAction(this, tr("&Undo"));
  actions.undo->setShortcut(QKeySequence::Undo);
  actions.undo->setObjectName("undo");
  actions.redo = document_.undoStack()->createRedoAction(this, tr("&Redo"));
  actions.redo->setShortcut(QKeySequence::Redo);
  actions.redo->setObjectName("redo");
  edit->addAction(actions.undo);
  edit->addAction(actions.redo);
  edit->addSeparator();
  QAction* copy = edit->addAction(tr("&Copy Chart"), this, &MainWindow::copyChart);
  copy->setShortcut(QKeySequence::Copy);
}

// The actions used most, Undo and Redo under short names, and the paper's scenarios one click away.
void MainWindow::createToolBar(const MenuActions& actions)
{
  QToolBar* toolbar = addToolBar(tr("Main"));
  toolbar->setObjectName("mainToolBar");
  toolbar->addAction(actions.open);
  toolbar->addAction(actions.import_model);
  toolbar->addAction(actions.save);
  toolbar->addSeparator();
  // The toolbar's Undo and Redo keep their short names (what they would undo is in the tooltip):
  // the stack's own actions carry "Undo Scale Weight memory to 1/4" and would push every button
  // after them along as the text changes.
  const auto fixed_name = [this, toolbar](QAction* stack_action, const QString& name, const char* object_name) {
    auto* action = new QAction(name, toolbar);
    action->setObjectName(object_name);
    action->setEnabled(stack_action->isEnabled());
    action->setToolTip(stack_action->text().remove('&'));
    connect(action, &QAction::triggered, stack_action, &QAction::trigger);
    connect(stack_action, &QAction::changed, action, [action, stack_action] {
      action->setEnabled(stack_action->isEnabled());
      action->setToolTip(stack_action->text().remove('&'));
    });
    toolbar->addAction(action);
  };
  fixed_name(actions.undo, tr("Undo"), "toolbarUndo");
  fixed_name(actions.redo, tr("Redo"), "toolbarRedo");
  toolbar->addSeparator();
  toolbar->addAction(actions.export_chart);
  toolbar->addSeparator();
  // The paper's scenarios (Table 2a-2e, the GPT-3 sweeps) one click away.
  toolbar->addWidget(new QLabel(tr(" Example: "), toolbar));
  examples_ = new QComboBox(toolbar);
  examples_->setObjectName("examplePicker");
  examples_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  examples_->setMinimumContentsLength(22);
  examples_->setToolTip(tr("Open one of the paper's scenarios"));
  examples_->addItem(tr("Choose a paper scenario..."), QString());
  for (const Scenario& scenario : library_.scenarios) {
    examples_->addItem(QString::fromStdString(scenario.name), QString::fromStdString(scenario.id));
    examples_->setItemData(examples_->count() - 1, QString::fromStdString(scenario.description), Qt::ToolTipRole);
  }
  toolbar->addWidget(examples_);
  connect(examples_, &QComboBox::activated, this, [this](int index) {
    const QString id = examples_->itemData(index).toString();
    examples_->setCurrentIndex(0); // a picker, not a state: it reads "Choose..." again
    if (!id.isEmpty()) {
      openExample(id);
    }
  });
}

bool MainWindow::openExample(const QString& id)
{
  const Scenario* scenario = library_.find_scenario(id.toStdString());
  if (scenario == nullptr || !confirmDiscard()) {
    return false;
  }
  document_.reset(*scenario, QString());
  // The sweep chart is the paper's figure for the scenario's component: show it.
  charts_->setCurrentWidget(sweep_view_);
  statusBar()->showMessage(tr("Opened %1").arg(QString::fromStdString(scenario->name)), 5000);
  return true;
}

void MainWindow::showProblem(const EvaluationProblem& problem)
{
  model_panel_->showProblem(problem);
  hardware_panel_->showProblem(problem);
  stale_banner_->setText(tr("The charts show the last valid values: %1").arg(problem.message));
  stale_banner_->show();
}

void MainWindow::showResult(const ScenarioResult& result)
{
  model_panel_->clearProblem();
  hardware_panel_->clearProblem();
  hardware_panel_->showCapacityWarnings(result.capacity_warnings);
  stale_banner_->hide();
  const Scenario& scenario = document_.scenario();
  breakdown_->showResult(scenario, result);
  sweep_view_->showResult(scenario, result);
  savings_chart_->setSpec(savings_spec(scenario, result));
  regime_chart_->setSpec(regime_spec(scenario, result));
  if (last_result_) {
    *last_result_ = result;
  } else {
    last_result_ = std::make_unique<ScenarioResult>(result);
  }
  design_space_stale_ = true;
  updateDesignSpace();
  verdict_->setText(verdict_text(scenario, result));
  verdict_caption_ = verdict_caption(scenario, result);
}

void MainWindow::updateDesignSpace()
{
  if (design_space_stale_ && last_result_ && charts_->currentWidget() == design_space_chart_) {
    design_space_stale_ = false;
    design_space_chart_->setSpec(design_space_spec(document_.scenario(), *last_result_));
  }
}

void MainWindow::updateTitle()
{
  const QString name = document_.filePath().isEmpty() ? tr("Untitled") : QFileInfo(document_.filePath()).fileName();
  // Qt shows the modified marker in place of [*] (and the platform's own marker where it has one).
  setWindowTitle(QString("%1[*] - NN Energy Explorer").arg(name));
  setWindowModified(document_.isModified());
}

bool MainWindow::confirmDiscard()
{
  if (!document_.isModified()) {
    return true;
  }
  const auto answer =
      QMessageBox::warning(this, tr("Unsaved changes"), tr("The scenario has unsaved changes. Save them?"),
                           QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
  if (answer == QMessageBox::Save) {
    return save();
  }
  return answer == QMessageBox::Discard;
}

void MainWindow::openFile()
{
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open scenario or model"), QString(),
      tr("Scenarios and models (*.json *.onnx);;Scenarios (*%1);;All files (*)").arg(scenario_file_suffix()));
  if (!path.isEmpty()) {
    openPath(path);
  }
}

bool MainWindow::openPath(const QString& path)
{
  if (!confirmDiscard()) {
    return false;
  }
  return run_reporting_failure(this, tr("Cannot open"), [&] {
    const Scenario scenario = asking_to_assume_layout(
        this, [&](const ImportOptions& options) { return resolve_scenario(path.toStdString(), library_, options); });
    // A model file opens as a new, untitled scenario: saving must not overwrite the model.
    const bool is_scenario = path.endsWith(scenario_file_suffix());
    document_.reset(scenario, is_scenario ? path : QString());
    rememberRecent(path);
  });
}

void MainWindow::importModel()
{
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Import model"), QString(),
      tr("Models (*.onnx *.json);;ONNX graphs (*.onnx);;Hugging Face configs (config.json);;All files (*)"));
  if (!path.isEmpty()) {
    importModelPath(path);
  }
}

bool MainWindow::importModelPath(const QString& path)
{
  return run_reporting_failure(this, tr("Cannot import"), [&] {
    adoptModel(asking_to_assume_layout(this,
                                       [&](const ImportOptions& options) {
                                         return import_model_file(path.toStdString(), library_, options);
                                       }),
               path);
  });
}

void MainWindow::adoptModel(const Model& model, const QString& path)
{
  // Saved whole, not as a reference: the file may change or move.
  document_.edit(tr("Import %1").arg(QString::fromStdString(model.name)),
                 [&model](Scenario& s) { adopt_model(s, model); });
  statusBar()->showMessage(tr("Imported %1").arg(QFileInfo(path).fileName()), 5000);
}

void MainWindow::newScenario()
{
  if (confirmDiscard()) {
    document_.reset(*library_.find_scenario(kStartScenario), QString());
  }
}

void MainWindow::rememberRecent(const QString& path)
{
  constexpr qsizetype kRecentFiles = 8;
  QSettings settings;
  QStringList recent = settings.value("recentFiles").toStringList();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > kRecentFiles) {
    recent.removeLast();
  }
  settings.setValue("recentFiles", recent);
  updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
  recent_menu_->clear();
  const QStringList recent = QSettings().value("recentFiles").toStringList();
  for (const QString& path : recent) {
    recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openPath(path); })->setToolTip(path);
  }
  recent_menu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
  const QList<QUrl> urls = event->mimeData()->urls();
  const auto accepted = [](const QString& path) { return path.endsWith(".json") || path.endsWith(".onnx"); };
  if (urls.size() == 1 && urls.front().isLocalFile() && accepted(urls.front().toLocalFile())) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent* event)
{
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.size() == 1 && urls.front().isLocalFile()) {
    event->acceptProposedAction();
    // A scenario replaces the document; a model (ONNX, config.json, ours) joins the current one.
    const QString path = urls.front().toLocalFile();
    run_reporting_failure(this, tr("Cannot open"), [&] {
      const ModelOrScenario read = asking_to_assume_layout(this, [&](const ImportOptions& options) {
        return read_model_or_scenario_file(path.toStdString(), library_, options);
      });
      if (const auto* model = std::get_if<Model>(&read)) {
        adoptModel(*model, path);
      } else {
        openPath(path);
      }
    });
  }
}

void MainWindow::exportAllCharts()
{
  ExportDialog dialog(ExportDialog::Target::folder, this);
  if (dialog.exec() != QDialog::Accepted) {
    return;
  }
  const ExportOptions options = dialog.options();
  // Every chart in the format chosen, named by its id (as the command line's --chart).
  const auto to = [&options](std::string_view name) {
    ExportOptions file = options;
    file.path = QDir(options.path).filePath(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
    return file;
  };
  run_reporting_failure(this, tr("Cannot export"), [&] {
    for (const ChartTab& tab : chart_tabs_) {
      if (const std::optional<ChartSpec> spec = specToExport(tab)) {
        export_with_options(*spec, to(tab.kind->id), verdict_caption_);
      }
    }
    statusBar()->showMessage(tr("Exported the charts to %1").arg(options.path), 5000);
  });
}

bool MainWindow::save()
{
  if (document_.filePath().isEmpty() || !document_.filePath().endsWith(scenario_file_suffix())) {
    return saveAs();
  }
  return run_reporting_failure(this, tr("Cannot save"), [this] { document_.save(document_.filePath()); });
}

bool MainWindow::saveAs()
{
  QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), document_.filePath(),
                                              tr("Scenarios (*%1)").arg(scenario_file_suffix()));
  if (path.isEmpty()) {
    return false;
  }
  if (!path.endsWith(scenario_file_suffix())) {
    path += scenario_file_suffix();
  }
  return run_reporting_failure(this, tr("Cannot save"), [&] {
    document_.save(path);
    rememberRecent(path);
  });
}

std::optional<ChartSpec> MainWindow::specToExport(const ChartTab& tab) const
{
  if (tab.chart != design_space_chart_) {
    return tab.chart->chartSpec();
  }
  if (!last_result_) {
    return std::nullopt;
  }
  return design_space_spec(document_.scenario(), *last_result_);
}

void MainWindow::exportCurrentChart(const ExportOptions& options) const
{
  export_with_options(currentChart()->chartSpec(), options, verdict_caption_);
}

QImage MainWindow::renderCurrentChart(QSize size) const
{
  return render_chart_image(currentChart()->chartSpec(), size);
}

void MainWindow::exportChart()
{
  ExportDialog dialog(ExportDialog::Target::file, this);
  if (dialog.exec() != QDialog::Accepted) {
    return;
  }
  const ExportOptions options = dialog.options();
  run_reporting_failure(this, tr("Cannot export"), [&] {
    exportCurrentChart(options);
    statusBar()->showMessage(tr("Exported %1").arg(options.path), 5000);
  });
}

void MainWindow::copyChart()
{
  QApplication::clipboard()->setImage(renderCurrentChart(QSize(1920, 1080)));
  statusBar()->showMessage(tr("Chart copied as a 1920x1080 image"), 5000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
  if (!confirmDiscard()) {
    event->ignore();
    return;
  }
  QSettings settings;
  settings.setValue("mainWindow/geometry", saveGeometry());
  if (auto* splitter = findChild<QSplitter*>("mainSplitter")) {
    settings.setValue("mainWindow/splitter", splitter->saveState());
  }
  event->accept();
}

} // namespace nne::ui
