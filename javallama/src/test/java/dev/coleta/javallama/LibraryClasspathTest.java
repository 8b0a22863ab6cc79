package dev.coleta.javallama;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This module links dev.coleta:coleta as an application would: its runtime classpath (written by
 * the pom's build-classpath step) must not carry the CLI's libraries (picocli, progress bars,
 * charts, an SLF4J binding), jsqlparser's stray JMH or JUnit, and must carry the library's own.
 */
class LibraryClasspathTest {
    @Test
    void anApplicationLinkingTheLibraryGetsNoCliDependencies() throws Exception {
        List<String> jars = List.of(Files.readString(Path.of("target/classpath.txt")).strip().split(java.io.File.pathSeparator));
        for (String unwanted : new String[] {"picocli-", "progressbar-", "jline-", "xchart-", "pdfbox", "slf4j-nop-", "jmh-core-", "junit"}) {
            assertTrue(jars.stream().noneMatch(j -> Path.of(j).getFileName().toString().startsWith(unwanted)
                    || Path.of(j).getFileName().toString().contains(unwanted)), unwanted + " leaked into the library's dependencies: " + jars);
        }
        for (String wanted : new String[] {"coleta-0", "coleta-native-", "jna-", "jsoup-", "llama-4.2.0"}) {
            assertTrue(jars.stream().anyMatch(j -> Path.of(j).getFileName().toString().startsWith(wanted)), wanted + " missing: " + jars);
        }
    }
}
