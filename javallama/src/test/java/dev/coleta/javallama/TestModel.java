package dev.coleta.javallama;

import dev.coleta.gguf.TinyModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random-weight model these tests share, created once under target/it-models. */
final class TestModel {
    private TestModel() {
    }

    static synchronized Path path() {
        Path dir = Path.of(System.getProperty("coleta.it.dir", "target/it-models"));
        Path file = dir.resolve("parity-tiny.gguf");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(file)) TinyModel.create(TinyModel.Recipe.tiny(), file);
        return file;
    }
}
