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
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
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
    // Each token's code points (a slice of `points`); `start[id] < 0`: an empty piece (never
    // allowed) or one of `others`.
    std::vector<uint32_t> points;
    std::vector<int32_t> start;
    std::vector<int32_t> length;

    explicit vocab_trie(const llama_vocab * vocab) {
        nodes.emplace_back();
        const int32_t n = llama_vocab_n_tokens(vocab);
        start.assign((size_t) n, -1);
        length.assign((size_t) n, 0);
        for (llama_token id = 0; id < n; id++) {
            const std::string & piece = vocab->token_to_piece(id);
            std::vector<uint32_t> cps;
            if (llama_vocab_is_eog(vocab, id) || !decode(piece, cps)) {
                others.push_back(id);
                continue;
            }
            if (cps.empty()) continue; // an empty piece is never allowed
            start[(size_t) id] = (int32_t) points.size();
            length[(size_t) id] = (int32_t) cps.size();
            points.insert(points.end(), cps.begin(), cps.end());
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

// Process-wide counters of the grammar engine (coleta_grammar_stats), for benchmarks that
// explain where constrained generation spends its time. Relaxed atomics: samplers of different
// grammars count concurrently; a clock read costs about 25 ns, against microseconds timed.
struct grammar_counters {
    std::atomic<int64_t> refusals{0};      // sampled tokens the grammar refused
    std::atomic<int64_t> states{0};        // automaton states learnt
    std::atomic<int64_t> moves{0};         // automaton moves learnt (llama_grammar_accept runs)
    std::atomic<int64_t> grammar_ns{0};    // all grammar work of sampling: check, search, accept
    std::atomic<int64_t> search_ns{0};     // searches for allowed tokens after a refusal
    std::atomic<int64_t> learn_ns{0};      // learning moves (within grammar_ns while sampling; also when fed or beam-searched)
};
grammar_counters g_counters;

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct timed {
    std::atomic<int64_t> & total;
    int64_t t0 = now_ns();
    explicit timed(std::atomic<int64_t> & t) : total(t) {}
    ~timed() { total.fetch_add(now_ns() - t0, std::memory_order_relaxed); }
};

// The grammar as an automaton built while it is used. A state is a set of the grammar's
// stacks, numbered the first time it is reached; a move is llama.cpp's own
// llama_grammar_accept of one code point from a state, computed once and then remembered.
// Generation keeps coming back to the same few states at the level of characters (inside a
// string, an identifier, a number), so after a few tokens checking a token costs a lookup per
// code point, and walking the token trie a lookup per node, instead of copying and advancing
// every stack (hundreds of them in the SQL grammar) for each. Grammars with token elements
// (<[id]>) match whole tokens, not code points: they keep llama.cpp's own checks.
struct grammar_automaton {
    static constexpr size_t MAX_STATES = 1u << 14;
    static constexpr size_t MAX_BYTES = 24u << 20; // states' stacks and moves; then it starts over
    size_t bytes = 0;
    uint64_t generation = 0;
    std::vector<llama_grammar_stacks> states;
    std::unordered_map<uint64_t, std::vector<int32_t>> by_hash;
    static constexpr int32_t UNKNOWN = -2;
    std::vector<int32_t> moves; // [state * n_classes() + class] -> state, -1: refused, UNKNOWN
    std::unordered_map<int32_t, std::vector<llama_token>> others; // state -> allowed EOG and incomplete-UTF-8 tokens
    // The children of the trie's wide nodes (the root has every first character of the
    // vocabulary; " " every first letter of a word) grouped by class, so that a walk makes one
    // move per class there. A group is a class's code point and a range of `grouped`.
    static constexpr size_t WIDE = 32;
    struct group { uint32_t cp; size_t begin, end; };
    std::vector<std::pair<uint32_t, int32_t>> grouped;      // children, wide nodes', by class
    std::vector<group> groups;
    std::vector<std::pair<size_t, size_t>> groups_of;       // node -> range of `groups` (empty: narrow)
    // Code points fall into classes that every character element of the grammar treats alike:
    // the intervals between the bounds its characters and ranges name. A move is computed once
    // per class, not per code point (the vocabulary has thousands of distinct first characters).
    std::vector<uint32_t> bounds;  // sorted: class k is [bounds[k-1], bounds[k])
    uint32_t ascii_class[128];

    explicit grammar_automaton(const llama_grammar_rules & rules) {
        for (const auto & rule : rules) {
            for (const auto & e : rule) {
                if (e.type == LLAMA_GRETYPE_CHAR || e.type == LLAMA_GRETYPE_CHAR_NOT || e.type == LLAMA_GRETYPE_CHAR_ALT) {
                    bounds.push_back(e.value);
                    bounds.push_back(e.value + 1);
                } else if (e.type == LLAMA_GRETYPE_CHAR_RNG_UPPER) {
                    bounds.push_back(e.value + 1);
                }
            }
        }
        std::sort(bounds.begin(), bounds.end());
        bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
        for (uint32_t cp = 0; cp < 128; cp++) ascii_class[cp] = class_search(cp);
    }

    void group_wide_nodes(const vocab_trie & trie) {
        groups_of.assign(trie.nodes.size(), {0, 0});
        for (size_t n = 0; n < trie.nodes.size(); n++) {
            const auto & children = trie.nodes[n].children;
            if (children.size() < WIDE) continue;
            const size_t first = grouped.size(), first_group = groups.size();
            grouped.insert(grouped.end(), children.begin(), children.end());
            std::stable_sort(grouped.begin() + (long) first, grouped.end(),
                             [this](const auto & a, const auto & b) { return class_of(a.first) < class_of(b.first); });
            for (size_t i = first; i < grouped.size(); i++) {
                if (i == first || class_of(grouped[i].first) != class_of(grouped[i - 1].first)) {
                    groups.push_back({grouped[i].first, i, i});
                }
                groups.back().end = i + 1;
            }
            groups_of[n] = {first_group, groups.size()};
        }
    }

    uint32_t class_search(uint32_t cp) const {
        return (uint32_t) (std::upper_bound(bounds.begin(), bounds.end(), cp) - bounds.begin());
    }

    uint32_t class_of(uint32_t cp) const { return cp < 128 ? ascii_class[cp] : class_search(cp); }

    static uint64_t hash(const llama_grammar_stacks & stacks) {
        uint64_t h = 0x9E3779B97F4A7C15ull;
        auto mix = [&h](uint64_t x) { h ^= x + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2); };
        mix(stacks.size());
        for (const auto & stack : stacks) {
            mix(stack.size());
            for (const llama_grammar_element * e : stack) mix((uint64_t) (uintptr_t) e);
        }
        return h;
    }

    int32_t intern(const llama_grammar_stacks & stacks) {
        auto & ids = by_hash[hash(stacks)];
        for (int32_t id : ids) if (states[(size_t) id] == stacks) return id;
        g_counters.states.fetch_add(1, std::memory_order_relaxed);
        ids.push_back((int32_t) states.size());
        states.push_back(stacks);
        moves.resize(states.size() * n_classes(), UNKNOWN);
        bytes += n_classes() * sizeof(int32_t) + sizeof(llama_grammar_stack) * stacks.size();
        for (const auto & stack : stacks) bytes += stack.size() * sizeof(llama_grammar_element *);
        return ids.back();
    }

    // The state after `cp`, or -1. Uses the grammar's stacks as scratch: callers save them.
    int32_t move(llama_grammar * grammar, int32_t state, uint32_t cp) {
        const uint32_t cls = class_of(cp);
        int32_t & next = moves[(size_t) state * n_classes() + cls];
        if (next != UNKNOWN) return next;
        if (!may_accept(states[(size_t) state], cp)) return next = -1;
        timed t(g_counters.learn_ns);
        g_counters.moves.fetch_add(1, std::memory_order_relaxed);
        grammar->stacks = states[(size_t) state];
        llama_grammar_accept(grammar, cp);
        const int32_t to = grammar->stacks.empty() ? -1 : intern(grammar->stacks);
        moves[(size_t) state * n_classes() + cls] = to; // intern may have grown the table
        return to;
    }

    size_t n_classes() const { return bounds.size() + 1; }

    // Whether `cp` can match the character class at the top of any stack: a test without
    // allocation that settles most refused moves before llama_grammar_accept. Element
    // encoding (llama-grammar.h): CHAR / CHAR_NOT / CHAR_ANY, then CHAR_ALT and CHAR_RNG_UPPER
    // elements extending the same class.
    static bool may_accept(const llama_grammar_stacks & stacks, uint32_t cp) {
        for (const auto & stack : stacks) {
            if (stack.empty()) continue;
            const llama_grammar_element * pos = stack.back();
            if (pos->type != LLAMA_GRETYPE_CHAR && pos->type != LLAMA_GRETYPE_CHAR_NOT && pos->type != LLAMA_GRETYPE_CHAR_ANY) {
                return true; // not a character class: let llama.cpp decide
            }
            const bool positive = pos->type != LLAMA_GRETYPE_CHAR_NOT;
            bool found = false;
            do {
                if (pos->type == LLAMA_GRETYPE_CHAR_ANY) {
                    found = true;
                    pos += 1;
                } else if (pos[1].type == LLAMA_GRETYPE_CHAR_RNG_UPPER) {
                    found = found || (pos->value <= cp && cp <= pos[1].value);
                    pos += 2;
                } else {
                    found = found || pos->value == cp;
                    pos += 1;
                }
            } while (pos->type == LLAMA_GRETYPE_CHAR_ALT);
            if (found == positive) return true;
        }
        return false;
    }

    void clear_if_full() {
        if (states.size() < MAX_STATES && bytes < MAX_BYTES) return;
        generation++; // samplers' remembered state numbers no longer hold
        bytes = 0;
        states.clear();
        by_hash.clear();
        moves.clear();
        others.clear();
    }
};

// One parsed grammar and its automaton, shared by every sampler of the same vocabulary,
// grammar text and root: a task's requests reuse one grammar (a page schema, a database's SQL
// grammar), so it is parsed once and the automaton learnt by one request serves the next.
// The samplers keep their own stacks and lend them to the grammar under its mutex for each
// step; the grammar's own stacks are scratch.
struct shared_grammar {
    std::mutex mutex;
    llama_grammar * grammar = nullptr;
    llama_grammar_stacks initial;
    std::shared_ptr<const vocab_trie> trie;       // the vocabulary's, as the automaton grouped it
    std::unique_ptr<grammar_automaton> automaton; // null for grammars with token elements

    ~shared_grammar() { if (grammar) llama_grammar_free_impl(grammar); }
};

struct grammar_key {
    const llama_vocab * vocab;
    std::string root;
    std::string gbnf;
    bool operator==(const grammar_key & o) const { return vocab == o.vocab && root == o.root && gbnf == o.gbnf; }
};

// The most recently used grammars (each automaton at most MAX_BYTES, 24 MB).
constexpr size_t MAX_SHARED_GRAMMARS = 4;
std::mutex g_grammar_mutex;
std::vector<std::pair<grammar_key, std::shared_ptr<shared_grammar>>> g_grammars; // most recent last

std::shared_ptr<shared_grammar> grammar_for(const llama_vocab * vocab, const char * gbnf, const char * root) {
    grammar_key key{vocab, root, gbnf};
    std::lock_guard<std::mutex> lock(g_grammar_mutex);
    for (size_t i = 0; i < g_grammars.size(); i++) {
        if (g_grammars[i].first == key) {
            auto hit = g_grammars[i];
            g_grammars.erase(g_grammars.begin() + (long) i);
            g_grammars.push_back(hit);
            return hit.second;
        }
    }
    auto g = std::make_shared<shared_grammar>();
    g->grammar = llama_grammar_init_impl(vocab, gbnf, root, false, nullptr, 0, nullptr, 0);
    if (g->grammar == nullptr) return nullptr;
    g->initial = g->grammar->stacks;
    g->trie = trie_for(vocab);
    bool by_code_point = true;
    for (const auto & rule : g->grammar->rules) {
        for (const auto & e : rule) {
            if (e.type == LLAMA_GRETYPE_TOKEN || e.type == LLAMA_GRETYPE_TOKEN_NOT) by_code_point = false;
        }
    }
    const char * use = std::getenv("COLETA_GRAMMAR_AUTOMATON"); // "0": llama.cpp's checks only (tests compare)
    if (by_code_point && (use == nullptr || std::strcmp(use, "0") != 0)) {
        g->automaton = std::make_unique<grammar_automaton>(g->grammar->rules);
        g->automaton->group_wide_nodes(*g->trie);
    }
    if (g_grammars.size() >= MAX_SHARED_GRAMMARS) g_grammars.erase(g_grammars.begin());
    g_grammars.emplace_back(std::move(key), g);
    return g;
}

struct coleta_sampler {
    const llama_vocab * vocab = nullptr;
    int32_t n_vocab = 0;
    int32_t top_k = 0;                  // 0: the chain has no top-k step
    bool greedy = false;
    llama_sampler * penalties = nullptr; // repeat penalty, applied to the full vocabulary first
    llama_sampler * chain = nullptr;     // top-k, top-p, min-p, temperature, draw (or greedy)
    std::shared_ptr<shared_grammar> shared;
    llama_grammar_stacks stacks;         // this sampler's grammar state, lent to `grammar` per step
    llama_partial_utf8 partial = {0, 0};
    llama_grammar * grammar = nullptr;   // shared->grammar, used only under a grammar_lease
    grammar_automaton * automaton = nullptr; // shared->automaton
    int32_t known_state = -1;            // the automaton's number for `stacks`, when known
    uint64_t known_generation = 0;
    std::shared_ptr<const vocab_trie> trie;
    std::vector<llama_token_data> cur;
    std::vector<float> logit_by_id;
    const float * logit_of = nullptr; // after a refusal: each token's logit (penalties applied)
    bool cur_ready = false;           // `cur` holds logit_of in id order
    std::vector<llama_token_data> scratch;
    std::vector<llama_token_data> allowed;
    std::vector<llama_token> trie_hits;
    std::vector<uint64_t> hit_bits;
    int64_t full_passes = 0;

    ~coleta_sampler() {
        if (penalties) llama_sampler_free(penalties);
        if (chain) llama_sampler_free(chain);
    }

    void fill(const float * logits) {
        for (int32_t i = 0; i < n_vocab; i++) cur[(size_t) i] = {i, logits[i], 0.0f};
        if (penalties != nullptr) {
            llama_token_data_array arr = {cur.data(), cur.size(), -1, false};
            llama_sampler_apply(penalties, &arr);
        }
        for (int32_t i = 0; i < n_vocab; i++) logit_by_id[(size_t) i] = cur[(size_t) i].logit;
    }

    // Before looking for allowed tokens: the logits to rank them by. Without penalties they are
    // the model's own, and `cur` is filled only if the search comes to ranking.
    void prepare(const float * logits) {
        if (penalties != nullptr) {
            fill(logits);
            logit_of = logit_by_id.data();
            cur_ready = true;
        } else {
            logit_of = logits;
            cur_ready = false;
        }
    }

    void ensure_cur() {
        if (cur_ready) return;
        for (int32_t i = 0; i < n_vocab; i++) cur[(size_t) i] = {i, logit_of[i], 0.0f};
        cur_ready = true;
    }

    // The automaton's number for the grammar's current state, or -1 where it does not apply
    // (token elements, or the last token ended inside a UTF-8 character).
    // The sampler's stacks change only in accept(), which remembers the state it moved to.
    int32_t current_state() {
        if (!automaton || grammar->partial_utf8.n_remain != 0) return -1;
        automaton->clear_if_full();
        if (known_state < 0 || known_generation != automaton->generation) {
            known_state = automaton->intern(grammar->stacks);
            known_generation = automaton->generation;
        }
        return known_state;
    }

    // Takes the grammar's stacks aside while a check uses them as scratch (when `use`), and
    // gives them back at its end.
    struct stacks_saved {
        llama_grammar * grammar;
        bool use;
        llama_grammar_stacks stacks;
        stacks_saved(llama_grammar * g, bool use_) : grammar(g), use(use_) { if (use) stacks = std::move(g->stacks); }
        ~stacks_saved() { if (use) grammar->stacks = std::move(stacks); }
    };

    // The EOG and incomplete-UTF-8 tokens `state` allows, as llama.cpp decides (once per state).
    const std::vector<llama_token> & others_allowed(int32_t state) {
        auto it = automaton->others.find(state);
        if (it != automaton->others.end()) return it->second;
        grammar->stacks = automaton->states[(size_t) state];
        scratch.clear();
        for (llama_token id : trie->others) scratch.push_back({id, 0.0f, 0.0f});
        llama_token_data_array arr = {scratch.data(), scratch.size(), -1, false};
        llama_grammar_apply_impl(*grammar, &arr);
        std::vector<llama_token> ok;
        for (size_t i = 0; i < arr.size; i++) if (!is_neg_inf(arr.data[i].logit)) ok.push_back(arr.data[i].id);
        return automaton->others.emplace(state, std::move(ok)).first->second;
    }

    // Whether `state` allows `tok` (the grammar's stacks are scratch).
    bool allows_from(int32_t state, llama_token tok) {
        const int32_t at = trie->start[(size_t) tok];
        if (at < 0) {
            const auto & ok = others_allowed(state);
            return std::find(ok.begin(), ok.end(), tok) != ok.end();
        }
        const int32_t n = trie->length[(size_t) tok];
        for (int32_t k = 0; k < n && state >= 0; k++) state = automaton->move(grammar, state, trie->points[(size_t) (at + k)]);
        return state >= 0;
    }

    // Accepts an allowed token: the automaton's state at the end of its code points where it
    // applies (no stacks to advance), else llama.cpp's accept.
    void accept(llama_token tok) {
        const int32_t state = current_state();
        if (state >= 0 && trie->start[(size_t) tok] >= 0) {
            int32_t next = state;
            {
                stacks_saved saved(grammar, true);
                const int32_t at = trie->start[(size_t) tok], n = trie->length[(size_t) tok];
                for (int32_t k = 0; k < n && next >= 0; k++) next = automaton->move(grammar, next, trie->points[(size_t) (at + k)]);
            }
            if (next >= 0) {
                grammar->stacks = automaton->states[(size_t) next];
                known_state = next;
                return;
            }
        }
        known_state = -1;
        llama_grammar_accept_impl(*grammar, tok); // also what reports a refused token
    }

    bool allows(llama_token tok) {
        const int32_t state = current_state();
        if (state >= 0) {
            stacks_saved saved(grammar, true);
            return allows_from(state, tok);
        }
        llama_token_data one = {tok, 1.0f, 0.0f};
        llama_token_data_array single = {&one, 1, -1, false};
        llama_grammar_apply_impl(*grammar, &single);
        return !is_neg_inf(one.logit);
    }

    // Collects allowed tokens from cur[from, to) (already ranked) into `allowed`, up to `need`.
    void check_range(int32_t state, size_t from, size_t to, size_t need) {
        if (state >= 0) {
            for (size_t i = from; i < to && allowed.size() < need; i++) {
                if (allows_from(state, cur[i].id)) allowed.push_back(cur[i]);
            }
            return;
        }
        scratch.assign(cur.begin() + (long) from, cur.begin() + (long) to);
        llama_token_data_array arr = {scratch.data(), scratch.size(), -1, true};
        llama_grammar_apply_impl(*grammar, &arr);
        for (size_t i = 0; i < arr.size && allowed.size() < need; i++) {
            if (!is_neg_inf(arr.data[i].logit)) allowed.push_back(arr.data[i]);
        }
    }

    // Every token `state` allows, into trie_hits, or false if the walk exceeds `budget` trie
    // nodes (a permissive state, where checking the best-ranked tokens is the cheaper route).
    bool trie_allowed(int32_t state, size_t budget) {
        trie_hits.clear();
        size_t visited = 0;
        if (!walk(0, state, visited, budget)) return false;
        const auto & ok = others_allowed(state);
        trie_hits.insert(trie_hits.end(), ok.begin(), ok.end());
        return true;
    }

    bool walk(int32_t node, int32_t state, size_t & visited, size_t budget) {
        const auto range = automaton->groups_of[(size_t) node];
        if (range.first != range.second) {
            for (size_t k = range.first; k < range.second; k++) {
                const auto & g = automaton->groups[k];
                if (++visited > budget) return false;
                const int32_t next = automaton->move(grammar, state, g.cp);
                if (next < 0) continue;
                for (size_t i = g.begin; i < g.end; i++) {
                    const auto & ch = automaton->grouped[i];
                    const auto & child = trie->nodes[(size_t) ch.second];
                    trie_hits.insert(trie_hits.end(), child.tokens.begin(), child.tokens.end());
                    if (!child.children.empty() && !walk(ch.second, next, visited, budget)) return false;
                }
            }
            return true;
        }
        for (const auto & ch : trie->nodes[(size_t) node].children) {
            if (++visited > budget) return false;
            const int32_t next = automaton->move(grammar, state, ch.first);
            if (next < 0) continue;
            const auto & child = trie->nodes[(size_t) ch.second];
            trie_hits.insert(trie_hits.end(), child.tokens.begin(), child.tokens.end());
            if (!child.children.empty() && !walk(ch.second, next, visited, budget)) return false;
        }
        return true;
    }

    // Fills `allowed` with the `need` best allowed tokens (need 0: all of them), best first
    // when need > 0. Returns false on a dead end.
    bool best_allowed(size_t need) {
        allowed.clear();
        auto by_logit = [](const llama_token_data & a, const llama_token_data & b) { return a.logit > b.logit; };
        const size_t want = need == 0 ? cur.size() : need;
        const int32_t state = current_state();
        stacks_saved saved(grammar, state >= 0);
        // 1. a short walk of the trie: exact and cheap where the grammar allows few tokens (all
        //    of it for need 0). Budgets measured with GrammarBenchmark: a longer first walk
        //    reaches new states of ambiguous grammars (the loose SQL one) that cost more to
        //    learn than the ranked checks below.
        if (state >= 0 && trie_allowed(state, need == 0 ? SIZE_MAX : 1024)) return take_trie_hits(need);
        ensure_cur();
        size_t done = 0;
        if (need > 0) {
            // 2. the best 256 candidates: enough wherever the grammar allows most tokens
            done = std::min(cur.size(), (size_t) 256);
            std::partial_sort(cur.begin(), cur.begin() + (long) done, cur.end(), by_logit);
            check_range(state, 0, done, want);
            if (allowed.size() >= want) return true;
        }
        // 3. the trie further
        if (state >= 0 && trie_allowed(state, 4096)) return take_trie_hits(need);
        if (state < 0) {
            // 4. llama.cpp's checks: one pass over the rest, as its own grammar sampler makes
            check_range(state, done, cur.size(), SIZE_MAX);
            if (need > 0 && allowed.size() > need) {
                std::partial_sort(allowed.begin(), allowed.begin() + (long) need, allowed.end(), by_logit);
                allowed.resize(need);
            }
            return !allowed.empty();
        }
        // 4. the rest of the vocabulary in growing ranked chunks (or all at once)
        size_t chunk = 1024;
        while (done < cur.size() && allowed.size() < want) {
            size_t end = need == 0 ? cur.size() : std::min(cur.size(), done + chunk);
            if (need > 0) std::partial_sort(cur.begin() + (long) done, cur.begin() + (long) end, cur.end(), by_logit);
            check_range(state, done, end, want);
            done = end;
            chunk *= 4;
        }
        return !allowed.empty();
    }

    bool take_trie_hits(size_t need) {
        auto by_logit = [](const llama_token_data & a, const llama_token_data & b) { return a.logit > b.logit; };
        allowed.clear();
        if (need == 0) {
            // all of them, in id order as llama.cpp's pass leaves them: the draw walks this order
            hit_bits.assign(((size_t) n_vocab + 63) / 64, 0);
            for (llama_token id : trie_hits) hit_bits[(size_t) id >> 6] |= 1ull << ((unsigned) id & 63);
            for (size_t w = 0; w < hit_bits.size(); w++) {
                for (uint64_t bits = hit_bits[w]; bits != 0; bits &= bits - 1) {
                    const llama_token id = (llama_token) (w * 64 + (size_t) __builtin_ctzll(bits));
                    allowed.push_back({id, logit_of[id], 0.0f});
                }
            }
            return !allowed.empty();
        }
        for (llama_token id : trie_hits) allowed.push_back({id, logit_of[id], 0.0f});
        if (allowed.size() > need) {
            std::partial_sort(allowed.begin(), allowed.begin() + (long) need, allowed.end(), by_logit);
            allowed.resize(need);
        } else if (need > 0) {
            std::sort(allowed.begin(), allowed.end(), by_logit);
        }
        return !allowed.empty();
    }
};

// Holds the shared grammar's mutex and lends it the sampler's state for one step.
struct grammar_lease {
    coleta_sampler * s;
    std::lock_guard<std::mutex> lock;
    explicit grammar_lease(coleta_sampler * sampler) : s(sampler), lock(sampler->shared->mutex) {
        s->grammar->stacks = std::move(s->stacks);
        s->grammar->partial_utf8 = s->partial;
    }
    ~grammar_lease() {
        s->stacks = std::move(s->grammar->stacks);
        s->partial = s->grammar->partial_utf8;
    }
};
} // namespace

