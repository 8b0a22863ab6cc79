package dev.coleta.gguf;

import dev.coleta.ModelLoadException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a GGUF file: metadata and tensor infos, read and checked in Java so that a
 * truncated, corrupt or foreign file is rejected before native code ever sees it.
 *
 * <p>Layout (gguf.h / docs/gguf.md, version 3):
 * <pre>
 * struct gguf_header_t { uint32_t magic; // "GGUF"
 *                        uint32_t version; uint64_t tensor_count; uint64_t metadata_kv_count;
 *                        gguf_metadata_kv_t metadata_kv[metadata_kv_count]; };
 * struct gguf_tensor_info_t { gguf_string_t name; uint32_t n_dimensions; uint64_t dimensions[n_dimensions];
 *                             ggml_type type; uint64_t offset; };
 * </pre>
 * then padding to {@code general.alignment} (default 32) and the tensor data.
 */
public final class GgufFile {
    static final int MAGIC = 0x46554747; // "GGUF" little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    // Sanity bounds: far above any real model, low enough that garbage cannot make us allocate gigabytes.
    private static final long MAX_COUNT = 1L << 24;
    private static final long MAX_STRING = 1L << 26;
    private static final int MAX_DIMS = 4;

    private final Path path;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final List<TensorInfo> tensors;
    private final long dataOffset;
    private final long fileSize;

    private GgufFile(Path path, int version, Map<String, GgufValue> metadata, List<TensorInfo> tensors,
                     long dataOffset, long fileSize) {
        this.path = path;
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = List.copyOf(tensors);
        this.dataOffset = dataOffset;
        this.fileSize = fileSize;
    }

