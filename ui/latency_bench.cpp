#include "ui/latency_bench.h"

#include "core/latency_stats.h"
#include "core/presets.h"
#include "ui/breakdown_view.h"
#include "ui/chart/chart_export.h"
#include "ui/chart/line_chart.h"
#include "ui/chart/small_multiples_chart.h"
#include "ui/chart/stacked_bar_chart.h"
#include "ui/cnn_layer_model.h"
#include "ui/hardware_panel.h"
#include "ui/main_window.h"
#include "ui/model_panel.h"
#include "ui/scenario_document.h"
#include "ui/scenario_evaluator.h"

#include <QApplication>
#include <QFileInfo>
#include <QGraphicsView>
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
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace nne::ui {

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

  bool notify(QObject* receiver, QEvent* event) override
  {
    const bool paint = event->type() == QEvent::Paint; // read before: a posted event dies in notify
    ++depth_;
    const bool handled = QApplication::notify(receiver, event);
    --depth_;
    if (observer_ != nullptr) {
      if (paint) {
        observer_->painted(receiver);
      }
      if (depth_ == 0) {
        observer_->outermostEventDone();
      }
    }
    return handled;
  }

private:
  EventObserver* observer_ = nullptr;
  int depth_ = 0;
};

enum class Way { one_at_a_time, burst };
constexpr int kBurstChanges = 4; // changes made before the event loop runs again
constexpr auto kPaintTimeout = std::chrono::milliseconds(2000);

struct Sample {
  double milliseconds = 0;
  double cpu_milliseconds = 0; // of the GUI thread over the same span
  std::string tab;
  std::string control;
  Way way = Way::one_at_a_time;
};

// Follows each change through evaluation to the paint that shows it.
class LatencyRecorder final : public EventObserver {
public:
  // The viewports that show the chart on the visible tab.
  void watch(std::vector<QObject*> viewports)
  {
    watched_ = std::move(viewports);
    watched_painted_ = false;
  }
  void setLabel(std::string tab, std::string control, Way way)
  {
    tab_ = std::move(tab);
    control_ = std::move(control);
    way_ = way;
  }

