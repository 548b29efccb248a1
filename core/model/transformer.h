#pragma once

#include "core/util/enum_ids.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace nne {

// layer_norm_no_affine: normalization without a learned scale or shift (OLMo), no parameters.
enum class NormKind { layer_norm, rms_norm, layer_norm_no_affine };
enum class PositionEmbedding { learned, rotary, none };
// Norms on the queries and keys before the attention product (Qwen3, Gemma3, OLMo2, Cohere):
// `head`: one d_head-wide norm for the queries and one for the keys, shared by every head;
// `projection`: a norm over all of q and all of k (OLMo2), or one per head (Cohere, StableLM).
enum class QkNorm { none, head, projection };

extern const EnumIds<NormKind> kNormKindIds;                   // "layer_norm", "rms_norm", "layer_norm_no_affine"
extern const EnumIds<PositionEmbedding> kPositionEmbeddingIds; // "learned", "rotary", "none"
extern const EnumIds<QkNorm> kQkNormIds;                       // "none", "head", "projection"
inline std::string_view norm_kind_id(NormKind kind) noexcept
{
  return kNormKindIds.id(kind);
}
inline std::optional<NormKind> parse_norm_kind(std::string_view text) noexcept
{
  return kNormKindIds.parse(text);
}
inline std::string_view qk_norm_id(QkNorm kind) noexcept
{
  return kQkNormIds.id(kind);
}
inline std::string_view position_embedding_id(PositionEmbedding kind) noexcept
{
  return kPositionEmbeddingIds.id(kind);
}
inline std::optional<PositionEmbedding> parse_position_embedding(std::string_view text) noexcept
{
  return kPositionEmbeddingIds.parse(text);
}

// A decoder-only transformer (GPT, Llama, Mistral, Mixtral, Gemma, Phi, Qwen, DeepSeek, ...). Every
// field beyond the first block has a default that leaves it out, so that a GPT-style model needs
// only its sizes.
struct TransformerModel {
  std::int64_t n_vocab = 50257;
  std::int64_t n_ctx = 2048;
  std::int64_t d_model = 768;
  std::int64_t n_layer = 12;
  std::int64_t n_head = 12;
  std::int64_t n_kv_head = 12; // < n_head: grouped-query attention; 1: multi-query attention
  std::int64_t d_head = 64;    // width of a query and a key per head (with MLA: the non-rotary part + d_rope)
  std::int64_t d_ff = 3072;    // the dense FFN's width (and an expert's, unless d_ff_expert says otherwise)
  bool gated_ffn = false;      // SwiGLU / GeGLU: gate, up and down matrices
  bool tied_embeddings = true; // the output projection reuses the token embedding
  bool attention_bias = true;  // biases on the q, k, v and output projections
  bool qkv_bias = false;       // biases on q, k and v only, none on the output projection (Qwen2);
                               // implied by attention_bias
  bool mlp_bias = true;        // biases on the feed-forward matrices
  NormKind norm = NormKind::layer_norm;
  bool norm_bias = true;            // layer norm with a shift (not for RMSNorm)
  std::int64_t norms_per_layer = 2; // d_model-wide norms in one layer. 2: before attention and before the
                                    // FFN; 1: one norm feeding both (parallel attention: Falcon, Phi, GPT-J);
                                    // 4: also after each (Gemma2); 0: none
  bool final_norm = true;           // a norm after the last layer (OPT-350m's post-norm has none)
  PositionEmbedding position = PositionEmbedding::learned;
  std::int64_t position_rows = 0; // rows of a learned position table; 0: n_ctx (OPT stores n_ctx + 2)
  std::int64_t d_embed = 0;       // width of the token embedding and the output projection; 0: d_model.
                                  // Otherwise project_in (d_embed x d_model) and project_out
                                  // (d_model x d_embed) matrices map to and from d_model (OPT-350m)
  std::int64_t n_expert = 1;      // mixture of experts: every expert's FFN is stored ...
  std::int64_t top_k = 1;         // ... and top_k of them are read and computed per token

  QkNorm qk_norm = QkNorm::none;
  bool qk_norm_bias = false;   // those norms have a shift (Phi's LayerNorms); StableLM's have none
  bool embedding_norm = false; // a norm on the token embeddings before the first layer (BLOOM)
  bool lm_head_bias = false;   // the output projection adds a bias per token of the vocabulary (Phi, GPT-J)
  std::int64_t d_head_v = 0;   // width of a value per head; 0: d_head (MLA: v_head_dim)

  // Mixture of experts beyond Mixtral's (Qwen-MoE, DeepSeek): a routed expert's own width, layers
  // that keep a dense FFN, experts every token goes through, and the router's terms.
  std::int64_t d_ff_expert = 0;    // width of one routed expert; 0: d_ff
  std::int64_t n_dense_layer = 0;  // layers with a dense FFN of width d_ff instead of experts
  std::int64_t d_ff_shared = 0;    // total width of the shared experts, run for every token; 0: none
  bool shared_expert_gate = false; // a d_model -> 1 gate scales the shared expert's output (Qwen2-MoE)
  bool router_bias = false;        // the router stores a term per expert (DeepSeek-V3's score correction)

  // Sliding-window attention: n_sliding_layer layers attend over the last sliding_window positions
  // only and keep only those in the KV cache (Mistral v0.1, Gemma2, Gemma3).
  std::int64_t sliding_window = 0; // 0: every layer attends over the whole context
  std::int64_t n_sliding_layer = 0;

