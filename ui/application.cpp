#include "ui/application.h"

#include "core/io/presets.h"
#include "ui/main_window.h"
#include "ui/scenario_document.h"

#include <QApplication>

#include <stdexcept>
#include <string>

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

int save_screenshot(const char* png_path, const char* scenario_argument, int width, int height)
{
  int argc = 1;
  char name[] = "nn-energy-explorer";
  char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  describe_application();
  const PresetLibrary& library = builtin_presets();
  const Scenario scenario = scenario_argument != nullptr && *scenario_argument != '\0'
                                ? resolve_scenario(scenario_argument, library)
                                : *library.find_scenario(kStartScenario);
  ScenarioDocument document(scenario);
  MainWindow window(document, library);
  window.resize(width, height);
  window.show();
  for (int i = 0; i < 10; ++i) {
    QApplication::processEvents();
  }
  if (!window.grab().save(QString::fromLocal8Bit(png_path), "PNG")) {
    throw std::runtime_error(std::string("cannot write ") + png_path);
  }
  return 0;
}

} // namespace nne::ui
