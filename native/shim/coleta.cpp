// coleta.cpp: the inference half of the C shim (see coleta.h for the rules of the boundary), on
// llama.cpp's public API; grammar checks and the sampler are in coleta_internals.cpp.
#include "coleta.h"
#include "coleta_internal.h"

#include "llama.h"
#include "json-schema-to-grammar.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#define COLETA_SHIM_VERSION 1

// ---- errors and logs ---------------------------------------------------------------------

namespace {
thread_local std::string t_error;         // what coleta_last_error() returns
thread_local std::string t_log_errors;    // error lines llama.cpp logged during the current call
thread_local std::string t_log_line;      // partial log line being assembled
thread_local int t_log_level = 2;

coleta_log_callback g_log_cb = nullptr;
int g_log_min = 3;
std::once_flag g_init_once;

void on_log(ggml_log_level level, const char * text, void *) {
    if (text == nullptr) return;
    int lv = (int) level;
    if (lv != GGML_LOG_LEVEL_CONT) t_log_level = lv;
    t_log_line += text;
    if (t_log_line.empty() || t_log_line.back() != '\n') return;
    t_log_line.pop_back();
    if (t_log_level >= GGML_LOG_LEVEL_ERROR && t_log_errors.size() < 4096) {
        if (!t_log_errors.empty()) t_log_errors += "; ";
        t_log_errors += t_log_line;
    }
    if (g_log_cb != nullptr && t_log_level >= g_log_min) g_log_cb(t_log_level, t_log_line.c_str());
    t_log_line.clear();
}
} // namespace

void coleta_begin_call() { t_log_errors.clear(); }

int32_t coleta_fail(int32_t status, const char * fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    t_error = buf;
    if (!t_log_errors.empty()) {
        t_error += " (llama.cpp: ";
        t_error += t_log_errors;
        t_error += ")";
    }
    return status;
}

const char * coleta_last_error(void) { return t_error.c_str(); }

const char * coleta_version(void) {
    static std::string v = "coleta-shim " + std::to_string(COLETA_SHIM_VERSION) + " llama.cpp " + llama_version();
    return v.c_str();
}

const char * coleta_system_info(void) { return llama_print_system_info(); }

int32_t coleta_init(void) {
    std::call_once(g_init_once, [] {
        llama_log_set(on_log, nullptr);
        llama_backend_init();
    });
    return COLETA_OK;
}

void coleta_set_log_callback(coleta_log_callback cb, int32_t min_level) {
    g_log_cb = cb;
    g_log_min = min_level;
}

int32_t coleta_supports_gpu_offload(void) { return llama_supports_gpu_offload() ? 1 : 0; }

// ---- models ----------------------------------------------------------------------------

int32_t coleta_model_load(const char * path, int32_t n_gpu_layers, int32_t use_mmap, int32_t vocab_only,
                          int32_t for_training, void ** out_model) {
    COLETA_GUARD_BEGIN
    if (path == nullptr || out_model == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "path and out_model must not be null");
    *out_model = nullptr;
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe) return coleta_fail(COLETA_ERR_LOAD, "cannot open model file %s", path);
    }
    coleta_init();
    llama_model_params p = llama_model_default_params();
    p.n_gpu_layers = n_gpu_layers;
    p.load_mode = (use_mmap && !for_training) ? LLAMA_LOAD_MODE_MMAP : LLAMA_LOAD_MODE_NONE;
    p.vocab_only = vocab_only != 0;
    // Repacked Q4_0 weights (extra buffer types) crash the training graph: off when training.
    if (for_training) p.use_extra_bufts = false;
    llama_model * m = llama_model_load_from_file(path, p);
    if (m == nullptr) return coleta_fail(COLETA_ERR_LOAD, "llama.cpp could not load model %s", path);
    *out_model = m;
    return COLETA_OK;
    COLETA_GUARD_END
}

void coleta_model_free(void * model) {
    if (model == nullptr) return;
    coleta_forget_model(static_cast<llama_model *>(model));
    llama_model_free(static_cast<llama_model *>(model));
}

