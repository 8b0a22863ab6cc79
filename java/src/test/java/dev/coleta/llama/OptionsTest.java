package dev.coleta.llama;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    @Test
    void defaultsAndCopies() {
        Sampling s = Sampling.defaults();
        assertTrue(s.isGreedy());
        assertEquals(0.7f, s.withTemperature(0.7f).temperature());
        assertEquals(40, s.withTemperature(0.7f).topK());
        GenerateOptions g = GenerateOptions.defaults().withMaxTokens(9).withStop(List.of("\n"));
        assertEquals(9, g.maxTokens());
        assertEquals(List.of("\n"), g.stop());
        assertEquals(1234, SessionOptions.defaults().withContextSize(1234).contextSize());
        assertFalse(SessionOptions.defaults().beamSearch(), "beam-capable sessions are opt-in");
        assertTrue(SessionOptions.defaults().withBeamSearch(true).withThreads(3).beamSearch(), "withers keep it");
        assertEquals(1, GenerateOptions.defaults().beams());
        assertEquals(3, GenerateOptions.defaults().withBeams(3).withMaxTokens(9).withStop(java.util.List.of("x")).beams());
        assertTrue(ModelOptions.defaults().withVocabOnly(true).vocabOnly());
    }

    /** One beam: exactly the positions asked for; several: twice the cells and a beam-capable cache. */
    @Test
    void answerRoomDoublesTheCellsForBeamsOnly() {
        SessionOptions base = SessionOptions.defaults().withThreads(3).withBatchSize(64);
        SessionOptions greedy = base.withAnswerRoom(1024, 1);
        assertEquals(1024, greedy.contextSize());
        assertFalse(greedy.beamSearch());
        SessionOptions beams = base.withBeamSearch(true).withAnswerRoom(1024, GenerateOptions.MAX_BEAMS);
        assertEquals(2048, beams.contextSize());
        assertTrue(beams.beamSearch());
        assertEquals(3, beams.threads(), "the other settings are kept");
        assertEquals(64, beams.batchSize());
        assertFalse(beams.withAnswerRoom(512, 1).beamSearch(), "back to one beam: no beam cache");
        assertEquals("beams must be 1..8, got 9",
                assertThrows(IllegalArgumentException.class, () -> base.withAnswerRoom(1024, 9)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withAnswerRoom(8, 1), "below the smallest context");
        assertEquals(4, GenerateOptions.requireBeams(4));
    }

    @Test
    void greedyIsTemperatureZeroWhateverElseIsSet() {
        Sampling g = Sampling.greedy();
        assertEquals(0f, g.temperature());
        assertTrue(g.isGreedy());
        assertTrue(g.withSeed(7).withTopK(1).isGreedy(), "seed and filters do not make it random");
        assertEquals(false, g.withTemperature(0.1f).isGreedy());
    }

    /** Generation speed excludes prompt evaluation: 50 tokens in the 2 s after a 1 s prompt. */
    @Test
    void tokensPerSecondOfTheGenerationPhase() {
        assertEquals(25.0, new Generation("x", 10, 50, Generation.StopReason.MAX_TOKENS, 0, 3_000_000_000L, 1_000_000_000L)
                .tokensPerSecond(), 1e-9);
        assertEquals(0.0, new Generation("", 10, 0, Generation.StopReason.CANCELLED, 0, 5, 5).tokensPerSecond(), "no generation time");
    }

    @Test
    void badValuesNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sampling.defaults().withTemperature(-1f)).getMessage().contains("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sampling.defaults().withTopP(0f)).getMessage().contains("topP"));
        assertThrows(IllegalArgumentException.class, () -> Sampling.defaults().withTemperature(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Sampling.defaults().withRepeatPenalty(0f));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GenerateOptions.defaults().withMaxTokens(0)).getMessage().contains("maxTokens"));
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.defaults().withStop(List.of("")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withThreads(0)).getMessage().contains("threads"));
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withContextSize(1));
        assertThrows(IllegalArgumentException.class, () -> ModelOptions.defaults().withGpuLayers(-2));
    }

    @Test
    void utf8StreamNeverSplitsACharacter() {
        Session.Utf8Stream s = new Session.Utf8Stream();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes
        assertEquals("a", s.add(new byte[] {'a', euro[0]}));
        assertEquals("", s.add(new byte[] {euro[1]}));
        assertEquals("€b", s.add(new byte[] {euro[2], 'b'}));
        assertEquals("a€b", s.finish());
        assertEquals(1, s.stopIndex(List.of("€", "zz")));
    }
}
