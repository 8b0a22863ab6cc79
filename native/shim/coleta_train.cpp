// coleta_train.cpp: the training half of the C shim (see coleta_train.h).
//
// Training runs through llama.cpp's own training API (llama_opt_init + llama_opt_epoch) one
// window at a time: the trainer's dataset holds exactly one window, which each step
// overwrites, so the caller (Java) controls data order, masking, the learning-rate schedule,
// evaluation and checkpoints between steps.
#include "coleta_train.h"
#include "coleta_internal.h"

#include "llama.h"
#include "ggml.h"
#include "ggml-backend.h"
#include "ggml-opt.h"
#include "gguf.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <unistd.h>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

struct host_state {
    std::vector<float> m;
    std::vector<float> v;
};

struct trainer {
    llama_model * model = nullptr;
    llama_context * ctx = nullptr;
    llama_adapter_lora * adapter = nullptr;
    ggml_opt_dataset_t dataset = nullptr;
    ggml_opt_result_t result_train = nullptr;
    ggml_opt_result_t result_eval = nullptr;
    bool full = false;
    float alpha = 0.0f;
    int32_t n_ctx = 0;
    uint32_t n_ctx_train_orig = 0;
    std::string arch;

    // parameters, in the order opt_init offered them
    std::vector<ggml_tensor *> params;

    // optimizer parameters for the next step
    float lr = 0.0f;
    float weight_decay = 0.0f;
    float beta2 = ggml_opt_get_default_optimizer_params(nullptr).adamw.beta2;

    // llama.cpp's optimizer context, known from the first epoch callback on
    ggml_opt_context_t opt_ctx = nullptr;

    // checkpoint traffic: a loaded state is applied in the callback of the first evaluation,
    // when the optimizer has built its graphs and allocated the moments
    std::map<std::string, host_state> state;   // captured, or loaded and waiting to be applied
    int64_t state_iter = 1;
    bool restore_pending = false;
    int restored = 0;
    bool stepped = false;

    ~trainer() {
        if (result_train) ggml_opt_result_free(result_train);
        if (result_eval) ggml_opt_result_free(result_eval);
        if (dataset) ggml_opt_dataset_free(dataset);
        if (ctx) llama_free(ctx);
        if (adapter) llama_adapter_lora_free(adapter);
        if (model) {
            coleta_forget_model(model);
            llama_model_free(model);
        }
    }
};

// llama.cpp's epoch callback has no user data; one step runs at a time per thread.
thread_local trainer * t_active = nullptr;

