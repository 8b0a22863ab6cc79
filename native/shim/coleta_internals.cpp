// coleta_internals.cpp: the one file of the shim that includes llama.cpp's private headers
// (src/llama-grammar.h, src/llama-vocab.h, src/llama-model.h), the part most likely to break
// on a llama.cpp update. Why the public API cannot do these jobs:
//  - grammar checks without a model (coleta_grammar_check, coleta_grammar_accepts): the public
//    llama_sampler_init_grammar needs a vocabulary and only says which tokens a grammar allows;
//    checking a text, and whether the grammar is complete after it, needs the grammar's stacks;
//  - Coleta's grammar sampler walks a prefix tree of the token texts with the grammar's stacks,
//    pruning whole subtrees at the first rejected character, instead of llama.cpp's pass over
//    every token (docs/BENCHMARKS.md: grammar overhead); that needs the stacks, the per-element
//    accept, and the vocabulary's cached token texts;
//  - training (coleta_train.cpp) finds weights by name and sets the model's n_ctx_train around
//    saving, which no public function offers: coleta_model_tensor and coleta_model_n_ctx_train
//    below are its only way in.
#include "coleta.h"
#include "coleta_internal.h"

#include "llama.h"
#include "llama-grammar.h"        // internal: grammar stacks, checks without a vocabulary
#include "llama-model.h"          // internal: tensors by name, hparams
#include "llama-vocab.h"          // internal: the token texts the grammar engine matches

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// ---- model internals for the trainer ----------------------------------------------------

const ggml_tensor * coleta_model_tensor(const llama_model * model, const char * name) {
    return model->get_tensor(name);
}

uint32_t coleta_model_n_ctx_train(const llama_model * model) {
    return model->hparams.n_ctx_train;
}

void coleta_model_set_n_ctx_train(llama_model * model, uint32_t n_ctx_train) {
    model->hparams.n_ctx_train = n_ctx_train;
}

// ---- grammars --------------------------------------------------------------------------

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
// The index of the first maximal value (0 when none compares greater than -inf, e.g. all NaN).
// The maximum first, over eight independent lanes, then the first index holding it: a loop
// that compares against values[best] every step is one long dependency chain (about 25 us
// per token over 32,000 logits, 3 % of a tiny model's step; docs/BENCHMARKS.md).
int32_t first_argmax(const float * values, int32_t n) {
    float lane[8];
    for (float & l : lane) l = -INFINITY;
    int32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int k = 0; k < 8; k++) lane[k] = values[i + k] > lane[k] ? values[i + k] : lane[k];
    }
    float best = -INFINITY;
    for (float l : lane) best = l > best ? l : best;
    for (; i < n; i++) best = values[i] > best ? values[i] : best;
    if (!(best > -INFINITY)) {
        int32_t tok = 0; // no value above -inf: keep the scalar loop's answer (first -inf, else 0)
        for (int32_t j = 1; j < n; j++) if (values[j] > values[tok]) tok = j;
        return tok;
    }
    for (int32_t j = 0; j < n; j++) if (values[j] == best) return j;
    return 0; // not reached
}

// Samples and accepts the next token (see coleta_sampler_sample). Throws nothing itself;
// callers run it inside a guard.
int32_t sample_token(coleta_sampler * s, llama_context * c, llama_token * out_token) {
    const float * logits = llama_get_logits_ith(c, -1);
    if (logits == nullptr) return coleta_fail(COLETA_ERR_DECODE, "no logits: decode first");

    llama_token tok;
    if (s->greedy && s->penalties == nullptr) {
        // Greedy without penalties: the first maximal logit, as llama.cpp's greedy sampler picks,
        // without copying the vocabulary into candidates (most of a tiny model's step).
        tok = first_argmax(logits, s->n_vocab);
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
