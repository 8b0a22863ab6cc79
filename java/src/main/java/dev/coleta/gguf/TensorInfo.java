package dev.coleta.gguf;

import java.util.Arrays;

/**
 * One tensor's header entry. {@code dims} are in ggml order (fastest-varying first, e.g.
 * {@code [n_in, n_out]} for a weight matrix); {@code offset} is relative to the data section.
 */
public record TensorInfo(String name, long[] dims, GgmlType type, long offset) {
    public TensorInfo {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("tensor name is empty");
        dims = dims.clone();
    }

    public long elements() {
        long n = 1;
        for (long d : dims) n = Math.multiplyExact(n, d);
        return n;
    }

    public long bytes() {
        return type.bytes(elements());
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(dims) + " " + type;
    }
}