void coleta_forget_model(const llama_model * model) {
    const llama_vocab * vocab = llama_model_get_vocab(model);
    {
        std::lock_guard<std::mutex> lock(g_trie_mutex);
        g_tries.erase(vocab);
    }
    std::lock_guard<std::mutex> lock(g_grammar_mutex);
    g_grammars.erase(std::remove_if(g_grammars.begin(), g_grammars.end(),
                                    [vocab](const auto & e) { return e.first.vocab == vocab; }),
                     g_grammars.end());
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
        s->shared = grammar_for(s->vocab, gbnf, root ? root : "root");
        if (s->shared == nullptr) return coleta_fail(COLETA_ERR_GRAMMAR, "grammar does not parse");
        s->grammar = s->shared->grammar;
        s->automaton = s->shared->automaton.get();
        s->stacks = s->shared->initial;
        s->trie = s->shared->trie;
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
        grammar_lease lease(s);
        timed t(g_counters.grammar_ns);
        // Check the chosen token alone; only if the grammar rejects it, look further. For
        // greedy and top-k chains the k best allowed tokens are exactly what the chain would
        // keep after a full grammar pass, so the result equals llama.cpp's grammar-first order.
        if (!s->allows(tok)) {
            s->full_passes++;
            g_counters.refusals.fetch_add(1, std::memory_order_relaxed);
            s->prepare(logits);
            const size_t need = s->greedy ? 1 : (size_t) s->top_k; // 0: all allowed tokens
            bool found;
            {
                timed search(g_counters.search_ns);
                found = s->best_allowed(need);
            }
            if (!found) return coleta_fail(COLETA_ERR_GRAMMAR, "the grammar allows no token here (dead end)");
            llama_token_data_array arr = {s->allowed.data(), s->allowed.size(), -1, false};
            llama_sampler_apply(s->chain, &arr);
            if (arr.selected < 0 || arr.selected >= (int64_t) arr.size) return coleta_fail(COLETA_ERR_INTERNAL, "sampler chose nothing");
            tok = arr.data[arr.selected].id;
        }
        s->accept(tok);
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
        grammar_lease lease(s);
        if (!s->allows(token)) return coleta_fail(COLETA_ERR_GRAMMAR, "token %d is not allowed by the grammar here", token);
        s->accept(token);
    }
    if (s->penalties) llama_sampler_accept(s->penalties, token);
    llama_sampler_accept(s->chain, token);
    return COLETA_OK;
    COLETA_GUARD_END
}

