// coleta.cpp: the inference half of the C shim (see coleta.h for the rules of the boundary).
#include "coleta.h"
#include "coleta_internal.h"

#include "llama.h"
#include "llama-grammar.h"        // internal: grammar stacks, checks without a vocabulary
#include "llama-vocab.h"          // internal: the token texts the grammar engine matches
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

llama_context_params coleta_context_params(int32_t n_ctx, int32_t n_batch, int32_t n_ubatch, int32_t n_threads, bool for_training) {
    llama_context_params p = llama_context_default_params();
    p.n_ctx = (uint32_t) n_ctx;
    p.n_batch = (uint32_t) n_batch;
    p.n_ubatch = (uint32_t) n_ubatch;
    p.n_seq_max = 1;
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

int32_t coleta_context_new(void * model, int32_t n_ctx, int32_t n_batch, int32_t n_threads, int32_t for_training,
                           void ** out_ctx) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || out_ctx == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "model and out_ctx must not be null");
    if (n_ctx < 0 || n_batch <= 0 || n_threads <= 0) return coleta_fail(COLETA_ERR_ARGUMENT, "n_ctx >= 0, n_batch > 0, n_threads > 0 required");
    *out_ctx = nullptr;
    llama_context_params p = coleta_context_params(n_ctx, n_batch, n_batch, n_threads, for_training != 0);
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

static llama_grammar * parse_grammar(const char * gbnf, const char * root) {
    return llama_grammar_init_impl(nullptr, gbnf, root ? root : "root", false, nullptr, 0, nullptr, 0);
}

int32_t coleta_grammar_check(const char * gbnf, const char * root) {
    COLETA_GUARD_BEGIN
    if (gbnf == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "grammar must not be null");
    coleta_init();
    llama_grammar * g = parse_grammar(gbnf, root);
    if (g == nullptr) return coleta_fail(COLETA_ERR_GRAMMAR, "grammar does not parse");
    llama_grammar_free_impl(g);
    return COLETA_OK;
    COLETA_GUARD_END
}

