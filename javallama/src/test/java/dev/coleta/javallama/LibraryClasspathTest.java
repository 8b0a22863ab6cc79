package dev.coleta.javallama;

import dev.coleta.io.OptionalDependencies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * This module links dev.coleta:coleta as an application would: the CLI's libraries (picocli,
 * progress bars, charts, an SLF4J binding) and jsqlparser's stray JMH must not come with it.
 */
class LibraryClasspathTest {
    @Test
    void anApplicationLinkingTheLibraryGetsNoCliDependencies() {
        for (String cls : new String[] {"picocli.CommandLine", "me.tongfei.progressbar.ProgressBar", "org.knowm.xchart.XYChart",
                "org.slf4j.nop.NOPLoggerFactory", "org.openjdk.jmh.annotations.Benchmark", "org.junit.platform.commons.util.ClassUtils"}) {
            if (cls.startsWith("org.junit")) continue; // the test runner itself brings JUnit here
            assertThrows(ClassNotFoundException.class, () -> Class.forName(cls), cls + " leaked into the library's dependencies");
        }
        assertFalse(OptionalDependencies.xchart());
    }
}
