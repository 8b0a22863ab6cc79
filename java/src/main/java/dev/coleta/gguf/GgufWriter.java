package dev.coleta.gguf;

import dev.coleta.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF (version 3) file: metadata, tensor infos, aligned tensor data. The file is
 * written to a temporary name beside the target and renamed into place, so a crash never
 * leaves a half-written model behind.
 */
public final class GgufWriter {
    /** Produces a tensor's bytes (exactly {@link TensorInfo#bytes()} of them). */
    @FunctionalInterface
    public interface TensorData {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Pending(String name, long[] dims, GgmlType type, TensorData data) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final int alignment = GgufFile.DEFAULT_ALIGNMENT;

    public GgufWriter put(String key, GgufValue value) {
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putAll(Map<String, GgufValue> values) {
        metadata.putAll(values);
        return this;
    }

    public GgufWriter tensor(String name, long[] dims, GgmlType type, TensorData data) {
        if (dims[0] % type.blockSize() != 0) throw new IllegalArgumentException("row length of " + name + " is not a multiple of " + type.blockSize());
        tensors.add(new Pending(name, dims.clone(), type, data));
        return this;
    }

    /** Writes the file atomically (temp file + rename). */
    public void write(Path target) throws IOException {
        AtomicFiles.write(target, this::writeTo);
    }

    private void writeTo(OutputStream raw) throws IOException {
        Counting out = new Counting(raw);
        le32(out, GgufFile.MAGIC);
        le32(out, 3);
        le64(out, tensors.size());
        le64(out, metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            string(out, e.getKey());
            le32(out, e.getValue().type().code());
            value(out, e.getValue());
        }
        long offset = 0;
        List<Long> offsets = new ArrayList<>();
        for (Pending t : tensors) {
            string(out, t.name());
            le32(out, t.dims().length);
            for (long d : t.dims()) le64(out, d);
            le32(out, t.type().code());
            le64(out, offset);
            offsets.add(offset);
            offset = align(offset + bytes(t));
        }
        pad(out);
        long start = out.count;
        for (int i = 0; i < tensors.size(); i++) {
            Pending t = tensors.get(i);
            long before = out.count;
            t.data().writeTo(out);
            long wrote = out.count - before;
            if (wrote != bytes(t)) throw new IOException("tensor " + t.name() + ": wrote " + wrote + " bytes, expected " + bytes(t));
            if (out.count - start != offsets.get(i) + wrote) throw new IOException("tensor data out of place: " + t.name());
            pad(out);
        }
    }

    private static long bytes(Pending t) {
        long n = 1;
        for (long d : t.dims()) n *= d;
        return t.type().bytes(n);
    }

    private long align(long x) {
        return (x + alignment - 1) / alignment * alignment;
    }

    private void pad(Counting out) throws IOException {
        while (out.count % alignment != 0) out.write(0);
    }

    private static void value(OutputStream out, GgufValue v) throws IOException {
        if (v.type() == GgufValueType.ARRAY) {
            List<?> items = (List<?>) v.value();
            le32(out, v.elementType().code());
            le64(out, items.size());
            for (Object o : items) scalar(out, v.elementType(), o);
        } else {
            scalar(out, v.type(), v.value());
        }
    }

    private static void scalar(OutputStream out, GgufValueType t, Object o) throws IOException {
        switch (t) {
            case UINT8, INT8 -> out.write(((Number) o).intValue());
            case UINT16, INT16 -> {
                int s = ((Number) o).intValue();
                out.write(s & 0xff);
                out.write((s >> 8) & 0xff);
            }
            case UINT32, INT32 -> le32(out, (int) ((Number) o).longValue());
            case FLOAT32 -> le32(out, Float.floatToIntBits(((Number) o).floatValue()));
            case BOOL -> out.write(((Boolean) o) ? 1 : 0);
            case STRING -> string(out, (String) o);
            case UINT64, INT64 -> le64(out, ((Number) o).longValue());
            case FLOAT64 -> le64(out, Double.doubleToLongBits(((Number) o).doubleValue()));
            default -> throw new IOException("nested arrays are not supported");
        }
    }

    private static void string(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        le64(out, b.length);
        out.write(b);
    }

    private static void le32(OutputStream out, int v) throws IOException {
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void le64(OutputStream out, long v) throws IOException {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    /** Writes {@code values} as little-endian F32. */
    public static void writeF32(OutputStream out, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    private static final class Counting extends OutputStream {
        private final OutputStream out;
        long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
