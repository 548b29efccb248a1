#include "tools/bench-ui/latency_bench.h"

#include "core/io/presets.h"
#include "tools/bench-ui/latency_stats.h"
#include "ui/breakdown_view.h"
#include "ui/chart/bar_panels.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/chart_legend.h"
#include "ui/chart/chart_view.h"
#include "ui/chart/heat_map_chart.h"
#include "ui/chart_catalog.h"
#include "ui/cnn_layer_model.h"
#include "ui/hardware_panel.h"
#include "ui/main_window.h"
#include "ui/model_panel.h"
#include "ui/paint_threads.h"
#include "ui/scenario_document.h"
#include "ui/scenario_evaluator.h"

#include <QApplication>
#include <QFileInfo>
#include <QGraphicsView>
#include <QLabel>
#include <QMetaEnum>
#include <QSettings>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace nne::bench_ui {

// The benchmark drives the explorer's own window, panels and charts.
using namespace nne::ui;

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_between(Clock::time_point from, Clock::time_point to)
{
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Told of every paint event after it was handled, and of the end of every outermost event (the
// one a paint happened inside: an update request, an expose, a timer). Paints are synchronous
// within their window's repaint, so the end of the outermost event is when the window is painted
// and flushed.
class EventObserver {
public:
  virtual ~EventObserver() = default;
  virtual void painted(QObject* receiver) = 0;
  virtual void outermostEventDone() = 0;
};

// QApplication::notify sees every event, also the paint events the repaint manager sends
// synchronously: the only place to learn when a paint has been *handled* without a hook in the
// chart widgets.
class ObservingApplication final : public QApplication {
public:
  ObservingApplication(int& argc, char** argv) : QApplication(argc, argv) {}

  void setObserver(EventObserver* observer) noexcept { observer_ = observer; }
  // Writes a timeline to `trace`: every outermost event and every paint, with its wall and CPU time.
  void setTrace(std::ostream* trace) noexcept { trace_ = trace; }

  bool notify(QObject* receiver, QEvent* event) override
  {
    const QEvent::Type type = event->type(); // read before: a posted event dies in notify
    const bool paint = type == QEvent::Paint;
    if (trace_ != nullptr) {
      return tracedNotify(receiver, event, type);
    }
    ++depth_;
    const bool handled = QApplication::notify(receiver, event);
    --depth_;
    observe(receiver, paint);
    return handled;
  }

private:
  void observe(QObject* receiver, bool paint)
  {
    if (observer_ != nullptr) {
      if (paint) {
        observer_->painted(receiver);
      }
      if (depth_ == 0) {
        observer_->outermostEventDone();
      }
    }
  }

  bool tracedNotify(QObject* receiver, QEvent* event, QEvent::Type type)
  {
    // The receiver may be deleted by its event (DeferredDelete): describe it before.
    const std::string name = describe(receiver);
    const Clock::time_point start = Clock::now();
    const double cpu_start = thread_cpu_milliseconds();
    ++depth_;
    const bool handled = QApplication::notify(receiver, event);
    --depth_;
    const double wall = milliseconds_between(start, Clock::now());
    const double cpu = thread_cpu_milliseconds() - cpu_start;
    constexpr double kWorthTracing = 0.05; // ms; the many tiny events would hide the rest
    if (type == QEvent::Paint || (depth_ == 0 && wall >= kWorthTracing)) {
      const char* type_name = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
      *trace_ << (depth_ == 0 ? "  " : "      ") << (type_name != nullptr ? type_name : "user event") << ' ' << name
              << ' ' << wall << " ms (cpu " << cpu << ")\n";
    }
    observe(receiver, type == QEvent::Paint);
    return handled;
  }

  static std::string describe(QObject* receiver)
  {
    std::string name = receiver->metaObject()->className();
    if (!receiver->objectName().isEmpty()) {
      name += " \"" + receiver->objectName().toStdString() + '"';
    }
    if (const auto* widget = qobject_cast<QWidget*>(receiver)) {
      name += ' ' + std::to_string(widget->width()) + 'x' + std::to_string(widget->height());
    }
    return name;
  }

  EventObserver* observer_ = nullptr;
  std::ostream* trace_ = nullptr;
  int depth_ = 0;
};

enum class Way { one_at_a_time, burst };
constexpr int kBurstChanges = 4; // changes made before the event loop runs again
constexpr auto kPaintTimeout = std::chrono::milliseconds(2000);
// The event loop runs this long between changes (a hand moving a slider a notch every 10 ms is
// already faster than people do).
constexpr auto kIdleBetweenChanges = std::chrono::milliseconds(10);
constexpr auto kIdleAfterShowing = std::chrono::milliseconds(100);

// A change's latency runs to the end of the last paint of the chart it caused: Qt Charts may lay
// its legend or axes out again after the first paint that shows the new data, and the chart is
// not updated until that is on screen too. The first of those paints is kept as well.
struct Sample {
  double milliseconds = 0;             // to the last chart paint before the next change
  double cpu_milliseconds = 0;         // of the GUI thread over the same span
  double first_frame_milliseconds = 0; // to the first chart paint after the evaluation
  std::string tab;
  std::string control;
  Way way = Way::one_at_a_time;
};

// Follows each change through evaluation to the paint that shows it.
class LatencyRecorder final : public EventObserver {
public:
  void setTrace(std::ostream* trace) noexcept { trace_ = trace; }
  // The viewports that show the chart on the visible tab.
  // (Another tab is another action of the user's: its paints belong to no change before it.)
  void watch(std::vector<QObject*> viewports)
  {
    watched_ = std::move(viewports);
    watched_painted_ = false;
    settling_.clear();
  }
  void setLabel(std::string tab, std::string control, Way way)
  {
    tab_ = std::move(tab);
    control_ = std::move(control);
    way_ = way;
  }

  // Just before a value is set: its clocks start, and the changes before it are settled.
  void changeStarting()
  {
    settling_.clear();
    unevaluated_.push_back({Clock::now(), thread_cpu_milliseconds()});
  }
  // The evaluator produced a result: it covers every change made so far.
  void evaluated()
  {
    ++evaluations_;
    unpainted_.insert(unpainted_.end(), unevaluated_.begin(), unevaluated_.end());
    unevaluated_.clear();
  }
  void evaluationFailed()
  {
    failed_ += unevaluated_.size();
    unevaluated_.clear();
  }

  void painted(QObject* receiver) override
  {
    if (std::ranges::find(watched_, receiver) != watched_.end()) {
      watched_painted_ = true;
    }
  }
  void outermostEventDone() override
  {
    if (!watched_painted_) {
      return;
    }
    watched_painted_ = false;
    const Clock::time_point now = Clock::now();
    const double cpu_now = thread_cpu_milliseconds();
    ++chart_paints_;
    if (chart_paints_ == 1) {
      first_chart_paint_age_ = milliseconds_since_process_start();
    }
    // A later paint of changes already shown: they were not settled yet.
    for (const auto& [index, change] : settling_) {
      samples_[index].milliseconds = milliseconds_between(change.at, now);
      samples_[index].cpu_milliseconds = cpu_now - change.cpu_at;
    }
    if (trace_ != nullptr && !settling_.empty()) {
      *trace_ << "  = painted again " << samples_[settling_.front().first].milliseconds << " ms after the change\n";
    }
    for (const Change& change : unpainted_) {
      const double milliseconds = milliseconds_between(change.at, now);
      samples_.push_back({milliseconds, cpu_now - change.cpu_at, milliseconds, tab_, control_, way_});
      settling_.emplace_back(samples_.size() - 1, change);
      if (trace_ != nullptr) {
        *trace_ << "  = painted " << milliseconds << " ms after the change (cpu " << samples_.back().cpu_milliseconds
                << ")\n";
      }
    }
    unpainted_.clear();
  }

  bool allPainted() const noexcept { return unevaluated_.empty() && unpainted_.empty(); }
  // Changes whose paint never came: counted, and forgotten so that they do not skew the next.
  void abandonPending()
  {
    lost_ += unevaluated_.size() + unpainted_.size();
    unevaluated_.clear();
    unpainted_.clear();
  }

  long long chartPaints() const noexcept { return chart_paints_; }
  // Milliseconds from exec to the end of the first paint of a watched chart.
  std::optional<double> firstChartPaintAge() const noexcept { return first_chart_paint_age_; }
  const std::vector<Sample>& samples() const noexcept { return samples_; }
  long long evaluations() const noexcept { return evaluations_; }
  std::size_t lost() const noexcept { return lost_; }
  std::size_t failed() const noexcept { return failed_; }

private:
  struct Change {
    Clock::time_point at;
    double cpu_at = 0;
  };

  std::ostream* trace_ = nullptr;
  std::vector<QObject*> watched_;
  bool watched_painted_ = false;
  std::vector<Change> unevaluated_;
  std::vector<Change> unpainted_;
  std::vector<std::pair<std::size_t, Change>> settling_; // shown, and later paints may follow
  std::vector<Sample> samples_;
  std::string tab_, control_;
  Way way_ = Way::one_at_a_time;
  long long chart_paints_ = 0;
  long long evaluations_ = 0;
  std::size_t lost_ = 0;
  std::size_t failed_ = 0;
  std::optional<double> first_chart_paint_age_;
};

// Runs the event loop, sleeping while nothing happens, until `done` or the timeout.
bool process_events_until(const std::function<bool()>& done, std::chrono::milliseconds timeout)
{
  QTimer deadline; // wakes the loop up when nothing else does
  deadline.setSingleShot(true);
  deadline.start(timeout);
  while (!done() && deadline.isActive()) {
    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
  }
  return done();
}

std::vector<QObject*> chart_viewports(QWidget* tab)
{
  std::vector<QObject*> viewports;
  for (QGraphicsView* view : tab->findChildren<QGraphicsView*>()) {
    viewports.push_back(view->viewport());
  }
  if (auto* heat_map = qobject_cast<HeatMapChart*>(tab)) {
    viewports.push_back(heat_map->canvas()); // painted with QPainter, not Qt Charts
  }
  for (BarPanels* panels : tab->findChildren<BarPanels*>()) {
    viewports.push_back(panels); // the sweep's small multiples, painted with QPainter too
  }
  // A chart's title, caption and legend are the chart too: a step that changes only them (the KV
  // slider while the sweep scales the KV cache itself) is shown when they are painted. Qt Charts'
  // later paints of the same change still count ("painted again").
  std::vector<QWidget*> charts{tab};
  for (QWidget* widget : tab->findChildren<QWidget*>()) {
    charts.push_back(widget);
  }
  for (QWidget* chart : charts) {
    if (qobject_cast<ChartView*>(chart) == nullptr) {
      continue;
    }
    for (QWidget* part : chart->findChildren<QWidget*>()) {
      if ((qobject_cast<QLabel*>(part) != nullptr || qobject_cast<ChartLegend*>(part) != nullptr) &&
          std::ranges::find(viewports, part) == viewports.end()) {
        viewports.push_back(part);
      }
    }
  }
  return viewports;
}

// A control moved through its positions and back, like a hand on a slider.
struct Control {
  std::string name;
  int positions = 0;
  int position = 0;
  int direction = 1;
  std::function<void(int position)> set;
  // A slider is dragged, faster than frames at times; a table cell takes one value per Enter.
  bool dragged = true;

  int next()
  {
    if (position + direction < 0 || position + direction >= positions) {
      direction = -direction;
    }
    position += direction;
    return position;
  }
};

struct Tab {
  std::string name;
  QWidget* widget = nullptr;
};

// A chart's name in the JSON: its id with '_' for '-' ("design_space"), as the figures of earlier
// runs are keyed.
std::string json_name(std::string_view chart_id)
{
  std::string name(chart_id);
  std::ranges::replace(name, '-', '_');
  return name;
}

// Wall-clock latencies (what the user waits) and the GUI thread's CPU time over the same spans
// (the work, without the waits for a processor that other programs took).
nlohmann::json summary_json(const std::vector<Sample>& samples)
{
  std::vector<double> wall;
  std::vector<double> cpu;
  std::vector<double> first_frame;
  for (const Sample& sample : samples) {
    wall.push_back(sample.milliseconds);
    cpu.push_back(sample.cpu_milliseconds);
    first_frame.push_back(sample.first_frame_milliseconds);
  }
  const LatencySummary summary = summarize_latencies(wall);
  const LatencySummary cpu_summary = summarize_latencies(cpu);
  const LatencySummary first_frame_summary = summarize_latencies(first_frame);
  return {{"changes", summary.count},
          {"p50_ms", summary.p50_ms},
          {"p99_ms", summary.p99_ms},
          {"max_ms", summary.max_ms},
          {"mean_ms", summary.mean_ms},
          {"cpu_p50_ms", cpu_summary.p50_ms},
          {"cpu_p99_ms", cpu_summary.p99_ms},
          {"cpu_max_ms", cpu_summary.max_ms},
          {"first_frame_p50_ms", first_frame_summary.p50_ms},
          {"first_frame_p99_ms", first_frame_summary.p99_ms},
          {"first_frame_max_ms", first_frame_summary.max_ms}};
}

// Latencies grouped by a label of the sample, each group summarized.
nlohmann::json grouped_json(const std::vector<Sample>& samples, const std::function<std::string(const Sample&)>& key)
{
  std::map<std::string, std::vector<Sample>> groups;
  for (const Sample& sample : samples) {
    groups[key(sample)].push_back(sample);
  }
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, group] : groups) {
    json[name] = summary_json(group);
  }
  return json;
}

