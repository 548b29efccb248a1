#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/output.h"
#include "app/cli/text_table.h"
#include "core/io/hardware_json.h"
#include "core/io/presets.h"
#include "core/model/counts.h"
#include "core/util/errors.h"
#include "core/util/format.h"

namespace nne::cli {

namespace {

using Align = TextTable::Align;

std::string architecture_summary(const Model& model)
{
  if (const auto* t = std::get_if<TransformerModel>(&model.architecture)) {
    return "transformer, " + std::to_string(t->n_layer) + " layers, d_model " + std::to_string(t->d_model);
  }
  if (const auto* graph = std::get_if<GraphModel>(&model.architecture)) {
    return "graph, " + std::to_string(graph->nodes.size()) + " nodes";
  }
  return "CNN, " + std::to_string(std::get<CnnModel>(model.architecture).layers.size()) + " layers";
}

std::string memory_summary(const MemoryChoice& memory)
{
  return format_shortest(memory.energy_per_bit_pj) + (memory.technology.empty() ? "" : " (" + memory.technology + ")");
}

// "horowitz-45nm: INT8 0.23, FP16 1.5, FP32 4.6": the pJ per MAC of each format it has.
std::string mac_summary(const MacArithmetic& mac)
{
  std::string text = mac.node.empty() ? std::string("custom") : mac.node;
  std::string figures;
  for (const MacFigure& figure : mac.figures) {
    figures += (figures.empty() ? "" : ", ") + std::string(format_name(figure.format)) + " " +
               format_shortest(figure.energy_per_mac_pj) + (figure.is_custom() ? " (custom)" : "");
  }
  return text + ": " + figures;
}

void list_models(const PresetLibrary& library, std::ostream& out)
{
  TextTable table({"id", "name", "architecture", "parameters", "declared"},
                  {Align::left, Align::left, Align::left, Align::right, Align::right});
  for (const Model& model : library.models) {
    const ModelCounts counted = count_model(model, {});
    table.add_row({model.id, model.name, architecture_summary(model), format_count(counted.parameters),
                   model.declared.parameters ? format_count(*model.declared.parameters) : "-"});
  }
  out << "Models (parameters counted from the architecture, and as declared by their publication)\n\n";
  table.write(out);
}

void list_hardware(const PresetLibrary& library, std::ostream& out)
{
  TextTable presets({"id", "name", "weight pJ/bit", "activation pJ/bit", "kv_cache pJ/bit", "mac node"},
                    {Align::left, Align::left, Align::right, Align::right, Align::right, Align::left});
  for (const Hardware& hardware : library.hardware) {
    presets.add_row({hardware.id, hardware.name, memory_summary(hardware.weight), memory_summary(hardware.activation),
                     memory_summary(hardware.kv_cache), mac_summary(hardware.mac)});
  }
  out << "Hardware presets\n\n";
  presets.write(out);

  TextTable memories({"id", "name", "pJ/bit", "node", "source"}, {Align::left, Align::left, Align::right});
  for (const MemoryTechnology& memory : library.catalog.memories) {
    memories.add_row({memory.id, memory.name, format_shortest(memory.energy_per_bit_pj), memory.provenance.node,
                      memory.provenance.source});
  }
  out << "\nMemory technologies\n\n";
  memories.write(out);

  TextTable nodes({"id", "name", "formats"});
  for (const ProcessNode& node : library.catalog.nodes) {
    std::string formats;
    for (const MacUnit* unit : library.catalog.units_of(node.id)) {
      formats += (formats.empty() ? "" : ", ") + std::string(format_name(unit->format));
    }
    nodes.add_row({node.id, node.name, formats});
  }
  out << "\nProcess nodes (a hardware's MACs cost its node's figure for the format they compute in)\n\n";
  nodes.write(out);

  TextTable macs({"id", "node", "format", "pJ/MAC", "source"}, {Align::left, Align::left, Align::left, Align::right});
  for (const MacUnit& unit : library.catalog.mac_units) {
    macs.add_row({unit.id, unit.node, std::string(format_name(unit.format)), format_shortest(unit.energy_per_mac_pj),
                  unit.provenance.source});
  }
  out << "\nMAC units\n\n";
  macs.write(out);
}

void list_scenarios(const PresetLibrary& library, std::ostream& out)
{
  TextTable table({"id", "name", "model", "hardware", "sweeps"});
  for (const Scenario& scenario : library.scenarios) {
    table.add_row({scenario.id, scenario.name, scenario.model.id, scenario.hardware.id,
                   std::string(component_id(scenario.sweep.component))});
  }
  out << "Scenarios\n\n";
  table.write(out);
}

Json provenance_json(const Provenance& provenance)
{
  return {{"source", provenance.source}, {"node", provenance.node}, {"note", provenance.note}};
}

Json list_json(const PresetLibrary& library, const std::string& kind)
{
  Json json = Json::object();
  if (kind == "all" || kind == "models") {
    Json models = Json::array();
    for (const Model& model : library.models) {
      const ModelCounts counted = count_model(model, {});
      models.push_back(
          {{"id", model.id},
           {"name", model.name},
           {"architecture", model.architecture_id()},
           {"parameters", json_number(counted.parameters)},
           {"declared_parameters", model.declared.parameters ? json_number(*model.declared.parameters) : nullptr}});
    }
    json["models"] = models;
  }
  if (kind == "all" || kind == "hardware") {
    Json hardware = Json::array();
    for (const Hardware& preset : library.hardware) {
      hardware.push_back(Json::parse(hardware_to_json(preset).dump())); // core writes sorted keys
    }
    json["hardware"] = hardware;
    Json memories = Json::array();
    for (const MemoryTechnology& memory : library.catalog.memories) {
      memories.push_back({{"id", memory.id},
                          {"name", memory.name},
                          {"energy_per_bit_pj", memory.energy_per_bit_pj},
                          {"capacity_bytes", memory.capacity_bytes ? Json(*memory.capacity_bytes) : Json(nullptr)},
                          {"provenance", provenance_json(memory.provenance)}});
    }
    json["memories"] = memories;
    Json nodes = Json::array();
    for (const ProcessNode& node : library.catalog.nodes) {
      nodes.push_back({{"id", node.id}, {"name", node.name}, {"note", node.note}});
    }
    json["nodes"] = nodes;
    Json macs = Json::array();
    for (const MacUnit& unit : library.catalog.mac_units) {
      macs.push_back({{"id", unit.id},
                      {"name", unit.name},
                      {"format", format_name(unit.format)},
                      {"node", unit.node},
                      {"energy_per_mac_pj", unit.energy_per_mac_pj},
                      {"provenance", provenance_json(unit.provenance)}});
    }
    json["mac_units"] = macs;
  }
  if (kind == "all" || kind == "scenarios") {
    Json scenarios = Json::array();
    for (const Scenario& scenario : library.scenarios) {
      scenarios.push_back({{"id", scenario.id},
                           {"name", scenario.name},
                           {"model", scenario.model.id},
                           {"hardware", scenario.hardware.id},
                           {"component", component_id(scenario.sweep.component)}});
    }
    json["scenarios"] = scenarios;
  }
  return json;
}

} // namespace

int run_list(const std::vector<std::string_view>& args, std::ostream& out)
{
  const Arguments arguments("list", args, {"--format"});
  const std::string format = arguments.choice("--format", {"table", "json"}, "table");
  const std::string kind = arguments.optional_positional("kind (models, hardware or scenarios)").value_or("all");
  if (kind != "all" && kind != "models" && kind != "hardware" && kind != "scenarios") {
    throw InputError(kind, "", "expected one of models, hardware, scenarios");
  }
  const PresetLibrary& library = builtin_presets();
  if (format == "json") {
    write_json(out, list_json(library, kind));
    return 0;
  }
  bool first = true;
  const auto section = [&](const char* name, void (*writer)(const PresetLibrary&, std::ostream&)) {
    if (kind == "all" || kind == name) {
      out << (first ? "" : "\n");
      writer(library, out);
      first = false;
    }
  };
  section("models", &list_models);
  section("hardware", &list_hardware);
  section("scenarios", &list_scenarios);
  return 0;
}

} // namespace nne::cli