bool ends_with(const std::string & s, const char * suffix) {
    const size_t n = strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// opt_init offers every model tensor, and (patch 0002) the tensors of the adapters set on the
// context; the filters remember what they accept, so that the trainer knows its parameters
// without reaching into llama.cpp's structs
bool filter_lora(const ggml_tensor * t, void * ud) {
    const std::string name(t->name);
    const bool lora = ends_with(name, ".lora_a") || ends_with(name, ".lora_b");
    if (lora) static_cast<std::vector<ggml_tensor *> *>(ud)->push_back(const_cast<ggml_tensor *>(t));
    return lora;
}

ggml_opt_optimizer_params opt_pars(void * ud) {
    auto * tr = static_cast<trainer *>(ud);
    ggml_opt_optimizer_params p = ggml_opt_get_default_optimizer_params(nullptr);
    p.adamw.alpha = tr->lr;
    p.adamw.wd = tr->weight_decay;
    p.adamw.beta2 = tr->beta2;
    p.sgd.alpha = tr->lr;
    p.sgd.wd = tr->weight_decay;
    return p;
}

void copy_to_host(ggml_tensor * t, std::vector<float> & out) {
    out.resize(ggml_nelements(t));
    ggml_backend_tensor_get(t, out.data(), 0, ggml_nbytes(t));
}

void on_batch(bool, ggml_opt_context_t opt_ctx, ggml_opt_dataset_t, ggml_opt_result_t, int64_t ibatch,
              int64_t ibatch_max, int64_t) {
    trainer * tr = t_active;
    if (tr == nullptr || ibatch != ibatch_max) return;   // only after the window's last micro-batch
    tr->opt_ctx = opt_ctx;
    if (tr->restore_pending) {
        tr->restored = 0;
        for (ggml_tensor * p : tr->params) {
            auto it = tr->state.find(p->name);
            ggml_tensor * m = ggml_opt_grad_m(opt_ctx, p);
            ggml_tensor * v = ggml_opt_grad_v(opt_ctx, p);
            if (it == tr->state.end() || m == nullptr || v == nullptr) continue;
            if ((int64_t) it->second.m.size() != ggml_nelements(m) || (int64_t) it->second.v.size() != ggml_nelements(v)) continue;
            ggml_backend_tensor_set(m, it->second.m.data(), 0, ggml_nbytes(m));
            ggml_backend_tensor_set(v, it->second.v.data(), 0, ggml_nbytes(v));
            tr->restored++;
        }
        ggml_opt_set_iter(opt_ctx, tr->state_iter);
        tr->restore_pending = false;
        tr->state.clear();
    }
}

void capture(trainer * tr) {
    tr->state.clear();
    for (ggml_tensor * p : tr->params) {
        ggml_tensor * m = ggml_opt_grad_m(tr->opt_ctx, p);
        ggml_tensor * v = ggml_opt_grad_v(tr->opt_ctx, p);
        if (m == nullptr || v == nullptr) continue;
        host_state & hs = tr->state[p->name];
        copy_to_host(m, hs.m);
        copy_to_host(v, hs.v);
    }
    tr->state_iter = ggml_opt_get_iter(tr->opt_ctx);
}

std::string tmp_path(const char * path) { return std::string(path) + ".tmp"; }

int32_t commit_file(const std::string & tmp, const char * path) {
    if (std::rename(tmp.c_str(), path) != 0) {
        std::remove(tmp.c_str());
        return coleta_fail(COLETA_ERR_TRAIN, "cannot rename %s to %s", tmp.c_str(), path);
    }
    return COLETA_OK;
}

// Writes `tensors` (name, ggml shape, host data) and the string/float keys into a GGUF file at
// path, through a temporary file.
struct out_tensor {
    std::string name;
    int64_t ne0, ne1;
    const std::vector<float> * data;
};

int32_t write_gguf(const char * path, gguf_context * g, const std::vector<out_tensor> & tensors) {
    ggml_init_params ip = { ggml_tensor_overhead() * (tensors.size() + 1), nullptr, true };
    ggml_context * gctx = ggml_init(ip);
    for (const out_tensor & t : tensors) {
        ggml_tensor * x = ggml_new_tensor_2d(gctx, GGML_TYPE_F32, t.ne0, t.ne1);
        ggml_set_name(x, t.name.c_str());
        x->data = const_cast<float *>(t.data->data());   // gguf_write reads the data from here
        gguf_add_tensor(g, x);
    }
    const std::string tmp = tmp_path(path);
    const bool ok = gguf_write_to_file(g, tmp.c_str(), false);
    ggml_free(gctx);
    if (!ok) {
        std::remove(tmp.c_str());
        return coleta_fail(COLETA_ERR_TRAIN, "cannot write %s", tmp.c_str());
    }
    return commit_file(tmp, path);
}

const char * target_suffix(int bit) {
    switch (bit) {
        case COLETA_TARGET_Q: return "attn_q";
        case COLETA_TARGET_K: return "attn_k";
        case COLETA_TARGET_V: return "attn_v";
        case COLETA_TARGET_O: return "attn_output";
        case COLETA_TARGET_GATE: return "ffn_gate";
        case COLETA_TARGET_UP: return "ffn_up";
        case COLETA_TARGET_DOWN: return "ffn_down";
        default: return nullptr;
    }
}

// What the full fine-tuning filter needs: the offered tensors, and the projections to train.
struct full_filter {
    std::vector<ggml_tensor *> * offered;
    int32_t targets;
};

// Full fine-tuning trains every tensor llama.cpp offers (norms, output, ...) except the
// per-layer projections left out of `targets` (blk.N.attn_k.weight without TARGET_K, ...).
bool filter_full(const ggml_tensor * t, void * ud) {
    auto * f = static_cast<full_filter *>(ud);
    f->offered->push_back(const_cast<ggml_tensor *>(t));
    const std::string name(t->name);
    if (name.rfind("blk.", 0) != 0) return true;
    for (int bit = 1; bit <= COLETA_TARGET_DOWN; bit <<= 1) {
        const std::string suffix = std::string(".") + target_suffix(bit) + ".weight";
        if (ends_with(name, suffix.c_str())) return (f->targets & bit) != 0;
    }
    return true;
}

// Writes a fresh adapter for the model: lora_a uniform in +-1/sqrt(n_in), lora_b zero.
int32_t write_fresh_adapter(trainer * tr, int32_t rank, float alpha, int32_t targets, uint32_t seed,
                            const std::string & path, int * n_pairs) {
    std::mt19937 rng(seed);
    std::vector<std::vector<float>> data;
    std::vector<out_tensor> tensors;
    const int n_layer = llama_model_n_layer(tr->model);
    data.reserve(2 * 7 * n_layer + 2);
    auto add_pair = [&](const std::string & name) {
        const ggml_tensor * w = coleta_model_tensor(tr->model, name.c_str());
        if (w == nullptr) return;   // e.g. a model without a gate projection
        const int64_t n_in = w->ne[0], n_out = w->ne[1];
        std::uniform_real_distribution<float> dist(-1.0f / std::sqrt((float) n_in), 1.0f / std::sqrt((float) n_in));
        data.emplace_back(n_in * rank);
        for (float & x : data.back()) x = dist(rng);
        tensors.push_back({ name + ".lora_a", n_in, rank, &data.back() });
        data.emplace_back(rank * n_out, 0.0f);
        tensors.push_back({ name + ".lora_b", rank, n_out, &data.back() });
    };
    for (int il = 0; il < n_layer; ++il) {
        for (int bit = 1; bit <= COLETA_TARGET_DOWN; bit <<= 1) {
            if (!(targets & bit)) continue;
            char name[128];
            snprintf(name, sizeof name, "blk.%d.%s.weight", il, target_suffix(bit));
            add_pair(name);
        }
    }
    // a model whose output projection is tied to token_embd has no output.weight: nothing to add
    if (targets & COLETA_TARGET_OUTPUT) add_pair("output.weight");
    *n_pairs = (int) tensors.size() / 2;
    if (tensors.empty()) return coleta_fail(COLETA_ERR_ARGUMENT, "no target tensor (blk.N.attn_q.weight, ...) found in the model");
    gguf_context * g = gguf_init_empty();
    gguf_set_val_str(g, "general.architecture", tr->arch.c_str());
    gguf_set_val_str(g, "general.type", "adapter");
    gguf_set_val_str(g, "adapter.type", "lora");
    gguf_set_val_f32(g, "adapter.lora.alpha", alpha);
    const int32_t st = write_gguf(path.c_str(), g, tensors);
    gguf_free(g);
    return st;
}

int32_t count_unmasked(const int32_t * labels, int32_t n, int32_t n_vocab, int32_t * out) {
    int32_t k = 0;
    for (int32_t i = 0; i < n; ++i) {
        if (labels[i] >= n_vocab) return coleta_fail(COLETA_ERR_ARGUMENT, "label %d at %d is outside the vocabulary (%d)", labels[i], i, n_vocab);
        if (labels[i] >= 0) k++;
    }
    *out = k;
    return COLETA_OK;
}

// Runs one window (train or eval) and returns the mean loss per unmasked token.
int32_t run_window(trainer * tr, const int32_t * tokens, const int32_t * labels, int32_t n, bool train, double * out_loss) {
    if (n != tr->n_ctx) return coleta_fail(COLETA_ERR_ARGUMENT, "a window has %d tokens, the trainer expects %d", n, tr->n_ctx);
    const int32_t n_vocab = llama_vocab_n_tokens(llama_model_get_vocab(tr->model));
    for (int32_t i = 0; i < n; ++i) {
        if (tokens[i] < 0 || tokens[i] >= n_vocab) return coleta_fail(COLETA_ERR_ARGUMENT, "token %d at %d is outside the vocabulary (%d)", tokens[i], i, n_vocab);
    }
    int32_t n_unmasked = 0;
    int32_t st = count_unmasked(labels, n, n_vocab, &n_unmasked);
    if (st != COLETA_OK) return st;

    ggml_tensor * data = ggml_opt_dataset_data(tr->dataset);
    ggml_tensor * lab = ggml_opt_dataset_labels(tr->dataset);
    memcpy(data->data, tokens, sizeof(int32_t) * n);
    memcpy(lab->data, labels, sizeof(int32_t) * n);

    ggml_opt_result_t res = train ? tr->result_train : tr->result_eval;
    ggml_opt_result_reset(res);
    t_active = tr;
    llama_opt_epoch(tr->ctx, tr->dataset, tr->result_train, tr->result_eval, train ? 1 : 0, on_batch, on_batch);
    t_active = nullptr;
    double loss = 0.0;
    ggml_opt_result_loss(res, &loss, nullptr);
    if (!std::isfinite(loss)) return coleta_fail(COLETA_ERR_TRAIN, "the loss is not finite (%f): lower the learning rate", loss);
    // llama.cpp divides the summed loss by every position of the window, masked ones included
    *out_loss = n_unmasked > 0 ? loss * n / n_unmasked : 0.0;
    if (train) tr->stepped = true;
    return COLETA_OK;
}

} // namespace

