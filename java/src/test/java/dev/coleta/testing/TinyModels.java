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

    /** Standard deviation of the F32 tensor {@code name} of a GGUF file, read in Java. */
    public static double tensorStd(Path file, String name) {
        dev.coleta.gguf.GgufFile g = dev.coleta.gguf.GgufFile.read(file);
        dev.coleta.gguf.TensorInfo t = g.tensor(name);
        java.nio.ByteBuffer b;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            b = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, g.dataOffset() + t.offset(), t.bytes())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double sum = 0, sq = 0;
        for (long i = 0; i < t.elements(); i++) {
            float x = b.getFloat();
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / t.elements();
        return Math.sqrt(sq / t.elements() - mean * mean);
    }

    /** The Llama 2 vocabulary-only GGUF (for tokenizing without weights). */
    public static Path vocab() {
        return TinyModel.packagedVocab();
    }
}