class LatencyBench {
public:
  LatencyBench(MainWindow& window, ScenarioDocument& document, LatencyRecorder& recorder, int steps,
               std::ostream* trace)
      : window_(window), document_(document), recorder_(recorder), steps_(steps), trace_(trace)
  {
    for (const ChartTab& tab : window_.chartTabs()) {
      tabs_.push_back({json_name(tab.kind->id), tab.page});
    }
    for (QWidget* w = window_.breakdownView(); w != nullptr && tab_widget_ == nullptr; w = w->parentWidget()) {
      tab_widget_ = qobject_cast<QTabWidget*>(w);
    }
  }

  // Every slider on the scenario open now, then the CNN table's classifier width on ResNet18.
  void run()
  {
    for (const Tab& tab : tabs_) {
      showTab(tab);
      for (Component component : kAllComponents) {
        QSlider* slider = window_.hardwarePanel()->slider(component);
        Control control{slider->objectName().toStdString(), slider->maximum() + 1, slider->value(), 1,
                        [slider](int position) { slider->setValue(position); }};
        drive(tab, control);
      }
    }
    openCnnWithCountedFigures();
    for (const Tab& tab : tabs_) {
      showTab(tab);
      std::optional<Control> cell = classifierCell();
      if (cell) {
        drive(tab, *cell);
      }
    }
  }

private:
  void showTab(const Tab& tab)
  {
    if (tab_widget_ != nullptr) {
      tab_widget_->setCurrentWidget(tab.widget);
    }
    recorder_.watch(chart_viewports(tab.widget));
    const long long paints = recorder_.chartPaints();
    process_events_until([&] { return recorder_.chartPaints() > paints; }, kPaintTimeout);
    // A newly shown chart lays itself out over several turns of the loop: let it finish, as a user
    // looks at a new tab before moving a slider.
    process_events_until([] { return false; }, kIdleAfterShowing);
  }