extern "C" {

int32_t coleta_trainer_new(const char * model_path, const char * init_lora_path, int32_t full, int32_t rank, float alpha,
                           int32_t targets, int32_t n_ctx, int32_t n_ubatch, int32_t n_threads, int32_t n_gpu_layers,
                           uint32_t seed, float weight_decay, void ** out_trainer) {
    COLETA_GUARD_BEGIN
    if (model_path == nullptr || out_trainer == nullptr) return coleta_fail(COLETA_ERR_ARGUMENT, "model_path and out_trainer must not be null");
    *out_trainer = nullptr;
    if (!full && init_lora_path == nullptr && (rank <= 0 || (targets & (COLETA_TARGET_ALL | COLETA_TARGET_OUTPUT)) == 0)) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "LoRA needs rank > 0 and at least one target (got rank %d, targets %d)", rank, targets);
    }
    if (n_ctx <= 0 || n_ubatch <= 0 || n_threads <= 0) return coleta_fail(COLETA_ERR_ARGUMENT, "n_ctx, n_ubatch and n_threads must be > 0");
    if (!(weight_decay >= 0.0f && weight_decay <= 1.0f)) return coleta_fail(COLETA_ERR_ARGUMENT, "weight_decay must be in [0, 1]");

    void * m = nullptr;
    int32_t st = coleta_model_load(model_path, n_gpu_layers, 0, 0, 1, &m);
    if (st != COLETA_OK) return st;
    std::unique_ptr<trainer> tr(new trainer());
    tr->model = static_cast<llama_model *>(m);
    tr->full = full != 0;
    tr->weight_decay = weight_decay;
    tr->n_ctx_train_orig = coleta_model_n_ctx_train(tr->model);
    {
        char buf[128];
        if (llama_model_meta_val_str(tr->model, "general.architecture", buf, sizeof buf) < 0) {
            return coleta_fail(COLETA_ERR_LOAD, "%s has no general.architecture", model_path);
        }
        tr->arch = buf;
    }

    if (tr->full) {
        // llama.cpp trains F32 tensors only; a quantised matrix would silently stay frozen
        const ggml_tensor * w = coleta_model_tensor(tr->model, "blk.0.attn_q.weight");
        const ggml_tensor * o = coleta_model_tensor(tr->model, "output.weight");
        if (w == nullptr || w->type != GGML_TYPE_F32 || o == nullptr || o->type != GGML_TYPE_F32) {
            return coleta_fail(COLETA_ERR_TRAIN,
                               "full fine-tuning needs an F32 model with its own output.weight (%s is not): use LoRA for F16/quantised models",
                               model_path);
        }
    } else {
        std::string lora_path;
        std::string fresh;
        if (init_lora_path != nullptr) {
            lora_path = init_lora_path;
        } else {
            // llama.cpp loads adapters from files only: the fresh one goes through a private
            // temporary file (not beside the model, whose directory may be read-only or shared)
            static std::atomic<int> counter{0};
            fresh = (std::filesystem::temp_directory_path() /
                     ("coleta-init-lora-" + std::to_string((long) getpid()) + "-" + std::to_string(counter++) + ".gguf")).string();
            int n_pairs = 0;
            st = write_fresh_adapter(tr.get(), rank, alpha, targets, seed, fresh, &n_pairs);
            if (st != COLETA_OK) return st;
            lora_path = fresh;
        }
        tr->adapter = llama_adapter_lora_init(tr->model, lora_path.c_str());
        if (!fresh.empty()) std::remove(fresh.c_str());
        if (tr->adapter == nullptr) return coleta_fail(COLETA_ERR_LOAD, "cannot load the LoRA adapter %s", lora_path.c_str());
        char buf[64];
        tr->alpha = llama_adapter_meta_val_str(tr->adapter, "adapter.lora.alpha", buf, sizeof buf) > 0 ? (float) atof(buf) : alpha;
    }

    llama_context_params cp = coleta_context_params(n_ctx, n_ctx, n_ubatch, n_threads, true, false);
    tr->ctx = llama_init_from_model(tr->model, cp);
    if (tr->ctx == nullptr) return coleta_fail(COLETA_ERR_CONTEXT, "could not create a training context of %d tokens", n_ctx);
    tr->n_ctx = (int32_t) llama_n_ctx(tr->ctx);
    const int32_t ub = std::min<int32_t>((int32_t) llama_n_ubatch(tr->ctx), tr->n_ctx);
    if (tr->n_ctx % ub != 0) {
        return coleta_fail(COLETA_ERR_ARGUMENT, "the batch (%d tokens) must divide the context (%d tokens)", ub, tr->n_ctx);
    }
    if (tr->adapter != nullptr) {
        float scale = 1.0f;
        if (llama_set_adapters_lora(tr->ctx, &tr->adapter, 1, &scale) != 0) return coleta_fail(COLETA_ERR_TRAIN, "cannot set the adapter");
    }

    // llama_opt_epoch runs on the thread count that the first decode sets up
    {
        llama_token tok = llama_vocab_bos(llama_model_get_vocab(tr->model));
        if (tok < 0) tok = 0;
        llama_batch b = llama_batch_get_one(&tok, 1);
        if (llama_decode(tr->ctx, b) != 0) return coleta_fail(COLETA_ERR_DECODE, "warm-up decode failed");
        llama_memory_clear(llama_get_memory(tr->ctx), true);
    }

    llama_opt_params op{};
    op.n_ctx_train = 0;
    std::vector<ggml_tensor *> offered;
    full_filter ff{ &offered, targets };
    op.param_filter = tr->full ? filter_full : filter_lora;
    op.param_filter_ud = tr->full ? static_cast<void *>(&ff) : static_cast<void *>(&offered);
    op.get_opt_pars = opt_pars;
    op.get_opt_pars_ud = tr.get();
    op.optimizer_type = GGML_OPT_OPTIMIZER_TYPE_ADAMW;
    llama_opt_init(tr->ctx, tr->model, op);

    // the parameters actually marked (llama.cpp skips non-F32 tensors)
    for (ggml_tensor * t : offered) {
        if ((t->flags & GGML_TENSOR_FLAG_PARAM) && std::find(tr->params.begin(), tr->params.end(), t) == tr->params.end()) {
            tr->params.push_back(t);
        }
    }
    if (tr->params.empty()) return coleta_fail(COLETA_ERR_TRAIN, "no trainable tensor in %s", model_path);

    tr->dataset = ggml_opt_dataset_init(GGML_TYPE_I32, GGML_TYPE_I32, tr->n_ctx, tr->n_ctx, 1, 1);
    tr->result_train = ggml_opt_result_init();
    tr->result_eval = ggml_opt_result_init();
    *out_trainer = tr.release();
    return COLETA_OK;
    COLETA_GUARD_END
}