namespace {
// A grammar can end where one of its stacks is empty (the root rule fully matched).
bool stacks_complete(const llama_grammar_stacks & stacks) {
    for (const auto & stack : stacks) if (stack.empty()) return true;
    return false;
}
} // namespace

int32_t coleta_sampler_grammar_done(void * sampler) {
    COLETA_GUARD_BEGIN
    if (sampler == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "null sampler");
    auto * s = static_cast<coleta_sampler *>(sampler);
    return s->grammar == nullptr || stacks_complete(s->stacks) ? 1 : 0;
    COLETA_GUARD_END
}

int64_t coleta_sampler_full_passes(void * sampler) {
    return sampler ? static_cast<coleta_sampler *>(sampler)->full_passes : 0;
}

int32_t coleta_grammar_stats(int64_t * out, int32_t n_out) {
    if (out == nullptr || n_out < 0) return coleta_fail(COLETA_ERR_ARGUMENT, "null out or negative n_out");
    const int64_t all[] = {g_counters.refusals.load(), g_counters.states.load(), g_counters.moves.load(),
                           g_counters.grammar_ns.load(), g_counters.search_ns.load(), g_counters.learn_ns.load()};
    const int32_t n = std::min(n_out, (int32_t) (sizeof all / sizeof all[0]));
    for (int32_t i = 0; i < n; i++) out[i] = all[i];
    return n;
}

