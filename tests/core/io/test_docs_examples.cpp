// The examples in docs/file-formats.md, read by the real readers, so that the documentation cannot
// drift from the code: every ```json block must be valid JSON, and every one that is a whole file
// (it has "format") must load without unknown keys, survive a save, and (a scenario) evaluate.
// A block preceded by "<!-- docs-test: evaluating fails at /key -->" must fail there instead, with
// the message the documentation quotes. Capacity warnings a scenario example gives must be quoted too.

#include "core/energy/scenario.h"
#include "core/io/hardware_json.h"
#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/model/cnn.h"
#include "core/model/layer_fields.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace nne {
namespace {

using nlohmann::json;

std::string read_text(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct JsonBlock {
  int line = 0; // of the opening fence, 1-based
  std::string text;
  std::optional<std::string> fails_at; // from <!-- docs-test: evaluating fails at /key -->
};

std::vector<JsonBlock> json_blocks(const std::string& markdown)
{
  std::vector<JsonBlock> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::string previous; // the last non-empty line outside a block
  int number = 0;
  JsonBlock* open = nullptr;
  bool in_other_fence = false;
  const std::string marker = "<!-- docs-test: evaluating fails at ";
  while (std::getline(in, line)) {
    ++number;
    if (open != nullptr) {
      if (line.starts_with("```")) {
        open = nullptr;
      } else {
        open->text += line + "\n";
      }
      continue;
    }
    if (in_other_fence) {
      in_other_fence = !line.starts_with("```");
      continue;
    }
    if (line == "```json") {
      JsonBlock block;
      block.line = number;
      if (previous.starts_with(marker) && previous.ends_with(" -->")) {
        block.fails_at = previous.substr(marker.size(), previous.size() - marker.size() - 4);
      }
      blocks.push_back(std::move(block));
      open = &blocks.back();
    } else if (line.starts_with("```")) {
      in_other_fence = true;
    } else if (!line.empty()) {
      previous = line;
    }
  }
  EXPECT_EQ(open, nullptr) << "a ```json block is not closed";
  return blocks;
}

void expect_no_unknown_keys(const json& unknown, const std::string& what)
{
  EXPECT_TRUE(unknown.empty()) << what << " has keys the reader does not know: " << unknown.dump();
}

TEST(DocsExamples, EveryFileInTheFileFormatDocumentationLoads)
{
  const std::string markdown = read_text(std::filesystem::path(NNE_DOCS_DIR) / "file-formats.md");
  const PresetLibrary& library = builtin_presets();
  const std::vector<JsonBlock> blocks = json_blocks(markdown);
  std::map<std::string, int> files; // per format
  int expected_failures = 0;
  for (const JsonBlock& block : blocks) {
    const std::string origin = "docs/file-formats.md:" + std::to_string(block.line);
    SCOPED_TRACE(origin);
    json value;
    try {
      value = parse_json_text(block.text, origin);
    } catch (const InputError& error) {
      ADD_FAILURE() << error.what() << " (write a fragment that is not JSON in a plain ``` block)";
      continue;
    }
    if (!value.is_object() || !value.contains("format")) {
      EXPECT_FALSE(block.fails_at) << "only a whole file can be marked as failing";
      continue; // a fragment: valid JSON is all that can be asked of it
    }
    const std::string format = value.at("format").get<std::string>();
    ++files[format];
    try {
      if (format == kModelFormat) {
        const Model model = model_from_json(value, origin);
        expect_no_unknown_keys(model.unknown_keys, "the model");
        EXPECT_EQ(model_from_json(model_to_json(model), origin).architecture, model.architecture);
      } else if (format == kHardwareFormat) {
        const Hardware hardware = hardware_from_json(value, library.catalog, origin);
        expect_no_unknown_keys(hardware.unknown_keys, "the hardware");
        const Hardware back = hardware_from_json(hardware_to_json(hardware), library.catalog, origin);
        EXPECT_EQ(static_cast<const HardwareUnits&>(back), static_cast<const HardwareUnits&>(hardware));
      } else if (format == kCatalogFormat) {
        const HardwareCatalog catalog = catalog_from_json(value, origin);
        EXPECT_FALSE(catalog.memories.empty() && catalog.nodes.empty() && catalog.mac_units.empty());
      } else if (format == kScenarioFormat) {
        const Scenario scenario = scenario_from_json(value, library, origin);
        expect_no_unknown_keys(scenario.unknown_keys, "the scenario");
        expect_no_unknown_keys(scenario.model.unknown_keys, "the scenario's model");
        expect_no_unknown_keys(scenario.hardware.unknown_keys, "the scenario's hardware");
        const json saved = scenario_to_json(scenario);
        EXPECT_EQ(scenario_to_json(scenario_from_json(saved, library, origin)), saved);
        if (block.fails_at) {
          ++expected_failures;
          try {
            (void)evaluate(scenario);
            ADD_FAILURE() << "the documentation says this scenario fails at " << *block.fails_at << "; it evaluates";
          } catch (const InputError& error) {
            EXPECT_EQ(error.key_path(), *block.fails_at);
            EXPECT_NE(markdown.find(error.problem()), std::string::npos)
                << "the documentation does not quote the message: " << error.problem();
          }
        } else {
          const ScenarioResult result = evaluate(scenario);
          for (const CapacityWarning& warning : result.capacity_warnings) {
            EXPECT_NE(markdown.find("Warning: " + warning.message + "."), std::string::npos)
                << "the documentation does not quote the warning: " << warning.message;
          }
        }
      } else {
        ADD_FAILURE() << "unknown format \"" << format << "\"";
      }
    } catch (const std::exception& error) {
      ADD_FAILURE() << error.what();
    }
  }
  // The documentation shows a file of every kind (so a broken block parser cannot pass by finding none).
  EXPECT_GE(files[std::string(kModelFormat)], 1);
  EXPECT_GE(files[std::string(kHardwareFormat)], 1);
  EXPECT_GE(files[std::string(kCatalogFormat)], 1);
  EXPECT_GE(files[std::string(kScenarioFormat)], 3);
  EXPECT_GE(expected_failures, 1);
}

TEST(DocsExamples, TheExampleScenariosLoadAndEvaluate)
{
  int scenarios = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(NNE_DOCS_DIR) / "examples")) {
    if (!entry.path().string().ends_with(".nne.json")) {
      continue;
    }
    SCOPED_TRACE(entry.path().string());
    ++scenarios;
    try {
      const Scenario scenario = load_scenario_file(entry.path(), builtin_presets());
      EXPECT_TRUE(scenario.unknown_keys.empty()) << scenario.unknown_keys.dump();
      const ScenarioResult result = evaluate(scenario);
      EXPECT_EQ(result.breakdowns.size(), scenario.batches.size());
    } catch (const std::exception& error) {
      ADD_FAILURE() << error.what();
    }
  }
  EXPECT_GE(scenarios, 1);
}

