#pragma once

#include "core/model/component.h"
#include "core/io/presets.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nne::paper {

// The paper's printed numbers (resources/paper/table2.json, compiled in): reference data to compare
// against, never an input to a computation.
const nlohmann::json& printed_reference();

// One part of Table 2 and the scenario preset that recomputes it.
struct TablePart {
  std::string part;        // "2a"
  std::string model;       // key in the reference: "ResNet18", "Llama-7B"
  std::string table_key;   // key in the reference: "scale_weight", ...
  std::string scenario_id; // "paper-resnet18-weight"
  Component scaled = Component::weight;
};
const std::vector<TablePart>& table2_parts();

// A number as printed: its text and the half unit of its last printed digit. The journal prints
// five decimals and drops trailing zeros ("0.0412" is 0.04120); "4.47059e-4" has six significant digits.
struct PrintedNumber {
  std::string text;
  double value = 0;
  double half_unit = 0;
};
PrintedNumber parse_printed(const std::string& text);

struct CellComparison {
  std::string part; // "2a"
  std::string scenario_id;
  double batch = 1;
  std::string scale_text;             // "1/16" as in the paper
  std::string row;                    // "activation", "mac", "weight", "kv_cache", "total"
  std::optional<Component> component; // nullopt for the total row
  PrintedNumber printed;
  double computed = 0;
  double deviation = 0; // computed - printed
  double tolerance = 0; // half a unit of the last printed digit (per rounded cell, for totals that add them)
  bool within = false;
  // A total the paper printed as the sum of its own rounded cells rather than the rounded exact sum.
  bool total_from_rounded_cells = false;
};

// Every cell of Table 2 (a-e), recomputed from the scenario presets and compared with the print.
std::vector<CellComparison> reproduce_table2(const PresetLibrary& library,
                                             const nlohmann::json& reference = printed_reference());

// A place where the paper's text disagrees with its own tables or inputs, found by computing.
struct Discrepancy {
  std::string id;
  std::string where;
  std::string paper_says;
  std::string computed;
};
std::vector<Discrepancy> find_discrepancies(const PresetLibrary& library,
                                            const nlohmann::json& reference = printed_reference());

} // namespace nne::paper
