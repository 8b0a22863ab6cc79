package dev.coleta.llama;

import dev.coleta.ColetaException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The x86-64 builds of the native library a jar may carry, best first: ggml's CPU variants of
 * the same names (its instruction set is fixed at compile time in Coleta's static build, so each
 * variant is a whole library). {@code scripts/build-native.sh} with {@code COLETA_CPU=all}
 * packages all three; the default build packages {@link #PORTABLE} alone. No variant uses AMX:
 * ggml's AMX kernels died with SIGILL on the project's build machine, which lists AMX.
 *
 * <p>{@link NativeLibrary} loads the first packaged variant whose instructions the CPU has
 * (the {@code flags} of {@code /proc/cpuinfo}, which Linux lists only where the OS enables
 * them), so one jar uses AVX-512 where present and still runs on any x86-64 CPU. The
 * system property {@value #PROPERTY} or the environment variable {@code COLETA_CPU_VARIANT}
 * forces one by name. On other architectures (linux-aarch64) the jar carries one library and
 * {@link NativeLibrary#cpuVariant()} reports it as {@link #PORTABLE}.
 */
public enum CpuVariant {
    /** AVX-512 F/CD/VL/DQ/BW with VBMI and VNNI (Ice Lake, Zen 4 and later). */
    ICELAKE("icelake", "sse4_2 avx f16c fma avx2 bmi2 avx512f avx512cd avx512vl avx512dq avx512bw avx512vbmi avx512_vnni"),
    /** x86-64-v3: AVX2, FMA, F16C, BMI2 (Haswell, 2013, and later): the default build. */
    PORTABLE("portable", "sse4_2 avx f16c fma avx2 bmi2"),
    /** SSE2 only: any x86-64 CPU. */
    X64("x64", "");

    /** System property forcing a variant by name ({@code auto}, the default, chooses). */
    public static final String PROPERTY = "coleta.cpu";

    private final String id;
    private final Set<String> needs;

    CpuVariant(String id, String needs) {
        this.id = id;
        this.needs = needs.isEmpty() ? Set.of() : Set.of(needs.split(" "));
    }

    /** The name {@code build-native.sh} and {@value #PROPERTY} use. */
    public String id() {
        return id;
    }

    /** The {@code /proc/cpuinfo} flags this variant's code uses. */
    public Set<String> needs() {
        return needs;
    }

    /** Whether a CPU with these flags runs this variant's code. */
    public boolean runsOn(Set<String> cpuFlags) {
        return cpuFlags.containsAll(needs);
    }

    /** The variant named {@code id} (as {@code build-native.sh} spells it). */
    public static CpuVariant of(String id) {
        for (CpuVariant v : values()) {
            if (v.id.equals(id.trim().toLowerCase(Locale.ROOT))) return v;
        }
        throw new IllegalArgumentException("unknown CPU variant '" + id + "' (" + names(List.of(values())) + ")");
    }

    /**
     * The variant to load: the forced one ({@code forced}, null or {@code auto} to choose), else
     * the best packaged one this CPU runs. {@code cpuFlags} null means unknown (no
     * {@code /proc/cpuinfo}): the portable build, as before variants existed.
     *
     * @throws ColetaException where nothing is packaged, the forced variant is not packaged or not
     *                         runnable here, or no packaged variant is (rather than a crash on an
     *                         illegal instruction)
     */
    public static CpuVariant choose(Set<String> cpuFlags, Predicate<CpuVariant> packaged, String forced) {
        List<CpuVariant> present = Stream.of(values()).filter(packaged).toList();
        if (present.isEmpty()) throw new ColetaException("no native library packaged");
        if (forced != null && !forced.isBlank() && !forced.trim().equalsIgnoreCase("auto")) {
            CpuVariant v;
            try {
                v = of(forced);
            } catch (IllegalArgumentException e) {
                throw new ColetaException(e.getMessage() + ", from " + PROPERTY + " / COLETA_CPU_VARIANT");
            }
            if (!present.contains(v)) {
                throw new ColetaException("CPU variant " + v.id + " is not packaged in this jar (packaged: " + names(present)
                        + "); build the natives with COLETA_CPU=all");
            }
            if (cpuFlags != null && !v.runsOn(cpuFlags)) {
                throw new ColetaException("CPU variant " + v.id + " needs " + missing(v, cpuFlags) + ", which this CPU lacks");
            }
            return v;
        }
        if (cpuFlags == null) return present.contains(PORTABLE) ? PORTABLE : present.get(present.size() - 1);
        for (CpuVariant v : present) {
            if (v.runsOn(cpuFlags)) return v;
        }
        CpuVariant last = present.get(present.size() - 1);
        throw new ColetaException("this CPU lacks " + missing(last, cpuFlags) + ", which every packaged native library ("
                + names(present) + ") needs; build one with scripts/build-native.sh (COLETA_CPU=x64, all or native)");
    }

    /** The flags of the first {@code flags} line of a {@code /proc/cpuinfo} file; null where there is none. */
    public static Set<String> cpuFlags(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> (Set<String>) new TreeSet<>(List.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String missing(CpuVariant v, Set<String> cpuFlags) {
        List<String> m = new ArrayList<>(new TreeSet<>(v.needs));
        m.removeAll(cpuFlags);
        return String.join(", ", m);
    }

    private static String names(List<CpuVariant> vs) {
        return String.join(", ", vs.stream().map(CpuVariant::id).toList());
    }
}