// The file format's layer kinds are the ones the documentation's "Kinds" table lists, in its
// order within each row: a kind renamed, added or dropped in core/model/cnn.cpp must be documented.
TEST(DocsExamples, TheDocumentedLayerKindsAreTheOnesFilesAccept)
{
  const std::string docs = read_text(std::filesystem::path(NNE_DOCS_DIR) / "file-formats.md");
  const std::size_t table = docs.find("| kind | output | parameters |");
  ASSERT_NE(table, std::string::npos);
  std::vector<std::string> documented;
  std::istringstream rows(docs.substr(table));
  std::string row;
  std::getline(rows, row); // the header
  std::getline(rows, row); // |---|
  const std::regex id("`([a-z0-9_]+)`");
  while (std::getline(rows, row) && row.starts_with('|')) {
    const std::string first_cell = row.substr(1, row.find('|', 1) - 1);
    for (std::sregex_iterator it(first_cell.begin(), first_cell.end(), id), end; it != end; ++it) {
      documented.push_back((*it)[1]);
    }
  }
  std::vector<std::string> accepted = kLayerKindIds.ids();
  std::ranges::sort(documented);
  std::ranges::sort(accepted);
  EXPECT_EQ(documented, accepted);
}

// The settings table of the CNN format ("| key | for | meaning |") names, for each setting, the
// kinds that carry it ("pools" for both pooling kinds, a default in parentheses): exactly the
// schema of core/model/layer_fields.h.
TEST(DocsExamples, TheDocumentedLayerSettingsAreTheOnesEachKindCarries)
{
  const std::string docs = read_text(std::filesystem::path(NNE_DOCS_DIR) / "file-formats.md");
  const std::size_t table = docs.find("| key | for | meaning |");
  ASSERT_NE(table, std::string::npos);
  std::set<std::pair<std::string, std::string>> documented; // (kind, setting)
  std::istringstream rows(docs.substr(table));
  std::string row;
  std::getline(rows, row);
  std::getline(rows, row);
  const std::regex id("`([a-z0-9_]+)`");
  const std::regex kind_word("([a-z_]+)( \\([^)]*\\))?");
  while (std::getline(rows, row) && row.starts_with('|')) {
    const std::size_t second = row.find('|', 1);
    const std::string keys = row.substr(1, second - 1);
    const std::string kinds = row.substr(second + 1, row.find('|', second + 1) - second - 1);
    std::vector<std::string> kind_ids;
    std::istringstream kind_list(kinds);
    for (std::string word; std::getline(kind_list, word, ',');) {
      std::smatch match;
      const std::string trimmed = word.substr(word.find_first_not_of(' '));
      ASSERT_TRUE(std::regex_search(trimmed, match, kind_word)) << row;
      if (match[1] == "pools") {
        kind_ids.insert(kind_ids.end(), {"max_pool", "avg_pool"});
      } else {
        kind_ids.push_back(match[1]);
      }
    }
    for (std::sregex_iterator it(keys.begin(), keys.end(), id), end; it != end; ++it) {
      if (!kLayerFieldIds.parse((*it)[1].str())) {
        continue; // name, kind, inputs: every layer's
      }
      for (const std::string& kind : kind_ids) {
        documented.emplace(kind, (*it)[1]);
      }
    }
  }
  std::set<std::pair<std::string, std::string>> carried;
  for (const LayerKind kind : all_layer_kinds()) {
    for (const KindField& kind_field : layer_fields(kind)) {
      carried.emplace(std::string(layer_kind_id(kind)), std::string(layer_field_id(kind_field.field)));
    }
  }
  EXPECT_EQ(documented, carried);
}

} // namespace
} // namespace nne
