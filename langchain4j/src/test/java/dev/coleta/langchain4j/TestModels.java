package dev.coleta.langchain4j;

import dev.coleta.gguf.TinyModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random-weight model of this module's integration tests, created once under {@code coleta.it.dir}. */
final class TestModels {
    private TestModels() {
    }

    static synchronized Path tiny() {
        Path dir = Path.of(System.getProperty("coleta.it.dir", "target/it-models"));
        Path p = dir.resolve("tiny-lc4j.gguf");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(p)) TinyModel.create(TinyModel.Recipe.tiny(), p);
        return p;
    }
}
