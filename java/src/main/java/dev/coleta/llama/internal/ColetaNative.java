package dev.coleta.llama.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The raw binding of {@code native/shim/coleta.h}: C names verbatim, no logic. Only pointers,
 * numbers and strings cross this boundary. Use the idiomatic API in {@code dev.coleta.llama}.
 */
public interface ColetaNative extends Library {
    int COLETA_OK = 0;
    int COLETA_ERR_ARGUMENT = -1;
    int COLETA_ERR_LOAD = -2;
    int COLETA_ERR_DECODE = -3;
    int COLETA_ERR_GRAMMAR = -4;
    int COLETA_ERR_CONTEXT = -5;
    int COLETA_ERR_BUFFER = -6;
    int COLETA_ERR_TRAIN = -7;
    int COLETA_ERR_INTERNAL = -8;
    int COLETA_ERR_CANCELLED = -9;

    interface coleta_log_callback extends Callback {
        void invoke(int level, String text);
    }

    String coleta_last_error();
    String coleta_version();
    String coleta_system_info();
    int coleta_init();
    void coleta_set_log_callback(coleta_log_callback cb, int minLevel);
    int coleta_supports_gpu_offload();

    int coleta_model_load(String path, int nGpuLayers, int useMmap, int vocabOnly, int forTraining, PointerByReference outModel);
    void coleta_model_free(Pointer model);
    int coleta_model_dims(Pointer model, int[] out, int nOut);
    long coleta_model_n_params(Pointer model);
    long coleta_model_size(Pointer model);
    int coleta_model_desc(Pointer model, byte[] buf, int cap);
    String coleta_model_chat_template(Pointer model);
    int coleta_token_is_eog(Pointer model, int token);
    int coleta_model_quantize(String inPath, String outPath, int ftype, int nThreads);

    int coleta_tokenize(Pointer model, byte[] text, int textLen, int addSpecial, int parseSpecial, int[] out, int cap);
    int coleta_token_to_piece(Pointer model, int token, byte[] buf, int cap, int special);

    int coleta_chat_apply(Pointer model, String tmpl, String[] roles, String[] contents, int n, int addAssistant, byte[] buf, int cap);

    int coleta_beam_search(Pointer ctx, Pointer sampler, int pos, int beams, int maxTokens, int[] outTokens, int cap, int[] out);

    int COLETA_CONTEXT_INFERENCE = 0;
    int COLETA_CONTEXT_TRAINING = 1;
    int COLETA_CONTEXT_BEAMS = 2;
    int COLETA_MAX_BEAMS = 8;

    int coleta_context_new(Pointer model, int nCtx, int nBatch, int nThreads, int mode, PointerByReference outCtx);
    void coleta_context_free(Pointer ctx);
    int coleta_context_n_ctx(Pointer ctx);
    int coleta_context_truncate(Pointer ctx, int pos);
    int coleta_decode(Pointer ctx, int[] tokens, int n, int pos0);
    int coleta_logits(Pointer ctx, float[] out, int n);

    int coleta_lora_load(Pointer model, String path, PointerByReference outAdapter);
    void coleta_lora_free(Pointer adapter);
    int coleta_context_set_loras(Pointer ctx, Pointer[] adapters, float[] scales, int n);

    int coleta_json_schema_to_grammar(String schemaJson, PointerByReference out);
    void coleta_free_string(Pointer s);
    int coleta_grammar_check(String gbnf, String root);
    int coleta_grammar_accepts(String gbnf, String root, String text);

    int coleta_sampler_new(Pointer model, float temperature, int topK, float topP, float minP, float repeatPenalty,
                           int repeatLastN, int seed, String gbnf, String root, PointerByReference outSampler);
    void coleta_sampler_free(Pointer sampler);
    int coleta_sampler_sample(Pointer sampler, Pointer ctx, int[] outToken);
    int coleta_sampler_accept(Pointer sampler, int token);
    int coleta_sampler_grammar_done(Pointer sampler);
    long coleta_sampler_full_passes(Pointer sampler);
    int coleta_grammar_stats(long[] out, int nOut);
}
