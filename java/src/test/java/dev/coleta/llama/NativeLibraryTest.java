package dev.coleta.llama;

import dev.coleta.ColetaException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryTest {
    @Test
    void packagedLibraryLoadsAndReportsItsVersion() {
        String v = NativeLibrary.version();
        assertTrue(v.startsWith("coleta-shim") && v.contains("llama.cpp"), v);
        assertTrue(Files.isRegularFile(NativeLibrary.libraryPath()));
    }

    @Test
    void overridePropertyIsHonouredAndCheckedBeforeLoading() {
        String old = System.getProperty(NativeLibrary.PATH_PROPERTY);
        try {
            System.setProperty(NativeLibrary.PATH_PROPERTY, "/nonexistent/custom-build");
            ColetaException e = assertThrows(ColetaException.class, NativeLibrary::libraryPath);
            assertTrue(e.getMessage().contains("/nonexistent/custom-build/libcoleta.so"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty(NativeLibrary.PATH_PROPERTY);
            else System.setProperty(NativeLibrary.PATH_PROPERTY, old);
        }
    }

    @Test
    void grammarHelpersAndAvailability() {
        assertTrue(NativeLibrary.isAvailable());
        NativeLibrary.checkGrammar("root ::= \"a\" [0-9]+", "root");
        assertTrue(NativeLibrary.grammarAccepts("root ::= \"a\" [0-9]+", "root", "a42"));
        org.junit.jupiter.api.Assertions.assertFalse(NativeLibrary.grammarAccepts("root ::= \"a\" [0-9]+", "root", "a"));
        org.junit.jupiter.api.Assertions.assertThrows(dev.coleta.GrammarException.class, () -> NativeLibrary.checkGrammar("root ::= (", "root"));
        // the CLI's charts need XChart, which this module's tests have (an optional dependency of the library)
        assertTrue(dev.coleta.io.OptionalDependencies.xchart());
    }

    /** The packaged library is extracted under Coleta's cache: {@code $COLETA_CACHE}, else {@code ~/.cache/coleta}. */
    @Test
    void cacheRootHoldsTheExtractedLibrary() {
        String env = System.getenv("COLETA_CACHE");
        java.nio.file.Path expected = env != null && !env.isBlank() ? java.nio.file.Path.of(env)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "coleta");
        org.junit.jupiter.api.Assertions.assertEquals(expected, NativeLibrary.cacheRoot());
        boolean overridden = System.getProperty(NativeLibrary.PATH_PROPERTY) != null || System.getenv("COLETA_NATIVE_PATH") != null;
        org.junit.jupiter.api.Assumptions.assumeFalse(overridden, "a custom library is not extracted");
        java.nio.file.Path lib = NativeLibrary.libraryPath();
        assertTrue(lib.startsWith(NativeLibrary.cacheRoot().resolve("natives")), lib.toString());
    }
}