  // Just before a value is set: its clocks start.
  void changeStarting() { unevaluated_.push_back({Clock::now(), thread_cpu_milliseconds()}); }
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
    for (const Change& change : unpainted_) {
      samples_.push_back({milliseconds_between(change.at, now), cpu_now - change.cpu_at, tab_, control_, way_});
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

  std::vector<QObject*> watched_;
  bool watched_painted_ = false;
  std::vector<Change> unevaluated_;
  std::vector<Change> unpainted_;
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
  return viewports;
}

// A control moved through its positions and back, like a hand on a slider.
struct Control {
  std::string name;
  int positions = 0;
  int position = 0;
  int direction = 1;
  std::function<void(int position)> set;

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

// Wall-clock latencies (what the user waits) and the GUI thread's CPU time over the same spans
// (the work, without the waits for a processor that other programs took).
nlohmann::json summary_json(const std::vector<Sample>& samples)
{
  std::vector<double> wall;
  std::vector<double> cpu;
  for (const Sample& sample : samples) {
    wall.push_back(sample.milliseconds);
    cpu.push_back(sample.cpu_milliseconds);
  }
  const LatencySummary summary = summarize_latencies(wall);
  const LatencySummary cpu_summary = summarize_latencies(cpu);
  return {{"changes", summary.count},        {"p50_ms", summary.p50_ms},
          {"p99_ms", summary.p99_ms},        {"max_ms", summary.max_ms},
          {"mean_ms", summary.mean_ms},      {"cpu_p50_ms", cpu_summary.p50_ms},
          {"cpu_p99_ms", cpu_summary.p99_ms}, {"cpu_max_ms", cpu_summary.max_ms}};
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
  LatencyBench(MainWindow& window, ScenarioDocument& document, LatencyRecorder& recorder, int steps)
      : window_(window), document_(document), recorder_(recorder), steps_(steps)
  {
    tabs_ = {{"breakdown", window_.breakdownView()},
             {"sweep", window_.sweepChart()},
             {"savings", window_.savingsChart()},
             {"regime", window_.regimeChart()}};
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
  }

  void drive(const Tab& tab, Control& control)
  {
    recorder_.setLabel(tab.name, control.name, Way::one_at_a_time);
    for (int step = 0; step < steps_; ++step) {
      recorder_.changeStarting();
      control.set(control.next());
      awaitPaint();
    }
    recorder_.setLabel(tab.name, control.name, Way::burst);
    for (int change = 0; change < steps_;) {
      for (int in_burst = 0; in_burst < kBurstChanges && change < steps_; ++in_burst, ++change) {
        recorder_.changeStarting();
        control.set(control.next());
      }
      awaitPaint();
    }
  }

  void awaitPaint()
  {
    if (!process_events_until([this] { return recorder_.allPainted(); }, kPaintTimeout)) {
      recorder_.abandonPending();
    }
    // What a repaint left behind (deferred layout, tooltips) runs before the next change, as it
    // would between two moves of a hand.
    QCoreApplication::processEvents();
  }

  // The paper's ResNet18 with counted figures, so that an edit of a layer changes the charts.
  void openCnnWithCountedFigures()
  {
    const Scenario* resnet = builtin_presets().find_scenario("paper-resnet18-mac");
    if (resnet == nullptr) {
      return;
    }
    Scenario scenario = *resnet;
    scenario.count_source = CountSource::counted;
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
    return Control{"cnn_layer_out", static_cast<int>(kClasses.size()), 0, 1, [layers, cell](int position) {
                     layers->setData(cell, QString::number(kClasses[static_cast<std::size_t>(position)]),
                                     Qt::EditRole);
                   }};
  }

  MainWindow& window_;
  ScenarioDocument& document_;
  LatencyRecorder& recorder_;
  int steps_;
  std::vector<Tab> tabs_;
  QTabWidget* tab_widget_ = nullptr;
};

// Each chart exported at 3840x2160 `repetitions` times; the median time per chart.
nlohmann::json time_png_exports(const MainWindow& window, int repetitions)
{
  const QTemporaryDir directory;
  const QSize size(3840, 2160);
  const std::vector<std::pair<std::string, std::function<void(const QString&)>>> charts{
      {"breakdown", [&](const QString& path) { export_chart(window.breakdownView()->chart()->spec(), path, size); }},
      {"sweep", [&](const QString& path) { export_chart(window.sweepChart()->spec(), path, size); }},
      {"savings", [&](const QString& path) { export_chart(window.savingsChart()->spec(), path, size); }},
      {"regime", [&](const QString& path) { export_chart(window.regimeChart()->spec(), path, size); }}};
  nlohmann::json per_chart = nlohmann::json::object();
  std::vector<double> medians;
  for (const auto& [name, export_to] : charts) {
    const QString path = directory.filePath(QString::fromStdString(name) + ".png");
    std::vector<double> times;
    for (int i = 0; i < repetitions; ++i) {
      const Clock::time_point start = Clock::now();
      export_to(path);
      times.push_back(milliseconds_between(start, Clock::now()));
    }
    const double median = summarize_latencies(times).p50_ms;
    per_chart[name] = {{"ms", median}, {"bytes", QFileInfo(path).size()}};
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
  LatencyRecorder recorder;
  app.setObserver(&recorder);
  const nlohmann::json application_ready = process_age();

  // As run_application() opens the explorer.
  const PresetLibrary& library = builtin_presets();
  const nlohmann::json presets_ready = process_age();
  ScenarioDocument document(*library.find_scenario("paper-llama7b-kv"));
  MainWindow window(document, library);
  QObject::connect(window.evaluator(), &ScenarioEvaluator::resultReady, &app,
                   [&recorder](const ScenarioResult&) { recorder.evaluated(); });
  QObject::connect(window.evaluator(), &ScenarioEvaluator::evaluationFailed, &app,
                   [&recorder](const QString&) { recorder.evaluationFailed(); });
  recorder.watch(chart_viewports(window.breakdownView()));
  window.show();
  const nlohmann::json window_shown = process_age();
  process_events_until([&] { return recorder.chartPaints() > 0; }, kPaintTimeout);
  const std::optional<double> first_paint = recorder.firstChartPaintAge();

  const long long requests_before = window.evaluator()->requests();
  const long long coalesced_before = window.evaluator()->coalesced();
  const long long evaluations_before = recorder.evaluations();
  const long long paints_before = recorder.chartPaints();
  LatencyBench bench(window, document, recorder, std::max(options.steps, 1));
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
  json["platform"] = QGuiApplication::platformName().toStdString();
  json["qt"] = qVersion();
  json["window"] = {window.width(), window.height()};
  json["process_start"] = "/proc/self/stat starttime: clock ticks, rounded down, so ages err high by < 1 tick";
  out << json.dump(2) << '\n';
  app.setObserver(nullptr);
  return recorder.lost() == 0 ? 0 : 1;
}

int run_latency_bench_command(std::span<const std::string_view> arguments, std::ostream& out, std::ostream& err)
{
  constexpr int kBadInput = 2; // as the command line's other commands
  LatencyBenchOptions options;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    std::string_view value;
    if (arguments[i] == "--steps" && i + 1 < arguments.size()) {
      value = arguments[++i];
    } else if (arguments[i].starts_with("--steps=")) {
      value = arguments[i].substr(std::string_view("--steps=").size());
    } else {
      err << "nn-energy-explorer bench-ui: unknown argument \"" << arguments[i] << "\"; usage: bench-ui [--steps N]\n";
      return kBadInput;
    }
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), options.steps);
    if (error != std::errc{} || end != value.data() + value.size() || options.steps < 1) {
      err << "nn-energy-explorer bench-ui: --steps takes a whole number from 1, not \"" << value << "\"\n";
      return kBadInput;
    }
  }
  return run_latency_bench(options, out);
}

} // namespace nne::ui
