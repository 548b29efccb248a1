#include "ui/application.h"

#include "core/io/presets.h"
#include "ui/main_window.h"
#include "ui/paint_threads.h"
#include "ui/scenario_document.h"

#include <QApplication>

#include <optional>

namespace nne::ui {

namespace {

void describe_application()
{
  QApplication::setApplicationName("NN Energy Explorer");
  QApplication::setOrganizationName("nn-energy-explorer");
  QApplication::setApplicationVersion(NNE_VERSION);
  QApplication::setDesktopFileName("io.github.nnenergyexplorer");
}

} // namespace

int run_application(int argc, char* argv[])
{
  QApplication app(argc, argv);
  describe_application();
  use_one_paint_thread();
  const PresetLibrary& library = builtin_presets();
  // Opens on the paper's Llama-7B, the scenario the paper is most about, or on the file given.
  ScenarioDocument document(*library.find_scenario(kStartScenario));
  MainWindow window(document, library);
  window.show();
  if (argc > 1) {
    window.openPath(QString::fromLocal8Bit(argv[1])); // says why when it cannot
  }
  return QApplication::exec();
}

bool save_screenshot(const QString& png_path, const std::optional<Scenario>& scenario, QSize size)
{
  std::optional<QApplication> own_app;
  if (QCoreApplication::instance() == nullptr) {
    static int argc = 1;
    static char name[] = "nn-energy-explorer";
    static char* argv[] = {name, nullptr};
    own_app.emplace(argc, argv);
    describe_application();
    use_one_paint_thread();
  }
  const PresetLibrary& library = builtin_presets();
  ScenarioDocument document(scenario ? *scenario : *library.find_scenario(kStartScenario));
  MainWindow window(document, library);
  window.resize(size);
  window.show();
  for (int i = 0; i < 10; ++i) {
    QApplication::processEvents();
  }
  return window.grab().save(png_path, "PNG");
}

} // namespace nne::ui