int32_t coleta_model_dims(void * model, int32_t * out, int32_t n_out) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || out == nullptr || n_out < 8) return coleta_fail(COLETA_ERR_ARGUMENT, "model/out null or n_out < 8");
    auto * m = static_cast<llama_model *>(model);
    const llama_vocab * v = llama_model_get_vocab(m);
    out[0] = llama_vocab_n_tokens(v);
    out[1] = llama_model_n_ctx_train(m);
    out[2] = llama_model_n_embd(m);
    out[3] = llama_model_n_layer(m);
    // n_head(il) aborts (GGML_ABORT) when the model has no layers, e.g. a vocab-only file.
    out[4] = out[3] > 0 ? llama_model_n_head(m) : 0;
    out[5] = out[3] > 0 ? llama_model_n_head_kv(m) : 0;
    out[6] = llama_vocab_bos(v);
    out[7] = llama_vocab_eos(v);
    return COLETA_OK;
    COLETA_GUARD_END
}

uint64_t coleta_model_n_params(void * model) { return model ? llama_model_n_params(static_cast<llama_model *>(model)) : 0; }
uint64_t coleta_model_size(void * model) { return model ? llama_model_size(static_cast<llama_model *>(model)) : 0; }

int32_t coleta_model_desc(void * model, char * buf, int32_t cap) {
    if (model == nullptr || buf == nullptr || cap <= 0) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    int32_t n = llama_model_desc(static_cast<llama_model *>(model), buf, (size_t) cap);
    return n < cap ? n : COLETA_ERR_BUFFER;
}

const char * coleta_model_chat_template(void * model) {
    return model ? llama_model_chat_template(static_cast<llama_model *>(model), nullptr) : nullptr;
}

int32_t coleta_token_is_eog(void * model, int32_t token) {
    if (model == nullptr) return 0;
    return llama_vocab_is_eog(llama_model_get_vocab(static_cast<llama_model *>(model)), token) ? 1 : 0;
}

int32_t coleta_model_quantize(const char * in_path, const char * out_path, int32_t ftype, int32_t n_threads) {
    COLETA_GUARD_BEGIN
    if (in_path == nullptr || out_path == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "paths must not be null");
    coleta_init();
    llama_model_quantize_params p = llama_model_quantize_default_params();
    p.ftype = (llama_ftype) ftype;
    p.nthread = n_threads;
    uint32_t rc = llama_model_quantize(in_path, out_path, &p);
    if (rc != 0) return coleta_fail(COLETA_ERR_LOAD, "quantizing %s to %s failed (code %u)", in_path, out_path, rc);
    return COLETA_OK;
    COLETA_GUARD_END
}

// ---- tokens ----------------------------------------------------------------------------

int32_t coleta_tokenize(void * model, const char * text, int32_t text_len, int32_t add_special, int32_t parse_special,
                        int32_t * out, int32_t cap) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || text == nullptr || text_len < 0 || cap < 0) return coleta_fail(COLETA_ERR_ARGUMENT, "bad tokenize arguments");
    const llama_vocab * v = llama_model_get_vocab(static_cast<llama_model *>(model));
    int32_t n = llama_tokenize(v, text, text_len, out, cap, add_special != 0, parse_special != 0);
    if (n == INT32_MIN) return coleta_fail(COLETA_ERR_ARGUMENT, "text too long to tokenize");
    return n;
    COLETA_GUARD_END
}

int32_t coleta_token_to_piece(void * model, int32_t token, char * buf, int32_t cap, int32_t special) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || buf == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    const llama_vocab * v = llama_model_get_vocab(static_cast<llama_model *>(model));
    if (token < 0 || token >= llama_vocab_n_tokens(v)) return coleta_fail(COLETA_ERR_ARGUMENT, "token %d out of range", token);
    return llama_token_to_piece(v, token, buf, cap, 0, special != 0);
    COLETA_GUARD_END
}

// ---- chat templates --------------------------------------------------------------------

int32_t coleta_chat_apply(void * model, const char * tmpl, const char ** roles, const char ** contents, int32_t n,
                          int32_t add_assistant, char * buf, int32_t cap) {
    COLETA_GUARD_BEGIN
    if (n < 0 || (n > 0 && (roles == nullptr || contents == nullptr))) return coleta_fail(COLETA_ERR_ARGUMENT, "bad messages");
    std::vector<llama_chat_message> msgs((size_t) n);
    for (int32_t i = 0; i < n; i++) {
        if (roles[i] == nullptr || contents[i] == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "message %d is null", i);
        msgs[i] = {roles[i], contents[i]};
    }
    const char * t = tmpl;
    if (t == nullptr && model != nullptr) t = llama_model_chat_template(static_cast<llama_model *>(model), nullptr);
    if (t == nullptr) t = "llama2-sys-bos";
    int32_t r = llama_chat_apply_template(t, msgs.data(), msgs.size(), add_assistant != 0, buf, cap);
    if (r < 0) {
        // An unknown template in the model falls back to Llama 2's [INST] format.
        if (tmpl == nullptr && std::strcmp(t, "llama2-sys-bos") != 0) {
            r = llama_chat_apply_template("llama2-sys-bos", msgs.data(), msgs.size(), add_assistant != 0, buf, cap);
        }
        if (r < 0) return coleta_fail(COLETA_ERR_ARGUMENT, "chat template not supported by llama.cpp");
    }
    return r <= cap ? r : -r;
    COLETA_GUARD_END
}

