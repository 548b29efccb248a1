#include "core/model/transformer.h"

#include "core/util/errors.h"

#include <string>
#include <utility>

namespace nne {

namespace {
constexpr EnumId<NormKind> kNormKindEntries[]{{"layer_norm", NormKind::layer_norm}, {"rms_norm", NormKind::rms_norm}};
constexpr EnumId<PositionEmbedding> kPositionEmbeddingEntries[]{
    {"learned", PositionEmbedding::learned}, {"rotary", PositionEmbedding::rotary}, {"none", PositionEmbedding::none}};
constexpr EnumId<Phase> kPhaseEntries[]{{"decode", Phase::decode}, {"prefill", Phase::prefill}};
} // namespace

const EnumIds<NormKind> kNormKindIds{kNormKindEntries};
const EnumIds<PositionEmbedding> kPositionEmbeddingIds{kPositionEmbeddingEntries};
const EnumIds<Phase> kPhaseIds{kPhaseEntries};

namespace {

void require_positive(std::int64_t value, const char* field)
{
  if (value <= 0) {
    throw ModelError(field, "must be a positive integer, is " + std::to_string(value));
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

} // namespace

TransformerCounts count_transformer(const TransformerModel& m, const Workload& workload)
{
  const std::int64_t context = workload.context > 0 ? workload.context : m.n_ctx; // the paper's L
  validate(m, context);

  const std::int64_t d = m.d_model;
  const std::int64_t e = m.embedding_width();
  const std::int64_t q_dim = m.n_head * m.d_head;
  const std::int64_t kv_dim = m.n_kv_head * m.d_head;
  const std::int64_t ffn_matrices = m.gated_ffn ? 3 : 2;
  const std::int64_t norm_params = m.norm == NormKind::layer_norm && m.norm_bias ? 2 * d : d;
  const std::int64_t final_norm_params = m.final_norm ? norm_params : 0;
  // A token embedding narrower (or wider) than d_model is mapped in before the first layer and
  // out after the last one (OPT-350m), by matrices without biases.
  const std::int64_t projection_weights = e != d ? 2 * e * d : 0;

  // Weights of one layer, as matrices (each weight element is one MAC per token when it is used).
  const std::int64_t attention_weights = d * q_dim + 2 * d * kv_dim + q_dim * d;
  const std::int64_t qkv_biases = m.attention_bias || m.qkv_bias ? q_dim + 2 * kv_dim : 0;
  const std::int64_t attention_biases = qkv_biases + (m.attention_bias ? d : 0);
  const std::int64_t expert_weights = ffn_matrices * d * m.d_ff;
  const std::int64_t expert_biases = m.mlp_bias ? (ffn_matrices - 1) * m.d_ff + d : 0;
  const std::int64_t router_weights = m.n_expert > 1 ? d * m.n_expert : 0;

  TransformerCounts c;
  c.context = context;
  c.embedding_parameters = m.n_vocab * e + (m.position == PositionEmbedding::learned ? m.position_table_rows() * d : 0);
  const std::int64_t per_layer = attention_weights + attention_biases + m.n_expert * (expert_weights + expert_biases) +
                                 router_weights + m.norms_per_layer * norm_params;
  const std::int64_t lm_head = m.tied_embeddings ? 0 : m.n_vocab * e;
  c.parameters = c.embedding_parameters + m.n_layer * per_layer + final_norm_params + projection_weights + lm_head;
  c.routed_expert_parameters = m.n_expert > 1 ? m.n_layer * m.n_expert * (expert_weights + expert_biases) : 0;

  // MACs of one token through the weight matrices: attention projections, the top_k experts' FFN
  // (and the router), the embedding projections, and the output projection to the vocabulary.
  // Embedding look-ups multiply nothing.
  const std::int64_t token_matmul_macs =
      m.n_layer * (attention_weights + m.top_k * expert_weights + router_weights) + projection_weights;
  const std::int64_t logits_macs = m.n_vocab * e;
  // Attention of one token over `attended` cached tokens: q.k for every key and the weighted sum of
  // the values, per head: 2 x attended x n_head x d_head per layer.
  const auto attention_macs = [&](std::int64_t attended) { return 2 * m.n_layer * attended * q_dim; };

  // Activation traffic of one token: each tensor that leaves the chip is written once and read
  // once. Per layer: the normed input, the queries, the attention probabilities over the context,
  // the attention output, its projection, the normed FFN input, the FFN hidden state (gate and up
  // for a gated FFN, for each of the top_k experts), and the FFN output. K and V go to the KV cache
  // and are counted there. With one norm per layer (parallel attention) the FFN reads the
  // attention's normed input a second time instead of a tensor of its own.
  const std::int64_t ffn_hidden = m.top_k * m.d_ff * (m.gated_ffn ? 2 : 1);
  const std::int64_t ffn_input = m.norms_per_layer >= 2 ? 2 * d : d;
  const auto layer_activation = [&](std::int64_t scores) {
    return 2 * (d + q_dim + scores + q_dim + d + ffn_hidden + m.top_k * d) + ffn_input;
  };
  // The embedding output, the final norm's output, and the projections' outputs.
  const std::int64_t token_edges = 2 * e + (m.final_norm ? 2 * d : 0) + (e != d ? 2 * (d + e) : 0);

  if (workload.phase == Phase::decode) {
    // One new token per sequence attending over L cached tokens; its K and V are written once.
    c.tokens_per_sample = 1;
    c.macs_per_sample = token_matmul_macs + logits_macs + attention_macs(context);
    c.activation_elements_per_sample = m.n_layer * layer_activation(m.n_head * context) + token_edges + 2 * m.n_vocab;
    c.kv_cache_elements_per_sample = 2 * m.n_layer * context * kv_dim + 2 * m.n_layer * kv_dim;
  } else {
    // L prompt tokens per sequence, causal: token i attends over i tokens. Logits are computed for
    // the last token only, as inference engines do. K and V of all L tokens are written to the
    // cache and read back once by the attention.
    const std::int64_t causal_pairs = context * (context + 1) / 2;
    c.tokens_per_sample = context;
    c.macs_per_sample = context * token_matmul_macs + logits_macs + 2 * m.n_layer * causal_pairs * q_dim;
    c.activation_elements_per_sample = m.n_layer * (context * layer_activation(0) + 2 * m.n_head * causal_pairs) +
                                       context * token_edges + 2 * m.n_vocab;
    c.kv_cache_elements_per_sample = 2 * (2 * m.n_layer * context * kv_dim);
  }
  return c;
}

} // namespace nne

namespace nne {
std::int64_t kaplan_parameters(const TransformerModel& m) noexcept
{
  return 12 * m.n_layer * m.d_model * m.d_model + (m.n_vocab + m.n_ctx) * m.d_model;
}
} // namespace nne
