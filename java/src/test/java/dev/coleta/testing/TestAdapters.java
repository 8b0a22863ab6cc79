package dev.coleta.testing;

import dev.coleta.gguf.GgmlType;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.GgufValue;
import dev.coleta.gguf.GgufWriter;
import dev.coleta.gguf.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Writes LoRA adapter GGUFs with random (non-zero) A and B for a model, so applying them changes its output. */
public final class TestAdapters {
    private TestAdapters() {
    }

    /** An adapter on every attn_q and attn_v of {@code model}, rank {@code rank}, alpha = rank. */
    public static Path randomAdapter(Path model, Path out, int rank, long seed, float std) throws IOException {
        GgufFile g = GgufFile.read(model);
        Random rnd = new Random(seed);
        GgufWriter w = new GgufWriter()
                .put("general.architecture", GgufValue.string(g.architecture()))
                .put("general.type", GgufValue.string("adapter"))
                .put("adapter.type", GgufValue.string("lora"))
                .put("adapter.lora.alpha", GgufValue.f32(rank));
        for (TensorInfo t : g.tensors()) {
            if (!t.name().endsWith("attn_q.weight") && !t.name().endsWith("attn_v.weight")) continue;
            long nIn = t.dims()[0], nOut = t.dims()[1];
            w.tensor(t.name() + ".lora_a", new long[] {nIn, rank}, GgmlType.F32, o -> GgufWriter.writeF32(o, gaussian(rnd, nIn * rank, std)));
            w.tensor(t.name() + ".lora_b", new long[] {rank, nOut}, GgmlType.F32, o -> GgufWriter.writeF32(o, gaussian(rnd, rank * nOut, std)));
        }
        w.write(out);
        return out;
    }

    private static float[] gaussian(Random rnd, long n, float std) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * std);
        return v;
    }
}
