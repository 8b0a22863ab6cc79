package dev.coleta.llama;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.coleta.ColetaException;
import dev.coleta.io.AtomicFiles;
import dev.coleta.llama.internal.ColetaDirect;
import dev.coleta.llama.internal.ColetaNative;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds and loads {@code libcoleta.so}: the one loader for every caller.
 *
 * <p>Order: the system property {@code coleta.native.path} (a library file or a directory
 * holding one; e.g. a CUDA build), then the environment variable {@code COLETA_NATIVE_PATH},
 * then the copy packaged in the jar under {@code dev/coleta/native/<os>-<arch>/}, which is
 * extracted once into a per-build cache directory. A jar built with {@code COLETA_CPU=all}
 * carries several x86-64 builds; the best one this CPU runs is chosen ({@link CpuVariant}).
 */
public final class NativeLibrary {
    /** System property naming a custom native library file or directory. */
    public static final String PATH_PROPERTY = "coleta.native.path";
    private static final String LIB_FILE = "libcoleta.so";
    private static final Logger LOG = Logger.getLogger("dev.coleta.native");

    // Held in a static field so that the GC never collects a callback native code still calls.
    private static final ColetaNative.coleta_log_callback LOG_CALLBACK = (level, text) -> LOG.log(julLevel(level), text);

    private static volatile ColetaNative instance;
    private static volatile CpuVariant loadedVariant;

    /** Where the library is, and which packaged CPU variant it is (null: named by path). */
    private record Located(Path path, CpuVariant variant) {
    }

    private NativeLibrary() {
    }

    /** Loads and initialises the library (backends, log callback) if it is not loaded yet. */
    public static void load() {
        get();
    }

    /** Internal: parses GBNF in llama.cpp's grammar engine; a {@link dev.coleta.GrammarException} says why it is invalid. */
    public static void checkGrammar(String gbnf, String root) {
        check(get().coleta_grammar_check(gbnf, root), "invalid GBNF grammar");
    }

    /** Internal: whether llama.cpp's grammar engine accepts {@code text} completely under the grammar. */
    public static boolean grammarAccepts(String gbnf, String root, String text) {
        return check(get().coleta_grammar_accepts(gbnf, root, text), "grammar check") == 1;
    }

    /** Internal: llama.cpp's quantizer, {@code in} to {@code out} with llama_ftype {@code ftype}; {@code what} opens the error message. */
    public static void quantize(String in, String out, int ftype, int threads, String what) {
        check(get().coleta_model_quantize(in, out, ftype, threads), what);
    }

    /** The loaded binding (raw, package-private: callers use the idiomatic API); loads the library on first use. */
    static ColetaNative get() {
        ColetaNative lib = instance;
        if (lib == null) {
            synchronized (NativeLibrary.class) {
                lib = instance;
                if (lib == null) {
                    Located located = locate();
                    String path = located.path().toString();
                    lib = Native.load(path, ColetaNative.class);
                    ColetaDirect.register(path);
                    lib.coleta_init();
                    lib.coleta_set_log_callback(LOG_CALLBACK, 3);
                    loadedVariant = located.variant();
                    instance = lib;
                }
            }
        }
        return lib;
    }

