package dev.coleta.io;

import dev.coleta.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.awt.AWTError;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionalDependenciesTest {
    @Test
    void chartsAreDrawnWhereTheRuntimeDrawsText() {
        // this module's tests have XChart and a JDK with its font libraries
        assertTrue(OptionalDependencies.xchart());
        assertTrue(OptionalDependencies.charts());
    }

    @Test
    void aRuntimeThatCannotDrawTextMeansNoChartsAndOneWarningNotACrash() {
        try (LogCapture log = LogCapture.of("dev.coleta")) {
            // what Debian's headless JRE without libharfbuzz throws at the first string drawn
            assertFalse(OptionalDependencies.canDraw(() -> {
                throw new UnsatisfiedLinkError("libfontmanager.so: libharfbuzz.so.0: cannot open shared object file");
            }));
            assertFalse(OptionalDependencies.canDraw(() -> {
                throw new AWTError("no fonts");
            }));
            assertFalse(OptionalDependencies.canDraw(() -> {
                throw new InternalError("Fontconfig head is null");
            }));
            List<String> warnings = log.messages();
            assertEquals(3, warnings.size());
            assertTrue(warnings.get(0).contains("libharfbuzz") && warnings.get(0).contains("without pictures"), warnings.get(0));
            assertTrue(OptionalDependencies.canDraw(() -> { }));
            assertThrows(OutOfMemoryError.class, () -> OptionalDependencies.canDraw(() -> {
                throw new OutOfMemoryError("not a missing font");
            }));
        }
    }
}
