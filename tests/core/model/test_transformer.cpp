#include "core/io/model_json.h"
#include "core/model/transformer.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

namespace nne {
namespace {

TransformerModel gpt2()
{
  TransformerModel m; // defaults are GPT-style: learned positions, biases, layer norm, tied
  m.n_vocab = 50257;
  m.n_ctx = 1024;
  m.d_model = 768;
  m.n_layer = 12;
  m.n_head = m.n_kv_head = 12;
  m.d_head = 64;
  m.d_ff = 3072;
  return m;
}

TransformerModel llama2_7b()
{
  TransformerModel m;
  m.n_vocab = 32000;
  m.n_ctx = 4096;
  m.d_model = 4096;
  m.n_layer = 32;
  m.n_head = m.n_kv_head = 32;
  m.d_head = 128;
  m.d_ff = 11008;
  m.gated_ffn = true;
  m.tied_embeddings = false;
  m.attention_bias = m.mlp_bias = false;
  m.norm = NormKind::rms_norm;
  m.norm_bias = false;
  m.position = PositionEmbedding::rotary;
  return m;
}

TEST(Transformer, Gpt2ParametersMatchHuggingFace)
{
  EXPECT_EQ(count_transformer(gpt2(), {}).parameters, 124'439'808);
}

TEST(Transformer, Llama2ParametersMatchHuggingFace)
{
  EXPECT_EQ(count_transformer(llama2_7b(), {}).parameters, 6'738'415'616);
}

TEST(Transformer, MixtralStoresEveryExpertAndComputesTopK)
{
  TransformerModel m = llama2_7b();
  m.n_kv_head = 8;
  m.d_ff = 14336;
  m.n_ctx = 32768;
  m.n_expert = 8;
  m.top_k = 2;
  const TransformerCounts c = count_transformer(m, {Phase::decode, 1});
  EXPECT_EQ(c.parameters, 46'702'792'704); // Mixtral-8x7B as published
  EXPECT_EQ(c.routed_expert_parameters, 32LL * 8 * 3 * 4096 * 14336);
  // One token at context 1: attention 4096x4096 (q, o) + 2 x 4096x1024 (k, v), two experts, the router;
  // it attends over 2 positions (the cached one and itself).
  const std::int64_t per_layer = 2 * 4096LL * 4096 + 2 * 4096LL * 1024 + 2 * 3 * 4096LL * 14336 + 4096LL * 8;
  EXPECT_EQ(c.macs_per_sample, 32 * per_layer + 32000LL * 4096 + 2LL * 32 * 2 * 4096);
}

TEST(Transformer, KaplanCountOfThePapersLlama)
{
  TransformerModel m = gpt2();
  m.n_ctx = 2048;
  m.d_model = 4096;
  m.n_layer = 32;
  m.n_head = m.n_kv_head = 32;
  m.d_head = 128;
  m.d_ff = 16384;
  EXPECT_EQ(kaplan_parameters(m), 6'656'692'224); // rounds to the paper's 6.66e9
}

// Two layers, d 8, 2 heads of 4, 1 KV head, FFN 16, vocab 10, no biases.
TransformerModel tiny()
{
  TransformerModel m;
  m.n_vocab = 10;
  m.n_ctx = 8;
  m.d_model = 8;
  m.n_layer = 2;
  m.n_head = 2;
  m.n_kv_head = 1;
  m.d_head = 4;
  m.d_ff = 16;
  m.attention_bias = m.mlp_bias = false;
  return m;
}

TEST(Transformer, DecodeCountsByHand)
{
  // Two layers, d 8, 2 heads of 4, 1 KV head, FFN 16, vocab 10, no biases, context 5.
  const TransformerModel m = tiny();
  const TransformerCounts c = count_transformer(m, {Phase::decode, 5});
  // Weights: q 8x8, k and v 8x4, o 8x8 = 192; FFN 2 x 8x16 = 256; per layer 448 MACs.
  // Output projection 10x8 = 80. Attention over the 5 cached positions and itself, 6 positions:
  // 2 layers x 2 (q.k, weights x v) x 6 x 8 = 192.
  EXPECT_EQ(c.macs_per_sample, 2 * 448 + 80 + 192);
  // Parameters: embeddings 10x8 + 8x8, per layer 448 + 2 layer norms of 16, final norm 16.
  EXPECT_EQ(c.parameters, 80 + 64 + 2 * (448 + 32) + 16);
  // KV: read 2 x 2 layers x 5 tokens x 4, write one token's K and V: 2 x 2 x 4.
  EXPECT_EQ(c.kv_cache_elements_per_sample, 80 + 16);
  // Activations, each written and read: per layer 2 x (8 + 8 + 2x6 + 8 + 8 + 8 + 16 + 8) = 152,
  // embedding output and final norm 2 x 16, logits 2 x 10.
  EXPECT_EQ(c.activation_elements_per_sample, 2 * 152 + 32 + 20);
  EXPECT_EQ(c.tokens_per_sample, 1);
}

TEST(Transformer, PrefillCountsByHand)
{
  const TransformerModel m = tiny();
  const TransformerCounts c = count_transformer(m, {Phase::prefill, 4});
  // 4 tokens through 448 MACs of weights per layer, logits for the last token only, causal
  // attention over 1 + 2 + 3 + 4 = 10 (query, key) pairs: 2 layers x 2 x 10 x 8.
  EXPECT_EQ(c.macs_per_sample, 4 * 2 * 448 + 80 + 2 * 2 * 10 * 8);
  EXPECT_EQ(c.kv_cache_elements_per_sample, 2 * (2 * 2 * 4 * 4));
  EXPECT_EQ(c.tokens_per_sample, 4);
}

TEST(Transformer, KvCacheOfThePapersLlamaIsAPlainReadPlusOneToken)
{
  TransformerModel m = gpt2();
  m.n_ctx = 2048;
  m.d_model = 4096;
  m.n_layer = 32;
  m.n_head = m.n_kv_head = 32;
  m.d_head = 128;
  m.d_ff = 16384;
  const TransformerCounts c = count_transformer(m, {});
  EXPECT_EQ(c.kv_cache_elements_per_sample * 16, 8'589'934'592 + 4'194'304); // 8.59e9 bits read
  // Kaplan's 2N-style weight MACs plus attention over the 2048 cached positions and the new one.
  EXPECT_EQ(c.macs_per_sample, 7'185'174'528 + 2LL * 32 * 4096);
  // Linear in the context.
  const TransformerCounts half = count_transformer(m, {Phase::decode, 1024});
  EXPECT_EQ(c.kv_cache_elements_per_sample - 2LL * 32 * 4096,
            2 * (half.kv_cache_elements_per_sample - 2LL * 32 * 4096));
}

TEST(Transformer, InvalidArchitecturesAreNamed)
{
  TransformerModel m = gpt2();
  m.n_kv_head = 5;
  try {
    count_transformer(m, {});
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_EQ(e.where(), "n_kv_head");
    EXPECT_STREQ(e.what(), "n_kv_head: the 12 query heads must be a multiple of the 5 key/value heads");
  }
  m = gpt2();
  m.n_expert = 4;
  m.top_k = 5;
  EXPECT_THROW(count_transformer(m, {}), ModelError);
  m = gpt2();
  m.d_model = 0;
  EXPECT_THROW(count_transformer(m, {}), ModelError);
  // A learned position table cannot run past n_ctx; rotary can.
  EXPECT_THROW(count_transformer(gpt2(), {Phase::decode, 2048}), ModelError);
  EXPECT_NO_THROW(count_transformer(llama2_7b(), {Phase::decode, 32768}));
}

// GPT-2-style with the 12-layer, 768-wide OPT-125m shapes: 50,272 tokens, 2,048 positions.
TransformerModel opt_125m()
{
  TransformerModel m = gpt2();
  m.n_vocab = 50272;
  m.n_ctx = 2048;
  m.position_rows = 2048 + 2; // OPT's learned positions are offset by 2 rows
  return m;
}

TEST(Transformer, OptCountsItsTwoExtraPositionRows)
{
  TransformerModel m = opt_125m();
  EXPECT_EQ(count_transformer(m, {}).parameters, 125'239'296); // facebook/opt-125m
  const std::int64_t with_extra_rows = count_transformer(m, {}).embedding_parameters;
  m.position_rows = 0; // n_ctx rows
  EXPECT_EQ(with_extra_rows - count_transformer(m, {}).embedding_parameters, 2 * 768);
  // The extra rows are an offset, not more context.
  EXPECT_THROW(count_transformer(opt_125m(), {Phase::decode, 2049}), ModelError);
}

TEST(Transformer, Opt350mProjectsANarrowEmbeddingAndHasNoFinalNorm)
{
  TransformerModel m = opt_125m();
  m.d_model = 1024;
  m.n_layer = 24;
  m.n_head = m.n_kv_head = 16;
  m.d_head = 64;
  m.d_ff = 4096;
  m.d_embed = 512;
  m.final_norm = false;
  const TransformerCounts c = count_transformer(m, {Phase::decode, 1});
  EXPECT_EQ(c.parameters, 331'196'416); // facebook/opt-350m
  EXPECT_EQ(c.embedding_parameters, 50272LL * 512 + 2050LL * 1024);

  // project_in and project_out: 2 x 512 x 1024 weights, each one MAC per token; the logits are
  // computed from the 512-wide projection.
  TransformerModel square = m;
  square.d_embed = 0;
  const TransformerCounts s = count_transformer(square, {Phase::decode, 1});
  EXPECT_EQ(c.macs_per_sample - s.macs_per_sample, 2LL * 512 * 1024 + 50272LL * (512 - 1024));
  // A final norm is one more 2 x 1,024 LayerNorm.
  square.final_norm = true;
  EXPECT_EQ(count_transformer(square, {}).parameters - s.parameters, 2 * 1024);
}

TransformerModel falcon_7b()
{
  TransformerModel m;
  m.n_vocab = 65024;
  m.n_ctx = 2048;
  m.d_model = 4544;
  m.n_layer = 32;
  m.n_head = 71;
  m.n_kv_head = 1; // multi-query
  m.d_head = 64;
  m.d_ff = 4 * 4544;
  m.attention_bias = m.mlp_bias = false;
  m.norms_per_layer = 1; // parallel attention and FFN share one input LayerNorm
  m.position = PositionEmbedding::rotary;
  return m;
}

TEST(Transformer, FalconSharesOneNormPerLayer)
{
  const TransformerModel m = falcon_7b();
  const TransformerCounts one = count_transformer(m, {Phase::decode, 16});
  EXPECT_EQ(one.parameters, 6'921'720'704); // tiiuae/falcon-7b
  TransformerModel two_norms = m;
  two_norms.norms_per_layer = 2;
  const TransformerCounts two = count_transformer(two_norms, {Phase::decode, 16});
  EXPECT_EQ(two.parameters - one.parameters, 32 * 2 * 4544);
  EXPECT_EQ(two.macs_per_sample, one.macs_per_sample); // a norm multiplies no weights
  // The FFN reads the attention's normed input again instead of writing and reading its own.
  EXPECT_EQ(two.activation_elements_per_sample - one.activation_elements_per_sample, 32 * 4544);
}

TEST(Transformer, QkvBiasLeavesTheOutputProjectionWithout)
{
  TransformerModel m = llama2_7b();
  m.n_kv_head = 8;
  const std::int64_t none = count_transformer(m, {}).parameters;
  m.qkv_bias = true; // Qwen2
  const std::int64_t qkv = count_transformer(m, {}).parameters;
  EXPECT_EQ(qkv - none, 32 * (4096 + 2 * 1024));
  m.attention_bias = true; // q, k, v and o; qkv_bias adds nothing more
  EXPECT_EQ(count_transformer(m, {}).parameters - none, 32 * (4096 + 2 * 1024 + 4096));
  m.qkv_bias = false;
  EXPECT_EQ(count_transformer(m, {}).parameters - none, 32 * (4096 + 2 * 1024 + 4096));
}

TEST(Transformer, NewFieldsAreValidated)
{
  TransformerModel m = opt_125m();
  m.position_rows = 100;
  EXPECT_THROW(count_transformer(m, {}), ModelError);
  m = gpt2();
  m.norms_per_layer = -1;
  EXPECT_THROW(count_transformer(m, {}), ModelError);
  m = gpt2();
  m.d_embed = -5;
  EXPECT_THROW(count_transformer(m, {}), ModelError);
  m = gpt2();
  m.norms_per_layer = 0; // a model without per-layer norms is legitimate
  EXPECT_EQ(count_transformer(gpt2(), {}).parameters - count_transformer(m, {}).parameters, 12 * 2 * 2 * 768);
}

TEST(Transformer, NewFieldsAreWrittenOnlyWhenSetAndOldFilesLoadUnchanged)
{
  Model model;
  model.id = "m";
  model.name = "M";
  model.architecture = gpt2();
  const nlohmann::json plain = model_to_json(model);
  for (const char* key : {"qkv_bias", "norms_per_layer", "final_norm", "position_rows", "d_embed"}) {
    EXPECT_FALSE(plain.contains(key)) << key;
  }
  // A file without the new keys reads as before: the defaults.
  EXPECT_EQ(std::get<TransformerModel>(model_from_json(plain, "m.json").architecture), gpt2());

  TransformerModel opt = opt_125m();
  opt.d_embed = 512;
  opt.final_norm = false;
  opt.norms_per_layer = 1;
  opt.qkv_bias = true;
  model.architecture = opt;
  const nlohmann::json written = model_to_json(model);
  EXPECT_EQ(written.at("position_rows"), 2050);
  EXPECT_EQ(written.at("d_embed"), 512);
  EXPECT_EQ(written.at("final_norm"), false);
  EXPECT_EQ(written.at("norms_per_layer"), 1);
  EXPECT_EQ(written.at("qkv_bias"), true);
  EXPECT_EQ(std::get<TransformerModel>(model_from_json(written, "m.json").architecture), opt);

  nlohmann::json bad = written;
  bad["position_rows"] = 1000;
  try {
    model_from_json(bad, "m.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "m.json: /position_rows: expected 0 (n_ctx rows) or at least n_ctx (2048), got 1000");
  }
  bad = written;
  bad["norms_per_layer"] = -1;
  EXPECT_THROW(model_from_json(bad, "m.json"), InputError);
}

TEST(Transformer, IdsRoundTrip)
{
  EXPECT_EQ(parse_phase("prefill"), Phase::prefill);
  EXPECT_EQ(parse_phase("Decode"), Phase::decode);
  EXPECT_FALSE(parse_phase("decoding").has_value());
  EXPECT_EQ(parse_norm_kind(norm_kind_id(NormKind::rms_norm)), NormKind::rms_norm);
  EXPECT_EQ(parse_position_embedding(position_embedding_id(PositionEmbedding::none)), PositionEmbedding::none);
}

// A count beyond 2^63 - 1 is refused, never wrapped into a negative or tiny number.
TEST(Transformer, ACountTooLargeIsAnErrorNotAWrappedNumber)
{
  TransformerModel m = llama2_7b();
  m.n_layer = std::int64_t{1} << 50;
  try {
    count_transformer(m, {});
    ADD_FAILURE() << "a wrapped count was returned";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("too large to count"), std::string::npos) << e.what();
  }
  m = llama2_7b();
  m.n_vocab = std::int64_t{1} << 40;
  m.d_model = std::int64_t{1} << 30;
  m.n_head = m.n_kv_head = 1;
  m.d_head = m.d_model;
  EXPECT_THROW(count_transformer(m, {}), ModelError);
  // Extreme but countable: Llama-2-7B decoding at a context of 10^9 tokens.
  m = llama2_7b();
  m.position = PositionEmbedding::rotary;
  const TransformerCounts long_context = count_transformer(m, {Phase::decode, 1'000'000'000});
  EXPECT_EQ(long_context.kv_cache_elements_per_sample, (1'000'000'000LL + 1) * 32 * 2 * 4096);
}

} // namespace
} // namespace nne
