package dev.coleta.train;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.internal.ColetaTrainNative;
import dev.coleta.train.data.Window;

import java.nio.file.Path;

/** One native trainer handle ({@code coleta_trainer_*}); freed exactly once by {@link #close()}. */
final class NativeTrainer implements AutoCloseable {
    private static volatile ColetaTrainNative lib;

    private Pointer handle;
    private final int nCtx;

    static ColetaTrainNative lib() {
        ColetaTrainNative l = lib;
        if (l == null) {
            synchronized (NativeTrainer.class) {
                if (lib == null) {
                    NativeLibrary.load(); // loads and initialises the library (backends, log callback)
                    lib = Native.load(NativeLibrary.libraryPath().toString(), ColetaTrainNative.class);
                }
                l = lib;
            }
        }
        return l;
    }

    NativeTrainer(Path model, Path initLora, TrainOptions o) {
        PointerByReference out = new PointerByReference();
        NativeLibrary.check(lib().coleta_trainer_new(model.toString(), initLora == null ? null : initLora.toString(),
                o.full() ? 1 : 0, o.rank(), o.alpha(), Target.bits(o.targets()), o.contextSize(),
                o.batchSize() == 0 ? o.contextSize() : o.batchSize(), o.threads(), o.gpuLayers(), (int) o.seed(),
                o.weightDecay(), out), "cannot start training on " + model);
        handle = out.getValue();
        try {
            NativeLibrary.check(lib().coleta_trainer_set_beta2(handle, o.beta2()), "cannot set AdamW's beta2");
        } catch (RuntimeException e) {
            lib().coleta_trainer_free(handle);
            throw e;
        }
        nCtx = lib().coleta_trainer_n_ctx(handle);
    }

    int contextSize() {
        return nCtx;
    }

    long trainable() {
        return lib().coleta_trainer_n_trainable(h());
    }

    double step(Window w, float lr) {
        DoubleByReference loss = new DoubleByReference();
        NativeLibrary.check(lib().coleta_trainer_step(h(), w.tokens(), w.labels(), w.tokens().length, lr, loss), "training step");
        return loss.getValue();
    }

    double eval(Window w) {
        DoubleByReference loss = new DoubleByReference();
        NativeLibrary.check(lib().coleta_trainer_eval(h(), w.tokens(), w.labels(), w.tokens().length, loss), "evaluation");
        return loss.getValue();
    }

    void save(Path path) {
        NativeLibrary.check(lib().coleta_trainer_save(h(), path.toString()), "cannot save " + path);
    }

    void saveState(Path path, long step) {
        NativeLibrary.check(lib().coleta_trainer_save_state(h(), path.toString(), step), "cannot save optimizer state " + path);
    }

    long loadState(Path path) {
        LongByReference step = new LongByReference();
        NativeLibrary.check(lib().coleta_trainer_load_state(h(), path.toString(), step), "cannot load optimizer state " + path);
        return step.getValue();
    }

    private Pointer h() {
        if (handle == null) throw new IllegalStateException("trainer is closed");
        return handle;
    }

    @Override
    public void close() {
        if (handle != null) {
            lib().coleta_trainer_free(handle);
            handle = null;
        }
    }
}
