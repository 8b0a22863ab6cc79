// Finite-difference check of ggml's backward pass through llama.cpp's attention (the path
// without flash attention, build_attn_mha) when K and V come straight from their projections,
// as patch 0103 makes them while training. Builds the same ops in the same order (rope,
// permute, mul_mat, soft_max_ext with a causal mask, transposed V), takes the gradient of
// sum(out * R) by ggml_build_backward_expand and compares it with central differences for
// every element of x, wq, wk and wv. Run by scripts/check-attention-grad.sh.
#include "ggml.h"
#include "ggml-cpu.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

struct Graph {
    ggml_context * ctx;
    ggml_tensor * params[4]; // x, wq, wk, wv
    ggml_tensor * loss;
    ggml_cgraph * forward;
    ggml_cgraph * backward;
};

static Graph build(int heads, int head_dim, int tokens) {
    const int embd = heads * head_dim;
    ggml_init_params ip = { 256u << 20, nullptr, false };
    Graph g{};
    g.ctx = ggml_init(ip);
    ggml_context * c = g.ctx;
    ggml_tensor * x  = ggml_new_tensor_2d(c, GGML_TYPE_F32, embd, tokens);
    ggml_tensor * wq = ggml_new_tensor_2d(c, GGML_TYPE_F32, embd, embd);
    ggml_tensor * wk = ggml_new_tensor_2d(c, GGML_TYPE_F32, embd, embd);
    ggml_tensor * wv = ggml_new_tensor_2d(c, GGML_TYPE_F32, embd, embd);
    ggml_tensor * r  = ggml_new_tensor_2d(c, GGML_TYPE_F32, embd, tokens);
    ggml_tensor * pos  = ggml_new_tensor_1d(c, GGML_TYPE_I32, tokens);
    ggml_tensor * mask = ggml_new_tensor_2d(c, GGML_TYPE_F32, tokens, tokens);
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.0f, 0.5f);
    for (ggml_tensor * t : {x, wq, wk, wv, r}) {
        float * d = (float *) t->data;
        for (int64_t i = 0; i < ggml_nelements(t); i++) d[i] = normal(rng);
    }
    for (int i = 0; i < tokens; i++) ((int32_t *) pos->data)[i] = i;
    for (int i = 0; i < tokens; i++) {
        for (int j = 0; j < tokens; j++) ((float *) mask->data)[i * tokens + j] = j <= i ? 0.0f : -INFINITY;
    }
    g.params[0] = x; g.params[1] = wq; g.params[2] = wk; g.params[3] = wv;
    for (ggml_tensor * t : g.params) ggml_set_param(t);

    // llama's layout: [head_dim, heads, tokens], rotated, then permuted to [head_dim, tokens, heads]
    auto project = [&](ggml_tensor * w, bool rope) {
        ggml_tensor * t = ggml_reshape_3d(c, ggml_mul_mat(c, w, x), head_dim, heads, tokens);
        if (rope) t = ggml_rope_ext(c, t, pos, nullptr, head_dim, 0, 0, 10000.0f, 1.0f, 0.0f, 1.0f, 32.0f, 1.0f);
        return ggml_permute(c, t, 0, 2, 1, 3);
    };
    ggml_tensor * q = project(wq, true);
    ggml_tensor * k = project(wk, true);
    ggml_tensor * v = project(wv, false);
    ggml_tensor * kq = ggml_soft_max_ext(c, ggml_mul_mat(c, k, q), mask, 1.0f / sqrtf((float) head_dim), 0.0f);
    ggml_tensor * kqv = ggml_mul_mat(c, ggml_cont(c, ggml_transpose(c, v)), kq);
    ggml_tensor * out = ggml_cont_2d(c, ggml_permute(c, kqv, 0, 2, 1, 3), embd, tokens);
    g.loss = ggml_sum(c, ggml_mul(c, out, r));
    ggml_set_loss(g.loss);

    g.forward = ggml_new_graph_custom(c, 1024, true);
    ggml_build_forward_expand(g.forward, g.loss);
    g.backward = ggml_new_graph_custom(c, 1024, true);
    ggml_graph_cpy(g.forward, g.backward);
    ggml_build_backward_expand(c, g.backward, nullptr);
    return g;
}

int main(int argc, char ** argv) {
    const int threads  = argc > 1 ? atoi(argv[1]) : 2;
    const int tokens   = argc > 2 ? atoi(argv[2]) : 40;   // > 32 exercises out_prod's unrolled rows
    const int head_dim = argc > 3 ? atoi(argv[3]) : 8;
    const int heads    = 2;
    Graph g = build(heads, head_dim, tokens);
    ggml_graph_reset(g.backward);
    ggml_graph_compute_with_ctx(g.ctx, g.backward, threads);

    const char * names[] = {"x", "wq", "wk", "wv"};
    bool ok = true;
    for (int p = 0; p < 4; p++) {
        ggml_tensor * t = g.params[p];
        ggml_tensor * grad = ggml_graph_get_grad(g.backward, t);
        if (grad == nullptr) {
            printf("%-2s no gradient\n", names[p]);
            ok = false;
            continue;
        }
        std::vector<float> analytic(ggml_nelements(t));
        memcpy(analytic.data(), grad->data, analytic.size() * sizeof(float));
        double max_err = 0, max_grad = 0;
        float * d = (float *) t->data;
        for (int64_t i = 0; i < ggml_nelements(t); i++) {
            const float x0 = d[i], eps = 1e-2f;
            d[i] = x0 + eps;
            ggml_graph_compute_with_ctx(g.ctx, g.forward, threads);
            const float up = *(float *) g.loss->data;
            d[i] = x0 - eps;
            ggml_graph_compute_with_ctx(g.ctx, g.forward, threads);
            const float down = *(float *) g.loss->data;
            d[i] = x0;
            const double numeric = (up - down) / (2.0 * eps);
            max_err  = std::max(max_err, std::fabs(numeric - analytic[i]));
            max_grad = std::max(max_grad, std::fabs(numeric));
        }
        const bool good = max_err <= 1e-3 * std::max(1.0, max_grad);
        ok = ok && good;
        printf("%-2s max |numeric| %.4f  max |analytic - numeric| %.6f  %s\n", names[p], max_grad, max_err, good ? "ok" : "WRONG");
    }
    ggml_free(g.ctx);
    return ok ? 0 : 1;
}
