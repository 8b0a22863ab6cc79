package dev.coleta.testing;

import dev.coleta.gguf.GgmlType;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** Reads tensor data of a GGUF file, for tests that check weights against an expectation computed in Java. */
public final class GgufTensors {
    private GgufTensors() {
    }

    /** The raw bytes of tensor {@code name}. */
    public static byte[] bytes(GgufFile f, String name) {
        TensorInfo t = f.tensor(name);
        if (t == null) throw new IllegalArgumentException("no tensor " + name + " in " + f.path());
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.bytes()));
            long pos = f.dataOffset() + t.offset();
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) throw new IOException("short read of " + name);
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tensor {@code name}, which must be F32, in GGML order (dimension 0 fastest). */
    public static float[] floats(GgufFile f, String name) {
        TensorInfo t = f.tensor(name);
        if (t == null) throw new IllegalArgumentException("no tensor " + name + " in " + f.path());
        if (t.type() != GgmlType.F32) throw new IllegalArgumentException(name + " is " + t.type() + ", not F32");
        float[] v = new float[Math.toIntExact(t.elements())];
        ByteBuffer.wrap(bytes(f, name)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /** Standard deviation of the F32 tensor {@code name} of the GGUF file {@code file}. */
    public static double std(java.nio.file.Path file, String name) {
        float[] v = floats(GgufFile.read(file), name);
        double sum = 0, sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }

    /** The Euclidean norm of every tensor whose name ends with {@code suffix}, taken together. */
    public static double norm(GgufFile f, String suffix) {
        double s = 0;
        for (TensorInfo t : f.tensors()) {
            if (!t.name().endsWith(suffix)) continue;
            for (float x : floats(f, t.name())) s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
