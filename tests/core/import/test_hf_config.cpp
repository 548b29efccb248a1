#include "core/import/hf_config.h"
#include "core/io/json_reader.h"
#include "core/io/model_json.h"
#include "core/model/transformer.h"
#include "core/util/errors.h"

#include <gtest/gtest.h>

#include <string>

namespace nne {
namespace {

using nlohmann::json;

std::string fixture_path(const std::string& name)
{
  return std::string(NNE_FIXTURES_DIR) + "/hf/" + name + "/config.json";
}

json fixture(const std::string& name)
{
  return read_json_file(fixture_path(name));
}

// As the command line imports a config: named after its directory.
Model import_fixture(const std::string& name)
{
  return model_from_hf_config(fixture(name), fixture_path(name), name);
}

const TransformerModel& transformer(const Model& model)
{
  return std::get<TransformerModel>(model.architecture);
}

std::int64_t parameters(const Model& model)
{
  return count_transformer(transformer(model), {}).parameters;
}

std::int64_t parameters_of(const json& config)
{
  return parameters(model_from_hf_config(config, "config.json", "test"));
}

void expect_input_error(const json& config, const std::string& key_path, const std::string& message)
{
  try {
    model_from_hf_config(config, "config.json", "test");
    ADD_FAILURE() << "expected InputError: " << message;
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), key_path);
    EXPECT_EQ(std::string(e.what()), message);
  }
}

struct Published {
  const char* fixture;
  std::int64_t parameters; // as published; see the presets' "declared" notes for the sources
};