void coleta_trainer_free(void * trainer_) {
    delete static_cast<trainer *>(trainer_);
}

int32_t coleta_trainer_n_ctx(void * trainer_) {
    return trainer_ ? static_cast<trainer *>(trainer_)->n_ctx : 0;
}

int32_t coleta_trainer_set_beta2(void * trainer_, float beta2) {
    if (!trainer_) return coleta_fail(COLETA_ERR_ARGUMENT, "null trainer");
    if (!(beta2 >= 0.0f && beta2 < 1.0f)) return coleta_fail(COLETA_ERR_ARGUMENT, "beta2 must be in [0, 1), got %g", beta2);
    static_cast<trainer *>(trainer_)->beta2 = beta2;
    return COLETA_OK;
}

int64_t coleta_trainer_n_trainable(void * trainer_) {
    if (!trainer_) return 0;
    int64_t n = 0;
    for (ggml_tensor * t : static_cast<trainer *>(trainer_)->params) n += ggml_nelements(t);
    return n;
}

int32_t coleta_trainer_step(void * trainer_, const int32_t * tokens, const int32_t * labels, int32_t n, float lr,
                            double * out_loss) {
    COLETA_GUARD_BEGIN
    if (!trainer_ || !tokens || !labels || !out_loss) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    if (!std::isfinite(lr)) return coleta_fail(COLETA_ERR_ARGUMENT, "learning rate must be finite");
    auto * tr = static_cast<trainer *>(trainer_);
    if (tr->restore_pending) {
        // the optimizer's moments exist once a graph was built: build one without training
        // (an all-masked eval), apply the saved state in its callback, then step
        std::vector<int32_t> masked(n, -1);
        double ignored = 0.0;
        const int32_t st = run_window(tr, tokens, masked.data(), n, false, &ignored);
        if (st != COLETA_OK) return st;
        if (tr->restored != (int) tr->params.size()) {
            return coleta_fail(COLETA_ERR_TRAIN, "restored the optimizer state of %d of %d parameters", tr->restored, (int) tr->params.size());
        }
    }
    // ggml's AdamW asserts a positive rate: a zero rate becomes the smallest normal float,
    // whose updates vanish below F32 precision
    tr->lr = lr > 0.0f ? lr : FLT_MIN;
    return run_window(tr, tokens, labels, n, true, out_loss);
    COLETA_GUARD_END
}

