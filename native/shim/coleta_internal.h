// coleta_internal.h: helpers shared by the shim's translation units (not part of the boundary).
#pragma once
#include <cstdint>
#include <exception>
#include <new>

#include "llama.h"

struct ggml_tensor;

// Context parameters for Coleta's contexts: one sequence (or the beams'), no perf counters; for training an
// F32 KV cache and no flash attention (backward passes exist only there). Shared by
// coleta_context_new and the trainer so the two cannot drift apart.
// With beams: room for coleta_beam_search's sequences in one shared cache.
llama_context_params coleta_context_params(int32_t n_ctx, int32_t n_batch, int32_t n_ubatch, int32_t n_threads, bool for_training,
                                           bool beams);

// Drops what the shim cached for this model (the grammar trie of its vocabulary); called
// before every llama_model_free, since a later model may be allocated at the same address.
void coleta_forget_model(const llama_model * model);

// Clears the per-call log capture; every entry point that can fail calls it first.
void coleta_begin_call();
// Records a formatted error (plus any error lines llama.cpp logged during the call) for
// coleta_last_error() and returns status.
int32_t coleta_fail(int32_t status, const char * fmt, ...) __attribute__((format(printf, 2, 3)));

// Every entry point runs inside these: no C++ exception may cross into the JVM.
#define COLETA_GUARD_BEGIN coleta_begin_call(); try {
#define COLETA_GUARD_END                                                                   \
    } catch (const std::bad_alloc &) {                                                     \
        return coleta_fail(COLETA_ERR_INTERNAL, "out of memory");                          \
    } catch (const std::exception & e) {                                                   \
        return coleta_fail(COLETA_ERR_INTERNAL, "llama.cpp threw: %s", e.what());          \
    } catch (...) {                                                                        \
        return coleta_fail(COLETA_ERR_INTERNAL, "llama.cpp threw an unknown exception");   \
    }

// llama.cpp internals the trainer needs (defined in coleta_internals.cpp, the one file that
// includes llama.cpp's private headers): a model tensor by name (nullptr when absent), and the
// model's n_ctx_train, which opt_init overwrites and the saved model must keep.
const ggml_tensor * coleta_model_tensor(const llama_model * model, const char * name);
uint32_t coleta_model_n_ctx_train(const llama_model * model);
void coleta_model_set_n_ctx_train(llama_model * model, uint32_t n_ctx_train);