// Every fixture is a config.json as published on the Hugging Face Hub.
constexpr Published kPublished[]{
    {"gpt2", 124'439'808},           {"llama-2-7b", 6'738'415'616},    {"llama-2-13b", 13'015'864'320},
    {"llama-2-70b", 68'976'648'192}, {"llama-3-8b", 8'030'261'248},    {"llama-3-70b", 70'553'706'496},
    {"mistral-7b", 7'241'732'096},   {"mixtral-8x7b", 46'702'792'704}, {"qwen2-0.5b", 494'032'768},
    {"qwen2-7b", 7'615'616'512},     {"phi-3-mini", 3'821'079'552},    {"gemma-2b", 2'506'172'416},
    {"pythia-70m", 70'426'624},      {"opt-125m", 125'239'296},        {"falcon-7b", 6'921'720'704},
};

TEST(HfConfig, EveryFixtureCountsToItsPublishedParameters)
{
  for (const Published& published : kPublished) {
    SCOPED_TRACE(published.fixture);
    const json config = fixture(published.fixture);
    EXPECT_TRUE(looks_like_hf_config(config));
    const Model model = import_fixture(published.fixture);
    EXPECT_EQ(parameters(model), published.parameters);
    EXPECT_TRUE(model.declared.empty());
    EXPECT_TRUE(model.declared.source.empty());
    EXPECT_NE(model.description.find("Hugging Face config.json"), std::string::npos) << model.description;
    // Every figure is consistent: MACs and traffic count without complaint at the model's n_ctx.
    const TransformerCounts prefill = count_transformer(transformer(model), {Phase::prefill, 16});
    EXPECT_GT(prefill.macs_per_sample, 0);
    EXPECT_GT(prefill.activation_elements_per_sample, 0);
  }
}

TEST(HfConfig, DescriptionNamesTheFamilyMapping)
{
  EXPECT_NE(import_fixture("qwen2-7b").description.find("(model_type \"qwen2\") with the Qwen2 mapping"),
            std::string::npos);
  EXPECT_NE(import_fixture("falcon-7b").description.find("with the Falcon mapping"), std::string::npos);
  EXPECT_NE(import_fixture("gemma-2b").description.find("GeGLU"), std::string::npos);
  EXPECT_NE(import_fixture("llama-2-7b").description.find("SwiGLU"), std::string::npos);
}

TEST(HfConfig, NamesComeFromNameOrPathOrTheDirectory)
{
  const Model llama2 = import_fixture("llama-2-7b");
  EXPECT_EQ(llama2.name, "meta-llama/Llama-2-7b-hf");
  EXPECT_EQ(llama2.id, "meta-llama-llama-2-7b-hf");
  const Model llama3 = import_fixture("llama-3-8b"); // no _name_or_path
  EXPECT_EQ(llama3.name, "llama-3-8b");
  EXPECT_EQ(llama3.id, "llama-3-8b");
  json config = fixture("llama-3-8b");
  config["_name_or_path"] = "/fsx/checkpoints/My Model/";
  const Model local = model_from_hf_config(config, "config.json", "fallback");
  EXPECT_EQ(local.name, "My Model");
  EXPECT_EQ(local.id, "my-model");
  config["_name_or_path"] = "";
  EXPECT_EQ(model_from_hf_config(config, "config.json", "fallback").name, "fallback");
  EXPECT_EQ(model_from_hf_config(config, "config.json", "").name, "llama");
}

// ---------------------------------------------------------------------------------------------
// Each family's rule, with a test that fails if it breaks.

TEST(HfConfig, LlamaIsGatedRmsNormRotaryUntiedWithoutBiases)
{
  const TransformerModel t = transformer(import_fixture("llama-2-70b"));
  EXPECT_TRUE(t.gated_ffn);
  EXPECT_EQ(t.norm, NormKind::rms_norm);
  EXPECT_FALSE(t.norm_bias);
  EXPECT_EQ(t.position, PositionEmbedding::rotary);
  EXPECT_FALSE(t.tied_embeddings);
  EXPECT_FALSE(t.attention_bias || t.qkv_bias || t.mlp_bias);
  EXPECT_EQ(t.n_kv_head, 8); // grouped-query attention
  EXPECT_EQ(t.d_head, 128);
  EXPECT_EQ(t.n_ctx, 4096);
  // Llama's config classes default to untied embeddings.
  json config = fixture("llama-2-7b");
  config.erase("tie_word_embeddings");
  EXPECT_EQ(parameters_of(config), 6'738'415'616);
  // attention_bias puts biases on q, k, v and o.
  config["attention_bias"] = true;
  EXPECT_EQ(parameters_of(config) - 6'738'415'616, 32 * 4 * 4096);
}

TEST(HfConfig, MixtralStoresEveryExpertAndRoutesTwo)
{
  const TransformerModel t = transformer(import_fixture("mixtral-8x7b"));
  EXPECT_EQ(t.n_expert, 8);
  EXPECT_EQ(t.top_k, 2);
  json dense = fixture("mixtral-8x7b");
  dense["model_type"] = "mistral";
  dense.erase("num_local_experts");
  dense.erase("num_experts_per_tok");
  EXPECT_EQ(parameters_of(dense), 7'241'732'096); // Mistral-7B: the same layers with one FFN
  json missing = fixture("mixtral-8x7b");
  missing.erase("num_local_experts");
  expect_input_error(missing, "/num_local_experts",
                     "config.json: /num_local_experts: missing; expected a positive integer (the number of experts "
                     "per layer)");
}

TEST(HfConfig, Qwen2HasBiasesOnQkvButNotOnTheOutputProjection)
{
  const Model model = import_fixture("qwen2-0.5b");
  const TransformerModel& t = transformer(model);
  EXPECT_TRUE(t.qkv_bias);
  EXPECT_FALSE(t.attention_bias);
  EXPECT_TRUE(t.tied_embeddings);
  TransformerModel without = t;
  without.qkv_bias = false;
  EXPECT_EQ(parameters(model) - count_transformer(without, {}).parameters, 24 * (896 + 2 * 128));
  // The same config read as Llama (no biases) misses exactly those.
  json as_llama = fixture("qwen2-0.5b");
  as_llama["model_type"] = "llama";
  EXPECT_EQ(parameters(model) - parameters_of(as_llama), 24 * (896 + 2 * 128));
}

TEST(HfConfig, GemmaHasWideHeadsAndTiedEmbeddingsByDefault)
{
  const json config = fixture("gemma-2b");
  ASSERT_FALSE(config.contains("tie_word_embeddings")); // GemmaConfig's default: tied
  const TransformerModel t = transformer(import_fixture("gemma-2b"));
  EXPECT_EQ(t.d_head, 256); // given, not 2048 / 8
  EXPECT_EQ(t.n_kv_head, 1);
  EXPECT_TRUE(t.tied_embeddings);
  EXPECT_TRUE(t.gated_ffn);
  EXPECT_EQ(t.norm, NormKind::rms_norm);
}

TEST(HfConfig, Phi3IsUntiedWithoutBiases)
{
  const TransformerModel t = transformer(import_fixture("phi-3-mini"));
  EXPECT_FALSE(t.tied_embeddings);
  EXPECT_FALSE(t.attention_bias || t.qkv_bias || t.mlp_bias);
  EXPECT_EQ(t.d_head, 96);
  EXPECT_EQ(t.n_ctx, 4096);
}

TEST(HfConfig, Gpt2ReadsItsOwnKeyNames)
{
  const TransformerModel t = transformer(import_fixture("gpt2"));
  EXPECT_EQ(t.n_ctx, 1024); // n_positions
  EXPECT_EQ(t.d_model, 768);
  EXPECT_EQ(t.d_ff, 4 * 768); // n_inner absent
  EXPECT_EQ(t.position, PositionEmbedding::learned);
  EXPECT_EQ(t.norm, NormKind::layer_norm);
  EXPECT_TRUE(t.norm_bias);
  EXPECT_TRUE(t.attention_bias && t.mlp_bias);
  EXPECT_TRUE(t.tied_embeddings);
  json wider = fixture("gpt2");
  wider["n_inner"] = 4096;
  EXPECT_EQ(parameters_of(wider) - 124'439'808, 12 * (2 * 768 * (4096 - 3072) + (4096 - 3072)));
}

TEST(HfConfig, GptNeoxIsUntiedWithBiasesAndTwoLayerNorms)
{
  const TransformerModel t = transformer(import_fixture("pythia-70m"));
  EXPECT_FALSE(t.tied_embeddings);
  EXPECT_TRUE(t.attention_bias && t.mlp_bias);
  EXPECT_EQ(t.norm, NormKind::layer_norm);
  EXPECT_TRUE(t.norm_bias);
  EXPECT_EQ(t.norms_per_layer, 2);
  EXPECT_EQ(t.position, PositionEmbedding::rotary);
  EXPECT_FALSE(t.gated_ffn);
  json config = fixture("pythia-70m");
  config.erase("tie_word_embeddings"); // GPTNeoXConfig's default: untied
  EXPECT_EQ(parameters_of(config), 70'426'624);
  config["attention_bias"] = false;
  EXPECT_EQ(70'426'624 - parameters_of(config), 6 * 4 * 512);
}

TEST(HfConfig, OptHasTwoExtraPositionRows)
{
  const TransformerModel t = transformer(import_fixture("opt-125m"));
  EXPECT_EQ(t.n_ctx, 2048);
  EXPECT_EQ(t.position_rows, 2050);
  EXPECT_EQ(t.d_embed, 0); // word_embed_proj_dim == hidden_size: no projections
  EXPECT_TRUE(t.final_norm);
  EXPECT_TRUE(t.tied_embeddings);
}

TEST(HfConfig, Opt350mProjectsItsEmbeddingAndHasNoFinalNorm)
{
  // facebook/opt-350m's config differs from opt-125m's in these keys.
  json config = fixture("opt-125m");
  config["_name_or_path"] = "facebook/opt-350m";
  config["hidden_size"] = 1024;
  config["num_hidden_layers"] = 24;
  config["num_attention_heads"] = 16;
  config["ffn_dim"] = 4096;
  config["word_embed_proj_dim"] = 512;
  config["do_layer_norm_before"] = false;
  const Model model = model_from_hf_config(config, "config.json", "opt-350m");
  EXPECT_EQ(transformer(model).d_embed, 512);
  EXPECT_FALSE(transformer(model).final_norm);
  EXPECT_EQ(parameters(model), 331'196'416); // as published for OPT-350m
  config["enable_bias"] = false;
  EXPECT_EQ(331'196'416 - parameters_of(config), 24 * (4 * 1024 + 4096 + 1024));
}

TEST(HfConfig, FalconSevenBIsMultiQueryWithOneNormPerLayer)
{
  const json config = fixture("falcon-7b");
  const TransformerModel t = transformer(import_fixture("falcon-7b"));
  EXPECT_EQ(t.n_kv_head, 1);
  EXPECT_EQ(t.norms_per_layer, 1);
  EXPECT_TRUE(t.tied_embeddings);
  EXPECT_FALSE(t.attention_bias || t.mlp_bias);
  EXPECT_EQ(t.d_ff, 4 * 4544);
  EXPECT_EQ(t.n_ctx, 2048); // FalconConfig's default
  EXPECT_NE(import_fixture("falcon-7b").description.find("max_position_embeddings missing"), std::string::npos);

  // falcon-7b-instruct's config also carries "num_kv_heads": 71, which multi_query overrides.
  json instruct = config;
  instruct["num_kv_heads"] = 71;
  EXPECT_EQ(parameters_of(instruct), 6'921'720'704);

  // The same model under its first model_type, with RefinedWebModel's key names.
  json refined_web = config;
  refined_web["model_type"] = "RefinedWebModel";
  refined_web["architectures"] = json::array({"RWForCausalLM"});
  refined_web["n_head"] = refined_web["num_attention_heads"];
  refined_web["n_layer"] = refined_web["num_hidden_layers"];
  refined_web.erase("num_attention_heads");
  refined_web.erase("num_hidden_layers");
  refined_web.erase("new_decoder_architecture");
  EXPECT_EQ(parameters_of(refined_web), 6'921'720'704);

  // Sequential attention needs a second norm.
  json sequential = config;
  sequential["parallel_attn"] = false;
  EXPECT_EQ(parameters_of(sequential) - 6'921'720'704, 32 * 2 * 4544);
}

TEST(HfConfig, FalconsNewDecoderArchitectureHasGroupedKvHeadsAndTwoNorms)
{
  // tiiuae/falcon-40b's shapes.
  json config = fixture("falcon-7b");
  config["hidden_size"] = 8192;
  config["num_hidden_layers"] = 60;
  config["num_attention_heads"] = 128;
  config["num_kv_heads"] = 8;
  config["new_decoder_architecture"] = true;
  const TransformerModel t = transformer(model_from_hf_config(config, "config.json", "falcon-40b"));
  EXPECT_EQ(t.n_kv_head, 8);
  EXPECT_EQ(t.norms_per_layer, 2); // ln_attn and ln_mlp
  EXPECT_EQ(t.d_head, 64);
  // Its fused query_key_value is (2 x 8 + 128) x 64 = 9,216 wide.
  EXPECT_EQ(t.n_head * t.d_head + 2 * t.n_kv_head * t.d_head, 9216);
  config["num_ln_in_parallel_attn"] = 1;
  EXPECT_EQ(transformer(model_from_hf_config(config, "config.json", "x")).norms_per_layer, 1);
  // The original RefinedWeb type is the new architecture, with n_head_kv.
  json refined_web = config;
  refined_web.erase("num_ln_in_parallel_attn");
  refined_web.erase("new_decoder_architecture");
  refined_web.erase("num_kv_heads");
  refined_web["n_head_kv"] = 8;
  refined_web["model_type"] = "RefinedWeb";
  EXPECT_EQ(transformer(model_from_hf_config(refined_web, "config.json", "x")), t);
}

Model assumed_llama(const json& config)
{
  return model_from_hf_config(config, "config.json", "mine", ImportOptions{.assume_llama_layout = true});
}

TEST(HfConfig, AnUnknownFamilyIsRefusedByNameUnlessALayoutIsAssumed)
{
  json config = fixture("llama-2-7b");
  config["model_type"] = "my_llama";
  config["architectures"] = json::array({"MyLlamaForCausalLM"});
  try {
    model_from_hf_config(config, "config.json", "mine");
    ADD_FAILURE() << "an unknown model_type was counted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "/model_type");
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("config.json: /model_type: model_type \"my_llama\" is not one of the families "
                                    "this importer counts exactly (llama, mistral, mixtral, qwen2, qwen2_moe, "))
        << message;
    for (const char* family : {"gemma2", "deepseek_v3", "phimoe", "olmo2", "cohere", "bloom"}) {
      EXPECT_NE(message.find(family), std::string::npos) << family;
    }
    EXPECT_TRUE(message.ends_with("--assume-layout llama reads it as a Llama-like decoder, marked as assumed"));
  }

  // Asked for, the Llama-like reading counts, and every name of the model says it was assumed.
  const Model model = assumed_llama(config);
  EXPECT_EQ(parameters(model), 6'738'415'616);
  EXPECT_TRUE(model.layout_assumed);
  EXPECT_EQ(display_name(model), model.name + " (assumed layout)");
  EXPECT_NE(model.description.find("assumed Llama-like mapping"), std::string::npos);
  EXPECT_NE(model.description.find("The layout was assumed (--assume-layout llama)"), std::string::npos);
  const json saved = model_to_json(model);
  EXPECT_EQ(saved.at("layout"), "assumed");
  const Model read_back = model_from_json(saved, "saved.json");
  EXPECT_TRUE(read_back.layout_assumed);
  EXPECT_EQ(display_name(read_back), display_name(model)); // said once, not twice
  // A known family is never marked, even with the option.
  EXPECT_FALSE(assumed_llama(fixture("llama-2-7b")).layout_assumed);

  // Without tie_word_embeddings, transformers' PretrainedConfig default (tied) applies, and is said.
  config.erase("tie_word_embeddings");
  const Model tied = assumed_llama(config);
  EXPECT_TRUE(transformer(tied).tied_embeddings);
  EXPECT_NE(tied.description.find("tie_word_embeddings missing"), std::string::npos);
  // Mixtral's expert keys can be assumed for any family.
  config = fixture("mixtral-8x7b");
  config["model_type"] = "my_moe";
  EXPECT_EQ(parameters(assumed_llama(config)), 46'702'792'704);
}

TEST(HfConfig, ForeignExpertLayoutsAreRefusedEvenWhenAssumed)
{
  json config = fixture("qwen2-7b");
  config["model_type"] = "my_moe";
  config["num_experts"] = 64;
  config["moe_intermediate_size"] = 2560;
  try {
    assumed_llama(config);
    ADD_FAILURE() << "a foreign expert layout was assumed";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key_path(), "/num_experts");
    EXPECT_EQ(std::string(e.what()), "config.json: /num_experts: a mixture-of-experts layout Llama's cannot stand for, "
                                     "even as an assumption; only Mixtral's num_local_experts / num_experts_per_tok "
                                     "can be assumed");
  }
}

// ---------------------------------------------------------------------------------------------
// Errors and precision

TEST(HfConfig, MissingAndWronglyTypedKeysAreNamed)
{
  json config = fixture("llama-2-7b");
  config.erase("hidden_size");
  expect_input_error(config, "/hidden_size",
                     "config.json: /hidden_size: missing; expected a positive integer (the model width)");
  config = fixture("llama-2-7b");
  config["hidden_size"] = "4096";
  expect_input_error(config, "/hidden_size",
                     "config.json: /hidden_size: expected a positive integer (the model width), got \"4096\"");
  config = fixture("llama-2-7b");
  config["num_hidden_layers"] = -2;
  expect_input_error(
      config, "/num_hidden_layers",
      "config.json: /num_hidden_layers: expected a positive integer (the number of decoder layers), got -2");
  config = fixture("llama-2-7b");
  config["tie_word_embeddings"] = "no";
  expect_input_error(config, "/tie_word_embeddings",
                     "config.json: /tie_word_embeddings: expected true or false, got \"no\"");
  config = fixture("llama-2-70b");
  config["num_key_value_heads"] = 6;
  expect_input_error(config, "/num_key_value_heads",
                     "config.json: /num_key_value_heads: expected a divisor of num_attention_heads (64), got 6");
  config = fixture("gpt2");
  config.erase("n_embd");
  expect_input_error(
      config, "/n_embd",
      "config.json: /n_embd: missing; expected a positive integer (the model width), or its alias hidden_size");
  config = fixture("gpt2");
  config["n_head"] = 7;
  expect_input_error(config, "/head_dim",
                     "config.json: /head_dim: missing, and n_embd (768) is not a multiple of n_head (7) to derive it "
                     "from");
  // null is absent, as in transformers.
  config = fixture("mistral-7b");
  config["head_dim"] = nullptr;
  EXPECT_EQ(parameters_of(config), 7'241'732'096);
}

TEST(HfConfig, AnAssumedLayoutStillNeedsTheStandardKeys)
{
  const json t5 = json::parse(R"({"model_type": "t5", "architectures": ["T5ForConditionalGeneration"],
    "d_model": 512, "num_layers": 6, "num_heads": 8, "d_ff": 2048, "vocab_size": 32128})");
  EXPECT_TRUE(looks_like_hf_config(t5));
  try {
    assumed_llama(t5);
    ADD_FAILURE() << "a config without the standard keys was read";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "config.json: /hidden_size: missing; expected a positive integer (the model width)");
  }
  expect_input_error(json::array({1, 2}), "", "config.json: expected a Hugging Face config.json object, got [1,2]");
}

TEST(HfConfig, ModelTypeFromArchitecturesWhenAbsent)
{
  json config = fixture("qwen2-0.5b");
  config.erase("model_type");
  EXPECT_EQ(parameters_of(config), 494'032'768); // Qwen2ForCausalLM: the Qwen2 rule still applies
}

TEST(HfConfig, TorchDtypeGivesTheDefaultPrecision)
{
  const auto precision_of = [](const json& config) {
    return model_from_hf_config(config, "config.json", "test").default_precision;
  };
  json config = fixture("llama-2-7b");
  EXPECT_EQ(precision_of(config),
            (Precision{NumberFormat::fp16, NumberFormat::fp16, NumberFormat::fp16, NumberFormat::fp16}));
  config["torch_dtype"] = "bfloat16";
  EXPECT_EQ(precision_of(config),
            (Precision{NumberFormat::bf16, NumberFormat::bf16, NumberFormat::bf16, NumberFormat::bf16}));
  config["torch_dtype"] = "float32";
  EXPECT_EQ(precision_of(config).weight, NumberFormat::fp32);
  EXPECT_EQ(precision_of(config).kv_cache, NumberFormat::fp32);
  config.erase("torch_dtype");
  config["dtype"] = "bfloat16"; // transformers' newer key
  EXPECT_EQ(precision_of(config).mac, NumberFormat::bf16);
  config.erase("dtype");
  const Model missing = model_from_hf_config(config, "config.json", "test");
  EXPECT_EQ(missing.default_precision, Precision{});                                           // FP16 ...
  EXPECT_NE(missing.description.find("torch_dtype missing: FP16 assumed"), std::string::npos); // ... said so
  EXPECT_EQ(import_fixture("gpt2").default_precision.weight, NumberFormat::fp16);
  config["torch_dtype"] = "int3";
  expect_input_error(config, "/torch_dtype",
                     "config.json: /torch_dtype: expected float16, bfloat16 or float32, got \"int3\"");
}

TEST(HfConfig, OurOwnFilesAreNotHfConfigs)
{
  Model model;
  model.architecture = TransformerModel{};
  EXPECT_FALSE(looks_like_hf_config(model_to_json(model)));
  EXPECT_FALSE(looks_like_hf_config(json::array()));
  EXPECT_FALSE(looks_like_hf_config(json::object({{"foo", 1}})));
  EXPECT_TRUE(looks_like_hf_config(json::object({{"hidden_size", 8}, {"num_hidden_layers", 2}})));
  EXPECT_TRUE(looks_like_hf_config(json::object({{"architectures", json::array({"X"})}})));
}

} // namespace
} // namespace nne
