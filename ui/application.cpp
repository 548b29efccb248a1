#include "ui/application.h"

#include "core/presets.h"
#include "ui/main_window.h"
#include "ui/scenario_document.h"

#include <QApplication>
#include <QMessageBox>

namespace nne::ui {

int run_application(int argc, char* argv[])
{
  QApplication app(argc, argv);
  QApplication::setApplicationName("NN Energy Explorer");
  QApplication::setOrganizationName("nn-energy-explorer");
  QApplication::setApplicationVersion(NNE_VERSION);
  QApplication::setDesktopFileName("io.github.nnenergyexplorer");

  const PresetLibrary& library = builtin_presets();
  // Opens on the paper's Llama-7B, the scenario the paper is most about.
  Scenario scenario = *library.find_scenario("paper-llama7b-kv");
  QString path;
  if (argc > 1) {
    try {
      scenario = resolve_scenario(argv[1], library);
      path = QString::fromLocal8Bit(argv[1]);
    } catch (const std::exception& error) {
      QMessageBox::critical(nullptr, QObject::tr("Cannot open"), QString::fromStdString(error.what()));
    }
  }
  ScenarioDocument document(scenario);
  document.reset(scenario, path.endsWith(".json") ? path : QString());
  MainWindow window(document, library);
  window.show();
  return QApplication::exec();
}

} // namespace nne::ui
