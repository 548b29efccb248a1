#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/output.h"
#include "app/cli/text_table.h"
#include "core/energy/scenario.h"
#include "core/io/csv.h"
#include "core/io/presets.h"
#include "core/util/errors.h"
#include "core/util/format.h"

namespace nne::cli {

namespace {

using Align = TextTable::Align;

// The CSV and JSON column order of design.md section 5.
constexpr std::array kColumns{Component::activation, Component::mac, Component::weight, Component::kv_cache};

Json sweep_json(const Scenario& scenario, const ScenarioResult& result)
{
  Json rows = Json::array();
  for (const SweepRow& row : result.sweep.rows) {
    Json json{{"batch", json_number(row.batch)}, {"scale", row.scale}};
    for (Component component : kColumns) {
      json[std::string(component_id(component))] = row.breakdown.normalized[component];
    }
    json["total"] = row.breakdown.normalized.total();
    Json joules = Json::object(); // per step, the unit the GUI's "Energy per step (J)" shows
    for (Component component : kColumns) {
      joules[std::string(component_id(component))] = row.breakdown.joules[component];
    }
    joules["total"] = row.breakdown.joules.total();
    json["joules"] = std::move(joules);
    rows.push_back(std::move(json));
  }
  Json warnings = Json::array();
  for (const CapacityWarning& warning : result.capacity_warnings) {
    warnings.push_back(warning.message);
  }
  return {{"scenario", scenario.id},
          {"name", scenario.name},
          {"model", scenario.model.id},
          {"model_name", display_name(scenario.model)},
          {"hardware", scenario.hardware.is_edited() ? std::string() : scenario.hardware.id},
          {"hardware_name", display_name(scenario.hardware)},
          {"mac", describe_arithmetic(scenario)},
          {"component", component_id(result.sweep.component)},
          {"count_source", count_source_id(scenario.count_source)},
          {"normalized_to_joules", result.reference.joules},
          {"rows", std::move(rows)},
          {"crossover_batch", result.sweep.crossover_batch ? Json(*result.sweep.crossover_batch) : Json(nullptr)},
          {"warnings", std::move(warnings)}};
}

void write_table(const Scenario& scenario, const ScenarioResult& result, std::ostream& out)
{
  const Sweep& sweep = result.sweep;
  out << scenario.name << " [" << scenario.id << "]\n"
      << display_name(scenario.model) << " on " << display_name(scenario.hardware) << ", "
      << describe_arithmetic(scenario) << ".\n"
      << std::string(component_label(sweep.component))
      << " energy scaled; energy per step normalized to batch 1 at scale 1 (" << format_joules(result.reference.joules)
      << ").\n";
  for (const CapacityWarning& warning : result.capacity_warnings) {
    out << "Warning: " << warning.message << ".\n";
  }

  std::vector<std::string> header{"batch", "component"};
  std::vector<Align> alignment{Align::right, Align::left};
  for (double scale : scenario.sweep.scales) {
    header.push_back(format_scale(scale));
    alignment.push_back(Align::right);
  }
  TextTable table(header, alignment);
  const std::size_t per_batch = scenario.sweep.scales.size();
  for (std::size_t b = 0; b < scenario.batches.size(); ++b) {
    bool first_row = true; // the batch is named once, on the first row of its block
    const auto row_of = [&](std::string label, auto value_of) {
      std::vector<std::string> cells{first_row ? format_shortest(scenario.batches[b]) : "", std::move(label)};
      first_row = false;
      for (std::size_t s = 0; s < per_batch; ++s) {
        cells.push_back(format_decimals(value_of(sweep.rows[b * per_batch + s].breakdown), 5));
      }
      table.add_row(std::move(cells));
    };
    for (Component component : kColumns) {
      if (component == Component::kv_cache && !scenario.model.has_kv_cache()) {
        continue; // only decoders have a KV cache: a row of zeros says nothing
      }
      row_of(std::string(component_id(component)), [component](const Breakdown& x) { return x.normalized[component]; });
    }
    row_of("total", [](const Breakdown& x) { return x.normalized.total(); });
  }
  out << '\n';
  table.write(out);
  out << '\n';
  if (sweep.crossover_batch) {
    out << "Energy crossover batch: " << format_significant(*sweep.crossover_batch, 4)
        << " (memory-bound below, compute-bound above).\n";
  } else {
    out << "Energy crossover batch: none; MAC energy never exceeds memory energy at any batch.\n";
  }
}

} // namespace

ScenarioResult evaluate_argument(const Scenario& scenario, std::string_view argument)
{
  try {
    return evaluate(scenario);
  } catch (const InputError& error) {
    if (error.key_path().empty() || !error.key_path().starts_with('/')) {
      throw;
    }
    std::string problem = error.problem();
    if (error.key_path() == "/precision/mac") {
      problem += " (on the command line: --mac-format FORMAT)";
    }
    throw InputError(std::string(argument), error.key_path(), problem);
  } catch (const ModelError& error) {
    throw InputError(std::string(argument), "", error.what());
  }
}

void apply_mac_format_option(const Arguments& arguments, Scenario& scenario)
{
  if (const std::optional<NumberFormat> format = arguments.choice("--mac-format", kNumberFormatIds)) {
    scenario.precision.mac = *format;
  }
}

int run_sweep(const std::vector<std::string_view>& args, std::ostream& out)
{
  const Arguments arguments("sweep", args,
                            {"--format", "--component", "--source", "--mac-format", Arguments::kAssumeLayout});
  const std::string format = arguments.choice("--format", {"table", "csv", "json"}, "table");
  Scenario scenario =
      resolve_scenario(arguments.single_positional("SCENARIO"), builtin_presets(), arguments.import_options());
  if (const std::optional<Component> component = arguments.choice("--component", kComponentIds)) {
    scenario.sweep.component = *component;
  }
  if (const std::optional<CountSource> source = arguments.choice("--source", kCountSourceIds)) {
    scenario.count_source = *source;
  }
  apply_mac_format_option(arguments, scenario);
  const ScenarioResult result = evaluate_argument(scenario, arguments.single_positional("SCENARIO"));
  if (format == "csv") {
    out << sweep_csv(result.sweep);
  } else if (format == "json") {
    write_json(out, sweep_json(scenario, result));
  } else {
    write_table(scenario, result, out);
  }
  return 0;
}

} // namespace nne::cli
