// coleta.h: the C boundary between Coleta's Java code (JNA) and llama.cpp.
//
// Rules of this boundary (see STYLE.md):
//  - only pointers, numbers and strings cross it; no struct is passed or returned by value,
//    so llama.cpp's struct layouts can change without breaking the Java side;
//  - every fallible function returns a status (COLETA_OK = 0, negative on failure) and leaves
//    a message for coleta_last_error() on the calling thread;
//  - C++ exceptions never escape: each entry point catches them and turns them into a status.
//
// Ownership: a context belongs to the caller and must be freed before its model; an adapter
// must be freed after every context that uses it; a sampler is independent of contexts but
// must be freed before its model (it holds the model's vocabulary).
#ifndef COLETA_H
#define COLETA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COLETA_API __attribute__((visibility("default")))

enum coleta_status {
    COLETA_OK              =  0,
    COLETA_ERR_ARGUMENT    = -1, // a bad argument (null pointer, out-of-range number)
    COLETA_ERR_LOAD        = -2, // a model or adapter file could not be loaded
    COLETA_ERR_DECODE      = -3, // llama_decode failed
    COLETA_ERR_GRAMMAR     = -4, // a grammar or JSON schema could not be parsed
    COLETA_ERR_CONTEXT     = -5, // the context is full or could not be created
    COLETA_ERR_BUFFER      = -6, // an output buffer is too small; the needed size is reported
    COLETA_ERR_TRAIN       = -7, // training failed
    COLETA_ERR_INTERNAL    = -8, // an unexpected exception inside llama.cpp
    COLETA_ERR_CANCELLED   = -9, // the operation was cancelled by its callback
};

// ---- library ---------------------------------------------------------------------------

// Level: 1 debug, 2 info, 3 warn, 4 error (ggml_log_level values, continuation folded in).
typedef void (*coleta_log_callback)(int32_t level, const char * text);

COLETA_API const char * coleta_last_error(void);
COLETA_API const char * coleta_version(void);           // "coleta-shim <n> llama.cpp <build>"
COLETA_API const char * coleta_system_info(void);
COLETA_API int32_t      coleta_init(void);               // idempotent backend init
COLETA_API void         coleta_set_log_callback(coleta_log_callback cb, int32_t min_level);
COLETA_API int32_t      coleta_supports_gpu_offload(void);

// ---- models ----------------------------------------------------------------------------

COLETA_API int32_t coleta_model_load(const char * path, int32_t n_gpu_layers, int32_t use_mmap,
                                     int32_t vocab_only, int32_t for_training, void ** out_model);
COLETA_API void    coleta_model_free(void * model);
// Fills out[0..7]: n_vocab, n_ctx_train, n_embd, n_layer, n_head, n_head_kv, bos, eos.
COLETA_API int32_t coleta_model_dims(void * model, int32_t * out, int32_t n_out);
COLETA_API uint64_t coleta_model_n_params(void * model);
COLETA_API uint64_t coleta_model_size(void * model);
// Writes the model description ("llama 7B Q4_0") into buf; returns the length or COLETA_ERR_BUFFER.
COLETA_API int32_t coleta_model_desc(void * model, char * buf, int32_t cap);
// The model's own chat template (tokenizer.chat_template), or NULL if it has none.
COLETA_API const char * coleta_model_chat_template(void * model);
COLETA_API int32_t coleta_token_is_eog(void * model, int32_t token);

// Quantizes in_path to out_path. ftype: a llama_ftype code (e.g. 7 = Q8_0, 2 = Q4_0, 1 = F16,
// 15 = Q4_K_M).
COLETA_API int32_t coleta_model_quantize(const char * in_path, const char * out_path, int32_t ftype, int32_t n_threads);

// ---- tokens ----------------------------------------------------------------------------

// Returns the number of tokens written, or -(needed) when cap is too small.
COLETA_API int32_t coleta_tokenize(void * model, const char * text, int32_t text_len, int32_t add_special,
                                   int32_t parse_special, int32_t * out, int32_t cap);
// Writes the token's text piece (not NUL-terminated); returns its length or -(needed).
COLETA_API int32_t coleta_token_to_piece(void * model, int32_t token, char * buf, int32_t cap, int32_t special);

// ---- chat templates --------------------------------------------------------------------

// Applies tmpl (NULL: the model's own, then Llama 2 "[INST]" as a fallback) to n messages.
// Returns the formatted length (bytes), or -(needed) when cap is too small.
COLETA_API int32_t coleta_chat_apply(void * model, const char * tmpl, const char ** roles, const char ** contents,
                                     int32_t n, int32_t add_assistant, char * buf, int32_t cap);

// ---- contexts --------------------------------------------------------------------------

// mode: COLETA_CONTEXT_INFERENCE (one sequence), COLETA_CONTEXT_TRAINING (an F32 cache, no flash
// attention), or COLETA_CONTEXT_BEAMS (inference with room for coleta_beam_search's sequences,
// one cache shared by all; about 9 % slower per token on a tiny model, so not the default).
#define COLETA_CONTEXT_INFERENCE 0
#define COLETA_CONTEXT_TRAINING 1
#define COLETA_CONTEXT_BEAMS 2
COLETA_API int32_t coleta_context_new(void * model, int32_t n_ctx, int32_t n_batch, int32_t n_threads,
                                      int32_t mode, void ** out_ctx);