int32_t coleta_grammar_accepts(const char * gbnf, const char * root, const char * text) {
    COLETA_GUARD_BEGIN
    if (gbnf == nullptr || text == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    coleta_init();
    llama_grammar * g = parse_grammar(gbnf, root);
    if (g == nullptr) return coleta_fail(COLETA_ERR_GRAMMAR, "grammar does not parse");
    bool ok = true;
    try {
        llama_grammar_accept_str(*g, text);
    } catch (const std::exception &) {
        ok = false; // no stack left: the text left the grammar
    }
    bool complete = false;
    if (ok) {
        for (const auto & stack : llama_grammar_get_stacks(g)) {
            if (stack.empty()) { complete = true; break; }
        }
    }
    llama_grammar_free_impl(g);
    return complete ? 1 : 0;
    COLETA_GUARD_END
}

// ---- samplers --------------------------------------------------------------------------

namespace {

// A prefix tree over the code points of every token's text, built once per vocabulary. Walking
// it with the grammar's stacks prunes whole subtrees at the first rejected character, so in
// positions where the grammar allows few tokens (JSON punctuation, SQL keywords) finding them
// costs a fraction of llama.cpp's pass over all 32000 tokens.
struct vocab_trie {
    struct node {
        std::vector<std::pair<uint32_t, int32_t>> children; // code point -> node index
        std::vector<llama_token> tokens;                     // tokens whose text ends here
    };
    std::vector<node> nodes;
    std::vector<llama_token> others; // EOG, empty and incomplete-UTF-8 tokens: checked by llama.cpp itself

    explicit vocab_trie(const llama_vocab * vocab) {
        nodes.emplace_back();
        const int32_t n = llama_vocab_n_tokens(vocab);
        for (llama_token id = 0; id < n; id++) {
            const std::string & piece = vocab->token_to_piece(id);
            std::vector<uint32_t> cps;
            if (llama_vocab_is_eog(vocab, id) || !decode(piece, cps)) {
                others.push_back(id);
                continue;
            }
            if (cps.empty()) continue; // an empty piece is never allowed
            int32_t cur = 0;
            for (uint32_t cp : cps) {
                int32_t next = -1;
                for (auto & ch : nodes[(size_t) cur].children) if (ch.first == cp) { next = ch.second; break; }
                if (next < 0) {
                    next = (int32_t) nodes.size();
                    nodes[(size_t) cur].children.emplace_back(cp, next);
                    nodes.emplace_back();
                }
                cur = next;
            }
            nodes[(size_t) cur].tokens.push_back(id);
        }
    }

    // Strict UTF-8 decoding; false for incomplete or invalid sequences and NUL.
    static bool decode(const std::string & s, std::vector<uint32_t> & out) {
        size_t i = 0;
        while (i < s.size()) {
            const unsigned char c = (unsigned char) s[i];
            uint32_t cp;
            int len;
            if (c < 0x80) { cp = c; len = 1; }
            else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
            else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
            else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; len = 4; }
            else return false;
            if (i + (size_t) len > s.size()) return false;
            for (int k = 1; k < len; k++) {
                const unsigned char d = (unsigned char) s[i + (size_t) k];
                if ((d & 0xC0) != 0x80) return false;
                cp = (cp << 6) | (d & 0x3F);
            }
            if (cp == 0) return false;
            out.push_back(cp);
            i += (size_t) len;
        }
        return true;
    }
};

// One trie per live vocabulary. The key is the vocabulary's address, which the allocator
// reuses once a model is freed: coleta_forget_model drops the entry when its model goes, and
// the fingerprint (size and token texts) catches any other way a stale entry could be reached.
struct trie_entry {
    uint64_t fingerprint;
    std::shared_ptr<const vocab_trie> trie;
};
std::mutex g_trie_mutex;
std::map<const llama_vocab *, trie_entry> g_tries;

uint64_t vocab_fingerprint(const llama_vocab * vocab) {
    uint64_t h = 1469598103934665603ull; // FNV-1a
    auto mix = [&h](unsigned char b) { h ^= b; h *= 1099511628211ull; };
    const int32_t n = llama_vocab_n_tokens(vocab);
    for (int k = 0; k < 4; k++) mix((unsigned char) (n >> (8 * k)));
    for (llama_token id = 0; id < n; id++) {
        for (unsigned char c : vocab->token_to_piece(id)) mix(c);
        mix(0xFF); // separator: "a"+"bc" and "ab"+"c" differ
    }
    return h;
}

std::shared_ptr<const vocab_trie> trie_for(const llama_vocab * vocab) {
    const uint64_t fp = vocab_fingerprint(vocab);
    std::lock_guard<std::mutex> lock(g_trie_mutex);
    auto & e = g_tries[vocab];
    if (!e.trie || e.fingerprint != fp) e = {fp, std::make_shared<const vocab_trie>(vocab)};
    return e.trie;
}

bool is_neg_inf(float x) { return std::isinf(x) && x < 0; }

struct coleta_sampler {
    const llama_vocab * vocab = nullptr;
    int32_t n_vocab = 0;
    int32_t top_k = 0;                  // 0: the chain has no top-k step
    bool greedy = false;
    llama_sampler * penalties = nullptr; // repeat penalty, applied to the full vocabulary first
    llama_sampler * chain = nullptr;     // top-k, top-p, min-p, temperature, draw (or greedy)
    llama_grammar * grammar = nullptr;
    std::shared_ptr<const vocab_trie> trie;
    std::vector<llama_token_data> cur;
    std::vector<float> logit_by_id;
    std::vector<llama_token_data> scratch;
    std::vector<llama_token_data> allowed;
    std::vector<llama_token> trie_hits;
    int64_t full_passes = 0;

    ~coleta_sampler() {
        if (penalties) llama_sampler_free(penalties);
        if (chain) llama_sampler_free(chain);
        if (grammar) llama_grammar_free_impl(grammar);
    }

    void fill(const float * logits) {
        for (int32_t i = 0; i < n_vocab; i++) cur[(size_t) i] = {i, logits[i], 0.0f};
        if (penalties != nullptr) {
            llama_token_data_array arr = {cur.data(), cur.size(), -1, false};
            llama_sampler_apply(penalties, &arr);
        }
        for (int32_t i = 0; i < n_vocab; i++) logit_by_id[(size_t) i] = cur[(size_t) i].logit;
    }

    bool allows(llama_token tok) {
        llama_token_data one = {tok, 1.0f, 0.0f};
        llama_token_data_array single = {&one, 1, -1, false};
        llama_grammar_apply_impl(*grammar, &single);
        return !is_neg_inf(one.logit);
    }

    // Collects allowed tokens from cur[from, to) (already ranked) into `allowed`, up to `need`.
    void check_range(size_t from, size_t to, size_t need) {
        scratch.assign(cur.begin() + (long) from, cur.begin() + (long) to);
        llama_token_data_array arr = {scratch.data(), scratch.size(), -1, true};
        llama_grammar_apply_impl(*grammar, &arr);
        for (size_t i = 0; i < arr.size && allowed.size() < need; i++) {
            if (!is_neg_inf(arr.data[i].logit)) allowed.push_back(arr.data[i]);
        }
    }

    // Every allowed token via the trie, or false if the walk exceeds `budget` nodes (a
    // permissive position, where the ranked chunks below are the cheaper route).
    bool trie_allowed(size_t budget) {
        trie_hits.clear();
        if (grammar->partial_utf8.n_remain != 0) return false; // mid-character: the trie cannot help
        const llama_grammar_stacks root = grammar->stacks;
        size_t visited = 0;
        bool ok = walk(0, root, visited, budget);
        grammar->stacks = root;
        if (!ok) return false;
        // EOG and incomplete-UTF-8 tokens: let llama.cpp decide (a few hundred tokens).
        scratch.clear();
        for (llama_token id : trie->others) scratch.push_back({id, 0.0f, 0.0f});
        llama_token_data_array arr = {scratch.data(), scratch.size(), -1, false};
        llama_grammar_apply_impl(*grammar, &arr);
        for (size_t i = 0; i < arr.size; i++) if (!is_neg_inf(arr.data[i].logit)) trie_hits.push_back(arr.data[i].id);
        return true;
    }

    // Whether `chr` can match the character class at the top of any stack: a cheap test
    // (no allocation) that spares the full llama_grammar_accept for most trie children.
    // Element encoding (llama-grammar.h): CHAR / CHAR_NOT / CHAR_ANY, then CHAR_ALT and
    // CHAR_RNG_UPPER elements extending the same class.
    static bool may_accept(const llama_grammar_stacks & stacks, uint32_t chr) {
        for (const auto & stack : stacks) {
            if (stack.empty()) continue;
            const llama_grammar_element * pos = stack.back();
            if (pos->type != LLAMA_GRETYPE_CHAR && pos->type != LLAMA_GRETYPE_CHAR_NOT && pos->type != LLAMA_GRETYPE_CHAR_ANY) {
                return true; // token-level element: let llama.cpp decide
            }
            const bool positive = pos->type != LLAMA_GRETYPE_CHAR_NOT;
            bool found = false;
            do {
                if (pos->type == LLAMA_GRETYPE_CHAR_ANY) {
                    found = true;
                    pos += 1;
                } else if (pos[1].type == LLAMA_GRETYPE_CHAR_RNG_UPPER) {
                    found = found || (pos->value <= chr && chr <= pos[1].value);
                    pos += 2;
                } else {
                    found = found || pos->value == chr;
                    pos += 1;
                }
            } while (pos->type == LLAMA_GRETYPE_CHAR_ALT);
            if (found == positive) return true;
        }
        return false;
    }

    bool walk(int32_t node, const llama_grammar_stacks & stacks, size_t & visited, size_t budget) {
        for (const auto & ch : trie->nodes[(size_t) node].children) {
            if (++visited > budget) return false;
            if (!may_accept(stacks, ch.first)) continue;
            grammar->stacks = stacks;
            llama_grammar_accept(grammar, ch.first);
            if (grammar->stacks.empty()) continue;
            const auto & child = trie->nodes[(size_t) ch.second];
            trie_hits.insert(trie_hits.end(), child.tokens.begin(), child.tokens.end());
            if (!child.children.empty()) {
                const llama_grammar_stacks next = grammar->stacks;
                if (!walk(ch.second, next, visited, budget)) return false;
            }
        }
        return true;
    }

    // Fills `allowed` with the `need` best allowed tokens (need 0: all of them), best first
    // when need > 0. Returns false on a dead end.
    bool best_allowed(size_t need) {
        allowed.clear();
        auto by_logit = [](const llama_token_data & a, const llama_token_data & b) { return a.logit > b.logit; };
        const size_t want = need == 0 ? cur.size() : need;
        size_t done = 0;
        if (need > 0) {
            // 1. the best 256 candidates: enough wherever the grammar allows most tokens
            done = std::min(cur.size(), (size_t) 256);
            std::partial_sort(cur.begin(), cur.begin() + (long) done, cur.end(), by_logit);
            check_range(0, done, want);
            if (allowed.size() >= want) return true;
        }
        // 2. the trie: exact and cheap wherever the grammar allows few tokens
        if (trie_allowed(40000)) {
            allowed.clear();
            for (llama_token id : trie_hits) allowed.push_back({id, logit_by_id[(size_t) id], 0.0f});
            if (need > 0 && allowed.size() > need) {
                std::partial_sort(allowed.begin(), allowed.begin() + (long) need, allowed.end(), by_logit);
                allowed.resize(need);
            }
            return !allowed.empty();
        }
        // 3. the rest of the vocabulary in growing ranked chunks (or all at once)
        size_t chunk = 1024;
        while (done < cur.size() && allowed.size() < want) {
            size_t end = need == 0 ? cur.size() : std::min(cur.size(), done + chunk);
            if (need > 0) std::partial_sort(cur.begin() + (long) done, cur.begin() + (long) end, cur.end(), by_logit);
            check_range(done, end, want);
            done = end;
            chunk *= 4;
        }
        return !allowed.empty();
    }
};
} // namespace