  void drive(const Tab& tab, Control& control)
  {
    recorder_.setLabel(tab.name, control.name, Way::one_at_a_time);
    for (int step = 0; step < steps_; ++step) {
      change(tab, control);
      awaitPaint();
    }
    if (!control.dragged) {
      return;
    }
    recorder_.setLabel(tab.name, control.name, Way::burst);
    for (int change = 0; change < steps_;) {
      for (int in_burst = 0; in_burst < kBurstChanges && change < steps_; ++in_burst, ++change) {
        this->change(tab, control);
      }
      awaitPaint();
    }
  }

  void change(const Tab& tab, Control& control)
  {
    const int position = control.next();
    if (trace_ != nullptr) {
      *trace_ << "change " << tab.name << ' ' << control.name << " to " << position << '\n';
    }
    recorder_.changeStarting();
    control.set(position);
  }

  void awaitPaint()
  {
    if (!process_events_until([this] { return recorder_.allPainted(); }, kPaintTimeout)) {
      recorder_.abandonPending();
    }
    // What a repaint left behind (deferred layouts and deletions) runs before the next change, as
    // it would between two moves of a hand.
    process_events_until([] { return false; }, kIdleBetweenChanges);
  }

  // The CNN being benchmarked, or else the paper's ResNet18, with counted figures, so that an edit
  // of a layer changes the charts.
  void openCnnWithCountedFigures()
  {
    const Scenario* resnet = builtin_presets().find_scenario("paper-resnet18-mac");
    if (resnet == nullptr && !document_.scenario().model.is_cnn()) {
      return;
    }
    Scenario scenario = document_.scenario().model.is_cnn() ? document_.scenario() : *resnet;
    scenario.count_source = CountSource::counted;
    // Opening another scenario is another action of the user's: the window it repaints belongs to
    // no slider change before it (the charts are watched again when their tabs are shown).
    recorder_.watch({});
    document_.reset(scenario, QString());
    const long long evaluations = recorder_.evaluations();
    process_events_until([&] { return recorder_.evaluations() > evaluations; }, kPaintTimeout);
  }

