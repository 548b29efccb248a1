#include "core/paper/paper.h"

#include "core/energy/energy.h"
#include "core/energy/scenario.h"
#include "core/io/embedded_file.h"
#include "core/io/json_reader.h"
#include "core/util/errors.h"
#include "core/util/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <span>
#include <string_view>

namespace nne::generated {
std::span<const EmbeddedFile> paper_files();
}

namespace nne::paper {

namespace {

// The paper's names for models and rows, against ours.
struct ModelKey {
  std::string_view reference;
  std::string_view preset;
};
constexpr ModelKey kModels[]{
    {"ResNet18", "resnet18"}, {"GPT3-small", "gpt3-small"}, {"Llama-7B", "llama-7b-paper"}, {"GPT3-175B", "gpt3-175b"}};

std::optional<Component> row_component(std::string_view row)
{
  if (row == "MAC")
    return Component::mac;
  if (row == "KV cache")
    return Component::kv_cache;
  if (row == "weight")
    return Component::weight;
  if (row == "activation")
    return Component::activation;
  return std::nullopt;
}

std::string printf_string(const char* format, double value)
{
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// The rows of a Table 2 block in the paper's order.
constexpr std::string_view kPrintedRows[]{"activation", "MAC", "weight", "KV cache"};

// The keys of a JSON object in ascending order of the value they name (batches 1, 4, 8, 16;
// scales 1/16 ... 1), not in the object's alphabetical order.
template <typename Value> std::vector<std::string> keys_by_value(const nlohmann::json& object, Value value_of)
{
  std::vector<std::string> keys;
  for (const auto& item : object.items()) {
    keys.push_back(item.key());
  }
  std::ranges::sort(keys, {}, [&](const std::string& key) { return value_of(key); });
  return keys;
}

double round_to(double value, double half_unit)
{
  const double unit = 2.0 * half_unit;
  return std::round(value / unit) * unit;
}

const Scenario& scenario_or_throw(const PresetLibrary& library, std::string_view id)
{
  const Scenario* scenario = library.find_scenario(id);
  if (scenario == nullptr) {
    throw InputError("presets", "",
                     "the preset scenario '" + std::string(id) + "' that reproduces the paper is missing");
  }
  return *scenario;
}

const Model& model_or_throw(const PresetLibrary& library, std::string_view id)
{
  const Model* model = library.find_model(id);
  if (model == nullptr) {
    throw InputError("presets", "", "the paper's model preset '" + std::string(id) + "' is missing");
  }
  return *model;
}

} // namespace

const nlohmann::json& printed_reference()
{
  static const nlohmann::json reference = [] {
    for (const EmbeddedFile& file : generated::paper_files()) {
      if (file.path == "table2.json") {
        return parse_json_text(file.contents, "table2.json");
      }
    }
    throw std::logic_error("the paper's reference table was not compiled in");
  }();
  return reference;
}

const std::vector<TablePart>& table2_parts()
{
  static const std::vector<TablePart> parts{
      {"2a", "ResNet18", "scale_weight", "paper-resnet18-weight", Component::weight},
      {"2b", "ResNet18", "scale_MAC", "paper-resnet18-mac", Component::mac},
      {"2c", "Llama-7B", "scale_weight", "paper-llama7b-weight", Component::weight},
      {"2d", "Llama-7B", "scale_MAC", "paper-llama7b-mac", Component::mac},
      {"2e", "Llama-7B", "scale_KV_cache", "paper-llama7b-kv", Component::kv_cache},
  };
  return parts;
}

PrintedNumber parse_printed(const std::string& text)
{
  PrintedNumber number{text, std::stod(text), 0.0};
  const auto e = text.find_first_of("eE");
  if (e == std::string::npos) {
    number.half_unit = 0.5e-5; // five decimals; the journal drops trailing zeros
  } else {
    const std::string mantissa = text.substr(0, e);
    const auto dot = mantissa.find('.');
    const int decimals = dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
    const int exponent = std::stoi(text.substr(e + 1));
    number.half_unit = 0.5 * std::pow(10.0, exponent - decimals);
  }
  return number;
}

std::vector<CellComparison> reproduce_table2(const PresetLibrary& library, const nlohmann::json& reference)
{
  std::vector<CellComparison> cells;
  for (const TablePart& part : table2_parts()) {
    const Scenario& scenario = scenario_or_throw(library, part.scenario_id);
    const EnergyCoefficients coefficients = scenario_coefficients(scenario);
    const nlohmann::json& batches = reference.at("table2").at(part.model).at(part.table_key).at("batches");
    for (const std::string& batch_key : keys_by_value(batches, [](const std::string& k) { return std::stod(k); })) {
      const double batch = std::stod(batch_key);
      const nlohmann::json& scales = batches.at(batch_key);
      for (const std::string& scale_key : keys_by_value(scales, parse_scale_text)) {
        const double scale = parse_scale_text(scale_key);
        const nlohmann::json& rows = scales.at(scale_key);
        const Breakdown b = breakdown(coefficients, batch, Scales::only(part.scaled, scale));
        const nlohmann::json& printed_rows = rows.at("_printed");
        double rounded_cell_sum = 0;
        int component_rows = 0;
        double component_half_unit = 0;
        for (std::string_view row : kPrintedRows) {
          const std::optional<Component> component = row_component(row);
          if (!component || !printed_rows.contains(row)) {
            continue;
          }
          const nlohmann::json& text = printed_rows.at(row);
          CellComparison cell;
          cell.part = part.part;
          cell.scenario_id = part.scenario_id;
          cell.batch = batch;
          cell.scale_text = scale_key;
          cell.row = std::string(component_id(*component));
          cell.component = component;
          cell.printed = parse_printed(text.get<std::string>());
          cell.computed = b.normalized[*component];
          cell.deviation = cell.computed - cell.printed.value;
          cell.tolerance = cell.printed.half_unit;
          cell.within = std::abs(cell.deviation) <= cell.tolerance * (1 + 1e-9);
          rounded_cell_sum += round_to(cell.computed, cell.printed.half_unit);
          component_half_unit = std::max(component_half_unit, cell.printed.half_unit);
          ++component_rows;
          cells.push_back(std::move(cell));
        }
        CellComparison total;
        total.part = part.part;
        total.scenario_id = part.scenario_id;
        total.batch = batch;
        total.scale_text = scale_key;
        total.row = "total";
        total.printed = parse_printed(printed_rows.at("total").get<std::string>());
        total.computed = b.normalized.total();
        total.deviation = total.computed - total.printed.value;
        total.tolerance = total.printed.half_unit;
        total.within = std::abs(total.deviation) <= total.tolerance * (1 + 1e-9);
        if (!total.within) {
          // The paper sometimes adds its own rounded cells: accept that, and say so.
          const double from_cells = round_to(rounded_cell_sum, total.printed.half_unit);
          if (std::abs(from_cells - total.printed.value) <= 0.5 * total.printed.half_unit) {
            total.total_from_rounded_cells = true;
            total.tolerance = component_rows * component_half_unit;
            total.within = std::abs(total.deviation) <= total.tolerance * (1 + 1e-9);
          }
        }
        cells.push_back(std::move(total));
      }
    }
  }
  return cells;
}

namespace {

std::string number(double value)
{
  return format_count(value);
}

// Section 3 quotes the reduction of the total from scaling a component 1 -> 1/16, truncated to 0.1 %.
void check_figure10_text(const PresetLibrary& library, const nlohmann::json& reference, std::vector<Discrepancy>& out)
{
  struct Computed {
    double batch;
    Component component;
    double percent;
  };
  for (const auto& [model_name, per_batch] : reference.at("figure10_text_percentages").items()) {
    if (!per_batch.is_object() || model_name == "note") {
      continue;
    }
    std::vector<Computed> computed;
    std::map<Component, const TablePart*> parts;
    for (const TablePart& part : table2_parts()) {
      if (part.model == model_name) {
        parts[part.scaled] = &part;
      }
    }
    if (parts.empty()) {
      continue;
    }
    const EnergyCoefficients coefficients =
        scenario_coefficients(scenario_or_throw(library, parts.begin()->second->scenario_id));
    for (const auto& [batch_key, quotes] : per_batch.items()) {
      const double batch = std::stod(batch_key);
      const Breakdown at = breakdown(coefficients, batch, Scales{});
      for (const auto& [row, quote] : quotes.items()) {
        if (const auto component = row_component(row)) {
          computed.push_back({batch, *component, 100.0 * saving(at, *component, 1.0 / 16)});
        }
      }
    }
    const auto truncated_match = [](double quoted, double value) {
      return quoted <= value + 1e-9 && value < quoted + 0.1;
    };
    for (const auto& [batch_key, quotes] : per_batch.items()) {
      for (const auto& [row, quote] : quotes.items()) {
        const auto component = row_component(row);
        if (!component) {
          continue;
        }
        const double quoted = quote.get<double>();
        const double batch = std::stod(batch_key);
        const auto it = std::ranges::find_if(
            computed, [&](const Computed& c) { return c.batch == batch && c.component == *component; });
        if (it == computed.end() || truncated_match(quoted, it->percent)) {
          continue;
        }
        Discrepancy d;
        d.id = "fig10-text-" + model_name + "-B" + batch_key + "-" + std::string(component_id(*component));
        d.where = "Section 3, Figure 10 text";
        d.paper_says = model_name + " batch " + batch_key + ": scaling " + std::string(component_label(*component)) +
                       " energy to 1/16 reduces the total by " + printf_string("%.1f %%", quoted);
        d.computed = "Table " + parts.at(*component)->part + " gives " + printf_string("%.2f %%", it->percent);
        for (const Computed& other : computed) {
          if (&other != &*it && truncated_match(quoted, other.percent)) {
            d.computed += "; " + printf_string("%.1f %%", quoted) + " is the batch " +
                          printf_string("%g", other.batch) + " " + std::string(component_id(other.component)) +
                          " figure (" + printf_string("%.2f %%", other.percent) + ")";
          }
        }
        out.push_back(std::move(d));
      }
    }
  }
}

void check_flops_per_parameter(const PresetLibrary& library, const nlohmann::json& reference,
                               std::vector<Discrepancy>& out)
{
  const nlohmann::json& fig4 = reference.at("figure4_text_values");
  for (const ModelKey& key : kModels) {
    const std::string name(key.reference);
    if (!fig4.at("flops_per_param_fig4c").contains(name)) {
      continue;
    }
    const double quoted = fig4.at("flops_per_param_fig4c").at(name).get<double>();
    const double from_text = fig4.at("flops_batch1").at(name).get<double>() / fig4.at("params").at(name).get<double>();
    const Model& model = model_or_throw(library, key.preset);
    const ResolvedCounts declared = resolve_counts(model, {}, CountSource::declared);
    const ModelCounts counted = count_model(model, {});
    // The quote has three significant digits: agree within half a unit of the third.
    const double half_unit = 0.5 * std::pow(10.0, std::floor(std::log10(quoted)) - 2);
    if (std::abs(quoted - from_text) <= half_unit) {
      continue;
    }
    Discrepancy d;
    d.id = "fig4c-" + name;
    d.where = "Figure 4c, Section 2";
    d.paper_says = name + " has " + number(quoted) + " FLOPs per parameter";
    d.computed = "its own FLOPs / parameters (Fig 4a/4b) give " + printf_string("%.4g", from_text) +
                 "; the inputs that reproduce Table 2 give " +
                 printf_string("%.4g", declared.counts.flops_per_parameter()) +
                 "; counted from the architecture: " + printf_string("%.4g", counted.flops_per_parameter()) +
                 " (MACs per parameter " + printf_string("%.4g", counted.macs_per_sample / counted.parameters) + ")";
    out.push_back(std::move(d));
  }
}

void check_declared_counts(const PresetLibrary& library, std::vector<Discrepancy>& out)
{
  {
    const Model& resnet = model_or_throw(library, "resnet18");
    const ModelCounts counted = count_model(resnet, {});
    const ResolvedCounts declared = resolve_counts(resnet, {}, CountSource::declared);
    Discrepancy d;
    d.id = "resnet18-flops-vs-macs";
    d.where = "Section 2, Table 2a/2b";
    d.paper_says = "ResNet18 needs 1.8 GFLOPs and has 11.7 M parameters; Table 2 charges " +
                   number(declared.counts.macs_per_sample) + " MACs (FLOPs / 2)";
    d.computed = "the 224x224 ResNet18 has " + format_grouped(counted.parameters) + " parameters and " +
                 format_grouped(counted.macs_per_sample) +
                 " multiply-accumulates: the 1.8 G is a count of MACs, not FLOPs";
    out.push_back(std::move(d));
  }
  const Model& llama = model_or_throw(library, "llama-7b-paper");
  const auto& architecture = std::get<TransformerModel>(llama.architecture);
  const ModelCounts counted = count_model(llama, {});
  const ResolvedCounts declared = resolve_counts(llama, {}, CountSource::declared);
  {
    Discrepancy d;
    d.id = "llama-parameters";
    d.where = "Fig 4a, Section 2, Table 2c-e";
    d.paper_says =
        "Llama-7B has 7 B (Fig 4a) or about 6.7 B parameters; Table 2 uses " + number(declared.counts.parameters);
    d.computed =
        "Kaplan's 12 n_layer d_model^2 + (n_vocab + n_ctx) d_model with Table 1 gives " +
        format_grouped(static_cast<double>(kaplan_parameters(architecture))) + "; counting every bias and norm gives " +
        format_grouped(counted.parameters) +
        "; Table 1's vocabulary (50,257) and 4 x d_model FFN are GPT's: Meta's LLaMA-7B has 32,000 tokens and SwiGLU";
    out.push_back(std::move(d));
  }
  {
    Discrepancy d;
    d.id = "llama-kv-cache";
    d.where = "Table 2c-e";
    d.paper_says = "the KV cache costs " +
                   number(declared.counts.kv_cache_elements_per_sample * bits_of(llama.default_precision.kv_cache)) +
                   " bits per token";
    d.computed = "one read of the FP16 cache at n_ctx is " +
                 number(2.0 * static_cast<double>(architecture.n_layer * architecture.n_ctx * architecture.d_model) *
                        bits_of(llama.default_precision.kv_cache)) +
                 " bits; the declared figure is the 2^30-byte cache read and written, with 2^30 taken as 10^9";
    out.push_back(std::move(d));
  }
  {
    Workload half{Phase::decode, architecture.n_ctx / 2};
    const double growth = counted.kv_cache_elements_per_sample / count_model(llama, half).kv_cache_elements_per_sample;
    Discrepancy d;
    d.id = "kv-growth";
    d.where = "Section 3";
    d.paper_says = "the KV cache grows quadratically with the sentence length";
    d.computed = "doubling the context from " + std::to_string(half.context) + " to " +
                 std::to_string(architecture.n_ctx) + " multiplies the cache read per token by " +
                 printf_string("%.3f", growth) + ": linear per token";
    out.push_back(std::move(d));
  }
}

void list_typos(const nlohmann::json& reference, std::vector<Discrepancy>& out)
{
  for (const nlohmann::json& typo : reference.at("typos_in_table_text")) {
    out.push_back(
        {"typo", typo.at("where").get<std::string>(), "printed \"" + typo.at("printed").get<std::string>() + "\"",
         "read as " + typo.at("read_as").get<std::string>() + " (" + typo.at("note").get<std::string>() + ")"});
  }
}

} // namespace

std::vector<Discrepancy> find_discrepancies(const PresetLibrary& library, const nlohmann::json& reference)
{
  std::vector<Discrepancy> out;
  check_figure10_text(library, reference, out);
  check_flops_per_parameter(library, reference, out);
  check_declared_counts(library, out);
  list_typos(reference, out);
  return out;
}

} // namespace nne::paper