void coleta_forget_model(const llama_model * model) {
    const llama_vocab * vocab = llama_model_get_vocab(model);
    std::lock_guard<std::mutex> lock(g_trie_mutex);
    g_tries.erase(vocab);
}

int32_t coleta_sampler_new(void * model, float temperature, int32_t top_k, float top_p, float min_p,
                           float repeat_penalty, int32_t repeat_last_n, uint32_t seed, const char * gbnf,
                           const char * root, void ** out_sampler) {
    COLETA_GUARD_BEGIN
    if (model == nullptr || out_sampler == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    if (!std::isfinite(temperature) || !std::isfinite(top_p) || !std::isfinite(min_p) || !(repeat_penalty > 0.0f)) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "sampling parameters must be finite and repeat_penalty > 0");
    }
    *out_sampler = nullptr;
    auto s = std::make_unique<coleta_sampler>();
    s->vocab = llama_model_get_vocab(static_cast<llama_model *>(model));
    s->n_vocab = llama_vocab_n_tokens(s->vocab);
    s->cur.resize((size_t) s->n_vocab);
    s->logit_by_id.resize((size_t) s->n_vocab);
    if (gbnf != nullptr) {
        s->grammar = llama_grammar_init_impl(s->vocab, gbnf, root ? root : "root", false, nullptr, 0, nullptr, 0);
        if (s->grammar == nullptr) return coleta_fail(COLETA_ERR_GRAMMAR, "grammar does not parse");
        s->trie = trie_for(s->vocab);
    }
    llama_sampler_chain_params cp = llama_sampler_chain_default_params();
    cp.no_perf = true;
    s->chain = llama_sampler_chain_init(cp);
    if (repeat_penalty != 1.0f && repeat_last_n != 0) {
        s->penalties = llama_sampler_init_penalties(s->n_vocab, repeat_last_n, repeat_penalty, 0.0f, 0.0f);
    }
    if (temperature <= 0.0f) {
        s->greedy = true;
        llama_sampler_chain_add(s->chain, llama_sampler_init_greedy());
    } else {
        s->top_k = top_k > 0 ? top_k : 0;
        if (top_k > 0) llama_sampler_chain_add(s->chain, llama_sampler_init_top_k(top_k));
        if (top_p < 1.0f) llama_sampler_chain_add(s->chain, llama_sampler_init_top_p(top_p, 1));
        if (min_p > 0.0f) llama_sampler_chain_add(s->chain, llama_sampler_init_min_p(min_p, 1));
        llama_sampler_chain_add(s->chain, llama_sampler_init_temp(temperature));
        llama_sampler_chain_add(s->chain, llama_sampler_init_dist(seed));
    }
    *out_sampler = s.release();
    return COLETA_OK;
    COLETA_GUARD_END
}

