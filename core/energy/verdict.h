#pragma once

#include "core/energy/scenario.h"

#include <string>

namespace nne {

// A short plain-language account of a scenario at one batch, for the GUI and the command line:
//   "Llama-7B (paper) at batch 4 is memory-bound: weights 59 %, KV cache 36 %, MACs 5 %.
//    16x cheaper weight memory saves 56 %; 16x cheaper MACs save 5 %. It never becomes
//    compute-bound at this context length."
// `what_if_scale` is the factor the savings are quoted for (1/16 in the paper).
std::string verdict(const Scenario& scenario, const ScenarioResult& result, double batch, double what_if_scale);

} // namespace nne

namespace nne {
// The formula behind one component of a step, with its numbers filled in, e.g.
//   "kv_cache = B x KV x b_kv x e_kv x s_kv = 4 x 1 G x 16 bit x 4.5 pJ/bit x 1/16 = 18 mJ"
std::string explain_component(const Scenario& scenario, const ScenarioResult& result, Component component, double batch,
                              const Scales& scales);
} // namespace nne