COLETA_API void    coleta_context_free(void * ctx);
COLETA_API int32_t coleta_context_n_ctx(void * ctx);
// Removes every cached position >= pos (pos 0 clears the cache).
COLETA_API int32_t coleta_context_truncate(void * ctx, int32_t pos);
// Decodes tokens at positions pos0.. ; logits are kept for the last token only.
COLETA_API int32_t coleta_decode(void * ctx, const int32_t * tokens, int32_t n, int32_t pos0);
// Copies the last token's logits (n_vocab floats) into out.
COLETA_API int32_t coleta_logits(void * ctx, float * out, int32_t n);

// ---- adapters --------------------------------------------------------------------------

COLETA_API int32_t coleta_lora_load(void * model, const char * path, void ** out_adapter);
COLETA_API void    coleta_lora_free(void * adapter);
// Sets exactly these adapters with these scales on the context (n = 0 removes all).
COLETA_API int32_t coleta_context_set_loras(void * ctx, void ** adapters, const float * scales, int32_t n);

// ---- grammars --------------------------------------------------------------------------

// Converts a JSON Schema (text) to GBNF with llama.cpp's own converter; *out is freed with
// coleta_free_string.
COLETA_API int32_t coleta_json_schema_to_grammar(const char * schema_json, char ** out);
COLETA_API void    coleta_free_string(char * s);
// Parses a GBNF grammar without a vocabulary: COLETA_OK or COLETA_ERR_GRAMMAR with a message.
COLETA_API int32_t coleta_grammar_check(const char * gbnf, const char * root);
// 1 if the grammar accepts text exactly (a complete parse), 0 if not, negative on error.
COLETA_API int32_t coleta_grammar_accepts(const char * gbnf, const char * root, const char * text);

// ---- samplers --------------------------------------------------------------------------

// temperature <= 0 means greedy. top_k <= 0, top_p >= 1, min_p <= 0, repeat_penalty == 1
// disable those steps. gbnf may be NULL (unconstrained).
COLETA_API int32_t coleta_sampler_new(void * model, float temperature, int32_t top_k, float top_p, float min_p,
                                      float repeat_penalty, int32_t repeat_last_n, uint32_t seed,
                                      const char * gbnf, const char * root, void ** out_sampler);
COLETA_API void    coleta_sampler_free(void * sampler);
// Samples the next token from the context's last logits and accepts it. With a grammar, the
// token is first drawn without it and checked alone; the full grammar pass over the vocabulary
// runs only when that token is rejected. out_stats (may be NULL) counts full passes.
COLETA_API int32_t coleta_sampler_sample(void * sampler, void * ctx, int32_t * out_token);
// Feeds tokens that were not sampled (e.g. a forced prefix) to the sampler's history and grammar.
COLETA_API int32_t coleta_sampler_accept(void * sampler, int32_t token);
// 1 if the grammar (if any) can end here, i.e. an end-of-generation token is allowed now.
COLETA_API int32_t coleta_sampler_grammar_done(void * sampler);
COLETA_API int64_t coleta_sampler_full_passes(void * sampler);
// Process-wide counters of the grammar engine since the library loaded, for benchmarks: out
// receives up to n_out of (refused sampled tokens, automaton states learnt, automaton moves
// learnt, ns of all grammar work while sampling, ns of searches after a refusal, ns of learning
// moves). Returns how many it wrote.
COLETA_API int32_t coleta_grammar_stats(int64_t * out, int32_t n_out);

// ---- generation ------------------------------------------------------------------------

// One generation step in one call (the per-token path): samples the next token with sampler
// from ctx's last logits (as coleta_sampler_sample), then, if decode != 0 and the token does
// not end generation, decodes it at position pos so that the next logits are ready. Writes
// out[0] = token, out[1] = 1 if it ends generation (else 0), out[2] = the length of its text
// copied to piece (special tokens render as empty), or -(length) if piece_cap is too small
// (nothing copied; ask coleta_token_to_piece). The single-token batch is reused per thread.
COLETA_API int32_t coleta_step(void * ctx, void * sampler, int32_t pos, int32_t decode, int32_t * out,
                               uint8_t * piece, int32_t piece_cap);

// Most beams of coleta_beam_search.
#define COLETA_MAX_BEAMS 8

// Beam search from the context's last logits (a prompt decoded at positions [0, pos) of
// sequence 0), under the sampler's grammar if it has one (the sampler must be greedy and fresh:
// no token accepted yet). Keeps the `beams` most likely partial outputs (sums of the model's
// token log-probabilities; the grammar removes tokens, it does not renormalise), each with its
// own grammar state and cache sequence; each step extends every beam by its `beams` likeliest
// allowed tokens and, with 2 beams or more, by the end of generation wherever the grammar
// allows it (one beam is greedy decoding). It stops when the best finished output (ended by an
// end-of-generation token) scores at least as high as every unfinished one,
// or max_tokens, or the context's end. Writes the best output's tokens (end token excluded) to
// out_tokens (cap >= max_tokens), and out[0] = their count, out[1] = 1 if it ended with an
// end-of-generation token (else 0), out[2] = 1 if the grammar is complete after it (1 without
// a grammar), out[3] = 1 if the context's end stopped it.
// Afterwards the cache holds the prompt alone, in sequence 0. beams in [1, COLETA_MAX_BEAMS]; the
// context must be made with COLETA_CONTEXT_BEAMS.
COLETA_API int32_t coleta_beam_search(void * ctx, void * sampler, int32_t pos, int32_t beams, int32_t max_tokens,
                                      int32_t * out_tokens, int32_t cap, int32_t * out);

#ifdef __cplusplus
}
#endif

#endif // COLETA_H
