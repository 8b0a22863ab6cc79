// Greedy generation through Coleta's shim alone (no JVM): loads a model, tokenizes a prompt,
// generates N tokens with coleta_step at temperature 0 and prints their ids, one line. Built
// for x86-64 and for aarch64 by scripts/check-aarch64.sh, which runs the aarch64 build under
// qemu-user and compares the two lines: the same libcoleta.so API on both architectures.
#include "coleta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char * what) {
    fprintf(stderr, "%s: %s\n", what, coleta_last_error());
    return 1;
}

int main(int argc, char ** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODEL PROMPT N\n", argv[0]);
        return 2;
    }
    const int n = atoi(argv[3]);
    if (coleta_init() < 0) return fail("init");
    void * model = NULL, * ctx = NULL, * sampler = NULL;
    if (coleta_model_load(argv[1], 0, 1, 0, 0, &model) < 0) return fail("load");
    if (coleta_context_new(model, 256, 256, 1, 0, &ctx) < 0) return fail("context");
    int32_t tokens[256];
    const int32_t np = coleta_tokenize(model, argv[2], (int32_t) strlen(argv[2]), 1, 0, tokens, 256);
    if (np <= 0) return fail("tokenize");
    if (coleta_decode(ctx, tokens, np, 0) < 0) return fail("decode");
    if (coleta_sampler_new(model, 0.0f, 0, 1.0f, 0.0f, 1.0f, 0, 42, NULL, NULL, &sampler) < 0) return fail("sampler");
    printf("%s |", coleta_version());
    for (int i = 0; i < n; i++) {
        int32_t out[3];
        uint8_t piece[64];
        if (coleta_step(ctx, sampler, np + i, 1, out, piece, (int32_t) sizeof piece) < 0) return fail("step");
        printf(" %d", out[0]);
        if (out[1]) break;
    }
    printf("\n");
    coleta_sampler_free(sampler);
    coleta_context_free(ctx);
    coleta_model_free(model);
    return 0;
}
