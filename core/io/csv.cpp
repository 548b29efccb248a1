#include "core/io/csv.h"

#include "core/util/format.h"

namespace nne {

std::string sweep_csv(const Sweep& sweep)
{
  static constexpr Component kColumns[]{Component::activation, Component::mac, Component::weight, Component::kv_cache};
  std::string csv = "batch,scale,activation,mac,weight,kv_cache,total\n";
  for (const SweepRow& row : sweep.rows) {
    csv += format_shortest(row.batch) + ',' + format_shortest(row.scale);
    for (Component component : kColumns) {
      csv += ',' + format_shortest(row.breakdown.normalized[component]);
    }
    csv += ',' + format_shortest(row.breakdown.normalized.total()) + '\n';
  }
  return csv;
}

} // namespace nne
