package dev.coleta.testing;

import dev.coleta.gguf.TinyModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tiny random-weight models for integration tests, created once per build under
 * {@code target/it-models} (system property {@code coleta.it.dir}) and shared by every test.
 */
public final class TinyModels {
    private TinyModels() {
    }

    /** The directory holding test models. */
    public static Path dir() {
        Path d = Path.of(System.getProperty("coleta.it.dir", "target/it-models"));
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** A tiny (~9M parameter) model with seed 42, ctx 4096. */
    public static Path tinyModel() {
        return model("tiny", TinyModel.Recipe.tiny());
    }

    /** A model from {@code recipe}, cached under {@code name}. */
    public static synchronized Path model(String name, TinyModel.Recipe recipe) {
        Path p = dir().resolve(name + "-" + recipe.embd() + "x" + recipe.layers() + "-" + recipe.heads() + "-" + recipe.ff()
                + "-" + recipe.ctx() + "-s" + recipe.seed()
                + (recipe.attnStd() == TinyModel.Recipe.DEFAULT_STD ? "" : "-a" + recipe.attnStd()) + ".gguf");
        if (!Files.isRegularFile(p)) TinyModel.create(recipe, p);
        return p;
    }

    /** The Llama 2 vocabulary-only GGUF (for tokenizing without weights). */
    public static Path vocab() {
        return TinyModel.packagedVocab();
    }
}
