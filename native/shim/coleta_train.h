// coleta_train.h: the training part of the C boundary (same rules as coleta.h: pointers,
// numbers and strings only; a status per call; errors through coleta_last_error()).
//
// A trainer owns everything it trains with: the model (loaded for training: no mmap, F32 KV
// cache, no flash attention, no repacked weights), one context, the optimizer and, for LoRA,
// the adapter. The caller tokenizes, packs and masks the data: a step takes one window of
// n_ctx tokens with their labels (the next token, or -1 where the loss is masked).
//
// Needs the patched llama.cpp (native/patches): masked labels (0001), adapter tensors offered
// as parameters (0002), scheduler headroom (0003), optimizer state accessors (0004).
#ifndef COLETA_TRAIN_H
#define COLETA_TRAIN_H

#include <stdint.h>
#include "coleta.h"

#ifdef __cplusplus
extern "C" {
#endif

// Target bits: which projections of each layer get an adapter (LoRA) or train (full).
#define COLETA_TARGET_Q    (1 << 0)
#define COLETA_TARGET_K    (1 << 1)
#define COLETA_TARGET_V    (1 << 2)
#define COLETA_TARGET_O    (1 << 3)
#define COLETA_TARGET_GATE (1 << 4)
#define COLETA_TARGET_UP   (1 << 5)
#define COLETA_TARGET_DOWN (1 << 6)
#define COLETA_TARGET_ALL  0x7f
// The output projection (output.weight): opt-in, not part of ALL (as in PEFT).
#define COLETA_TARGET_OUTPUT (1 << 7)

// Creates a trainer for model_path.
//  full = 0: LoRA. A fresh adapter of rank `rank` on the `targets` projections (lora_a uniform
//            in +-1/sqrt(n_in) from `seed`, lora_b zero, so training starts at the base model),
//            or, when init_lora_path is not NULL, that adapter file (rank/targets/alpha are then
//            read from it). Every model tensor stays frozen; quantised bases are fine.
//  full = 1: full fine-tuning of every F32 model tensor, token_embd included (patch 0105),
//            except the per-layer projections left out of `targets` (those stay frozen;
//            COLETA_TARGET_ALL trains them all).
// n_ctx: tokens per window (llama.cpp may round it up: read coleta_trainer_n_ctx);
// n_ubatch: tokens per micro-batch (must divide the window; gradients of a window's
// micro-batches are accumulated into one optimizer step). weight_decay is AdamW's.
COLETA_API int32_t coleta_trainer_new(const char * model_path, const char * init_lora_path, int32_t full,
                                      int32_t rank, float alpha, int32_t targets, int32_t n_ctx,
                                      int32_t n_ubatch, int32_t n_threads, int32_t n_gpu_layers,
                                      uint32_t seed, float weight_decay, void ** out_trainer);
COLETA_API void    coleta_trainer_free(void * trainer);
// AdamW's second-moment decay rate for the steps that follow, in [0, 1) (default: ggml_opt's,
// 0.999; beta1 stays ggml_opt's 0.9). The bias correction follows the step counter, so a
// change between steps only changes how fast the moment forgets.
COLETA_API int32_t coleta_trainer_set_beta2(void * trainer, float beta2);
COLETA_API int32_t coleta_trainer_n_ctx(void * trainer);
// Number of trainable values (adapter or model parameters).
COLETA_API int64_t coleta_trainer_n_trainable(void * trainer);
// One optimizer step on one window: tokens[n] and labels[n], n == coleta_trainer_n_ctx, label -1
// = masked. *out_loss: the mean loss per unmasked token (0 if every label is masked, in which
// case no weight changes). lr <= 0 runs the step with the smallest positive rate (FLT_MIN).
COLETA_API int32_t coleta_trainer_step(void * trainer, const int32_t * tokens, const int32_t * labels, int32_t n,
                                       float lr, double * out_loss);
// The loss per unmasked token on one window, without training.
COLETA_API int32_t coleta_trainer_eval(void * trainer, const int32_t * tokens, const int32_t * labels, int32_t n,
                                       double * out_loss);
// Writes the trained result: the adapter GGUF (LoRA) or the whole model GGUF (full), to a
// temporary file beside path that is then renamed over path (a crash never leaves half a file).
COLETA_API int32_t coleta_trainer_save(void * trainer, const char * path);
// Writes / reads the optimizer state (AdamW moments and step counter, plus the caller's own
// step number) to / from a GGUF file, atomically like coleta_trainer_save. Loading must happen
// before the first step of this trainer.
COLETA_API int32_t coleta_trainer_save_state(void * trainer, const char * path, int64_t step);
COLETA_API int32_t coleta_trainer_load_state(void * trainer, const char * path, int64_t * out_step);

// ---- merging ---------------------------------------------------------------------------

// Writes base_path with n LoRA adapters folded into its weights: W += scale * alpha/rank * B.A
// for every adapted tensor (dequantized to F32, merged, quantized back to its own type); other
// tensors and all metadata are copied. Written to a temporary file, then renamed to out_path.
COLETA_API int32_t coleta_lora_merge(const char * base_path, const char ** lora_paths, const float * scales, int32_t n,
                                     const char * out_path);

#ifdef __cplusplus
}
#endif

#endif // COLETA_TRAIN_H