int32_t coleta_trainer_eval(void * trainer_, const int32_t * tokens, const int32_t * labels, int32_t n, double * out_loss) {
    COLETA_GUARD_BEGIN
    if (!trainer_ || !tokens || !labels || !out_loss) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    auto * tr = static_cast<trainer *>(trainer_);
    return run_window(tr, tokens, labels, n, false, out_loss);
    COLETA_GUARD_END
}

int32_t coleta_trainer_save(void * trainer_, const char * path) {
    COLETA_GUARD_BEGIN
    if (!trainer_ || !path) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    auto * tr = static_cast<trainer *>(trainer_);
    if (tr->full) {
        // opt_init set n_ctx_train to the window size; the saved model keeps the original
        const uint32_t training = coleta_model_n_ctx_train(tr->model);
        coleta_model_set_n_ctx_train(tr->model, tr->n_ctx_train_orig);
        const std::string tmp = tmp_path(path);
        llama_model_save_to_file(tr->model, tmp.c_str());
        coleta_model_set_n_ctx_train(tr->model, training);
        FILE * f = std::fopen(tmp.c_str(), "rb");
        if (f == nullptr) return coleta_fail(COLETA_ERR_TRAIN, "llama.cpp did not write %s", tmp.c_str());
        std::fclose(f);
        return commit_file(tmp, path);
    }
    std::vector<std::vector<float>> data(tr->params.size());
    std::vector<out_tensor> tensors;
    for (size_t i = 0; i < tr->params.size(); ++i) {
        ggml_tensor * t = tr->params[i];
        copy_to_host(t, data[i]);
        tensors.push_back({ t->name, t->ne[0], t->ne[1], &data[i] });
    }
    gguf_context * g = gguf_init_empty();
    gguf_set_val_str(g, "general.architecture", tr->arch.c_str());
    gguf_set_val_str(g, "general.type", "adapter");
    gguf_set_val_str(g, "adapter.type", "lora");
    gguf_set_val_f32(g, "adapter.lora.alpha", tr->alpha);
    const int32_t st = write_gguf(path, g, tensors);
    gguf_free(g);
    return st;
    COLETA_GUARD_END
}

