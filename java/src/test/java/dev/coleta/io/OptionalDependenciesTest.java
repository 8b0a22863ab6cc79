package dev.coleta.io;

import org.junit.jupiter.api.Test;

import java.awt.AWTError;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
        List<String> warnings = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.coleta");
        log.addHandler(h);
        try {
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
            assertEquals(3, warnings.size());
            assertTrue(warnings.get(0).contains("libharfbuzz") && warnings.get(0).contains("without pictures"), warnings.get(0));
            assertTrue(OptionalDependencies.canDraw(() -> { }));
            assertThrows(OutOfMemoryError.class, () -> OptionalDependencies.canDraw(() -> {
                throw new OutOfMemoryError("not a missing font");
            }));
        } finally {
            log.removeHandler(h);
        }
    }
}