// ---- contexts --------------------------------------------------------------------------

llama_context_params coleta_context_params(int32_t n_ctx, int32_t n_batch, int32_t n_ubatch, int32_t n_threads, bool for_training,
                                           bool beams) {
    llama_context_params p = llama_context_default_params();
    p.n_ctx = (uint32_t) n_ctx;
    p.n_batch = (uint32_t) n_batch;
    p.n_ubatch = (uint32_t) n_ubatch;
    if (beams) {
        // one sequence per beam and a spare set for the next step's beams (coleta_beam_search),
        // in one cache: sequences that share a prefix share its cells
        p.n_seq_max = 2 * COLETA_MAX_BEAMS + 1;
        p.kv_unified = true;
    } else {
        p.n_seq_max = 1;
    }
    p.n_threads = n_threads;
    p.n_threads_batch = n_threads;
    p.no_perf = true;
    if (for_training) {
        p.type_k = GGML_TYPE_F32;
        p.type_v = GGML_TYPE_F32;
        p.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
    }
    return p;
}

int32_t coleta_context_new(void * model, int32_t n_ctx, int32_t n_batch, int32_t n_threads, int32_t mode,
                           void ** out_ctx) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || out_ctx == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "model and out_ctx must not be null");
    if (n_ctx < 0 || n_batch <= 0 || n_threads <= 0) return coleta_fail(COLETA_ERR_ARGUMENT, "n_ctx >= 0, n_batch > 0, n_threads > 0 required");
    *out_ctx = nullptr;
    if (mode != COLETA_CONTEXT_INFERENCE && mode != COLETA_CONTEXT_TRAINING && mode != COLETA_CONTEXT_BEAMS) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "unknown context mode %d", mode);
    }
    llama_context_params p = coleta_context_params(n_ctx, n_batch, n_batch, n_threads, mode == COLETA_CONTEXT_TRAINING,
                                                   mode == COLETA_CONTEXT_BEAMS);
    llama_context * c = llama_init_from_model(static_cast<llama_model *>(model), p);
    if (c == nullptr) return coleta_fail(COLETA_ERR_CONTEXT, "could not create a context of %d tokens", n_ctx);
    *out_ctx = c;
    return COLETA_OK;
    COLETA_GUARD_END
}

void coleta_context_free(void * ctx) {
    if (ctx != nullptr) llama_free(static_cast<llama_context *>(ctx));
}

int32_t coleta_context_n_ctx(void * ctx) { return ctx ? (int32_t) llama_n_ctx(static_cast<llama_context *>(ctx)) : 0; }

int32_t coleta_context_truncate(void * ctx, int32_t pos) {
    COLETA_GUARD_BEGIN
    if (ctx == nullptr || pos < 0) return coleta_fail(COLETA_ERR_ARGUMENT, "bad truncate arguments");
    auto * c = static_cast<llama_context *>(ctx);
    if (pos == 0) {
        llama_memory_clear(llama_get_memory(c), true);
    } else if (!llama_memory_seq_rm(llama_get_memory(c), 0, pos, -1)) {
        return coleta_fail(COLETA_ERR_CONTEXT, "cannot truncate the cache at %d", pos);
    }
    return COLETA_OK;
    COLETA_GUARD_END
}

