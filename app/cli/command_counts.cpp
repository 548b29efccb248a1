#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/output.h"
#include "app/cli/text_table.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/model/counts.h"
#include "core/util/errors.h"
#include "core/util/format.h"

#include <limits>

namespace nne::cli {

namespace {

using Align = TextTable::Align;

Json figures_json(const PerSampleFigures& f, const Precision& precision)
{
  const auto value = [](std::optional<double> v) { return v ? json_number(*v) : Json(nullptr); };
  return {{"parameters", value(f.parameters)},
          {"macs_per_sample", value(f.macs_per_sample)},
          {"flops_per_sample", value(f.flops_per_sample())},
          {"activation_elements_per_sample", value(f.activation_elements_per_sample)},
          {"activation_bits_per_sample", value(f.activation_bits_per_sample(precision))},
          {"kv_cache_elements_per_sample", value(f.kv_cache_elements_per_sample)},
          {"kv_cache_bits_per_sample", value(f.kv_cache_bits_per_sample(precision))},
          {"flops_per_parameter", value(f.flops_per_parameter())}};
}

// What an imported graph's figures rest on: the file, and every operator that was not counted.
Json graph_json(const GraphModel& graph)
{
  Json uncounted = Json::array();
  for (const UncountedOperator& op : uncounted_operators(graph)) {
    uncounted.push_back({{"op_type", op.op_type}, {"nodes", op.nodes}});
  }
  Json json{{"source", graph.source}, {"producer", graph.producer},  {"opset", graph.opset},
            {"batch", graph.batch},   {"nodes", graph.nodes.size()}, {"uncounted_operators", uncounted},
            {"notes", graph.notes}};
  if (graph.context > 0) {
    json["context"] = graph.context;
    json["kv_cache_elements"] = graph.kv_cache_elements;
  }
  return json;
}

void write_graph_summary(std::ostream& out, const GraphModel& graph)
{
  out << "Imported from " << graph.source << (graph.producer.empty() ? "" : " (written by " + graph.producer + ")")
      << ": " << graph.nodes.size() << " nodes, opset " << graph.opset << ".\n";
  const std::vector<UncountedOperator> uncounted = uncounted_operators(graph);
  if (uncounted.empty()) {
    out << "Every operator was counted.\n";
  } else {
    out << "Not counted (no rule; their MACs are missing from the figures):";
    for (const UncountedOperator& op : uncounted) {
      out << ' ' << op.op_type << " x " << op.nodes << (&op == &uncounted.back() ? "" : ",");
    }
    out << '\n';
  }
  for (const std::string& note : graph.notes) {
    out << "Note: " << note << '\n';
  }
}

std::string cell(std::optional<double> value)
{
  return value ? format_grouped(*value) : "-";
}

// What `counts` reports on: the model, the step it is counted for, and both sets of figures.
struct CountsReport {
  const Model& model;
  const TransformerModel* transformer; // null for a CNN or a graph
  const GraphModel* graph;             // null unless imported from ONNX
  Workload workload;
  std::int64_t context = 0; // the context the step runs at (transformers)
  PerSampleFigures counted;
  PerSampleFigures declared;
};

// --phase and --context, which apply to decoder transformers only.
Workload workload_of(const Arguments& arguments, const Model& model)
{
  Workload workload;
  workload.phase = arguments.choice("--phase", kPhaseIds).value_or(Phase::decode);
  if (const auto context = arguments.positive_integer("--context")) {
    if (*context > std::numeric_limits<std::int32_t>::max()) {
      throw InputError("--context", "", "expected at most 2147483647 tokens, got " + std::to_string(*context));
    }
    workload.context = *context;
  }
  const auto* graph = std::get_if<GraphModel>(&model.architecture);
  const bool decoder_graph = graph != nullptr && graph->context > 0; // --context sized its cache at import
  if (!std::holds_alternative<TransformerModel>(model.architecture) &&
      (arguments.value("--phase") || (workload.context > 0 && !decoder_graph))) {
    throw InputError(arguments.value("--phase") ? "--phase" : "--context", "",
                     "applies to decoder transformers and to ONNX decoders with past_key_values inputs; " + model.id +
                         " is a " +
                         (model.is_cnn() ? std::string("CNN")
                                         : std::string("graph imported from ONNX without past_key_values inputs")));
  }
  return workload;
}

Json counts_json(const CountsReport& report)
{
  const Model& model = report.model;
  const Precision& precision = model.default_precision;
  Json json{{"model", model.id}, {"name", display_name(model)}, {"architecture", model.architecture_id()}};
  if (model.layout_assumed) {
    json["layout"] = "assumed";
  }
  if (report.transformer) {
    json["phase"] = phase_id(report.workload.phase);
    json["context"] = report.context;
  }
  json["precision"] = precision_to_json(precision);
  json.update(figures_json(report.counted, precision));
  json["declared"] = figures_json(report.declared, precision);
  json["declared"]["source"] = model.declared.source;
  json["declared"]["note"] = model.declared.note;
  if (report.graph) {
    json["graph"] = graph_json(*report.graph);
  }
  return json;
}

void write_counts_table(std::ostream& out, const CountsReport& report)
{
  const Model& model = report.model;
  const Precision& precision = model.default_precision;
  out << display_name(model) << " [" << model.id << "]\n";
  if (model.layout_assumed) {
    out << "Assumed layout: read as a Llama-like decoder (--assume-layout llama), not by a layout verified for "
           "its family; the counts are as exact as that assumption.\n";
  }
  if (report.graph) {
    write_graph_summary(out, *report.graph);
  }
  const bool graph_decoder = report.graph != nullptr && report.graph->context > 0;
  if (report.transformer) {
    out << "One " << phase_id(report.workload.phase) << " step per sequence at a context of " << report.context
        << " tokens";
  } else if (graph_decoder) {
    out << "One decode step per sequence at a context of " << report.graph->context << " cached positions";
  } else {
    out << (report.graph ? "One sample" : "One image");
  }
  out << "; weights " << format_name(precision.weight) << ", activations " << format_name(precision.activation)
      << (report.transformer || graph_decoder ? ", KV cache " + std::string(format_name(precision.kv_cache))
                                              : std::string{})
      << ".\n\n";

  const PerSampleFigures& counted = report.counted;
  const PerSampleFigures& declared = report.declared;
  TextTable table({"per sample", "counted", "declared"}, {Align::left, Align::right, Align::right});
  table.add_row({"parameters", cell(counted.parameters), cell(declared.parameters)});
  table.add_row({"MACs", cell(counted.macs_per_sample), cell(declared.macs_per_sample)});
  table.add_row({"FLOPs (2 per MAC)", cell(counted.flops_per_sample()), cell(declared.flops_per_sample())});
  table.add_row({"activation bits", cell(counted.activation_bits_per_sample(precision)),
                 cell(declared.activation_bits_per_sample(precision))});
  if (report.transformer || graph_decoder) {
    table.add_row({"KV-cache bits", cell(counted.kv_cache_bits_per_sample(precision)),
                   cell(declared.kv_cache_bits_per_sample(precision))});
  }
  const auto ratio = [](std::optional<double> v) { return v ? format_significant(*v, 4) : std::string("-"); };
  table.add_row({"FLOPs per parameter", ratio(counted.flops_per_parameter()), ratio(declared.flops_per_parameter())});
  table.write(out);
  if (!model.declared.source.empty()) {
    out << "\nDeclared: " << model.declared.source << '\n';
  }
  if (!model.declared.note.empty()) {
    out << "Note: " << model.declared.note << '\n';
  }
}

} // namespace

int run_counts(const std::vector<std::string_view>& args, std::ostream& out)
{
  const Arguments arguments("counts", args, {"--phase", "--context", "--format", Arguments::kAssumeLayout});
  const std::string format = arguments.choice("--format", {"table", "json"}, "table");
  const Model model =
      resolve_model(arguments.single_positional("MODEL"), builtin_presets(), arguments.import_options());
  const Workload workload = workload_of(arguments, model);
  const auto* transformer = std::get_if<TransformerModel>(&model.architecture);
  const CountsReport report{
      .model = model,
      .transformer = transformer,
      .graph = std::get_if<GraphModel>(&model.architecture),
      .workload = workload,
      .context = transformer ? (workload.context > 0 ? workload.context : transformer->n_ctx) : 0,
      .counted = per_sample_figures(count_model(model, workload)),
      .declared = declared_figures(model, workload),
  };
  if (format == "json") {
    write_json(out, counts_json(report));
  } else {
    write_counts_table(out, report);
  }
  return 0;
}

} // namespace nne::cli