    /** Reads and validates a GGUF header; throws {@link ModelLoadException} naming the file and the problem. */
    public static GgufFile read(Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("file not found: " + path);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(path)) throw new ModelLoadException(path + " is a directory, not a GGUF file");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return parse(path, new Reader(in, size), size);
        } catch (EOFException e) {
            throw new ModelLoadException(path + " is truncated: the GGUF header ends early (" + size + " bytes)");
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static GgufFile parse(Path path, Reader r, long size) throws IOException {
        if (size < 24) throw new ModelLoadException(path + " is not a GGUF file (only " + size + " bytes)");
        int magic = r.i32();
        if (magic != MAGIC) throw new ModelLoadException(path + " is not a GGUF file (bad magic number)");
        int version = r.i32();
        if (version < 2 || version > 3) throw new ModelLoadException(path + ": unsupported GGUF version " + version);
        long nTensors = r.i64();
        long nKv = r.i64();
        if (nTensors < 0 || nTensors > MAX_COUNT || nKv < 0 || nKv > MAX_COUNT) {
            throw new ModelLoadException(path + " is corrupt: implausible counts (" + nTensors + " tensors, " + nKv + " keys)");
        }
        Map<String, GgufValue> meta = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = r.string(path);
            GgufValueType t = GgufValueType.ofCode(r.i32());
            if (t == null) throw new ModelLoadException(path + " is corrupt: unknown value type for key " + key);
            meta.put(key, r.value(path, t, key));
        }
        int alignment = DEFAULT_ALIGNMENT;
        GgufValue al = meta.get("general.alignment");
        if (al != null) {
            long a = al.asLong();
            if (a <= 0 || a > 1 << 20 || (a & (a - 1)) != 0) throw new ModelLoadException(path + ": bad general.alignment " + a);
            alignment = (int) a;
        }
        List<TensorInfo> tensors = new ArrayList<>();
        for (long i = 0; i < nTensors; i++) {
            String name = r.string(path);
            int nDims = r.i32();
            if (nDims < 1 || nDims > MAX_DIMS) throw new ModelLoadException(path + " is corrupt: tensor " + name + " has " + nDims + " dimensions");
            long[] dims = new long[nDims];
            for (int d = 0; d < nDims; d++) {
                dims[d] = r.i64();
                if (dims[d] <= 0 || dims[d] > 1L << 40) throw new ModelLoadException(path + " is corrupt: tensor " + name + " has dimension " + dims[d]);
            }
            int code = r.i32();
            GgmlType type = GgmlType.ofCode(code);
            if (type == null) throw new ModelLoadException(path + ": tensor " + name + " has unknown type code " + code);
            long offset = r.i64();
            if (dims[0] % type.blockSize() != 0) {
                throw new ModelLoadException(path + " is corrupt: tensor " + name + " row length " + dims[0] + " is not a multiple of " + type.blockSize());
            }
            if (offset < 0 || offset % alignment != 0) throw new ModelLoadException(path + " is corrupt: tensor " + name + " has misaligned offset " + offset);
            TensorInfo ti;
            try {
                ti = new TensorInfo(name, dims, type, offset);
                ti.bytes();
            } catch (ArithmeticException e) {
                throw new ModelLoadException(path + " is corrupt: tensor " + name + " is impossibly large");
            }
            tensors.add(ti);
        }
        long dataOffset = (r.position() + alignment - 1) / alignment * alignment;
        for (TensorInfo t : tensors) {
            long end = dataOffset + t.offset() + t.bytes();
            if (end > size) {
                throw new ModelLoadException(path + " is truncated or corrupt: tensor " + t.name() + " needs bytes up to "
                        + end + " but the file has " + size);
            }
        }
        return new GgufFile(path, version, meta, tensors, dataOffset, size);
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public List<TensorInfo> tensors() {
        return tensors;
    }

    /** File offset where tensor data starts. */
    public long dataOffset() {
        return dataOffset;
    }

    public long fileSize() {
        return fileSize;
    }

    /** A metadata string, or null. */
    public String string(String key) {
        GgufValue v = metadata.get(key);
        return v != null && v.value() instanceof String s ? s : null;
    }

    /** A metadata integer, or {@code fallback}. */
    public long integer(String key, long fallback) {
        GgufValue v = metadata.get(key);
        if (v == null) return fallback;
        try {
            return v.asLong();
        } catch (IllegalStateException e) {
            return fallback;
        }
    }

    /** {@code general.architecture}, or null. */
    public String architecture() {
        return string("general.architecture");
    }

    /** {@code general.type} ("model", "adapter", ...), or "model" when absent. */
    public String fileType() {
        String t = string("general.type");
        return t == null ? "model" : t;
    }

    public TensorInfo tensor(String name) {
        for (TensorInfo t : tensors) if (t.name().equals(name)) return t;
        return null;
    }

    public long parameterCount() {
        long n = 0;
        for (TensorInfo t : tensors) n += t.elements();
        return n;
    }

    /** Little-endian reader that counts bytes and checks lengths against the file size. */
    private static final class Reader {
        private final DataInputStream in;
        private final long size;
        private long pos;

        Reader(InputStream in, long size) {
            this.in = new DataInputStream(in);
            this.size = size;
        }

        long position() {
            return pos;
        }

        int i32() throws IOException {
            pos += 4;
            return Integer.reverseBytes(in.readInt());
        }

        long i64() throws IOException {
            pos += 8;
            return Long.reverseBytes(in.readLong());
        }

        String string(Path path) throws IOException {
            long n = i64();
            if (n < 0 || n > MAX_STRING || pos + n > size) throw new ModelLoadException(path + " is corrupt: string of length " + n + " at byte " + pos);
            byte[] b = new byte[(int) n];
            in.readFully(b);
            pos += n;
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                // Token texts of some vocabularies are not valid UTF-8 on their own; keep them lossy.
                return new String(b, StandardCharsets.UTF_8);
            }
        }

        GgufValue value(Path path, GgufValueType t, String key) throws IOException {
            if (t == GgufValueType.ARRAY) {
                GgufValueType et = GgufValueType.ofCode(i32());
                long n = i64();
                if (et == null || et == GgufValueType.ARRAY) throw new ModelLoadException(path + " is corrupt: bad array element type for key " + key);
                if (n < 0 || n > MAX_COUNT || pos + n > size) throw new ModelLoadException(path + " is corrupt: array of " + n + " items for key " + key);
                List<Object> items = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) items.add(scalar(path, et));
                return GgufValue.array(et, items);
            }
            return new GgufValue(t, null, scalar(path, t));
        }

        Object scalar(Path path, GgufValueType t) throws IOException {
            switch (t) {
                case UINT8, INT8 -> {
                    pos += 1;
                    int b = in.readByte();
                    return t == GgufValueType.UINT8 ? (Object) (long) (b & 0xff) : (Object) (long) b;
                }
                case UINT16, INT16 -> {
                    pos += 2;
                    short s = Short.reverseBytes(in.readShort());
                    return t == GgufValueType.UINT16 ? (long) (s & 0xffff) : (long) s;
                }
                case UINT32 -> {
                    return i32() & 0xffffffffL;
                }
                case INT32 -> {
                    return (long) i32();
                }
                case FLOAT32 -> {
                    return Float.intBitsToFloat(i32());
                }
                case BOOL -> {
                    pos += 1;
                    return in.readByte() != 0;
                }
                case STRING -> {
                    return string(path);
                }
                case UINT64, INT64 -> {
                    return i64();
                }
                case FLOAT64 -> {
                    return Double.longBitsToDouble(i64());
                }
                default -> throw new ModelLoadException(path + " is corrupt: nested array");
            }
        }
    }
}