  // The output width (classes) of the last fully connected layer, as typed into its cell.
  std::optional<Control> classifierCell()
  {
    CnnLayerModel* layers = window_.modelPanel()->layerModel();
    const auto* cnn = std::get_if<CnnModel>(&document_.scenario().model.architecture);
    if (layers == nullptr || cnn == nullptr) {
      return std::nullopt;
    }
    std::optional<int> row;
    for (std::size_t i = 0; i < cnn->layers.size(); ++i) {
      if (cnn->layers[i].kind == LayerKind::linear) {
        row = static_cast<int>(i);
      }
    }
    if (!row) {
      return std::nullopt;
    }
    static constexpr std::array<int, 11> kClasses{1000, 900, 800, 700, 600, 500, 400, 300, 200, 100, 10};
    const QModelIndex cell = layers->index(*row, CnnLayerModel::out);
    return Control{"cnn_layer_out",
                   static_cast<int>(kClasses.size()),
                   0,
                   1,
                   [layers, cell](int position) {
                     layers->setData(cell, QString::number(kClasses[static_cast<std::size_t>(position)]), Qt::EditRole);
                   },
                   false};
  }

  MainWindow& window_;
  ScenarioDocument& document_;
  LatencyRecorder& recorder_;
  int steps_;
  std::ostream* trace_;
  std::vector<Tab> tabs_;
  QTabWidget* tab_widget_ = nullptr;
};

