#include "app/cli/command_export.h"
#include "app/cli/commands.h"

#include "app/cli/arguments.h"
#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "core/util/errors.h"
#include "ui/chart/chart_export.h"
#include "ui/chart_builders.h"
#include "ui/chart_catalog.h"

#include <QApplication>
#include <QFileInfo>

#include <charconv>
#include <memory>
#include <string>
#include <vector>

namespace nne::cli {

namespace {

QSize parse_size(const std::string& text)
{
  const auto x = text.find('x');
  int width = 0;
  int height = 0;
  const bool ok = x != std::string::npos && std::from_chars(text.data(), text.data() + x, width).ec == std::errc{} &&
                  std::from_chars(text.data() + x + 1, text.data() + text.size(), height).ec == std::errc{};
  constexpr int kLargest = 16384;
  if (!ok || width < 64 || height < 64 || width > kLargest || height > kLargest) {
    throw InputError("--size", "",
                     "expected WIDTHxHEIGHT in pixels between 64 and 16384, such as 1920x1080, got \"" + text + "\"");
  }
  return {width, height};
}

// "a, b or c".
std::string one_of(const std::vector<std::string>& choices)
{
  std::string text;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  }
  return text;
}

// Charts need a QApplication; a headless command gets an offscreen one.
std::unique_ptr<QApplication> ensure_application()
{
  if (QCoreApplication::instance() != nullptr) {
    return nullptr;
  }
  qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "nn-energy-explorer";
  static char* argv[] = {name, nullptr};
  return std::make_unique<QApplication>(argc, argv);
}

} // namespace

int run_export_command(const std::vector<std::string_view>& args, std::ostream& out)
{
  const Arguments arguments(
      "export", args, {"--chart", "--out", "--size", "--dpi", "--unit", "--mac-format", Arguments::kAssumeLayout});
  const std::vector<std::string> charts = ui::chart_ids();
  const std::string chart = arguments.choice("--chart", charts, "");
  if (chart.empty()) {
    throw InputError("--chart", "", "missing; expected " + one_of(charts));
  }
  const std::optional<std::string> out_path = arguments.value("--out");
  if (!out_path || out_path->empty()) {
    throw InputError("--out", "", "missing; give the file to write (.png, .svg, .pdf or .csv)");
  }
  const QString suffix = QFileInfo(QString::fromStdString(*out_path)).suffix().toLower();
  if (suffix != "png" && suffix != "svg" && suffix != "pdf" && suffix != "csv") {
    throw InputError(*out_path, "", "expected a file ending in .png, .svg, .pdf or .csv");
  }
  const QSize size = parse_size(arguments.value("--size").value_or("1920x1080"));
  const long long dpi = arguments.positive_integer("--dpi").value_or(96);
  if (dpi > 2400) {
    throw InputError("--dpi", "", "expected at most 2400, got " + std::to_string(dpi));
  }
  const ui::BreakdownUnit breakdown_unit =
      arguments.choice("--unit", ui::kBreakdownUnitIds).value_or(ui::BreakdownUnit::normalized);

  Scenario scenario =
      resolve_scenario(arguments.single_positional("SCENARIO"), builtin_presets(), arguments.import_options());
  apply_mac_format_option(arguments, scenario);
  const ScenarioResult result = evaluate_argument(scenario, arguments.single_positional("SCENARIO"));

  const auto application = ensure_application();
  const ui::ChartSpec spec = ui::chart_kind(chart).spec(scenario, result, {breakdown_unit});
  ui::export_chart(spec, QString::fromStdString(*out_path), size, static_cast<int>(dpi));
  out << *out_path << '\n';
  return 0;
}

} // namespace nne::cli
