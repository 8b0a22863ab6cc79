package dev.coleta.llama;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(ModelOptions.defaults().withVocabOnly(true).vocabOnly());
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