    /**
     * Whether Coleta's native library can be loaded here (packaged for this OS/arch, or named by
     * {@link #PATH_PROPERTY}). Where it cannot, inference can still run on another backend
     * (module coleta-javallama); training, adapters stacks and Coleta's grammar sampler cannot.
     */
    public static boolean isAvailable() {
        try {
            get();
            return true;
        } catch (ColetaException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** A one-line description of the loaded library (shim and llama.cpp versions). */
    public static String version() {
        return get().coleta_version();
    }

    /**
     * The packaged CPU variant loaded (loading the library if it is not loaded yet); empty where
     * the library was named by {@link #PATH_PROPERTY} or {@code COLETA_NATIVE_PATH}.
     */
    public static Optional<CpuVariant> cpuVariant() {
        get();
        return Optional.ofNullable(loadedVariant);
    }

    /** The path of the native library that {@link #get()} loads (extracting it from the jar if needed). */
    public static Path libraryPath() {
        return locate().path();
    }

    private static Located locate() {
        String custom = System.getProperty(PATH_PROPERTY);
        if (custom == null || custom.isBlank()) custom = System.getenv("COLETA_NATIVE_PATH");
        if (custom != null && !custom.isBlank()) {
            Path p = Path.of(custom);
            if (Files.isDirectory(p) || !p.getFileName().toString().endsWith(".so")) p = p.resolve(LIB_FILE);
            if (!Files.isRegularFile(p)) {
                throw new ColetaException("native library not found at " + p + " (from " + PATH_PROPERTY
                        + " / COLETA_NATIVE_PATH); point it at libcoleta.so built by scripts/build-native.sh");
            }
            return new Located(p, null);
        }
        return extractPackaged();
    }

    private static Located extractPackaged() {
        String base = "/dev/coleta/native/" + Platform.RESOURCE_PREFIX + "/";
        // CPU variants are x86-64 builds; elsewhere (linux-aarch64) the one library is armv8-a
        boolean x86 = Platform.isIntel() && Platform.is64Bit();
        Predicate<CpuVariant> packaged = c -> (x86 || c == CpuVariant.PORTABLE)
                && NativeLibrary.class.getResource(variantDir(base, c) + "BUILD-INFO") != null;
        if (Arrays.stream(CpuVariant.values()).noneMatch(packaged)) {
            throw new ColetaException("no native library packaged for " + Platform.RESOURCE_PREFIX
                    + "; build one with scripts/build-native.sh and set -D" + PATH_PROPERTY);
        }
        CpuVariant v = x86 ? CpuVariant.choose(CpuVariant.cpuFlags(Path.of("/proc/cpuinfo")), packaged, forcedVariant()) : CpuVariant.PORTABLE;
        String dir = variantDir(base, v);
        String buildInfo;
        try (InputStream in = NativeLibrary.class.getResourceAsStream(dir + "BUILD-INFO")) {
            if (in == null) throw new ColetaException("packaged " + dir + "BUILD-INFO is missing");
            buildInfo = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new ColetaException("cannot read packaged native library: " + e.getMessage(), e);
        }
        String key = buildInfo.split("\\s+")[0];
        Path target = cacheRoot().resolve("natives").resolve(key + "-" + Platform.RESOURCE_PREFIX).resolve(LIB_FILE);
        if (Files.isRegularFile(target)) return new Located(target, v);
        try (InputStream in = NativeLibrary.class.getResourceAsStream(dir + LIB_FILE)) {
            if (in == null) throw new ColetaException("packaged native library " + dir + LIB_FILE + " is missing");
            AtomicFiles.copy(in, target); // a concurrent JVM never loads half a file
            return new Located(target, v);
        } catch (IOException e) {
            throw new ColetaException("cannot extract native library to " + target + ": " + e.getMessage(), e);
        }
    }

    // the portable build sits at the top of the platform's directory, as before variants existed
    private static String variantDir(String base, CpuVariant v) {
        return v == CpuVariant.PORTABLE ? base : base + "cpu-" + v.id() + "/";
    }

    private static String forcedVariant() {
        String forced = System.getProperty(CpuVariant.PROPERTY);
        return forced == null || forced.isBlank() ? System.getenv("COLETA_CPU_VARIANT") : forced;
    }

    /** Coleta's cache directory: {@code $COLETA_CACHE}, else {@code ~/.cache/coleta}. */
    public static Path cacheRoot() {
        String env = System.getenv("COLETA_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "coleta");
    }

    /**
     * Internal: returns a non-negative shim status, or throws the exception matching a negative
     * one, with the shim's last error message.
     */
    public static int check(int status, String what) {
        if (status >= 0) return status;
        String msg = what + ": " + get().coleta_last_error();
        throw switch (status) {
            case ColetaNative.COLETA_ERR_LOAD -> new dev.coleta.ModelLoadException(msg);
            case ColetaNative.COLETA_ERR_GRAMMAR -> new dev.coleta.GrammarException(msg);
            case ColetaNative.COLETA_ERR_DECODE, ColetaNative.COLETA_ERR_CONTEXT -> new dev.coleta.DecodeException(msg);
            case ColetaNative.COLETA_ERR_TRAIN, ColetaNative.COLETA_ERR_CANCELLED -> new dev.coleta.TrainingException(msg);
            case ColetaNative.COLETA_ERR_ARGUMENT -> new IllegalArgumentException(msg);
            default -> new ColetaException(msg);
        };
    }

    private static Level julLevel(int ggmlLevel) {
        return switch (ggmlLevel) {
            case 4 -> Level.SEVERE;
            case 3 -> Level.WARNING;
            case 2 -> Level.INFO;
            default -> Level.FINE;
        };
    }
}
