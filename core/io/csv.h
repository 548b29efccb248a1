#pragma once

#include "core/energy/energy.h"

#include <string>

namespace nne {

// The sweep as CSV (design.md section 5): the header batch,scale,activation,mac,weight,kv_cache,total
// and a row per (batch, scale) of normalized energies, each number in its shortest exact form.
// The command line's `sweep --format csv` and the sweep chart's CSV export are this text.
std::string sweep_csv(const Sweep& sweep);

} // namespace nne
