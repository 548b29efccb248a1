#include "core/model/transformer.h"

#include "core/model/checked_int.h"
#include "core/util/errors.h"

#include <algorithm>

#include <string>
#include <utility>

namespace nne {

namespace {
constexpr EnumId<NormKind> kNormKindEntries[]{{"layer_norm", NormKind::layer_norm},
                                              {"rms_norm", NormKind::rms_norm},
                                              {"layer_norm_no_affine", NormKind::layer_norm_no_affine}};
constexpr EnumId<PositionEmbedding> kPositionEmbeddingEntries[]{
    {"learned", PositionEmbedding::learned}, {"rotary", PositionEmbedding::rotary}, {"none", PositionEmbedding::none}};
constexpr EnumId<QkNorm> kQkNormEntries[]{
    {"none", QkNorm::none}, {"head", QkNorm::head}, {"projection", QkNorm::projection}};
constexpr EnumId<Phase> kPhaseEntries[]{{"decode", Phase::decode}, {"prefill", Phase::prefill}};
} // namespace

const EnumIds<NormKind> kNormKindIds{kNormKindEntries};
const EnumIds<PositionEmbedding> kPositionEmbeddingIds{kPositionEmbeddingEntries};
const EnumIds<QkNorm> kQkNormIds{kQkNormEntries};
const EnumIds<Phase> kPhaseIds{kPhaseEntries};

namespace {

using detail::CheckedCount;

void require_positive(std::int64_t value, const char* field)
{
  if (value <= 0) {
    throw ModelError(field, "must be a positive integer, is " + std::to_string(value));
  }
}

void require_non_negative(std::int64_t value, const char* field, const char* zero_means)
{
  if (value < 0) {
    throw ModelError(field, std::string("must be 0 (") + zero_means + ") or more, is " + std::to_string(value));
  }
}

void require_at_most_layers(std::int64_t value, const char* field, std::int64_t n_layer)
{
  if (value > n_layer) {
    throw ModelError(field, "cannot exceed the " + std::to_string(n_layer) + " layers, is " + std::to_string(value));
  }
}

// A field that only means something together with another one.
void require_only_with(bool set, bool condition, const char* field, const char* needs)
{
  if (set && !condition) {
    throw ModelError(field, std::string("only applies ") + needs);
  }
}

void validate(const TransformerModel& m, std::int64_t context)
{
  require_positive(m.n_vocab, "n_vocab");
  require_positive(m.n_ctx, "n_ctx");
  require_positive(m.d_model, "d_model");
  require_positive(m.n_layer, "n_layer");
  require_positive(m.n_head, "n_head");
  require_positive(m.n_kv_head, "n_kv_head");
  require_positive(m.d_head, "d_head");
  require_positive(m.d_ff, "d_ff");
  require_positive(m.n_expert, "n_expert");
  require_positive(m.top_k, "top_k");
  if (m.norms_per_layer < 0) {
    throw ModelError("norms_per_layer", "must be 0 or more, is " + std::to_string(m.norms_per_layer));
  }
  if (m.position_rows < 0) {
    throw ModelError("position_rows", "must be 0 (n_ctx rows) or more, is " + std::to_string(m.position_rows));
  }
  if (m.position_rows > 0 && m.position_rows < m.n_ctx) {
    throw ModelError("position_rows", "a learned position table of " + std::to_string(m.position_rows) +
                                          " rows cannot serve the " + std::to_string(m.n_ctx) + " tokens of n_ctx");
  }
  if (m.d_embed < 0) {
    throw ModelError("d_embed", "must be 0 (d_model) or more, is " + std::to_string(m.d_embed));
  }
  if (m.n_kv_head > m.n_head || m.n_head % m.n_kv_head != 0) {
    throw ModelError("n_kv_head", "the " + std::to_string(m.n_head) + " query heads must be a multiple of the " +
                                      std::to_string(m.n_kv_head) + " key/value heads");
  }
  if (m.top_k > m.n_expert) {
    throw ModelError("top_k", "top_k (" + std::to_string(m.top_k) + ") cannot exceed the " +
                                  std::to_string(m.n_expert) + " experts");
  }
  require_non_negative(m.d_head_v, "d_head_v", "d_head");
  require_non_negative(m.d_ff_expert, "d_ff_expert", "d_ff");
  require_non_negative(m.n_dense_layer, "n_dense_layer", "every layer has experts");
  require_non_negative(m.d_ff_shared, "d_ff_shared", "no shared expert");
  require_non_negative(m.sliding_window, "sliding_window", "no sliding window");
  require_non_negative(m.n_sliding_layer, "n_sliding_layer", "no layer with a sliding window");
  require_non_negative(m.kv_lora_rank, "kv_lora_rank", "standard attention");
  require_non_negative(m.q_lora_rank, "q_lora_rank", "queries projected directly");
  require_non_negative(m.d_rope, "d_rope", "no rotary part of its own");
  require_at_most_layers(m.n_dense_layer, "n_dense_layer", m.n_layer);
  require_at_most_layers(m.n_sliding_layer, "n_sliding_layer", m.n_layer);
  const bool moe = m.is_mixture_of_experts();
  require_only_with(m.d_ff_expert > 0, moe, "d_ff_expert", "to a mixture of experts (n_expert > 1)");
  require_only_with(m.n_dense_layer > 0, moe, "n_dense_layer", "to a mixture of experts (n_expert > 1)");
  require_only_with(m.d_ff_shared > 0, moe, "d_ff_shared", "to a mixture of experts (n_expert > 1)");
  require_only_with(m.router_bias, moe, "router_bias", "to a mixture of experts (n_expert > 1)");
  require_only_with(m.shared_expert_gate, m.d_ff_shared > 0, "shared_expert_gate",
                    "with a shared expert (d_ff_shared)");
  require_only_with(m.n_sliding_layer > 0, m.sliding_window > 0, "n_sliding_layer", "with a sliding_window");
  const bool latent = m.has_latent_attention();
  require_only_with(m.q_lora_rank > 0, latent, "q_lora_rank", "to latent attention (kv_lora_rank > 0)");
  require_only_with(m.d_rope > 0, latent, "d_rope", "to latent attention (kv_lora_rank > 0)");
  require_only_with(m.qk_norm != QkNorm::none, !latent, "qk_norm", "to standard attention (kv_lora_rank 0)");
  require_only_with(m.qk_norm_bias, m.qk_norm != QkNorm::none, "qk_norm_bias", "with query and key norms (qk_norm)");
  if (latent && m.d_rope >= m.d_head) {
    throw ModelError("d_rope", "the rotary part (" + std::to_string(m.d_rope) + ") must be narrower than d_head (" +
                                   std::to_string(m.d_head) + ")");
  }
  if (context <= 0) {
    throw ModelError("context", "must be a positive number of tokens, is " + std::to_string(context));
  }
  // A learned position table has exactly n_ctx rows; rotary or no position embedding can be run
  // past the training context, which is a legitimate what-if.
  if (m.position == PositionEmbedding::learned && context > m.n_ctx) {
    throw ModelError("context", "a context of " + std::to_string(context) +
                                    " tokens exceeds the learned position embedding's " + std::to_string(m.n_ctx));
  }
}

// Causal pairs (query, position) of a prefill of L tokens when a query sees at most `window`
// positions (itself included): sum over i = 1..L of min(i, window).
CheckedCount causal_pairs(CheckedCount tokens, CheckedCount window)
{
  if (tokens <= window) {
    return tokens * (tokens + 1) / 2;
  }
  return window * (window + 1) / 2 + (tokens - window) * window;
}

// The per-layer sizes of one architecture, as checked counts: every formula below is written once.
struct LayerShapes {
  CheckedCount d, e, q_dim, k_dim, v_dim, o_in;
  CheckedCount attention_weights; // every attention matrix (one MAC per weight per token)
  CheckedCount attention_extra;   // its biases and norms
  CheckedCount kv_entry;          // KV-cache elements one position adds to one layer
  CheckedCount pair_macs_decode;  // MACs per (query, position) pair of one layer
  CheckedCount pair_macs_prefill;
  CheckedCount query_latent; // MLA's compressed query, an activation of its own
};

CheckedCount norm_parameters(const TransformerModel& m, CheckedCount width)
{
  switch (m.norm) {
  case NormKind::layer_norm: return m.norm_bias ? width * 2 : width;
  case NormKind::rms_norm: return width;
  case NormKind::layer_norm_no_affine: return 0;
  }
  return width;
}

LayerShapes layer_shapes(const TransformerModel& m)
{
  LayerShapes s;
  s.d = m.d_model;
  s.e = m.embedding_width();
  const CheckedCount heads = m.n_head;
  s.q_dim = heads * m.d_head;
  s.o_in = heads * m.value_width();
  if (m.has_latent_attention()) {
    // DeepSeek's MLA: q through an optional low-rank bottleneck (with its norm); one projection
    // to the latent plus the shared rotary key; the latent's norm; its expansion to every head's
    // non-rotary key and value; the output projection.
    const CheckedCount latent = m.kv_lora_rank;
    const CheckedCount rope = m.d_rope;
    const CheckedCount q_rank = m.q_lora_rank;
    const CheckedCount q_weights = m.q_lora_rank > 0 ? s.d * q_rank + q_rank * s.q_dim : s.d * s.q_dim;
    const CheckedCount expansion = latent * heads * (CheckedCount(m.d_head) - rope + m.value_width());
    s.attention_weights = q_weights + s.d * (latent + rope) + expansion + s.o_in * s.d;
    // As DeepSeek's modules have it: the projections from d_model and the output one carry the
    // biases, the expansions (and a direct q projection) never do.
    const CheckedCount biases = m.attention_bias ? (m.q_lora_rank > 0 ? q_rank : 0) + latent + rope + s.d : 0;
    s.attention_extra = biases + (m.q_lora_rank > 0 ? norm_parameters(m, q_rank) : 0) + norm_parameters(m, latent);
    s.kv_entry = latent + rope;
    // Decode as inference engines run it: the expansion absorbed into the query and the output,
    // attending over the latent (scores over latent + rope, values over latent). Prefill expands
    // keys and values for its own tokens and attends over them.
    s.pair_macs_decode = heads * (latent * 2 + rope);
    s.pair_macs_prefill = s.q_dim + s.o_in;
    s.query_latent = q_rank;
    return s;
  }
  s.k_dim = CheckedCount(m.n_kv_head) * m.d_head;
  s.v_dim = CheckedCount(m.n_kv_head) * m.value_width();
  s.attention_weights = s.d * s.q_dim + s.d * s.k_dim + s.d * s.v_dim + s.o_in * s.d;
  const CheckedCount qkv_biases = m.attention_bias || m.qkv_bias ? s.q_dim + s.k_dim + s.v_dim : 0;
  // The query and key norms are of the model's kind, with a shift only where qk_norm_bias says so.
  const CheckedCount qk_norm_factor = m.norm == NormKind::layer_norm_no_affine ? 0 : (m.qk_norm_bias ? 2 : 1);
  CheckedCount qk_norms = 0;
  if (m.qk_norm == QkNorm::head) {
    qk_norms = qk_norm_factor * m.d_head * 2;
  } else if (m.qk_norm == QkNorm::projection) {
    qk_norms = qk_norm_factor * (s.q_dim + s.k_dim);
  }
  s.attention_extra = qkv_biases + (m.attention_bias ? s.d : 0) + qk_norms;
  s.kv_entry = s.k_dim + s.v_dim;
  s.pair_macs_decode = s.pair_macs_prefill = s.q_dim + s.o_in; // q.k per key, weights x values
  return s;
}

// The feed-forward part: dense layers of width d_ff; with experts, the other layers hold n_expert
// routed experts of the expert width, the router, and the shared experts every token passes through.
struct FfnShapes {
  CheckedCount dense_layers, moe_layers;
  CheckedCount dense_parameters, moe_parameters; // of one layer
  CheckedCount routed_parameters;                // of one MoE layer's routed experts
  CheckedCount dense_macs, moe_macs;             // per token through one layer
  CheckedCount dense_hidden, moe_hidden;         // hidden elements per token (gate and up both live)
  CheckedCount moe_outputs;                      // FFN outputs per token of an MoE layer
};

FfnShapes ffn_shapes(const TransformerModel& m)
{
  const CheckedCount d = m.d_model;
  const CheckedCount matrices = m.gated_ffn ? 3 : 2;
  const CheckedCount hidden_per_width = m.gated_ffn ? 2 : 1;
  const auto weights = [&](CheckedCount width) { return matrices * d * width; };
  const auto parameters = [&](CheckedCount width) {
    return weights(width) + (m.mlp_bias ? (matrices - 1) * width + d : CheckedCount(0));
  };
  const CheckedCount experts = m.n_expert;
  const CheckedCount top_k = m.top_k;
  const CheckedCount expert = m.expert_width();
  const bool shared = m.d_ff_shared > 0;
  const CheckedCount router = d * experts;
  const CheckedCount shared_gate = m.shared_expert_gate ? d : 0;

  FfnShapes f;
  f.moe_layers = m.is_mixture_of_experts() ? CheckedCount(m.n_layer) - m.n_dense_layer : 0;
  f.dense_layers = CheckedCount(m.n_layer) - f.moe_layers;
  f.dense_parameters = parameters(m.d_ff);
  f.routed_parameters = experts * parameters(expert);
  f.moe_parameters = f.routed_parameters + router + (m.router_bias ? experts : 0) +
                     (shared ? parameters(m.d_ff_shared) : 0) + shared_gate;
  f.dense_macs = weights(m.d_ff);
  f.moe_macs = top_k * weights(expert) + router + (shared ? weights(m.d_ff_shared) : 0) + shared_gate;
  f.dense_hidden = CheckedCount(m.d_ff) * hidden_per_width;
  f.moe_hidden = (top_k * expert + m.d_ff_shared) * hidden_per_width;
  f.moe_outputs = top_k + (shared ? 1 : 0);
  return f;
}

// Which layers see the whole context and which at most a sliding window of positions.
struct Windows {
  CheckedCount global_layers, sliding_layers, window;
};

Windows windows_of(const TransformerModel& m)
{
  const bool windowed = m.sliding_window > 0 && m.n_sliding_layer > 0;
  const CheckedCount sliding = windowed ? m.n_sliding_layer : 0;
  return {CheckedCount(m.n_layer) - sliding, sliding, windowed ? m.sliding_window : 1};
}

void count_parameters(const TransformerModel& m, const LayerShapes& s, const FfnShapes& f, TransformerCounts& c)
{
  const CheckedCount d = s.d;
  const CheckedCount e = s.e;
  const CheckedCount vocab = m.n_vocab;
  const CheckedCount layer_norms = CheckedCount(m.norms_per_layer) * norm_parameters(m, d);
  // A token embedding narrower (or wider) than d_model is mapped in before the first layer and
  // out after the last one (OPT-350m), by matrices without biases.
  const CheckedCount projections = m.d_embed > 0 && m.d_embed != m.d_model ? e * d * 2 : 0;
  const CheckedCount positions =
      m.position == PositionEmbedding::learned ? CheckedCount(m.position_table_rows()) * d : 0;
  const CheckedCount embedding = vocab * e + positions;
  const CheckedCount lm_head = (m.tied_embeddings ? 0 : vocab * e) + (m.lm_head_bias ? vocab : 0);
  const CheckedCount layers = CheckedCount(m.n_layer) * (s.attention_weights + s.attention_extra + layer_norms) +
                              f.dense_layers * f.dense_parameters + f.moe_layers * f.moe_parameters;
  const CheckedCount outer_norms =
      (m.final_norm ? norm_parameters(m, d) : 0) + (m.embedding_norm ? norm_parameters(m, e) : 0);
  c.embedding_parameters = embedding.value();
  c.parameters = (embedding + layers + outer_norms + projections + lm_head).value();
  c.routed_expert_parameters = (f.moe_layers * f.routed_parameters).value();
}

// MACs, activation and KV-cache traffic of one step (see the header for the positions it touches).
void count_step(const TransformerModel& m, const LayerShapes& s, const FfnShapes& f, const Workload& workload,
                TransformerCounts& c)
{
  const CheckedCount d = s.d;
  const CheckedCount e = s.e;
  const CheckedCount vocab = m.n_vocab;
  const CheckedCount layers = m.n_layer;
  const CheckedCount heads = m.n_head;
  const CheckedCount context = c.context;
  const Windows w = windows_of(m);
  const bool projected = m.d_embed > 0 && m.d_embed != m.d_model;

  // MACs of one token through the weight matrices: attention projections, the FFN (or the router,
  // top_k routed and the shared experts), the embedding projections. Embedding look-ups multiply
  // nothing; the logits are the output projection to the vocabulary.
  const CheckedCount token_matmul_macs = layers * s.attention_weights + f.dense_layers * f.dense_macs +
                                         f.moe_layers * f.moe_macs + (projected ? e * d * 2 : 0);
  const CheckedCount logits_macs = vocab * e;

  // Activation traffic of one token: each tensor that leaves the chip is written once and read
  // once. Per layer: the normed input, the queries (and MLA's query latent), the attention
  // probabilities over the positions attended, the attention output, its projection, the normed
  // FFN input, the FFN hidden state (for each expert run), and the FFN outputs. K and V go to the
  // KV cache and are counted there. With one norm per layer (parallel attention) the FFN reads
  // the attention's normed input a second time instead of a tensor of its own.
  const CheckedCount ffn_input = m.norms_per_layer >= 2 ? d * 2 : d;
  const auto layer_activation = [&](CheckedCount hidden, CheckedCount ffn_outputs) {
    return (d + s.q_dim + s.query_latent + s.o_in + d + hidden + ffn_outputs * d) * 2 + ffn_input;
  };
  // Every layer's, the attention probabilities (`global_scores` and `sliding_scores` per layer)
  // apart: they differ by attention kind, the rest by FFN kind.
  const auto all_layer_activation = [&](CheckedCount global_scores, CheckedCount sliding_scores) {
    return f.dense_layers * layer_activation(f.dense_hidden, 1) +
           f.moe_layers * layer_activation(f.moe_hidden, f.moe_outputs) +
           (w.global_layers * global_scores + w.sliding_layers * sliding_scores) * 2;
  };
  // The embedding output (and its norm's), the final norm's output, and the projections' outputs.
  const CheckedCount token_edges =
      e * 2 + (m.embedding_norm ? e * 2 : 0) + (m.final_norm ? d * 2 : 0) + (projected ? (d + e) * 2 : 0);
  const CheckedCount widest_token = std::max({vocab, f.dense_hidden, f.moe_layers > 0 ? f.moe_hidden : 0, d * 3});

  if (workload.phase == Phase::decode) {
    // One new token per sequence: it reads the L cached positions, writes its own, and attends
    // over L + 1 positions (a sliding layer over at most its window, holding window - 1 cached).
    const CheckedCount global_attended = context + 1;
    const CheckedCount sliding_attended = detail::min(context + 1, w.window);
    const CheckedCount attended_pairs = w.global_layers * global_attended + w.sliding_layers * sliding_attended;
    const CheckedCount cached_read = w.global_layers * context + w.sliding_layers * (sliding_attended - 1);
    c.tokens_per_sample = 1;
    c.macs_per_sample = (token_matmul_macs + logits_macs + attended_pairs * s.pair_macs_decode).value();
    c.activation_elements_per_sample =
        (all_layer_activation(heads * global_attended, heads * sliding_attended) + token_edges + vocab * 2).value();
    c.kv_cache_elements_per_sample = ((cached_read + layers) * s.kv_entry).value();
    c.largest_activation_elements_per_sample = std::max(widest_token, heads * global_attended).value();
  } else {
    // L prompt tokens per sequence, causal: token i attends over i positions (at most a sliding
    // layer's window). Logits are computed for the last token only, as inference engines do. K and
    // V of all L tokens are written to the cache and read back once by the attention.
    const CheckedCount attended_pairs =
        w.global_layers * causal_pairs(context, context) + w.sliding_layers * causal_pairs(context, w.window);
    c.tokens_per_sample = c.context;
    c.macs_per_sample = (context * token_matmul_macs + logits_macs + attended_pairs * s.pair_macs_prefill).value();
    c.activation_elements_per_sample =
        (context * all_layer_activation(0, 0) + attended_pairs * heads * 2 + context * token_edges + vocab * 2).value();
    c.kv_cache_elements_per_sample = (layers * context * s.kv_entry * 2).value();
    c.largest_activation_elements_per_sample = (std::max(widest_token, heads * context) * context).value();
  }
  const CheckedCount resident = w.global_layers * context + w.sliding_layers * detail::min(context, w.window);
  c.kv_cache_resident_elements_per_sample = (resident * s.kv_entry).value();
}

TransformerCounts count(const TransformerModel& m, const Workload& workload, std::int64_t context)
{
  const LayerShapes s = layer_shapes(m);
  const FfnShapes f = ffn_shapes(m);
  TransformerCounts c;
  c.context = context;
  count_parameters(m, s, f, c);
  count_step(m, s, f, workload, c);
  return c;
}

} // namespace

TransformerCounts count_transformer(const TransformerModel& m, const Workload& workload)
{
  const std::int64_t context = workload.context > 0 ? workload.context : m.n_ctx; // the paper's L
  validate(m, context);
  try {
    return count(m, workload, context);
  } catch (const detail::CountOverflow&) {
    throw ModelError("the architecture", "is too large to count at a context of " + std::to_string(context) +
                                             " tokens: a count exceeds 2^63 - 1");
  }
}

} // namespace nne

namespace nne {
std::int64_t kaplan_parameters(const TransformerModel& m) noexcept
{
  return 12 * m.n_layer * m.d_model * m.d_model + (m.n_vocab + m.n_ctx) * m.d_model;
}
} // namespace nne
