package dev.coleta;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the library's tests from drifting behind its public API: every public method of a
 * public class in the library packages must be called by name ({@code .name(} or
 * {@code ::name}) in some test source. Methods untested when this guard was written are listed
 * in {@link #KNOWN_UNTESTED}: the list may only shrink (an entry that is now tested, or whose
 * method is gone, fails the test too), so a new public method cannot arrive without a test.
 */
class ApiCoverageTest {
    /** The library's public packages: everything but the CLI, the JNA binding and the benchmarks. */
    static final List<String> PACKAGES = List.of("dev.coleta", "dev.coleta.gguf", "dev.coleta.grammar", "dev.coleta.io",
            "dev.coleta.llama", "dev.coleta.models", "dev.coleta.nl2sql", "dev.coleta.scrape", "dev.coleta.scrape.config",
            "dev.coleta.scrape.data", "dev.coleta.scrape.eval", "dev.coleta.scrape.fetch", "dev.coleta.scrape.html",
            "dev.coleta.train", "dev.coleta.train.data", "dev.coleta.tune");

    /** "Class.method" untested when this guard was written; remove entries as tests arrive, never add. */
    static final Set<String> KNOWN_UNTESTED = Set.of();

    static String sources() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (f.getFileName().toString().equals("ApiCoverageTest.java")) continue;
                sb.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.toString();
    }

    static List<Class<?>> publicClasses() throws Exception {
        List<Class<?>> out = new ArrayList<>();
        Path main = Path.of("target/classes");
        assertTrue(Files.isDirectory(main), "tests run from java/ after compiling: " + main.toAbsolutePath());
        for (String pkg : PACKAGES) {
            Path dir = main.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (!n.endsWith(".class")) continue;
                    Class<?> c = Class.forName(pkg + "." + n.substring(0, n.length() - ".class".length()), false,
                            ApiCoverageTest.class.getClassLoader());
                    if (isPublic(c)) out.add(c);
                }
            }
        }
        return out;
    }

    /** Public, and (for a nested class) inside public classes all the way out. */
    static boolean isPublic(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isSynthetic()) return false;
        }
        return true;
    }

    @Test
    void everyPublicMethodIsCalledInSomeTest() throws Exception {
        String sources = sources();
        List<Class<?>> classes = publicClasses();
        assertTrue(classes.size() > 50, "found the library's classes: " + classes.size());
        TreeSet<String> untested = new TreeSet<>();
        TreeSet<String> all = new TreeSet<>();
        for (Class<?> c : classes) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) continue;
                String name = m.getName();
                if (Set.of("equals", "hashCode", "toString", "values", "valueOf", "main", "close").contains(name)) continue;
                if (name.startsWith("lambda$")) continue;
                // A record's accessors are its data, read wherever the record is checked, rarely by
                // name; a functional interface's method is a callback that tests implement as a lambda.
                if (c.isRecord() && m.getParameterCount() == 0
                        && Stream.of(c.getRecordComponents()).anyMatch(rc -> rc.getName().equals(name))) continue;
                if (c.isInterface() && Modifier.isAbstract(m.getModifiers()) && c.isAnnotationPresent(FunctionalInterface.class)) continue;
                String key = c.getName().substring(c.getPackageName().length() + 1) + "." + name;
                all.add(key);
                if (!sources.contains("." + name + "(") && !sources.contains("::" + name)) untested.add(key);
            }
        }
        TreeSet<String> newlyUntested = new TreeSet<>(untested);
        newlyUntested.removeAll(KNOWN_UNTESTED);
        assertEquals(new TreeSet<>(), newlyUntested, "public methods no test calls; test them");
        TreeSet<String> stale = new TreeSet<>(KNOWN_UNTESTED);
        stale.removeAll(untested);
        assertEquals(new TreeSet<>(), stale, "KNOWN_UNTESTED entries that are tested now or gone: remove them");
    }
}
