// Every family the Hugging Face importer reads, checked three ways: against a count written out
// here from the family's module list in transformers' modeling_<family>.py (independent of the
// importer's mapping onto TransformerModel), against the checkpoint's published total where one
// is published (tests/fixtures/hf/README.md names each source), and, where attention differs
// (sliding windows, latent attention, experts), against the KV cache and MACs of a decode step.
#include "core/import/hf_config.h"
#include "core/io/json_reader.h"
#include "core/model/transformer.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace nne {
namespace {

using nlohmann::json;

json fixture(const std::string& name)
{
  return read_json_file(std::string(NNE_FIXTURES_DIR) + "/hf/" + name + "/config.json");
}

Model import(const json& config, const std::string& name = "test")
{
  return model_from_hf_config(config, "config.json", name);
}

TransformerModel architecture_of(const std::string& name)
{
  return std::get<TransformerModel>(import(fixture(name), name).architecture);
}

TransformerCounts counts_of(const std::string& name, Workload workload = {})
{
  return count_transformer(architecture_of(name), workload);
}

// A linear layer's parameters: weight in x out, and a bias of out where it has one.
std::int64_t linear(std::int64_t in, std::int64_t out, bool bias = false)
{
  return in * out + (bias ? out : 0);
}

// The sizes under transformers' standard keys, with the family's fallbacks for absent ones.
struct Sizes {
  std::int64_t h, layers, heads, kv_heads, head_dim, ffn, vocab;
};

std::int64_t key(const json& config, const char* name, std::int64_t fallback = -1)
{
  if (config.contains(name) && !config.at(name).is_null()) {
    return config.at(name).get<std::int64_t>();
  }
  EXPECT_GE(fallback, 0) << name << " missing";
  return fallback;
}

Sizes sizes(const json& c)
{
  Sizes s{};
  s.h = key(c, "hidden_size");
  s.layers = key(c, "num_hidden_layers");
  s.heads = key(c, "num_attention_heads");
  s.kv_heads = key(c, "num_key_value_heads", s.heads);
  s.head_dim = key(c, "head_dim", s.h / s.heads);
  s.ffn = key(c, "intermediate_size");
  s.vocab = key(c, "vocab_size");
  return s;
}

// q, k, v and o of standard attention, biases on all four or on q, k, v only.
std::int64_t attention(const Sizes& s, bool qkv_bias, bool o_bias)
{
  return linear(s.h, s.heads * s.head_dim, qkv_bias) + 2 * linear(s.h, s.kv_heads * s.head_dim, qkv_bias) +
         linear(s.heads * s.head_dim, s.h, o_bias);
}

std::int64_t gated_mlp(std::int64_t h, std::int64_t width)
{
  return 3 * h * width;
}

// ---------------------------------------------------------------------------------------------
// Parameters, to the unit

struct Exact {
  const char* fixture;
  std::int64_t parameters; // as published, to the unit
};

// The totals published to the unit (sources in tests/fixtures/hf/README.md and the notes below).
constexpr Exact kPublishedExactly[]{
    {"gemma-2-2b", 2'614'341'888},        // HF safetensors total of google/gemma-2-2b(-it)
    {"gemma-3-1b-it", 999'885'952},       // HF safetensors total; Keras preset gemma3_1b
    {"phi-2", 2'779'683'840},             // HF safetensors {F16: 2779683840}
    {"phi-3.5-moe", 41'873'153'344},      // Phi-3.5-MoE total as published
    {"stablelm-2-1.6b", 1'644'515'328},   // safetensors metadata of stablelm-2-1_6b
    {"bloom-560m", 559'214'592},          // huggingface_hub's own test of get_safetensors_metadata
    {"deepseek-v2-lite", 15'706'484'224}, // safetensors total of DeepSeek-V2-Lite(-Chat)
    {"deepseek-v3", 671'026'419'200},     // the checkpoint's main model (its MTP layer excluded)
};

TEST(HfFamilies, PublishedTotalsToTheUnit)
{
  for (const Exact& published : kPublishedExactly) {
    SCOPED_TRACE(published.fixture);
    EXPECT_EQ(counts_of(published.fixture).parameters, published.parameters);
  }
}

struct Rounded {
  const char* fixture;
  double published; // as printed on the model card
  double half_unit; // half the printed last digit
};

// Only rounded totals are published for these; the count must round to them.
constexpr Rounded kPublishedRounded[]{
    {"starcoder2-3b", 3.03e9, 0.005e9},
    {"c4ai-command-r-v01", 35e9, 0.5e9},
    {"qwen1.5-moe-a2.7b", 14.3e9, 0.05e9},
    {"qwen3-30b-a3b", 30.5e9, 0.05e9},
    {"qwen3-8b", 8.2e9, 0.05e9},
    {"olmo-1b-hf", 1.18e9, 0.005e9},
    {"olmo-2-1124-7b-instruct", 7.3e9, 0.05e9},
    {"granite-3.3-8b-instruct", 8.17e9, 0.005e9},
    {"gpt_bigcode-santacoder", 1.1e9, 0.05e9},
};

TEST(HfFamilies, PublishedRoundedTotals)
{
  for (const Rounded& published : kPublishedRounded) {
    SCOPED_TRACE(published.fixture);
    EXPECT_NEAR(static_cast<double>(counts_of(published.fixture).parameters), published.published, published.half_unit);
  }
}

TEST(HfFamilies, Gemma2FourNormsPerLayer)
{
  const json c = fixture("gemma-2-2b");
  const Sizes s = sizes(c);
  const std::int64_t layer = attention(s, false, false) + gated_mlp(s.h, s.ffn) + 4 * s.h;
  EXPECT_EQ(counts_of("gemma-2-2b").parameters, s.vocab * s.h + s.layers * layer + s.h); // tied
}

TEST(HfFamilies, Gemma3HasQueryAndKeyNormsPerHead)
{
  const json c = fixture("gemma-3-1b-it");
  const Sizes s = sizes(c);
  const std::int64_t layer = attention(s, false, false) + 2 * s.head_dim + gated_mlp(s.h, s.ffn) + 4 * s.h;
  EXPECT_EQ(counts_of("gemma-3-1b-it").parameters, s.vocab * s.h + s.layers * layer + s.h);
}

TEST(HfFamilies, Gemma3WithVisionCountsItsTextDecoderWithTheTextConfigsDefaults)
{
  // text_config states only hidden_size, intermediate_size, num_hidden_layers and sliding_window;
  // Gemma3TextConfig's defaults give the rest: 8 heads, 4 key/value heads of 256, 262,208 tokens.
  const Sizes s{2560, 34, 8, 4, 256, 10240, 262208};
  const std::int64_t layer = attention(s, false, false) + 2 * s.head_dim + gated_mlp(s.h, s.ffn) + 4 * s.h;
  const std::int64_t text = s.vocab * s.h + s.layers * layer + s.h;
  EXPECT_EQ(text, 3'880'263'168);
  const Model model = import(fixture("gemma-3-4b-it"));
  EXPECT_EQ(count_transformer(std::get<TransformerModel>(model.architecture), {}).parameters, text);
  // The published 4,300,079,472 of google/gemma-3-4b-it includes the SigLIP vision tower and its
  // projector (419,816,304), which is not a decoder: the description says it is left out.
  EXPECT_EQ(4'300'079'472 - text, 419'816'304);
  EXPECT_NE(model.description.find("vision tower (vision_config) and its projector are not counted"),
            std::string::npos);
  EXPECT_NE(model.description.find("text_config states no"), std::string::npos);
}

TEST(HfFamilies, PhiParallelBlockWithBiasesAndABiasedHead)
{
  const json c = fixture("phi-2");
  const Sizes s = sizes(c);
  const std::int64_t layer = 2 * s.h + attention(s, true, true) + linear(s.h, s.ffn, true) + linear(s.ffn, s.h, true);
  EXPECT_EQ(counts_of("phi-2").parameters, s.vocab * s.h + s.layers * layer + 2 * s.h + linear(s.h, s.vocab, true));
  // qk_layernorm: one LayerNorm(head_dim) with a shift each for q and k, shared by the heads.
  json with_norms = c;
  with_norms["qk_layernorm"] = true;
  EXPECT_EQ(count_transformer(std::get<TransformerModel>(import(with_norms).architecture), {}).parameters,
            counts_of("phi-2").parameters + s.layers * 2 * (2 * s.head_dim));
}

TEST(HfFamilies, PhiMoeLayerNormsExpertsAndABiasedHead)
{
  const json c = fixture("phi-3.5-moe");
  const Sizes s = sizes(c);
  const std::int64_t experts = key(c, "num_local_experts");
  const std::int64_t layer =
      attention(s, true, true) + experts * gated_mlp(s.h, s.ffn) + linear(s.h, experts) + 2 * (2 * s.h);
  EXPECT_EQ(counts_of("phi-3.5-moe").parameters,
            s.vocab * s.h + s.layers * layer + 2 * s.h + linear(s.h, s.vocab, true));
}

TEST(HfFamilies, StableLmQkvBiasesAndUnshiftedHeadNorms)
{
  const json c = fixture("stablelm-2-1.6b");
  const Sizes s = sizes(c);
  const std::int64_t layer = attention(s, true, false) + gated_mlp(s.h, s.ffn) + 2 * (2 * s.h);
  const std::int64_t total = 2 * s.vocab * s.h + s.layers * layer + 2 * s.h;
  EXPECT_EQ(counts_of("stablelm-2-1.6b").parameters, total);
  // qk_layernorm: one LayerNorm(head_dim) per head, without a shift although the block's have one;
  // use_parallel_residual drops the post-attention norm.
  json variant = c;
  variant["qk_layernorm"] = true;
  variant["use_parallel_residual"] = true;
  EXPECT_EQ(count_transformer(std::get<TransformerModel>(import(variant).architecture), {}).parameters,
            total + s.layers * ((s.heads + s.kv_heads) * s.head_dim - 2 * s.h));
}

TEST(HfFamilies, Starcoder2BiasesEverywhereAndAWindowInEveryLayer)
{
  const json c = fixture("starcoder2-3b");
  const Sizes s = sizes(c);
  const std::int64_t layer =
      attention(s, true, true) + linear(s.h, s.ffn, true) + linear(s.ffn, s.h, true) + 2 * (2 * s.h);
  EXPECT_EQ(counts_of("starcoder2-3b").parameters, s.vocab * s.h + s.layers * layer + 2 * s.h); // tied
  // Every layer keeps at most 4095 past positions plus the new token's: at a context of 16,384 the
  // cache read is capped at the window.
  const std::int64_t kv_entry = 2 * s.kv_heads * s.head_dim;
  EXPECT_EQ(counts_of("starcoder2-3b", {Phase::decode, 16384}).kv_cache_elements_per_sample,
            s.layers * (4095 + 1) * kv_entry);
}

TEST(HfFamilies, GptBigCodeMultiQuery)
{
  const json c = fixture("gpt_bigcode-santacoder");
  const std::int64_t h = key(c, "n_embd"), layers = key(c, "n_layer"), heads = key(c, "n_head");
  const std::int64_t ffn = key(c, "n_inner"), vocab = key(c, "vocab_size"), positions = key(c, "n_positions");
  const std::int64_t head_dim = h / heads;
  // c_attn is one fused projection to q and a single key and value head.
  const std::int64_t layer = 2 * (2 * h) + linear(h, h + 2 * head_dim, true) + linear(h, h, true) +
                             linear(h, ffn, true) + linear(ffn, h, true);
  EXPECT_EQ(counts_of("gpt_bigcode-santacoder").parameters, vocab * h + positions * h + layers * layer + 2 * h);
  EXPECT_EQ(counts_of("gpt_bigcode-santacoder", {Phase::decode, 100}).kv_cache_elements_per_sample,
            layers * (100 + 1) * 2 * head_dim);
}

TEST(HfFamilies, GptjParallelBlockAndABiasedHead)
{
  const json c = fixture("gpt-j-6b");
  const std::int64_t h = key(c, "n_embd"), layers = key(c, "n_layer"), vocab = key(c, "vocab_size");
  const std::int64_t ffn = 4 * h; // n_inner null
  const std::int64_t layer = 2 * h + 4 * h * h + linear(h, ffn, true) + linear(ffn, h, true);
  const std::int64_t total = vocab * h + layers * layer + 2 * h + linear(h, vocab, true);
  EXPECT_EQ(total, 6'050'882'784);
  EXPECT_EQ(counts_of("gpt-j-6b").parameters, total);
  // The model card's 6,053,381,344 is 2,498,560 more: it counts the 8-way sharded JAX checkpoint,
  // whose norms and fc_out biases are stored on every shard. transformers' modules are counted here.
}

TEST(HfFamilies, BloomEmbeddingNormAndFixedFfn)
{
  const json c = fixture("bloom-560m");
  const std::int64_t h = key(c, "hidden_size"), layers = key(c, "n_layer"), vocab = key(c, "vocab_size");
  const std::int64_t layer =
      2 * (2 * h) + linear(h, 3 * h, true) + linear(h, h, true) + linear(h, 4 * h, true) + linear(4 * h, h, true);
  EXPECT_EQ(counts_of("bloom-560m").parameters, vocab * h + 2 * h + layers * layer + 2 * h);
  EXPECT_EQ(architecture_of("bloom-560m").position, PositionEmbedding::none); // ALiBi
}

TEST(HfFamilies, CohereParallelBlockWithUnshiftedNorms)
{
  const json c = fixture("c4ai-command-r-v01");
  const Sizes s = sizes(c);
  const std::int64_t layer = s.h + attention(s, false, false) + gated_mlp(s.h, s.ffn);
  const std::int64_t total = s.vocab * s.h + s.layers * layer + s.h;
  EXPECT_EQ(counts_of("c4ai-command-r-v01").parameters, total);
  json with_norms = c;
  with_norms["use_qk_norm"] = true; // Command R+: a weight per head and element of q and k
  EXPECT_EQ(count_transformer(std::get<TransformerModel>(import(with_norms).architecture), {}).parameters,
            total + s.layers * (s.heads + s.kv_heads) * s.head_dim);
}

TEST(HfFamilies, Qwen3HeadNormsAndItsHeadDimDefault)
{
  const json c = fixture("qwen3-8b");
  const Sizes s = sizes(c);
  const std::int64_t layer = attention(s, false, false) + 2 * s.head_dim + gated_mlp(s.h, s.ffn) + 2 * s.h;
  EXPECT_EQ(counts_of("qwen3-8b").parameters, 2 * s.vocab * s.h + s.layers * layer + s.h);
  json no_head_dim = c;
  no_head_dim.erase("head_dim");
  EXPECT_EQ(std::get<TransformerModel>(import(no_head_dim).architecture).d_head, 128); // Qwen3Config's default
}

TEST(HfFamilies, Qwen2MoeSharedExpertWithItsGate)
{
  const json c = fixture("qwen1.5-moe-a2.7b");
  const Sizes s = sizes(c);
  const std::int64_t experts = key(c, "num_experts"), width = key(c, "moe_intermediate_size");
  const std::int64_t shared = key(c, "shared_expert_intermediate_size"), top_k = key(c, "num_experts_per_tok");
  const std::int64_t attention_part = attention(s, true, false);
  const std::int64_t routed = experts * gated_mlp(s.h, width);
  const std::int64_t layer = attention_part + routed + linear(s.h, experts) + gated_mlp(s.h, shared) + s.h + 2 * s.h;
  const TransformerCounts counts = counts_of("qwen1.5-moe-a2.7b");
  EXPECT_EQ(counts.parameters, 2 * s.vocab * s.h + s.layers * layer + s.h);
  EXPECT_EQ(counts.routed_expert_parameters, s.layers * routed);
  // Activated per token: 2.7 B as published (the router, top_k routed experts, the shared one).
  const std::int64_t active = counts.parameters - s.layers * (experts - top_k) * gated_mlp(s.h, width);
  EXPECT_EQ(active, 2'689'173'504);

  // Layers listed in mlp_only_layers, or off the decoder_sparse_step grid, keep a dense FFN.
  json dense_first = c;
  dense_first["mlp_only_layers"] = json::array({0, 1});
  const TransformerModel two_dense = std::get<TransformerModel>(import(dense_first).architecture);
  EXPECT_EQ(two_dense.n_dense_layer, 2);
  EXPECT_EQ(count_transformer(two_dense, {}).parameters,
            counts.parameters - 2 * (layer - attention_part - 2 * s.h) + 2 * gated_mlp(s.h, s.ffn));
  json every_other = c;
  every_other["decoder_sparse_step"] = 2;
  EXPECT_EQ(std::get<TransformerModel>(import(every_other).architecture).n_dense_layer, 12);
  // Which layers slide changed between transformers versions: without layer_types it is refused.
  json sliding = c;
  sliding["use_sliding_window"] = true;
  sliding["sliding_window"] = 4096;
  EXPECT_THROW(import(sliding), InputError);
}

TEST(HfFamilies, Qwen3MoeRoutedExpertsOnly)
{
  const json c = fixture("qwen3-30b-a3b");
  const Sizes s = sizes(c);
  const std::int64_t experts = key(c, "num_experts"), width = key(c, "moe_intermediate_size");
  const std::int64_t top_k = key(c, "num_experts_per_tok");
  const std::int64_t attention_part = attention(s, false, false) + 2 * s.head_dim;
  const std::int64_t layer = attention_part + experts * gated_mlp(s.h, width) + linear(s.h, experts) + 2 * s.h;
  const TransformerCounts counts = counts_of("qwen3-30b-a3b", {Phase::decode, 4096});
  EXPECT_EQ(counts.parameters, 2 * s.vocab * s.h + s.layers * layer + s.h);
  EXPECT_EQ(counts.parameters - s.layers * (experts - top_k) * gated_mlp(s.h, width), 3'353'032'704); // "3.3B"
  // A decode step: every weight it uses once (top_k experts, the router), the logits, and the
  // attention over 4,097 positions.
  const std::int64_t weights = attention(s, false, false) + top_k * gated_mlp(s.h, width) + linear(s.h, experts);
  EXPECT_EQ(counts.macs_per_sample, s.layers * weights + s.vocab * s.h + s.layers * 4097 * (2 * s.heads * s.head_dim));
}

// DeepSeek's multi-head latent attention, as in modeling_deepseek_v3.py.
std::int64_t latent_attention(const json& c, const Sizes& s)
{
  const std::int64_t q_rank = key(c, "q_lora_rank", 0), kv_rank = key(c, "kv_lora_rank");
  const std::int64_t nope = key(c, "qk_nope_head_dim"), rope = key(c, "qk_rope_head_dim");
  const std::int64_t value = key(c, "v_head_dim");
  const std::int64_t query = q_rank > 0 ? linear(s.h, q_rank) + q_rank + linear(q_rank, s.heads * (nope + rope))
                                        : linear(s.h, s.heads * (nope + rope));
  return query + linear(s.h, kv_rank + rope) + kv_rank + linear(kv_rank, s.heads * (nope + value)) +
         linear(s.heads * value, s.h);
}

std::int64_t deepseek_parameters(const json& c, bool correction_bias)
{
  const Sizes s = sizes(c);
  const std::int64_t experts = key(c, "n_routed_experts"), width = key(c, "moe_intermediate_size");
  const std::int64_t shared = key(c, "n_shared_experts"), dense = key(c, "first_k_dense_replace");
  const std::int64_t moe = experts * gated_mlp(s.h, width) + linear(s.h, experts) + (correction_bias ? experts : 0) +
                           gated_mlp(s.h, shared * width);
  return 2 * s.vocab * s.h + s.layers * (latent_attention(c, s) + 2 * s.h) + dense * gated_mlp(s.h, s.ffn) +
         (s.layers - dense) * moe + s.h;
}

TEST(HfFamilies, DeepSeekLatentAttentionSharedAndRoutedExpertsDenseFirstLayers)
{
  EXPECT_EQ(counts_of("deepseek-v2-lite").parameters, deepseek_parameters(fixture("deepseek-v2-lite"), false));
  // V3's router keeps a score correction per expert, stored in the checkpoint.
  EXPECT_EQ(counts_of("deepseek-v3").parameters, deepseek_parameters(fixture("deepseek-v3"), true));
  const Model v3 = import(fixture("deepseek-v3"));
  EXPECT_NE(v3.description.find("multi-token-prediction layers (num_nextn_predict_layers) are not counted"),
            std::string::npos);
}

TEST(HfFamilies, DeepSeekKvCacheIsTheLatent)
{
  // 61 layers each cache kv_lora_rank + qk_rope_head_dim = 576 elements per position, not the
  // 128 heads' expanded keys and values (40,960).
  const TransformerCounts decode = counts_of("deepseek-v3", {Phase::decode, 4096});
  EXPECT_EQ(decode.kv_cache_elements_per_sample, 61LL * (4096 + 1) * 576);
  EXPECT_EQ(decode.kv_cache_resident_elements_per_sample, 61LL * 4096 * 576);
  // Decode attends over the latent (the expansion absorbed): scores over 512 + 64 and values over
  // 512 per head and position; each weight is used once by the new token.
  const json c = fixture("deepseek-v3");
  const Sizes s = sizes(c);
  const std::int64_t top_k = key(c, "num_experts_per_tok"), width = key(c, "moe_intermediate_size");
  const std::int64_t weights = 61 * latent_attention(c, s) - 61 * (512 + 1536) + // the latents' norms are no MACs
                               3 * gated_mlp(s.h, s.ffn) +
                               58 * (top_k * gated_mlp(s.h, width) + linear(s.h, 256) + gated_mlp(s.h, width));
  EXPECT_EQ(decode.macs_per_sample, weights + s.vocab * s.h + 61LL * 4097 * 128 * (2 * 512 + 64));
  // A prefill expands keys and values for its own tokens: q.k over 192, weights x v over 128.
  const TransformerCounts prefill = counts_of("deepseek-v3", {Phase::prefill, 8});
  EXPECT_EQ(prefill.macs_per_sample, 8 * weights + s.vocab * s.h + 61LL * (8 * 9 / 2) * 128 * (192 + 128));
  EXPECT_EQ(prefill.kv_cache_elements_per_sample, 2 * 61LL * 8 * 576);
}

TEST(HfFamilies, OlmoNormsWithoutParameters)
{
  const json c = fixture("olmo-1b-hf");
  const Sizes s = sizes(c);
  EXPECT_EQ(counts_of("olmo-1b-hf").parameters,
            s.vocab * s.h + s.layers * (attention(s, false, false) + gated_mlp(s.h, s.ffn))); // tied
}

TEST(HfFamilies, Olmo2NormsOverTheWholeQueryAndKey)
{
  const json c = fixture("olmo-2-1124-7b-instruct");
  const Sizes s = sizes(c);
  const std::int64_t layer =
      attention(s, false, false) + (s.heads + s.kv_heads) * s.head_dim + gated_mlp(s.h, s.ffn) + 2 * s.h;
  EXPECT_EQ(counts_of("olmo-2-1124-7b-instruct").parameters, 2 * s.vocab * s.h + s.layers * layer + s.h);
}

TEST(HfFamilies, GraniteIsLlamasLayout)
{
  const json c = fixture("granite-3.3-8b-instruct");
  const Sizes s = sizes(c);
  const std::int64_t layer = attention(s, false, false) + gated_mlp(s.h, s.ffn) + 2 * s.h;
  EXPECT_EQ(counts_of("granite-3.3-8b-instruct").parameters, s.vocab * s.h + s.layers * layer + s.h); // tied
}

// ---------------------------------------------------------------------------------------------
// Sliding windows

TEST(HfFamilies, Gemma2SlidesOnEveryOtherLayer)
{
  const TransformerModel t = architecture_of("gemma-2-2b");
  EXPECT_EQ(t.sliding_window, 4096);
  EXPECT_EQ(t.n_sliding_layer, 13);
  // At a context of 8192: 13 global layers read 8192 positions, 13 sliding ones 4095; each writes one.
  const std::int64_t kv_entry = 2 * 4 * 256;
  const TransformerCounts c = count_transformer(t, {Phase::decode, 8192});
  EXPECT_EQ(c.kv_cache_elements_per_sample, (13 * (8192 + 1) + 13 * (4095 + 1)) * kv_entry);
  EXPECT_EQ(c.kv_cache_resident_elements_per_sample, (13 * 8192 + 13 * 4096) * kv_entry);
  // Below the window nothing changes.
  TransformerModel unwindowed = t;
  unwindowed.sliding_window = unwindowed.n_sliding_layer = 0;
  EXPECT_EQ(count_transformer(t, {Phase::decode, 1000}), count_transformer(unwindowed, {Phase::decode, 1000}));
}

TEST(HfFamilies, Gemma3SlidesOnFiveOfEverySixLayers)
{
  const TransformerModel t = architecture_of("gemma-3-1b-it");
  EXPECT_EQ(t.sliding_window, 512);
  EXPECT_EQ(t.n_sliding_layer, 22); // layers 5, 11, 17 and 23 are global
  // A prefill of 1000 tokens: a sliding layer's query i sees min(i, 512) positions.
  const std::int64_t windowed_pairs = 512 * 513 / 2 + (1000 - 512) * 512;
  const std::int64_t full_pairs = 1000 * 1001 / 2;
  TransformerModel unwindowed = t;
  unwindowed.sliding_window = unwindowed.n_sliding_layer = 0;
  const std::int64_t pair_macs = 2 * 4 * 256; // q.k and weights x v over 4 heads of 256
  EXPECT_EQ(count_transformer(unwindowed, {Phase::prefill, 1000}).macs_per_sample -
                count_transformer(t, {Phase::prefill, 1000}).macs_per_sample,
            22 * (full_pairs - windowed_pairs) * pair_macs);
}

TEST(HfFamilies, LayerTypesSayWhichLayersSlide)
{
  json c = fixture("gemma-3-1b-it");
  json kinds = json::array();
  for (int i = 0; i < 26; ++i) {
    kinds.push_back(i < 20 ? "sliding_attention" : "full_attention");
  }
  c["layer_types"] = kinds;
  EXPECT_EQ(std::get<TransformerModel>(import(c).architecture).n_sliding_layer, 20);
  c["layer_types"] = json::array({"sliding_attention"});
  EXPECT_THROW(import(c), InputError); // one entry per layer
  c["layer_types"] = kinds;
  c["layer_types"][3] = "chunked_attention";
  EXPECT_THROW(import(c), InputError);
}

TEST(HfFamilies, MistralV01SlidesInEveryLayer)
{
  const TransformerModel t = architecture_of("mistral-7b");
  EXPECT_EQ(t.sliding_window, 4096);
  EXPECT_EQ(t.n_sliding_layer, 32);
}

// ---------------------------------------------------------------------------------------------
// Names

TEST(HfFamilies, EveryFamilyIsNamedInTheDescription)
{
  const std::pair<const char*, const char*> kShown[]{
      {"gemma-2-2b", "Gemma 2"},
      {"gemma-3-1b-it", "Gemma 3"},
      {"phi-2", "Phi"},
      {"phi-3.5-moe", "PhiMoE"},
      {"stablelm-2-1.6b", "StableLM"},
      {"starcoder2-3b", "Starcoder2"},
      {"gpt_bigcode-santacoder", "GPT-BigCode"},
      {"gpt-j-6b", "GPT-J"},
      {"bloom-560m", "BLOOM"},
      {"c4ai-command-r-v01", "Cohere"},
      {"qwen3-8b", "Qwen3"},
      {"qwen1.5-moe-a2.7b", "Qwen2-MoE"},
      {"qwen3-30b-a3b", "Qwen3-MoE"},
      {"deepseek-v2-lite", "DeepSeek-V2"},
      {"deepseek-v3", "DeepSeek-V3"},
      {"olmo-1b-hf", "OLMo"},
      {"olmo-2-1124-7b-instruct", "OLMo 2"},
      {"granite-3.3-8b-instruct", "Granite"},
  };
  for (const auto& [name, shown] : kShown) {
    SCOPED_TRACE(name);
    const Model model = import(fixture(name), name);
    EXPECT_NE(model.description.find(std::string("with the ") + shown + " mapping"), std::string::npos)
        << model.description;
    EXPECT_FALSE(model.layout_assumed);
  }
}

} // namespace
} // namespace nne