  // Multi-head latent attention (DeepSeek-V2/V3): keys and values are expanded from a latent of
  // kv_lora_rank elements that, with the d_rope-wide shared rotary key, is all the KV cache holds.
  std::int64_t kv_lora_rank = 0; // 0: standard attention
  std::int64_t q_lora_rank = 0;  // the queries' own low-rank bottleneck; 0: q projected directly
  std::int64_t d_rope = 0;       // the rotary part of d_head (qk_rope_head_dim)

  std::int64_t embedding_width() const noexcept { return d_embed > 0 ? d_embed : d_model; }
  std::int64_t position_table_rows() const noexcept { return position_rows > 0 ? position_rows : n_ctx; }
  std::int64_t value_width() const noexcept { return d_head_v > 0 ? d_head_v : d_head; }
  std::int64_t expert_width() const noexcept { return d_ff_expert > 0 ? d_ff_expert : d_ff; }
  bool is_mixture_of_experts() const noexcept { return n_expert > 1; }
  bool has_latent_attention() const noexcept { return kv_lora_rank > 0; }

  friend bool operator==(const TransformerModel&, const TransformerModel&) = default;
};

// The fields beyond a GPT-style model's sizes, each with its file key: the model format reads and
// writes them from these tables (only where they differ from the defaults), so that a field is
// listed once. Every integer here is 0 or more, 0 meaning "none" or "the default" (see above).
struct TransformerCountField {
  std::string_view key;
  std::int64_t TransformerModel::*member;
};
struct TransformerFlagField {
  std::string_view key;
  bool TransformerModel::*member;
};
inline constexpr TransformerCountField kOptionalTransformerCounts[]{
    {"norms_per_layer", &TransformerModel::norms_per_layer},
    {"position_rows", &TransformerModel::position_rows},
    {"d_embed", &TransformerModel::d_embed},
    {"d_head_v", &TransformerModel::d_head_v},
    {"d_ff_expert", &TransformerModel::d_ff_expert},
    {"n_dense_layer", &TransformerModel::n_dense_layer},
    {"d_ff_shared", &TransformerModel::d_ff_shared},
    {"sliding_window", &TransformerModel::sliding_window},
    {"n_sliding_layer", &TransformerModel::n_sliding_layer},
    {"kv_lora_rank", &TransformerModel::kv_lora_rank},
    {"q_lora_rank", &TransformerModel::q_lora_rank},
    {"d_rope", &TransformerModel::d_rope},
};
inline constexpr TransformerFlagField kOptionalTransformerFlags[]{
    {"qkv_bias", &TransformerModel::qkv_bias},         {"final_norm", &TransformerModel::final_norm},
    {"qk_norm_bias", &TransformerModel::qk_norm_bias}, {"embedding_norm", &TransformerModel::embedding_norm},
    {"lm_head_bias", &TransformerModel::lm_head_bias}, {"shared_expert_gate", &TransformerModel::shared_expert_gate},
    {"router_bias", &TransformerModel::router_bias},
};

enum class Phase { decode, prefill };
extern const EnumIds<Phase> kPhaseIds; // "decode", "prefill"
inline std::string_view phase_id(Phase phase) noexcept
{
  return kPhaseIds.id(phase);
}
inline std::optional<Phase> parse_phase(std::string_view text) noexcept
{
  return kPhaseIds.parse(text);
}

// What one sample of a step is for a decoder.
struct Workload {
  Phase phase = Phase::decode;
  std::int64_t context = 0; // L; 0 means the model's n_ctx

  friend bool operator==(const Workload&, const Workload&) = default;
};

struct TransformerCounts {
  std::int64_t parameters = 0;               // all stored (every expert)
  std::int64_t routed_expert_parameters = 0; // of which in routed experts (0 for a dense model)
  std::int64_t embedding_parameters = 0;     // token (+ position) embeddings
  std::int64_t macs_per_sample = 0;          // decode: one token at context L; prefill: L tokens
  std::int64_t activation_elements_per_sample = 0;
  std::int64_t kv_cache_elements_per_sample = 0;           // moved (read and written) by the step
  std::int64_t kv_cache_resident_elements_per_sample = 0;  // held after the step, for a capacity check
  std::int64_t largest_activation_elements_per_sample = 0; // the widest tensor of the step at once
  std::int64_t tokens_per_sample = 1;                      // decode 1, prefill L
  std::int64_t context = 0;                                // the L used

  friend bool operator==(const TransformerCounts&, const TransformerCounts&) = default;
};

// A decode step at context L: one new token per sequence reads the L cached positions' keys and
// values, writes its own, and attends over L + 1 positions (the cached ones and itself). A
// prefill of L tokens writes and reads back all L, token i attending over i positions. With a
// sliding window W a layer attends over at most W positions and keeps at most W - 1 cached.
//
// Throws ModelError for an inconsistent architecture (n_head not a multiple of n_kv_head, top_k >
// n_expert, a context beyond n_ctx, non-positive sizes, ...) and for one too large to count
// (a count beyond 2^63 - 1, never a wrapped number).
TransformerCounts count_transformer(const TransformerModel& model, const Workload& workload);

} // namespace nne

namespace nne {
// Kaplan et al.'s approximation 12 n_layer d_model^2 + (n_vocab + n_ctx) d_model, which the paper's
// declared parameter counts are rounded from.
std::int64_t kaplan_parameters(const TransformerModel& model) noexcept;
} // namespace nne
