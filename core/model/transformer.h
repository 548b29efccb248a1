#pragma once

#include "core/util/enum_ids.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace nne {

enum class NormKind { layer_norm, rms_norm };
enum class PositionEmbedding { learned, rotary, none };

extern const EnumIds<NormKind> kNormKindIds;                   // "layer_norm", "rms_norm"
extern const EnumIds<PositionEmbedding> kPositionEmbeddingIds; // "learned", "rotary", "none"
inline std::string_view norm_kind_id(NormKind kind) noexcept
{
  return kNormKindIds.id(kind);
}
inline std::optional<NormKind> parse_norm_kind(std::string_view text) noexcept
{
  return kNormKindIds.parse(text);
}
inline std::string_view position_embedding_id(PositionEmbedding kind) noexcept
{
  return kPositionEmbeddingIds.id(kind);
}
inline std::optional<PositionEmbedding> parse_position_embedding(std::string_view text) noexcept
{
  return kPositionEmbeddingIds.parse(text);
}

// A decoder-only transformer (GPT, Llama, Mistral, Mixtral, ...).
struct TransformerModel {
  std::int64_t n_vocab = 50257;
  std::int64_t n_ctx = 2048;
  std::int64_t d_model = 768;
  std::int64_t n_layer = 12;
  std::int64_t n_head = 12;
  std::int64_t n_kv_head = 12; // < n_head: grouped-query attention; 1: multi-query attention
  std::int64_t d_head = 64;
  std::int64_t d_ff = 3072;
  bool gated_ffn = false;      // SwiGLU / GeGLU: gate, up and down matrices
  bool tied_embeddings = true; // the output projection reuses the token embedding
  bool attention_bias = true;  // biases on the q, k, v and output projections
  bool qkv_bias = false;       // biases on q, k and v only, none on the output projection (Qwen2);
                               // implied by attention_bias
  bool mlp_bias = true;        // biases on the feed-forward matrices
  NormKind norm = NormKind::layer_norm;
  bool norm_bias = true;            // layer norm with a shift (not for RMSNorm)
  std::int64_t norms_per_layer = 2; // 2: before attention and before the FFN; 1: one norm feeding
                                    // both (Falcon-7B's parallel attention); 0: none
  bool final_norm = true;           // a norm after the last layer (OPT-350m's post-norm has none)
  PositionEmbedding position = PositionEmbedding::learned;
  std::int64_t position_rows = 0; // rows of a learned position table; 0: n_ctx (OPT stores n_ctx + 2)
  std::int64_t d_embed = 0;       // width of the token embedding and the output projection; 0: d_model.
                                  // Otherwise project_in (d_embed x d_model) and project_out
                                  // (d_model x d_embed) matrices map to and from d_model (OPT-350m)
  std::int64_t n_expert = 1;      // mixture of experts: every expert's FFN is stored ...
  std::int64_t top_k = 1;         // ... and top_k of them are read and computed per token

  std::int64_t embedding_width() const noexcept { return d_embed > 0 ? d_embed : d_model; }
  std::int64_t position_table_rows() const noexcept { return position_rows > 0 ? position_rows : n_ctx; }

  friend bool operator==(const TransformerModel&, const TransformerModel&) = default;
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
  std::int64_t kv_cache_elements_per_sample = 0;
  std::int64_t tokens_per_sample = 1; // decode 1, prefill L
  std::int64_t context = 0;           // the L used
};

// Throws ModelError for an inconsistent architecture (n_head not a multiple of n_kv_head, top_k >
// n_expert, a context beyond n_ctx, non-positive sizes, ...).
TransformerCounts count_transformer(const TransformerModel& model, const Workload& workload);

} // namespace nne

namespace nne {
// Kaplan et al.'s approximation 12 n_layer d_model^2 + (n_vocab + n_ctx) d_model, which the paper's
// declared parameter counts are rounded from.
std::int64_t kaplan_parameters(const TransformerModel& model) noexcept;
} // namespace nne