int32_t coleta_decode(void * ctx, const int32_t * tokens, int32_t n, int32_t pos0) {
    COLETA_GUARD_BEGIN
    if (ctx == nullptr || tokens == nullptr || n <= 0 || pos0 < 0) return coleta_fail(COLETA_ERR_ARGUMENT, "bad decode arguments");
    auto * c = static_cast<llama_context *>(ctx);
    const int32_t n_ctx = (int32_t) llama_n_ctx(c);
    if ((int64_t) pos0 + n > n_ctx) {
        return coleta_fail(COLETA_ERR_CONTEXT, "%d tokens at position %d do not fit the context of %d", n, pos0, n_ctx);
    }
    const int32_t n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(llama_get_model(c)));
    for (int32_t i = 0; i < n; i++) {
        if (tokens[i] < 0 || tokens[i] >= n_vocab) return coleta_fail(COLETA_ERR_ARGUMENT, "token %d out of range", tokens[i]);
    }
    const int32_t n_batch = (int32_t) llama_n_batch(c);
    llama_batch batch = llama_batch_init(n_batch, 0, 1);
    int32_t status = COLETA_OK;
    for (int32_t start = 0; start < n && status == COLETA_OK; start += n_batch) {
        const int32_t m = std::min(n_batch, n - start);
        batch.n_tokens = m;
        for (int32_t i = 0; i < m; i++) {
            batch.token[i] = tokens[start + i];
            batch.pos[i] = pos0 + start + i;
            batch.n_seq_id[i] = 1;
            batch.seq_id[i][0] = 0;
            batch.logits[i] = (start + i == n - 1) ? 1 : 0;
        }
        int32_t rc = llama_decode(c, batch);
        if (rc != 0) status = coleta_fail(rc == 1 ? COLETA_ERR_CONTEXT : COLETA_ERR_DECODE, "llama_decode returned %d", rc);
    }
    llama_batch_free(batch);
    return status;
    COLETA_GUARD_END
}

int32_t coleta_logits(void * ctx, float * out, int32_t n) {
    COLETA_GUARD_BEGIN
    if (ctx == nullptr || out == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    auto * c = static_cast<llama_context *>(ctx);
    const int32_t n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(llama_get_model(c)));
    if (n < n_vocab) return coleta_fail(COLETA_ERR_BUFFER, "need room for %d logits", n_vocab);
    const float * l = llama_get_logits_ith(c, -1);
    if (l == nullptr) return coleta_fail(COLETA_ERR_DECODE, "no logits: decode first");
    std::memcpy(out, l, sizeof(float) * (size_t) n_vocab);
    return n_vocab;
    COLETA_GUARD_END
}

// ---- adapters --------------------------------------------------------------------------

int32_t coleta_lora_load(void * model, const char * path, void ** out_adapter) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || path == nullptr || out_adapter == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    *out_adapter = nullptr;
    llama_adapter_lora * a = llama_adapter_lora_init(static_cast<llama_model *>(model), path);
    if (a == nullptr) return coleta_fail(COLETA_ERR_LOAD, "llama.cpp could not load LoRA adapter %s for this model", path);
    *out_adapter = a;
    return COLETA_OK;
    COLETA_GUARD_END
}

void coleta_lora_free(void * adapter) {
    if (adapter != nullptr) llama_adapter_lora_free(static_cast<llama_adapter_lora *>(adapter));
}

int32_t coleta_context_set_loras(void * ctx, void ** adapters, const float * scales, int32_t n) {
    COLETA_GUARD_BEGIN
    if (ctx == nullptr || n < 0 || (n > 0 && (adapters == nullptr || scales == nullptr))) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "bad adapter arguments");
    }
    std::vector<llama_adapter_lora *> as((size_t) n);
    std::vector<float> ss((size_t) n);
    for (int32_t i = 0; i < n; i++) {
        if (adapters[i] == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "adapter %d is null", i);
        as[i] = static_cast<llama_adapter_lora *>(adapters[i]);
        ss[i] = scales[i];
    }
    int32_t rc = llama_set_adapters_lora(static_cast<llama_context *>(ctx), n ? as.data() : nullptr, (size_t) n, n ? ss.data() : nullptr);
    if (rc != 0) return coleta_fail(COLETA_ERR_LOAD, "llama_set_adapters_lora returned %d", rc);
    return COLETA_OK;
    COLETA_GUARD_END
}

// ---- grammars --------------------------------------------------------------------------

int32_t coleta_json_schema_to_grammar(const char * schema_json, char ** out) {
    COLETA_GUARD_BEGIN
    if (schema_json == nullptr || out == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    *out = nullptr;
    std::string g;
    try {
        common_json schema = common_json::parse(schema_json);
        g = json_schema_to_grammar(schema, true);
    } catch (const std::exception & e) {
        return coleta_fail(COLETA_ERR_GRAMMAR, "JSON schema not convertible: %s", e.what());
    }
    *out = strdup(g.c_str());
    return *out ? COLETA_OK : coleta_fail(COLETA_ERR_INTERNAL, "out of memory");
    COLETA_GUARD_END
}

void coleta_free_string(char * s) { std::free(s); }
