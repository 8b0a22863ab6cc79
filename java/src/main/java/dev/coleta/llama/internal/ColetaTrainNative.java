package dev.coleta.llama.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The raw binding of {@code native/shim/coleta_train.h}: C names verbatim, no logic. Use
 * {@code dev.coleta.train.Trainer}.
 */
public interface ColetaTrainNative extends Library {
    int COLETA_TARGET_Q = 1;
    int COLETA_TARGET_K = 1 << 1;
    int COLETA_TARGET_V = 1 << 2;
    int COLETA_TARGET_O = 1 << 3;
    int COLETA_TARGET_GATE = 1 << 4;
    int COLETA_TARGET_UP = 1 << 5;
    int COLETA_TARGET_DOWN = 1 << 6;
    int COLETA_TARGET_ALL = 0x7f;
    int COLETA_TARGET_OUTPUT = 1 << 7;

    int coleta_trainer_new(String modelPath, String initLoraPath, int full, int rank, float alpha, int targets, int nCtx,
                           int nUbatch, int nThreads, int nGpuLayers, int seed, float weightDecay, PointerByReference outTrainer);
    void coleta_trainer_free(Pointer trainer);
    int coleta_trainer_set_beta2(Pointer trainer, float beta2);
    int coleta_trainer_n_ctx(Pointer trainer);
    long coleta_trainer_n_trainable(Pointer trainer);
    int coleta_trainer_step(Pointer trainer, int[] tokens, int[] labels, int n, float lr, DoubleByReference outLoss);
    int coleta_trainer_eval(Pointer trainer, int[] tokens, int[] labels, int n, DoubleByReference outLoss);
    int coleta_trainer_save(Pointer trainer, String path);
    int coleta_trainer_save_state(Pointer trainer, String path, long step);
    int coleta_trainer_load_state(Pointer trainer, String path, LongByReference outStep);

    int coleta_lora_merge(String basePath, String[] loraPaths, float[] scales, int n, String outPath);
}
