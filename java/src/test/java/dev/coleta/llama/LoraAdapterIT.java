package dev.coleta.llama;

import dev.coleta.ModelLoadException;
import dev.coleta.gguf.TinyModel;
import dev.coleta.testing.TestAdapters;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraAdapterIT {
    @TempDir
    static Path dir;
    static Model model;
    static Session session;
    static LoraAdapter a;
    static LoraAdapter b;
    static final GenerateOptions O = GenerateOptions.defaults().withMaxTokens(12);
    static final String P = "Adapters change";

    @BeforeAll
    static void setUp() throws Exception {
        Path m = TinyModels.tinyModel();
        model = Model.load(m);
        session = model.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1));
        a = model.loadAdapter(TestAdapters.randomAdapter(m, dir.resolve("a.gguf"), 4, 1, 0.3f));
        b = model.loadAdapter(TestAdapters.randomAdapter(m, dir.resolve("b.gguf"), 8, 2, 0.3f));
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void applyScaleSwapAndRemoveWithoutReloading() {
        session.clearAdapters();
        String base = session.generate(P, O).text();
        session.setAdapter(a, 1.0f);
        String withA = session.generate(P, O).text();
        assertNotEquals(base, withA, "adapter A must change greedy output");
        session.setAdapter(a, 0.0f);
        assertEquals(base, session.generate(P, O).text(), "scale 0 is the base model");
        session.setAdapters(Map.of(b, 1.0f));
        String withB = session.generate(P, O).text();
        assertNotEquals(withA, withB);
        session.removeAdapter(b);
        assertEquals(base, session.generate(P, O).text(), "removing the adapter restores the base");
        assertEquals(Map.of(), session.adapters());
    }

    @Test
    void adaptersStack() {
        session.clearAdapters();
        session.setAdapter(a, 1.0f);
        String onlyA = session.generate(P, O).text();
        Map<LoraAdapter, Float> both = new LinkedHashMap<>();
        both.put(a, 1.0f);
        both.put(b, 1.0f);
        session.setAdapters(both);
        String ab = session.generate(P, O).text();
        assertNotEquals(onlyA, ab);
        assertEquals(2, session.adapters().size());
        session.clearAdapters();
    }

    @Test
    void adapterMetadata() {
        assertEquals(4, a.rank());
        assertEquals(4f, a.alpha());
        assertEquals(8, b.rank());
    }

    @Test
    void adapterForAnotherModelIsAClearException() throws Exception {
        Path other = TinyModels.model("other", TinyModel.Recipe.tiny().withEmbd(64).withHeads(2).withFf(128));
        Path foreign = TestAdapters.randomAdapter(other, dir.resolve("foreign.gguf"), 4, 3, 0.1f);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> model.loadAdapter(foreign));
        assertTrue(e.getMessage().contains("made for another model"), e.getMessage());
        Path fewerLayers = TinyModels.model("deeper", TinyModel.Recipe.tiny().withLayers(6));
        Path extra = TestAdapters.randomAdapter(fewerLayers, dir.resolve("extra.gguf"), 4, 3, 0.1f);
        e = assertThrows(ModelLoadException.class, () -> model.loadAdapter(extra));
        assertTrue(e.getMessage().contains("no tensor blk.4"), e.getMessage());
    }

    @Test
    void aModelIsNotAnAdapterAndViceVersa() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> model.loadAdapter(TinyModels.tinyModel()));
        assertTrue(e.getMessage().contains("not a LoRA adapter"), e.getMessage());
        e = assertThrows(ModelLoadException.class, () -> Model.load(dir.resolve("a.gguf")));
        assertTrue(e.getMessage().contains("is a LoRA adapter"), e.getMessage());
    }

    @Test
    void closingAnAdapterDetachesIt() throws Exception {
        LoraAdapter c = model.loadAdapter(TestAdapters.randomAdapter(TinyModels.tinyModel(), dir.resolve("c.gguf"), 2, 5, 0.3f));
        session.clearAdapters();
        String base = session.generate(P, O).text();
        session.setAdapter(c, 1f);
        c.close();
        assertEquals(Map.of(), session.adapters());
        assertEquals(base, session.generate(P, O).text());
        assertThrows(IllegalStateException.class, () -> session.setAdapter(c, 1f));
        c.close();
    }
}
