#include "app/cli/command_screenshot.h"

#include "app/cli/arguments.h"
#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "core/util/errors.h"
#include "ui/application.h"

#include <QFileInfo>
#include <QSize>
#include <QString>

#include <optional>
#include <string>

namespace nne::cli {

namespace {

// The README's picture is made at this size (docs/images/main-window.png).
constexpr QSize kScreenshotSize(1600, 1000);

constexpr std::string_view kUsage = "usage: nn-energy-explorer screenshot OUT.png [SCENARIO]";

} // namespace

int run_screenshot_command(const std::vector<std::string_view>& args, std::ostream& /*out*/)
{
  const Arguments arguments("screenshot", args, {});
  const std::vector<std::string>& positionals = arguments.positionals();
  if (positionals.empty()) {
    throw InputError("screenshot", "", "missing OUT.png; " + std::string(kUsage));
  }
  if (positionals.size() > 2) {
    throw InputError(positionals[2], "", "unexpected argument; " + std::string(kUsage));
  }
  const QString path = QString::fromStdString(positionals[0]);
  if (QFileInfo(path).suffix().toLower() != "png") {
    throw InputError(positionals[0], "", "expected a file ending in .png; " + std::string(kUsage));
  }
  // A bad scenario is bad input before any window opens; without one, the window's own start.
  std::optional<Scenario> scenario;
  if (positionals.size() > 1) {
    scenario = resolve_scenario(positionals[1], builtin_presets());
  }
  if (!ui::save_screenshot(path, scenario, kScreenshotSize)) {
    throw InputError(positionals[0], "", "cannot write the picture there");
  }
  return 0;
}

} // namespace nne::cli
