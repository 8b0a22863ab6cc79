package dev.coleta.llama;

import dev.coleta.ColetaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuVariantTest {
    // flags lines as Linux prints them (trimmed): a Sapphire Rapids server, a Haswell desktop, an old Core 2
    private static final String SPR = "fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 popcnt avx f16c avx2 bmi1 bmi2 avx512f avx512dq"
            + " avx512ifma avx512cd avx512bw avx512vl avx512vbmi avx512_vbmi2 avx512_vnni avx512_bitalg avx512_bf16 amx_bf16 amx_tile amx_int8";
    private static final String ICX = "fpu sse sse2 ssse3 fma sse4_1 sse4_2 popcnt avx f16c avx2 bmi1 bmi2 avx512f avx512dq avx512cd"
            + " avx512bw avx512vl avx512vbmi avx512_vnni";
    private static final String HSW = "fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt avx f16c avx2 bmi1 bmi2";
    private static final String CORE2 = "fpu vme sse sse2 ssse3 cx16 sse4_1";

    private static Set<String> flags(String line) {
        return Set.of(line.split(" "));
    }

    private static Predicate<CpuVariant> packaged(CpuVariant first, CpuVariant... rest) {
        EnumSet<CpuVariant> set = EnumSet.of(first, rest);
        return set::contains;
    }

    private static final Predicate<CpuVariant> ALL = v -> true;

    @Test
    void theBestPackagedVariantTheCpuRunsIsChosen() {
        assertEquals(CpuVariant.ICELAKE, CpuVariant.choose(flags(SPR), ALL, null));
        assertEquals(CpuVariant.ICELAKE, CpuVariant.choose(flags(ICX), ALL, "auto"));
        assertEquals(CpuVariant.PORTABLE, CpuVariant.choose(flags(HSW), ALL, ""));
        assertEquals(CpuVariant.X64, CpuVariant.choose(flags(CORE2), ALL, null));
        // a default build packs the portable library alone: every CPU with AVX2 gets it
        Predicate<CpuVariant> portableOnly = packaged(CpuVariant.PORTABLE);
        assertEquals(CpuVariant.PORTABLE, CpuVariant.choose(flags(SPR), portableOnly, null));
        assertEquals(CpuVariant.PORTABLE, CpuVariant.choose(flags(HSW), portableOnly, null));
        // without VBMI (Skylake-X, Cascade Lake: AVX-512 but not Ice Lake's extensions) the AVX2 build
        assertEquals(CpuVariant.PORTABLE, CpuVariant.choose(flags(SPR.replace(" avx512vbmi", "")), ALL, null));
    }

    @Test
    void aCpuThatRunsNoPackagedVariantGetsAnErrorNotAnIllegalInstruction() {
        ColetaException e = assertThrows(ColetaException.class,
                () -> CpuVariant.choose(flags(CORE2), packaged(CpuVariant.PORTABLE), null));
        assertTrue(e.getMessage().contains("avx, avx2, bmi2, f16c, fma, sse4_2"), e.getMessage());
        assertTrue(e.getMessage().contains("COLETA_CPU=x64"), e.getMessage());
    }

    @Test
    void unknownCpuFlagsKeepThePortableBuild() {
        assertEquals(CpuVariant.PORTABLE, CpuVariant.choose(null, ALL, null));
        assertEquals(CpuVariant.X64, CpuVariant.choose(null, packaged(CpuVariant.X64), null));
    }

    @Test
    void aForcedVariantIsCheckedBeforeItIsLoaded() {
        assertEquals(CpuVariant.X64, CpuVariant.choose(flags(SPR), ALL, "x64"));
        assertEquals(CpuVariant.ICELAKE, CpuVariant.choose(flags(SPR), ALL, " IceLake "));
        ColetaException lacks = assertThrows(ColetaException.class, () -> CpuVariant.choose(flags(HSW), ALL, "icelake"));
        assertTrue(lacks.getMessage().contains("avx512f"), lacks.getMessage());
        ColetaException absent = assertThrows(ColetaException.class,
                () -> CpuVariant.choose(flags(SPR), packaged(CpuVariant.PORTABLE), "icelake"));
        assertTrue(absent.getMessage().contains("not packaged") && absent.getMessage().contains("packaged: portable"), absent.getMessage());
        ColetaException unknown = assertThrows(ColetaException.class, () -> CpuVariant.choose(flags(SPR), ALL, "zen9"));
        assertTrue(unknown.getMessage().contains("zen9") && unknown.getMessage().contains(CpuVariant.PROPERTY), unknown.getMessage());
    }

    @Test
    void variantsAreOrderedBestFirstAndEachNeedsWhatTheNextNeeds() {
        CpuVariant[] vs = CpuVariant.values();
        for (int i = 0; i + 1 < vs.length; i++) {
            assertTrue(vs[i].needs().containsAll(vs[i + 1].needs()), vs[i] + " should need everything " + vs[i + 1] + " does");
            assertTrue(vs[i].needs().size() > vs[i + 1].needs().size(), vs[i].id());
        }
        assertTrue(CpuVariant.X64.needs().isEmpty());
        assertEquals(CpuVariant.ICELAKE, CpuVariant.of("icelake"));
        assertThrows(IllegalArgumentException.class, () -> CpuVariant.of("native"));
        assertFalse(CpuVariant.PORTABLE.runsOn(flags(CORE2)));
        assertTrue(CpuVariant.PORTABLE.runsOn(flags(HSW)));
    }

    @Test
    void cpuFlagsReadsTheFirstFlagsLine(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu sse2 avx2\nbugs\t\t: spectre_v1\n\n"
                + "processor\t: 1\nflags\t\t: fpu sse2 avx2 avx512f\n");
        assertEquals(Set.of("fpu", "sse2", "avx2"), CpuVariant.cpuFlags(cpuinfo));
        Files.writeString(cpuinfo, "processor\t: 0\nFeatures\t: fp asimd\n");
        assertNull(CpuVariant.cpuFlags(cpuinfo));
        assertNull(CpuVariant.cpuFlags(dir.resolve("missing")));
    }

    /** The library this JVM loaded is a variant the CPU runs, and no better packaged one would run. */
    @Test
    void theLoadedLibraryIsTheBestPackagedVariantForThisCpu() {
        boolean overridden = System.getProperty(NativeLibrary.PATH_PROPERTY) != null || System.getenv("COLETA_NATIVE_PATH") != null
                || System.getProperty(CpuVariant.PROPERTY) != null || System.getenv("COLETA_CPU_VARIANT") != null;
        org.junit.jupiter.api.Assumptions.assumeFalse(overridden, "a library or variant named by the environment");
        CpuVariant loaded = NativeLibrary.cpuVariant().orElseThrow();
        Set<String> here = CpuVariant.cpuFlags(Path.of("/proc/cpuinfo"));
        assertTrue(here == null || loaded.runsOn(here), loaded.id());
        for (CpuVariant better : CpuVariant.values()) {
            if (better == loaded) break;
            boolean packagedHere = NativeLibrary.class.getResource("/dev/coleta/native/" + com.sun.jna.Platform.RESOURCE_PREFIX
                    + "/cpu-" + better.id() + "/BUILD-INFO") != null;
            assertFalse(packagedHere && here != null && better.runsOn(here), better.id() + " is packaged and runs here");
        }
    }
}
