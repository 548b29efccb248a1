// Scenario rules that the files, the command line and the GUI share (core/energy/scenario.h).

#include "core/energy/scenario.h"
#include "core/io/presets.h"
#include "core/io/scenario_json.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace nne {
namespace {

std::string batch_list_problem(std::string_view text)
{
  try {
    parse_batch_list(text);
  } catch (const std::invalid_argument& problem) {
    return problem.what();
  }
  return {};
}

TEST(ScenarioRules, BatchListsAreWholeNumbersFromOneToTheLargestBatch)
{
  EXPECT_EQ(parse_batch_list("1, 4,8 ,16"), (std::vector<double>{1, 4, 8, 16}));
  EXPECT_EQ(parse_batch_list(",1,,2,"), (std::vector<double>{1, 2}));
  EXPECT_EQ(parse_batch_list("1000000000"), (std::vector<double>{kLargestBatch}));
  EXPECT_EQ(batch_list_problem("1, 0"), "\"0\" is not a whole number from 1 to 1,000,000,000");
  EXPECT_EQ(batch_list_problem("1.5"), "\"1.5\" is not a whole number from 1 to 1,000,000,000");
  EXPECT_EQ(batch_list_problem("1000000001"), "\"1000000001\" is not a whole number from 1 to 1,000,000,000");
  EXPECT_EQ(batch_list_problem("4 8"), "\"4 8\" is not a whole number from 1 to 1,000,000,000");
  EXPECT_EQ(batch_list_problem("x"), "\"x\" is not a whole number from 1 to 1,000,000,000");
  EXPECT_EQ(batch_list_problem(" , "), "give at least one batch size");
  EXPECT_EQ(batch_list_problem(""), "give at least one batch size");
}

// The file reader applies the same rule: what one accepts the other does.
TEST(ScenarioRules, TheFileReaderTakesTheBatchesTheRuleTakes)
{
  Scenario scenario = *builtin_presets().find_scenario("paper-llama7b-kv");
  for (const double batch : {1.0, 7.0, kLargestBatch}) {
    scenario.batches = {batch};
    EXPECT_EQ(scenario_from_json(scenario_to_json(scenario), builtin_presets(), "s").batches, scenario.batches);
  }
  for (const double batch : {0.0, 2.5, kLargestBatch + 1}) {
    EXPECT_FALSE(is_valid_batch(batch));
    scenario.batches = {batch};
    nlohmann::json file = scenario_to_json(scenario);
    file["batches"] = {batch};
    EXPECT_THROW(scenario_from_json(file, builtin_presets(), "s"), InputError) << batch;
  }
}

} // namespace
} // namespace nne