void coleta_sampler_free(void * sampler) { delete static_cast<coleta_sampler *>(sampler); }

namespace {
// Samples and accepts the next token (see coleta_sampler_sample). Throws nothing itself;
// callers run it inside a guard.
int32_t sample_token(coleta_sampler * s, llama_context * c, llama_token * out_token) {
    const float * logits = llama_get_logits_ith(c, -1);
    if (logits == nullptr) return coleta_fail(COLETA_ERR_DECODE, "no logits: decode first");

    llama_token tok;
    if (s->greedy && s->penalties == nullptr) {
        // Greedy without penalties: the first maximal logit, as llama.cpp's greedy sampler picks,
        // without copying the vocabulary into candidates (most of a tiny model's step).
        tok = 0;
        for (int32_t i = 1; i < s->n_vocab; i++) if (logits[i] > logits[tok]) tok = i;
    } else {
        s->fill(logits);
        llama_token_data_array arr = {s->cur.data(), s->cur.size(), -1, false};
        llama_sampler_apply(s->chain, &arr);
        if (arr.selected < 0 || arr.selected >= (int64_t) arr.size) return coleta_fail(COLETA_ERR_INTERNAL, "sampler chose nothing");
        tok = arr.data[arr.selected].id;
    }

    if (s->grammar != nullptr) {
        // Check the chosen token alone; only if the grammar rejects it, look further. For
        // greedy and top-k chains the k best allowed tokens are exactly what the chain would
        // keep after a full grammar pass, so the result equals llama.cpp's grammar-first order.
        if (!s->allows(tok)) {
            s->full_passes++;
            s->fill(logits);
            const size_t need = s->greedy ? 1 : (size_t) s->top_k; // 0: all allowed tokens
            if (!s->best_allowed(need)) return coleta_fail(COLETA_ERR_GRAMMAR, "the grammar allows no token here (dead end)");
            llama_token_data_array arr = {s->allowed.data(), s->allowed.size(), -1, false};
            llama_sampler_apply(s->chain, &arr);
            if (arr.selected < 0 || arr.selected >= (int64_t) arr.size) return coleta_fail(COLETA_ERR_INTERNAL, "sampler chose nothing");
            tok = arr.data[arr.selected].id;
        }
        llama_grammar_accept_impl(*s->grammar, tok);
    }
    if (s->penalties) llama_sampler_accept(s->penalties, tok);
    llama_sampler_accept(s->chain, tok);
    *out_token = tok;
    return COLETA_OK;
}
} // namespace