int32_t coleta_trainer_save_state(void * trainer_, const char * path, int64_t step) {
    COLETA_GUARD_BEGIN
    if (!trainer_ || !path) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    auto * tr = static_cast<trainer *>(trainer_);
    if (!tr->stepped || tr->opt_ctx == nullptr) return coleta_fail(COLETA_ERR_TRAIN, "no optimizer state before the first step");
    capture(tr);
    if (tr->state.size() != tr->params.size()) {
        const size_t got = tr->state.size();
        tr->state.clear();
        return coleta_fail(COLETA_ERR_TRAIN, "found the optimizer state of %zu of %zu parameters", got, tr->params.size());
    }
    std::vector<out_tensor> tensors;
    for (ggml_tensor * p : tr->params) {
        auto it = tr->state.find(p->name);
        if (it == tr->state.end()) continue;
        tensors.push_back({ std::string(p->name) + ".m", p->ne[0], ggml_nelements(p) / p->ne[0], &it->second.m });
        tensors.push_back({ std::string(p->name) + ".v", p->ne[0], ggml_nelements(p) / p->ne[0], &it->second.v });
    }
    gguf_context * g = gguf_init_empty();
    gguf_set_val_str(g, "general.type", "coleta-optimizer-state");
    gguf_set_val_i64(g, "coleta.opt.iter", tr->state_iter);
    gguf_set_val_i64(g, "coleta.step", step);
    const int32_t st = write_gguf(path, g, tensors);
    gguf_free(g);
    tr->state.clear();
    return st;
    COLETA_GUARD_END
}

