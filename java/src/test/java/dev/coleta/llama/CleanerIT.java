package dev.coleta.llama;

import dev.coleta.testing.LogCapture;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Cleaner as a safety net: models and sessions dropped without close are freed (contexts
 * before their model, whatever order the Cleaner runs in), the first such drop is logged once,
 * and closed handles are never freed twice.
 */
class CleanerIT {
    @Test
    void droppedModelsAndSessionsAreFreedAndLoggedOnce() throws Exception {
        try (LogCapture log = LogCapture.of("dev.coleta")) {
            long before = NativeHandle.dropped();
            boolean warnedBefore = NativeHandle.warned(); // another test of this JVM may have dropped one first
            // Closed properly: never counted as dropped, never freed twice.
            try (Model m = Model.load(TinyModels.tinyModel()); Session s = m.newSession(SessionOptions.defaults().withContextSize(128))) {
                s.generate("Hi", GenerateOptions.defaults().withMaxTokens(2));
            }
            dropSome(3);
            for (int i = 0; i < 500 && NativeHandle.dropped() < before + 6; i++) {
                System.gc();
                Thread.sleep(5); // gives the Cleaner thread a turn; the bound is the loop count, not a clock
            }
            assertEquals(before + 6, NativeHandle.dropped(), "3 models and 3 sessions dropped without close");
            List<String> warnings = log.messages();
            assertEquals(warnedBefore ? 0 : 1, warnings.stream().filter(w -> w.contains("never closed")).count(), warnings.toString());
            assertTrue(NativeHandle.warned());
            // The process is intact: a new model works.
            try (Model m = Model.load(TinyModels.tinyModel()); Session s = m.newSession(SessionOptions.defaults().withContextSize(128))) {
                assertEquals(3, s.generate("Hi", GenerateOptions.defaults().withMaxTokens(3)).generatedTokens());
            }
        }
    }

    private static void dropSome(int n) {
        for (int i = 0; i < n; i++) {
            Model m = Model.load(TinyModels.tinyModel());
            Session s = m.newSession(SessionOptions.defaults().withContextSize(128));
            assertTrue(s.generate("Hi", GenerateOptions.defaults().withMaxTokens(2)).generatedTokens() > 0);
        }
    }
}