int32_t coleta_sampler_sample(void * sampler, void * ctx, int32_t * out_token) {
    COLETA_GUARD_BEGIN
    if (sampler == nullptr || ctx == nullptr || out_token == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    return sample_token(static_cast<coleta_sampler *>(sampler), static_cast<llama_context *>(ctx), out_token);
    COLETA_GUARD_END
}

int32_t coleta_step(void * ctx, void * sampler, int32_t pos, int32_t decode, int32_t * out, uint8_t * piece, int32_t piece_cap) {
    COLETA_GUARD_BEGIN
    if (sampler == nullptr || ctx == nullptr || out == nullptr || (piece == nullptr && piece_cap > 0) || piece_cap < 0) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "null argument or negative piece_cap");
    }
    auto * s = static_cast<coleta_sampler *>(sampler);
    auto * c = static_cast<llama_context *>(ctx);
    llama_token tok;
    int32_t status = sample_token(s, c, &tok);
    if (status != COLETA_OK) return status;
    const bool eog = llama_vocab_is_eog(s->vocab, tok);
    out[0] = tok;
    out[1] = eog ? 1 : 0;
    // As coleta_token_to_piece with special = 0 (the vocabulary caches every piece).
    out[2] = llama_token_to_piece(s->vocab, tok, reinterpret_cast<char *>(piece), piece_cap, 0, false);
    if (decode == 0 || eog) return COLETA_OK;
    const int32_t n_ctx = (int32_t) llama_n_ctx(c);
    if (pos < 0 || pos >= n_ctx) return coleta_fail(COLETA_ERR_CONTEXT, "position %d is outside the context of %d", pos, n_ctx);
    thread_local llama_batch batch = llama_batch_init(1, 0, 1); // one per thread, for the thread's life
    batch.n_tokens = 1;
    batch.token[0] = tok;
    batch.pos[0] = pos;
    batch.n_seq_id[0] = 1;
    batch.seq_id[0][0] = 0;
    batch.logits[0] = 1;
    const int32_t rc = llama_decode(c, batch);
    if (rc != 0) return coleta_fail(rc == 1 ? COLETA_ERR_CONTEXT : COLETA_ERR_DECODE, "llama_decode returned %d", rc);
    return COLETA_OK;
    COLETA_GUARD_END
}

int32_t coleta_sampler_accept(void * sampler, int32_t token) {
    COLETA_GUARD_BEGIN
    if (sampler == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null sampler");
    auto * s = static_cast<coleta_sampler *>(sampler);
    if (token < 0 || token >= s->n_vocab) return coleta_fail(COLETA_ERR_ARGUMENT, "token %d out of range", token);
    if (s->grammar != nullptr) {
        if (!s->allows(token)) return coleta_fail(COLETA_ERR_GRAMMAR, "token %d is not allowed by the grammar here", token);
        llama_grammar_accept_impl(*s->grammar, token);
    }
    if (s->penalties) llama_sampler_accept(s->penalties, token);
    llama_sampler_accept(s->chain, token);
    return COLETA_OK;
    COLETA_GUARD_END
}

int32_t coleta_sampler_grammar_done(void * sampler) {
    COLETA_GUARD_BEGIN
    if (sampler == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null sampler");
    auto * s = static_cast<coleta_sampler *>(sampler);
    if (s->grammar == nullptr) return 1;
    for (const auto & stack : s->grammar->stacks) if (stack.empty()) return 1;
    return 0;
    COLETA_GUARD_END
}

int64_t coleta_sampler_full_passes(void * sampler) {
    return sampler ? static_cast<coleta_sampler *>(sampler)->full_passes : 0;
}