int32_t coleta_trainer_load_state(void * trainer_, const char * path, int64_t * out_step) {
    COLETA_GUARD_BEGIN
    if (!trainer_ || !path || !out_step) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    auto * tr = static_cast<trainer *>(trainer_);
    if (tr->stepped) return coleta_fail(COLETA_ERR_TRAIN, "the optimizer state must be loaded before the first step");
    ggml_context * dctx = nullptr;
    gguf_init_params gp = { false, &dctx };
    gguf_context * g = gguf_init_from_file(path, gp);
    if (g == nullptr) return coleta_fail(COLETA_ERR_LOAD, "cannot read the optimizer state %s", path);
    const int64_t k_iter = gguf_find_key(g, "coleta.opt.iter");
    const int64_t k_step = gguf_find_key(g, "coleta.step");
    if (k_iter < 0 || k_step < 0) {
        gguf_free(g);
        if (dctx) ggml_free(dctx);
        return coleta_fail(COLETA_ERR_LOAD, "%s is not a Coleta optimizer state", path);
    }
    tr->state.clear();
    tr->state_iter = gguf_get_val_i64(g, k_iter);
    *out_step = gguf_get_val_i64(g, k_step);
    for (ggml_tensor * p : tr->params) {
        ggml_tensor * m = ggml_get_tensor(dctx, (std::string(p->name) + ".m").c_str());
        ggml_tensor * v = ggml_get_tensor(dctx, (std::string(p->name) + ".v").c_str());
        if (!m || !v || m->type != GGML_TYPE_F32 || ggml_nelements(m) != ggml_nelements(p) || ggml_nelements(v) != ggml_nelements(p)) {
            gguf_free(g);
            ggml_free(dctx);
            return coleta_fail(COLETA_ERR_LOAD, "%s has no matching state for %s", path, p->name);
        }
        host_state & hs = tr->state[p->name];
        hs.m.assign((const float *) m->data, (const float *) m->data + ggml_nelements(m));
        hs.v.assign((const float *) v->data, (const float *) v->data + ggml_nelements(v));
    }
    gguf_free(g);
    ggml_free(dctx);
    tr->restore_pending = true;
    return COLETA_OK;
    COLETA_GUARD_END
}