// Each chart exported at 3840x2160 `repetitions` times; the median time per chart of the whole
// export (render, encode, write) and of rendering alone.
nlohmann::json time_png_exports(const MainWindow& window, int repetitions)
{
  const QTemporaryDir directory;
  const QSize size(3840, 2160);
  nlohmann::json per_chart = nlohmann::json::object();
  std::vector<double> medians;
  for (const ChartTab& tab : window.chartTabs()) {
    const std::string name = json_name(tab.kind->id);
    const QString path = directory.filePath(QString::fromStdString(name) + ".png");
    const ChartSpec spec = tab.chart->chartSpec(); // copied once, outside the times
    std::vector<double> exports;
    std::vector<double> renders;
    for (int i = 0; i < repetitions; ++i) {
      Clock::time_point start = Clock::now();
      export_chart(spec, path, size);
      exports.push_back(milliseconds_between(start, Clock::now()));
      start = Clock::now();
      const QImage image = render_chart_image(spec, size);
      renders.push_back(milliseconds_between(start, Clock::now()));
    }
    const double median = summarize_latencies(exports).p50_ms;
    per_chart[name] = {
        {"ms", median}, {"render_ms", summarize_latencies(renders).p50_ms}, {"bytes", QFileInfo(path).size()}};
    medians.push_back(median);
  }
  return {{"size", "3840x2160"},
          {"max_ms", summarize_latencies(medians).max_ms},
          {"repetitions", repetitions},
          {"charts", per_chart}};
}

void describe_application()
{
  QApplication::setApplicationName("NN Energy Explorer");
  QApplication::setOrganizationName("nn-energy-explorer-bench");
  QApplication::setApplicationVersion(NNE_VERSION);
}

} // namespace

