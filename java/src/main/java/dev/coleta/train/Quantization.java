package dev.coleta.train;

import dev.coleta.llama.NativeLibrary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;

/** Converts a model file to another weight type with llama.cpp's quantizer. */
public final class Quantization {
    /** Target types; codes are llama.cpp's {@code llama_ftype}. */
    public enum Type {
        F16(1), Q8_0(7), Q4_0(2), Q4_K_M(15);

        private final int ftype;

        Type(int ftype) {
            this.ftype = ftype;
        }

        public int ftype() {
            return ftype;
        }

        /** Parses {@code q8_0}, {@code Q4_K_M}, {@code f16} ... */
        public static Type parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown type '" + s + "'; use q8_0, q4_0, q4_k_m or f16");
            }
        }
    }

    private Quantization() {
    }

    /** Writes {@code in} converted to {@code type} to {@code out} (a temp file renamed at the end). */
    public static void quantize(Path in, Path out, Type type, int threads) {
        Objects.requireNonNull(type, "type");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!Files.isRegularFile(in)) throw new dev.coleta.ModelLoadException("model file not found: " + in);
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        NativeLibrary.quantize(in.toString(), tmp.toString(), type.ftype(), threads, "cannot quantize " + in + " to " + type);
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new dev.coleta.ColetaException("cannot rename " + tmp + " to " + abs + ": " + e.getMessage(), e);
        }
    }
}
