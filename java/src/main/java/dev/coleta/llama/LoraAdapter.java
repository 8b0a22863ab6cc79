package dev.coleta.llama;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coleta.ModelLoadException;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.TensorInfo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A LoRA adapter loaded for one model. Apply it to sessions with a scale
 * ({@link Session#setAdapter}); closing it removes it from every session first.
 */
public final class LoraAdapter implements AutoCloseable {
    private final Model model;
    private final Path path;
    private final float alpha;
    private final int rank;
    private Pointer handle;

    private LoraAdapter(Model model, Path path, float alpha, int rank, Pointer handle) {
        this.model = model;
        this.path = path;
        this.alpha = alpha;
        this.rank = rank;
        this.handle = handle;
    }

    static LoraAdapter load(Model model, Path path) {
        if (!Files.exists(path)) throw new ModelLoadException("adapter file not found: " + path);
        GgufFile a = GgufFile.read(path);
        int rank = validate(model.gguf(), a);
        var alphaV = a.metadata().get("adapter.lora.alpha");
        float alpha = alphaV != null && alphaV.value() instanceof Number n ? n.floatValue() : 0f;
        PointerByReference out = new PointerByReference();
        NativeLibrary.check(model.lib().coleta_lora_load(model.handle(), path.toAbsolutePath().toString(), out),
                "cannot load adapter " + path);
        return new LoraAdapter(model, path, alpha, rank, out.getValue());
    }

    /**
     * Checks that {@code a} is a LoRA adapter whose every tensor pair fits a tensor of the
     * model: {@code X.lora_a [n_in, r]} and {@code X.lora_b [r, n_out]} for model tensor
     * {@code X [n_in, n_out]}. Returns the rank.
     */
    static int validate(GgufFile model, GgufFile a) {
        Path p = a.path();
        if (!"adapter".equals(a.string("general.type")) || !"lora".equals(a.string("adapter.type"))) {
            throw new ModelLoadException(p + " is not a LoRA adapter (general.type=adapter, adapter.type=lora expected)");
        }
        if (a.architecture() != null && !a.architecture().equals(model.architecture())) {
            throw new ModelLoadException("adapter " + p + " is for architecture '" + a.architecture() + "' but the model is '"
                    + model.architecture() + "'");
        }
        int rank = -1;
        int pairs = 0;
        for (TensorInfo t : a.tensors()) {
            if (!t.name().endsWith(".lora_a")) continue;
            String base = t.name().substring(0, t.name().length() - ".lora_a".length());
            TensorInfo b = a.tensor(base + ".lora_b");
            TensorInfo w = model.tensor(base);
            if (b == null) throw new ModelLoadException("adapter " + p + " has " + t.name() + " without " + base + ".lora_b");
            if (w == null) throw new ModelLoadException("adapter " + p + " was made for another model: the model has no tensor " + base);
            long[] ad = t.dims(), bd = b.dims(), wd = w.dims();
            if (ad.length != 2 || bd.length != 2 || wd.length < 2 || ad[0] != wd[0] || bd[1] != wd[1] || ad[1] != bd[0]) {
                throw new ModelLoadException("adapter " + p + " was made for another model: " + base + " is "
                        + java.util.Arrays.toString(wd) + " in the model but the adapter has lora_a " + java.util.Arrays.toString(ad)
                        + " and lora_b " + java.util.Arrays.toString(bd));
            }
            rank = (int) ad[1];
            pairs++;
        }
        if (pairs == 0) throw new ModelLoadException("adapter " + p + " has no lora_a/lora_b tensor pairs");
        return rank;
    }

    public Path path() {
        return path;
    }

    /** adapter.lora.alpha; the effective scale of the update is scale * alpha / rank. */
    public float alpha() {
        return alpha;
    }

    public int rank() {
        return rank;
    }

    public Model model() {
        return model;
    }

    synchronized Pointer handle() {
        if (handle == null) throw new IllegalStateException("adapter " + path + " is closed");
        return handle;
    }

    public synchronized boolean isClosed() {
        return handle == null;
    }

    /** Removes the adapter from every session of its model and frees it. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (handle == null) return;
        }
        model.forget(this);
        synchronized (this) {
            if (!model.isClosed()) model.lib().coleta_lora_free(handle);
            handle = null;
        }
    }

    @Override
    public String toString() {
        return "LoraAdapter[" + path + ", rank " + rank + ", alpha " + alpha + "]";
    }
}
