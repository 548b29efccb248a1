#include "app/cli/arguments.h"
#include "app/cli/commands.h"
#include "app/cli/output.h"
#include "app/cli/text_table.h"
#include "core/util/errors.h"
#include "core/util/format.h"
#include "core/paper/paper.h"
#include "core/io/presets.h"

#include <algorithm>
#include <memory>

namespace nne::cli {

namespace {

using Align = TextTable::Align;
using paper::CellComparison;
using paper::Discrepancy;

std::string verdict(const CellComparison& cell)
{
  if (!cell.within) {
    return "OFF";
  }
  return cell.total_from_rounded_cells ? "ok, sum of rounded cells" : "ok";
}

std::string deviation_text(double deviation)
{
  return deviation == 0.0 ? "0" : format_significant(deviation, 2);
}

void write_table(const std::vector<CellComparison>& cells, const std::vector<Discrepancy>& discrepancies,
                 std::ostream& out)
{
  out << "The paper's Table 2, recomputed from the scenario presets (normalized energy).\n"
         "A cell is ok when |computed - printed| is within half a unit of the last printed digit;\n"
         "a total the paper added from its own rounded cells is allowed half a unit per cell.\n";
  std::string part;
  std::unique_ptr<TextTable> table;
  const auto flush = [&] {
    if (table) {
      table->write(out);
    }
  };
  for (const CellComparison& cell : cells) {
    if (cell.part != part) {
      flush();
      part = cell.part;
      out << "\nTable " << part << " [" << cell.scenario_id << "]\n";
      table = std::make_unique<TextTable>(
          std::vector<std::string>{"batch", "scale", "row", "printed", "computed", "deviation", ""},
          std::vector<Align>{Align::right, Align::right, Align::left, Align::right, Align::right, Align::right,
                             Align::left});
    }
    table->add_row({format_shortest(cell.batch), cell.scale_text, cell.row, cell.printed.text,
                    format_significant(cell.computed, 8), deviation_text(cell.deviation), verdict(cell)});
  }
  flush();

  const auto within = std::ranges::count_if(cells, &CellComparison::within);
  const auto from_rounded = std::ranges::count_if(cells, &CellComparison::total_from_rounded_cells);
  out << "\n" << within << " of " << cells.size() << " cells within printed rounding";
  if (from_rounded > 0) {
    out << "; " << from_rounded << " totals are the paper's sums of its own rounded cells";
  }
  out << ".\n\nWhere the paper disagrees with itself\n";
  for (const Discrepancy& d : discrepancies) {
    out << "\n- " << d.where << ": " << d.paper_says << ".\n  Computed: " << d.computed << ".\n";
  }
}

void write_csv(const std::vector<CellComparison>& cells, std::ostream& out)
{
  out << "table,scenario,batch,scale,row,printed,computed,deviation,tolerance,within,total_from_rounded_cells\n";
  for (const CellComparison& c : cells) {
    out << c.part << ',' << c.scenario_id << ',' << format_shortest(c.batch) << ',' << c.scale_text << ',' << c.row
        << ',' << c.printed.text << ',' << format_shortest(c.computed) << ',' << format_shortest(c.deviation) << ','
        << format_shortest(c.tolerance) << ',' << (c.within ? "true" : "false") << ','
        << (c.total_from_rounded_cells ? "true" : "false") << '\n';
  }
}

Json to_json(const std::vector<CellComparison>& cells, const std::vector<Discrepancy>& discrepancies)
{
  Json json_cells = Json::array();
  for (const CellComparison& c : cells) {
    json_cells.push_back({{"table", c.part},
                          {"scenario", c.scenario_id},
                          {"batch", json_number(c.batch)},
                          {"scale", c.scale_text},
                          {"row", c.row},
                          {"printed", c.printed.text},
                          {"computed", c.computed},
                          {"deviation", c.deviation},
                          {"tolerance", c.tolerance},
                          {"within", c.within},
                          {"total_from_rounded_cells", c.total_from_rounded_cells}});
  }
  Json json_discrepancies = Json::array();
  for (const Discrepancy& d : discrepancies) {
    json_discrepancies.push_back(
        {{"id", d.id}, {"where", d.where}, {"paper_says", d.paper_says}, {"computed", d.computed}});
  }
  return {{"cells", std::move(json_cells)},
          {"within", std::ranges::count_if(cells, &CellComparison::within)},
          {"total", cells.size()},
          {"discrepancies", std::move(json_discrepancies)}};
}

} // namespace

int run_paper(const std::vector<std::string_view>& args, std::ostream& out)
{
  const Arguments arguments("paper", args, {"--format"});
  const std::string format = arguments.choice("--format", {"table", "csv", "json"}, "table");
  if (!arguments.positionals().empty()) {
    throw InputError(arguments.positionals().front(), "", "unexpected argument: `paper` takes none");
  }
  const PresetLibrary& library = builtin_presets();
  const std::vector<CellComparison> cells = paper::reproduce_table2(library);
  const std::vector<Discrepancy> discrepancies = paper::find_discrepancies(library);
  if (format == "csv") {
    write_csv(cells, out);
  } else if (format == "json") {
    write_json(out, to_json(cells, discrepancies));
  } else {
    write_table(cells, discrepancies, out);
  }
  return std::ranges::all_of(cells, &CellComparison::within) ? 0 : 1;
}

} // namespace nne::cli