int32_t coleta_lora_merge(const char * base_path, const char ** lora_paths, const float * scales, int32_t n,
                          const char * out_path) {
    COLETA_GUARD_BEGIN
    if (!base_path || !out_path || n < 0 || (n > 0 && (!lora_paths || !scales))) return coleta_fail(COLETA_ERR_ARGUMENT, "null argument");
    struct gguf_file {
        gguf_context * g = nullptr;
        ggml_context * d = nullptr;
        ~gguf_file() { if (g) gguf_free(g); if (d) ggml_free(d); }
    };
    auto open = [](const char * path, gguf_file & f) {
        gguf_init_params gp = { false, &f.d };
        f.g = gguf_init_from_file(path, gp);
        return f.g != nullptr;
    };
    gguf_file base;
    if (!open(base_path, base)) return coleta_fail(COLETA_ERR_LOAD, "cannot read the model %s", base_path);
    std::vector<std::unique_ptr<gguf_file>> loras;
    std::vector<float> alphas;
    for (int32_t i = 0; i < n; ++i) {
        loras.emplace_back(new gguf_file());
        if (!lora_paths[i] || !open(lora_paths[i], *loras.back())) return coleta_fail(COLETA_ERR_LOAD, "cannot read the adapter %s", lora_paths[i] ? lora_paths[i] : "(null)");
        gguf_context * g = loras.back()->g;
        const int64_t kt = gguf_find_key(g, "adapter.type");
        const int64_t ka = gguf_find_key(g, "adapter.lora.alpha");
        if (kt < 0 || std::string(gguf_get_val_str(g, kt)) != "lora" || ka < 0) {
            return coleta_fail(COLETA_ERR_LOAD, "%s is not a LoRA adapter (adapter.type / adapter.lora.alpha missing)", lora_paths[i]);
        }
        alphas.push_back(gguf_get_val_f32(g, ka));
        if (!std::isfinite(scales[i])) return coleta_fail(COLETA_ERR_ARGUMENT, "scale %d is not finite", i);
    }

    gguf_context * out = gguf_init_empty();
    gguf_set_kv(out, base.g);
    const int64_t n_tensors = gguf_get_n_tensors(base.g);
    ggml_init_params ip = { ggml_tensor_overhead() * (size_t) (n_tensors + 1), nullptr, true };
    ggml_context * octx = ggml_init(ip);
    std::vector<std::vector<uint8_t>> merged;
    merged.reserve(n_tensors);
    int n_merged = 0;
    int32_t st = COLETA_OK;
    for (int64_t ti = 0; ti < n_tensors && st == COLETA_OK; ++ti) {
        const char * name = gguf_get_tensor_name(base.g, ti);
        ggml_tensor * w = ggml_get_tensor(base.d, name);
        ggml_tensor * o = ggml_dup_tensor(octx, w);
        ggml_set_name(o, name);
        o->data = w->data;
        const int64_t n_in = w->ne[0], n_out = w->ne[1];
        std::vector<float> f32;
        for (size_t li = 0; li < loras.size(); ++li) {
            ggml_tensor * a = ggml_get_tensor(loras[li]->d, (std::string(name) + ".lora_a").c_str());
            ggml_tensor * b = ggml_get_tensor(loras[li]->d, (std::string(name) + ".lora_b").c_str());
            if (!a && !b) continue;
            if (!a || !b || a->type != GGML_TYPE_F32 || b->type != GGML_TYPE_F32 || a->ne[0] != n_in || b->ne[1] != n_out
                    || a->ne[1] != b->ne[0] || ggml_n_dims(w) != 2) {
                st = coleta_fail(COLETA_ERR_LOAD, "adapter %s does not fit tensor %s of %s", lora_paths[li], name, base_path);
                break;
            }
            if (f32.empty()) {
                // W as F32, row o (one output) holding n_in values
                f32.resize((size_t) n_in * n_out);
                if (w->type == GGML_TYPE_F32) {
                    memcpy(f32.data(), w->data, f32.size() * sizeof(float));
                } else {
                    const ggml_type_traits * tr = ggml_get_type_traits(w->type);
                    if (!tr->to_float) { st = coleta_fail(COLETA_ERR_LOAD, "cannot dequantize %s (%s)", name, ggml_type_name(w->type)); break; }
                    tr->to_float(w->data, f32.data(), (int64_t) f32.size());
                }
            }
            // lora_a holds A (rank rows of n_in), lora_b holds B (n_out rows of rank): W += s * B.A
            const int64_t r = a->ne[1];
            const float s = scales[li] * alphas[li] / (float) r;
            const float * A = (const float *) a->data;
            const float * B = (const float *) b->data;
            for (int64_t oi = 0; oi < n_out; ++oi) {
                float * row = f32.data() + oi * n_in;
                for (int64_t k = 0; k < r; ++k) {
                    const float bk = s * B[oi * r + k];
                    if (bk == 0.0f) continue;
                    const float * ak = A + k * n_in;
                    for (int64_t i = 0; i < n_in; ++i) row[i] += bk * ak[i];
                }
            }
        }
        if (st != COLETA_OK || f32.empty()) continue;
        merged.emplace_back(ggml_nbytes(w));
        ggml_quantize_chunk(w->type, f32.data(), merged.back().data(), 0, n_out, n_in, nullptr);
        o->data = merged.back().data();
        n_merged++;
    }
    if (st == COLETA_OK) {
        for (int64_t ti = 0; ti < n_tensors; ++ti) gguf_add_tensor(out, ggml_get_tensor(octx, gguf_get_tensor_name(base.g, ti)));
        if (n > 0 && n_merged == 0) {
            st = coleta_fail(COLETA_ERR_LOAD, "no tensor of %s is adapted by the given adapters", base_path);
        } else {
            const std::string tmp = tmp_path(out_path);
            if (!gguf_write_to_file(out, tmp.c_str(), false)) {
                std::remove(tmp.c_str());
                st = coleta_fail(COLETA_ERR_TRAIN, "cannot write %s", tmp.c_str());
            } else {
                st = commit_file(tmp, out_path);
            }
        }
    }
    gguf_free(out);
    ggml_free(octx);
    return st;
    COLETA_GUARD_END
}

} // extern "C"
