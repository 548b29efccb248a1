// Every enum's one id table (core/util/enum_ids.h): each value has an id that reads back, ids are
// unique, aliases read as their value and are never written.

#include "core/model/cnn.h"
#include "core/model/component.h"
#include "core/model/counts.h"
#include "core/model/precision.h"
#include "core/model/transformer.h"
#include "core/util/enum_ids.h"
#include "core/util/text_util.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace nne {
namespace {

template <typename Enum> void expect_consistent(const EnumIds<Enum>& table, const std::vector<Enum>& every_value)
{
  EXPECT_EQ(table.values(), every_value);
  std::set<std::string> seen;
  for (const EnumId<Enum>& entry : table.entries()) {
    EXPECT_TRUE(seen.insert(detail::make_id(entry.id)).second) << "id given twice: " << entry.id;
    EXPECT_EQ(table.parse(entry.id), entry.value) << entry.id;
  }
  for (const Enum value : every_value) {
    EXPECT_FALSE(table.id(value).empty());
    EXPECT_EQ(table.parse(table.id(value)), value) << table.id(value);
  }
  EXPECT_FALSE(table.parse("").has_value());
  EXPECT_FALSE(table.parse("no-such-id").has_value());
}

TEST(EnumIds, EveryTableHasOneIdPerValueThatReadsBack)
{
  expect_consistent(kComponentIds, std::vector(kAllComponents.begin(), kAllComponents.end()));
  expect_consistent(kNumberFormatIds, std::vector(kAllNumberFormats.begin(), kAllNumberFormats.end()));
  expect_consistent(kCountSourceIds, {CountSource::declared, CountSource::counted});
  expect_consistent(kNormKindIds, {NormKind::layer_norm, NormKind::rms_norm, NormKind::layer_norm_no_affine});
  expect_consistent(kQkNormIds, {QkNorm::none, QkNorm::head, QkNorm::projection});
  expect_consistent(kPositionEmbeddingIds,
                    {PositionEmbedding::learned, PositionEmbedding::rotary, PositionEmbedding::none});
  expect_consistent(kPhaseIds, {Phase::decode, Phase::prefill});
  expect_consistent(kLayerKindIds, all_layer_kinds());
}

TEST(EnumIds, AliasesAndCaseAreReadButTheIdIsWhatIsWritten)
{
  EXPECT_EQ(parse_component("kv-cache"), Component::kv_cache);
  EXPECT_EQ(parse_component("KV"), Component::kv_cache);
  EXPECT_EQ(component_id(Component::kv_cache), "kv_cache");
  EXPECT_EQ(kComponentIds.ids(), (std::vector<std::string>{"weight", "mac", "activation", "kv_cache"}));
  EXPECT_EQ(parse_number_format("bf16"), NumberFormat::bf16);
  EXPECT_EQ(format_name(NumberFormat::bf16), "BF16");
}

} // namespace
} // namespace nne