int run_latency_bench(const LatencyBenchOptions& options, std::ostream& out)
{
  // Process ages (ms since exec) at the steps of start-up, null where the platform cannot say.
  const auto process_age = []() -> nlohmann::json {
    const std::optional<double> age = milliseconds_since_process_start();
    return age ? nlohmann::json(*age) : nlohmann::json(nullptr);
  };
  const nlohmann::json entered = process_age();

  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  // Settings of this run's own: the window opens at its default size, not at the user's.
  const QTemporaryDir settings;
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());

  int argc = 1;
  char name[] = "nn-energy-explorer";
  char* argv[] = {name, nullptr};
  ObservingApplication app(argc, argv);
  describe_application();
  use_one_paint_thread(); // as run_application() does
  LatencyRecorder recorder;
  app.setObserver(&recorder);
  const nlohmann::json application_ready = process_age();

  // As run_application() opens the explorer.
  const PresetLibrary& library = builtin_presets();
  const nlohmann::json presets_ready = process_age();
  ScenarioDocument document(resolve_scenario(options.scenario, library));
  MainWindow window(document, library);
  QObject::connect(window.evaluator(), &ScenarioEvaluator::resultReady, &app,
                   [&recorder](const ScenarioResult&) { recorder.evaluated(); });
  QObject::connect(window.evaluator(), &ScenarioEvaluator::evaluationFailed, &app,
                   [&recorder](const EvaluationProblem&) { recorder.evaluationFailed(); });
  recorder.watch(chart_viewports(window.breakdownView()));
  window.show();
  const nlohmann::json window_shown = process_age();
  process_events_until([&] { return recorder.chartPaints() > 0; }, kPaintTimeout);
  const std::optional<double> first_paint = recorder.firstChartPaintAge();

  const long long requests_before = window.evaluator()->requests();
  const long long coalesced_before = window.evaluator()->coalesced();
  const long long evaluations_before = recorder.evaluations();
  const long long paints_before = recorder.chartPaints();
  std::ostream* trace = options.trace ? &std::cerr : nullptr;
  app.setTrace(trace);
  recorder.setTrace(trace);
  const std::string benchmarked_model = display_name(document.scenario().model); // the CNN phase may switch to ResNet18
  LatencyBench bench(window, document, recorder, std::max(options.steps, 1), trace);
  bench.run();

  nlohmann::json json = summary_json(recorder.samples());
  json["changes"] = recorder.samples().size() + recorder.lost();
  json["evaluation_requests"] = window.evaluator()->requests() - requests_before;
  json["evaluations"] = recorder.evaluations() - evaluations_before;
  json["coalesced"] = window.evaluator()->coalesced() - coalesced_before;
  json["paints"] = recorder.chartPaints() - paints_before;
  json["unpainted"] = recorder.lost();
  json["not_evaluated"] = recorder.failed();
  json["first_paint_ms"] = first_paint ? nlohmann::json(*first_paint) : nlohmann::json(nullptr);
  // Each a process age: when main ran this, when the QApplication, the presets and the shown
  // window were ready.
  json["startup_ms"] = {{"main", entered},
                        {"application", application_ready},
                        {"presets", presets_ready},
                        {"window_shown", window_shown},
                        {"first_paint", json["first_paint_ms"]}};
  json["png_export_ms"] = time_png_exports(window, options.steps >= 10 ? 3 : 1);
  json["per_tab"] = grouped_json(recorder.samples(), [](const Sample& s) { return s.tab; });
  json["per_control"] = grouped_json(recorder.samples(), [](const Sample& s) { return s.control; });
  json["per_way"] = grouped_json(recorder.samples(), [](const Sample& s) {
    return s.way == Way::burst ? "burst_of_" + std::to_string(kBurstChanges) : std::string("one_at_a_time");
  });
  json["steps"] = options.steps;
  json["scenario"] = options.scenario;
  json["model"] = benchmarked_model;
  json["platform"] = QGuiApplication::platformName().toStdString();
  json["qt"] = qVersion();
  json["window"] = {window.width(), window.height()};
  json["process_start"] = "/proc/self/stat starttime: clock ticks, rounded down, so ages err high by < 1 tick";
  out << json.dump(2) << '\n';
  app.setObserver(nullptr);
  app.setTrace(nullptr);
  return recorder.lost() == 0 ? 0 : 1;
}

int run_latency_bench_command(std::span<const std::string_view> arguments, std::ostream& out, std::ostream& err)
{
  constexpr int kBadInput = 2; // as the command line's other commands
  LatencyBenchOptions options;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    std::string_view value;
    if (arguments[i] == "--trace") {
      options.trace = true;
      continue;
    }
    if (arguments[i] == "--scenario" && i + 1 < arguments.size()) {
      options.scenario = std::string(arguments[++i]);
      continue;
    }
    if (arguments[i] == "--steps" && i + 1 < arguments.size()) {
      value = arguments[++i];
    } else if (arguments[i].starts_with("--steps=")) {
      value = arguments[i].substr(std::string_view("--steps=").size());
    } else {
      err << "nne-bench-ui: unknown argument \"" << arguments[i]
          << "\"; usage: nne-bench-ui [--steps N] [--scenario S] [--trace]\n";
      return kBadInput;
    }
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), options.steps);
    if (error != std::errc{} || end != value.data() + value.size() || options.steps < 1) {
      err << "nne-bench-ui: --steps takes a whole number from 1, not \"" << value << "\"\n";
      return kBadInput;
    }
  }
  try {
    (void)resolve_scenario(options.scenario, builtin_presets()); // a bad name is bad input, before any window
  } catch (const std::exception& error) {
    err << "nne-bench-ui: " << error.what() << '\n';
    return kBadInput;
  }
  return run_latency_bench(options, out);
}

} // namespace nne::bench_ui