// ---- beam search -----------------------------------------------------------------------

namespace {
// A sampler's grammar state: what a beam carries between steps.
struct grammar_state {
    llama_grammar_stacks stacks;
    llama_partial_utf8 partial = {0, 0};
    int32_t known_state = -1;
    uint64_t known_generation = 0;
};

grammar_state save_state(const coleta_sampler * s) {
    return {s->stacks, s->partial, s->known_state, s->known_generation};
}

void load_state(coleta_sampler * s, const grammar_state & g) {
    s->stacks = g.stacks;
    s->partial = g.partial;
    s->known_state = g.known_state;
    s->known_generation = g.known_generation;
}

struct beam {
    std::vector<llama_token> tokens;
    double score = 0;     // log-probability of `tokens`
    grammar_state grammar;
};

struct beam_candidate {
    double score;
    int32_t parent;
    llama_token token;
};

// The sequence of beam i in half h (sequence 0 holds the prompt).
llama_seq_id beam_seq(int32_t half, int32_t i) { return 1 + half * COLETA_MAX_BEAMS + i; }

// The `need` most likely tokens that `b` may take next (all tokens without a grammar, ranked in
// `ids`), best first, into `out`; with `with_end`, also the end-of-generation tokens allowed here, however
// unlikely: ending is a choice the search must weigh wherever the grammar can end.
void beam_choices(coleta_sampler * s, const beam & b, const float * logits, size_t need, bool with_end,
                  std::vector<llama_token> & ids, std::vector<llama_token> & out) {
    out.clear();
    const llama_token ends[2] = {llama_vocab_eos(s->vocab), llama_vocab_eot(s->vocab)};
    auto add_ends = [&](auto allowed) {
        if (!with_end) return;
        for (llama_token e : ends) {
            if (e < 0 || e >= s->n_vocab || !llama_vocab_is_eog(s->vocab, e)) continue;
            if (std::find(out.begin(), out.end(), e) == out.end() && allowed(e)) out.push_back(e);
        }
    };
    if (s->grammar == nullptr) {
        ids.resize((size_t) s->n_vocab); // the caller's scratch: one vocabulary-sized buffer per search
        for (int32_t i = 0; i < s->n_vocab; i++) ids[(size_t) i] = i;
        const size_t k = std::min(need, ids.size());
        std::partial_sort(ids.begin(), ids.begin() + (long) k, ids.end(), [logits](llama_token a, llama_token c) {
            return logits[a] > logits[c] || (logits[a] == logits[c] && a < c);
        });
        out.assign(ids.begin(), ids.begin() + (long) k);
        add_ends([](llama_token) { return true; });
        return;
    }
    load_state(s, b.grammar);
    grammar_lease lease(s);
    s->prepare(logits);
    if (!s->best_allowed(need)) return; // a dead end: this beam ends here
    for (const auto & d : s->allowed) out.push_back(d.id);
    add_ends([s](llama_token e) { return s->allows(e); });
}

// Log of the sum of exp(logits): log-probabilities are logit - this.
double log_sum_exp(const float * logits, int32_t n) {
    float mx = -INFINITY;
    for (int32_t i = 0; i < n; i++) mx = logits[i] > mx ? logits[i] : mx;
    double sum = 0;
    for (int32_t i = 0; i < n; i++) sum += std::exp((double) (logits[i] - mx));
    return (double) mx + std::log(sum);
}


// Removes every beam's sequence, leaving the prompt in sequence 0.
struct beam_sequences_cleared {
    llama_memory_t mem;
    ~beam_sequences_cleared() {
        for (int32_t h = 0; h < 2; h++) {
            for (int32_t i = 0; i < COLETA_MAX_BEAMS; i++) llama_memory_seq_rm(mem, beam_seq(h, i), -1, -1);
        }
    }
};

struct batch_holder {
    llama_batch batch;
    explicit batch_holder(int32_t n) : batch(llama_batch_init(n, 0, 1)) {}
    ~batch_holder() { llama_batch_free(batch); }
};
} // namespace

