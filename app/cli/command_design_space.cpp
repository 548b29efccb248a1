#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/output.h"
#include "app/cli/text_table.h"
#include "core/energy/design_space.h"
#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "core/util/errors.h"
#include "core/util/format.h"
#include "core/util/text_util.h"

#include <stdexcept>

namespace nne::cli {

namespace {

using Align = TextTable::Align;

// `--scales 1,1/2,1/4`: the what-if factors every component takes; default the scenario's sweep.
std::vector<double> scales_option(const Arguments& arguments, const Scenario& scenario)
{
  const std::optional<std::string> given = arguments.value("--scales");
  if (!given) {
    return scenario.sweep.scales;
  }
  std::vector<double> scales;
  try {
    for (const std::string_view item : detail::split_list(*given)) {
      scales.push_back(parse_scale_text(item));
    }
  } catch (const std::invalid_argument& error) {
    throw InputError("--scales", "", error.what());
  }
  if (scales.empty()) {
    throw InputError("--scales", "", "give at least one scale, e.g. 1,1/2,1/4");
  }
  return scales;
}

// Every batch of the scenario with every combination of the scales per component; a model without
// a KV cache keeps its KV-cache scale at 1 (scaling nothing would only repeat every design).
DesignSpaceAxes axes_of(const Scenario& scenario, const std::vector<double>& scales)
{
  DesignSpaceAxes axes;
  axes.batches = scenario.batches;
  axes.weight_scales = axes.mac_scales = axes.activation_scales = scales;
  axes.kv_cache_scales = scenario.model.has_kv_cache() ? scales : std::vector<double>{1.0};
  return axes;
}

Json point_json(const DesignPoint& point, const DesignPointEnergy& energy)
{
  Json scales = Json::object();
  for (const Component component : kAllComponents) {
    scales[std::string(component_id(component))] = format_scale(point.scales[component]);
  }
  return {{"batch", json_number(point.batch)},
          {"scales", std::move(scales)},
          {"joules_per_sample", energy.joules_per_sample},
          {"memory_share", energy.memory_share}};
}

std::vector<std::string> point_cells(std::string label, const DesignPoint& point, const DesignPointEnergy& energy)
{
  std::vector<std::string> cells{std::move(label), format_shortest(point.batch)};
  for (const Component component : kAllComponents) {
    cells.push_back(format_scale(point.scales[component]));
  }
  cells.push_back(format_joules(energy.joules_per_sample));
  cells.push_back(format_decimals(100 * energy.memory_share, 1) + " %");
  return cells;
}

} // namespace

int run_design_space(const std::vector<std::string_view>& args, std::ostream& out)
{
  const Arguments arguments("design-space", args, {"--scales", "--format", "--mac-format", Arguments::kAssumeLayout});
  const std::string format = arguments.choice("--format", {"table", "json"}, "table");
  Scenario scenario =
      resolve_scenario(arguments.single_positional("SCENARIO"), builtin_presets(), arguments.import_options());
  apply_mac_format_option(arguments, scenario);
  const std::vector<double> scales = scales_option(arguments, scenario);
  const ScenarioResult result = evaluate_argument(scenario, arguments.single_positional("SCENARIO"));
  const DesignSpaceAxes axes = axes_of(scenario, scales);
  const DesignSpaceSummary summary = summarize_design_space(result.coefficients, axes);

  if (format == "json") {
    Json batch_ids = Json::array();
    for (const double batch : scenario.batches) {
      batch_ids.push_back(json_number(batch));
    }
    Json scale_ids = Json::array();
    for (const double scale : scales) {
      scale_ids.push_back(format_scale(scale));
    }
    write_json(out, Json{{"scenario", scenario.id},
                         {"name", scenario.name},
                         {"model", scenario.model.id},
                         {"hardware", scenario.hardware.is_edited() ? std::string() : scenario.hardware.id},
                         {"mac", describe_arithmetic(scenario)},
                         {"batches", batch_ids},
                         {"scales", std::move(scale_ids)},
                         {"points", summary.points},
                         {"memory_bound_points", summary.memory_bound_points},
                         {"cheapest", point_json(summary.cheapest, summary.cheapest_energy)},
                         {"costliest", point_json(summary.costliest, summary.costliest_energy)}});
    return 0;
  }
  out << scenario.name << " [" << scenario.id << "]\n"
      << display_name(scenario.model) << " on " << display_name(scenario.hardware) << ", "
      << describe_arithmetic(scenario) << ".\n"
      << format_grouped(static_cast<double>(summary.points)) << " designs: " << axes.batches.size()
      << " batch sizes, each with every combination of the scales";
  for (const double scale : scales) {
    out << ' ' << format_scale(scale);
  }
  out << " for each component" << (scenario.model.has_kv_cache() ? "" : " (the KV cache at 1: this model has none)")
      << ".\n"
      << "Memory-bound (memory energy above MAC energy): "
      << format_grouped(static_cast<double>(summary.memory_bound_points)) << " of "
      << format_grouped(static_cast<double>(summary.points)) << " designs ("
      << format_decimals(100.0 * static_cast<double>(summary.memory_bound_points) / static_cast<double>(summary.points),
                         1)
      << " %).\n\n";
  std::vector<std::string> header{"design", "batch"};
  std::vector<Align> alignment{Align::left, Align::right};
  for (const Component component : kAllComponents) {
    header.emplace_back(component_id(component));
    alignment.push_back(Align::right);
  }
  header.insert(header.end(), {"energy per sample", "memory share"});
  alignment.insert(alignment.end(), {Align::right, Align::right});
  TextTable table(header, alignment);
  table.add_row(point_cells("cheapest", summary.cheapest, summary.cheapest_energy));
  table.add_row(point_cells("costliest", summary.costliest, summary.costliest_energy));
  table.write(out);
  return 0;
}

} // namespace nne::cli