int32_t coleta_beam_search(void * ctx, void * sampler, int32_t pos, int32_t beams, int32_t max_tokens,
                           int32_t * out_tokens, int32_t cap, int32_t * out) {
    COLETA_GUARD_BEGIN
    if (ctx == nullptr || sampler == nullptr || out_tokens == nullptr || out == nullptr) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    }
    if (beams < 1 || beams > COLETA_MAX_BEAMS) return coleta_fail(COLETA_ERR_ARGUMENT, "beams must be 1..%d, got %d", COLETA_MAX_BEAMS, beams);
    if (max_tokens < 1 || cap < max_tokens) return coleta_fail(COLETA_ERR_ARGUMENT, "max_tokens >= 1 and cap >= max_tokens required");
    auto * s = static_cast<coleta_sampler *>(sampler);
    auto * c = static_cast<llama_context *>(ctx);
    if (!s->greedy || s->penalties != nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "beam search needs a greedy sampler without penalties");
    const int32_t n_ctx = (int32_t) llama_n_ctx(c);
    if (pos < 1 || pos >= n_ctx) return coleta_fail(COLETA_ERR_ARGUMENT, "position %d is outside the context of %d", pos, n_ctx);
    if ((int32_t) llama_n_seq_max(c) < 2 * COLETA_MAX_BEAMS + 1) {
        return coleta_fail(COLETA_ERR_CONTEXT, "the context holds %u sequences; beam search needs %d",
                           llama_n_seq_max(c), 2 * COLETA_MAX_BEAMS + 1);
    }
    const float * first = llama_get_logits_ith(c, -1);
    if (first == nullptr) return coleta_fail(COLETA_ERR_DECODE, "no logits: decode the prompt first");

    llama_memory_t mem = llama_get_memory(c);
    beam_sequences_cleared cleared{mem};
    batch_holder holder(beams);
    llama_batch & batch = holder.batch;

    std::vector<beam> live(1);
    live[0].grammar = save_state(s);
    std::vector<const float *> logits_of = {first};
    int32_t half = -1; // the half whose sequences hold the live beams; -1: the prompt's sequence 0
    bool have_finished = false, context_end = false;
    beam finished;
    std::vector<llama_token> choices, ids;
    std::vector<beam_candidate> cands;

    for (int32_t len = 0; len < max_tokens; len++) {
        cands.clear();
        for (int32_t i = 0; i < (int32_t) live.size(); i++) {
            const float * logits = logits_of[(size_t) i];
            const double lse = log_sum_exp(logits, s->n_vocab);
            // one beam stays greedy decoding: it ends only where ending is the likeliest choice
            beam_choices(s, live[(size_t) i], logits, (size_t) beams, beams > 1, ids, choices);
            for (llama_token t : choices) cands.push_back({live[(size_t) i].score + (double) logits[t] - lse, i, t});
        }
        std::sort(cands.begin(), cands.end(), [](const beam_candidate & a, const beam_candidate & b) {
            if (a.score != b.score) return a.score > b.score;
            return a.parent != b.parent ? a.parent < b.parent : a.token < b.token;
        });
        std::vector<beam> next;
        std::vector<int32_t> parents;
        for (const auto & cand : cands) {
            const beam & parent = live[(size_t) cand.parent];
            if (llama_vocab_is_eog(s->vocab, cand.token)) {
                if (!have_finished || cand.score > finished.score) {
                    finished.tokens = parent.tokens;
                    finished.score = cand.score;
                    finished.grammar = parent.grammar;
                    have_finished = true;
                }
                continue;
            }
            if ((int32_t) next.size() == beams) continue;
            beam b;
            b.tokens = parent.tokens;
            b.tokens.push_back(cand.token);
            b.score = cand.score;
            if (s->grammar != nullptr) {
                load_state(s, parent.grammar);
                {
                    grammar_lease lease(s);
                    s->accept(cand.token);
                }
                b.grammar = save_state(s);
            }
            next.push_back(std::move(b));
            parents.push_back(cand.parent);
        }
        // Log-probabilities only fall as a beam grows: a finished output at least as likely as
        // every live beam is the best this search can find.
        if (next.empty() || (have_finished && finished.score >= next[0].score)) {
            live.clear();
            break;
        }
        live = std::move(next);
        if (len + 1 == max_tokens) break; // the last token needs no decode
        if (pos + len >= n_ctx) {
            context_end = true;
            break;
        }
        // each new beam's sequence: a copy of its parent's (cells are shared, not copied), in
        // the other half; then the old half is emptied
        const int32_t to = half == 0 ? 1 : 0;
        for (int32_t j = 0; j < (int32_t) live.size(); j++) {
            const llama_seq_id dst = beam_seq(to, j);
            llama_memory_seq_rm(mem, dst, -1, -1);
            llama_memory_seq_cp(mem, half < 0 ? 0 : beam_seq(half, parents[(size_t) j]), dst, -1, -1);
        }
        if (half >= 0) {
            for (int32_t i = 0; i < COLETA_MAX_BEAMS; i++) llama_memory_seq_rm(mem, beam_seq(half, i), -1, -1);
        }
        half = to;
        batch.n_tokens = (int32_t) live.size();
        for (int32_t j = 0; j < batch.n_tokens; j++) {
            batch.token[j] = live[(size_t) j].tokens.back();
            batch.pos[j] = pos + len;
            batch.n_seq_id[j] = 1;
            batch.seq_id[j][0] = beam_seq(half, j);
            batch.logits[j] = 1;
        }
        const int32_t rc = llama_decode(c, batch);
        if (rc == 1) { // no room left in the cache for another step of every beam
            context_end = true;
            break;
        }
        if (rc != 0) return coleta_fail(COLETA_ERR_DECODE, "llama_decode returned %d", rc);
        logits_of.assign(live.size(), nullptr);
        for (int32_t j = 0; j < (int32_t) live.size(); j++) {
            logits_of[(size_t) j] = llama_get_logits_ith(c, j);
            if (logits_of[(size_t) j] == nullptr) return coleta_fail(COLETA_ERR_DECODE, "no logits for beam %d", j);
        }
    }
    // A finished output where there is one (a complete answer beats one cut short), else the
    // most likely unfinished beam.
    const beam * best = have_finished ? &finished : (live.empty() ? nullptr : &live[0]);
    if (best == nullptr) return coleta_fail(COLETA_ERR_GRAMMAR, "the grammar allows no token here (dead end)");
    const int32_t n = (int32_t) best->tokens.size();
    for (int32_t i = 0; i < n; i++) out_tokens[i] = best->tokens[(size_t) i];
    out[0] = n;
    out[1] = have_finished ? 1 : 0;
    out[2] = have_finished || s->grammar == nullptr || stacks_complete(best->grammar.stacks) ? 1 : 0;
    out[3] = !have_finished && context_end ? 1 : 0;
    return COLETA_OK;
    COLETA_GUARD_END
}
