package dev.coleta.train.data;

import dev.coleta.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonlDatasetTest {
    static Path resource(String name) throws URISyntaxException {
        return Path.of(JsonlDatasetTest.class.getResource("/train/" + name).toURI());
    }

    @Test
    void malformedLineIsAnErrorNamingTheLine() throws Exception {
        DatasetException e = assertThrows(DatasetException.class, () -> JsonlDataset.read(resource("pairs-malformed.jsonl"), false));
        assertTrue(e.getMessage().contains("pairs-malformed.jsonl:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void skippingMalformedLinesCountsThem() throws Exception {
        JsonlDataset ds = JsonlDataset.read(resource("pairs-malformed.jsonl"), true);
        assertEquals(3, ds.examples().size());
        assertEquals(3, ds.skipped().size());
        assertTrue(ds.skipped().get(0).contains(":3:"));
        assertTrue(ds.skipped().get(1).contains(":5:") && ds.skipped().get(1).contains("completion"));
        assertTrue(ds.skipped().get(2).contains(":7:") && ds.skipped().get(2).contains("role"));
        Example.PromptCompletion first = assertInstanceOf(Example.PromptCompletion.class, ds.examples().get(0));
        assertEquals(" Paris", first.completion());
        assertEquals(1, first.line());
        Example.Chat chat = assertInstanceOf(Example.Chat.class, ds.examples().get(2));
        assertEquals("assistant", chat.messages().get(1).role());
        assertEquals(6, chat.line());
    }

    @Test
    void emptyOrMissingFilesAreClearErrors(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        assertTrue(assertThrows(DatasetException.class, () -> JsonlDataset.read(empty, false)).getMessage().contains("no examples"));
        Path missing = dir.resolve("missing.jsonl");
        assertTrue(assertThrows(DatasetException.class, () -> JsonlDataset.read(missing, false)).getMessage().contains("missing.jsonl"));
        Path binary = dir.resolve("bin.jsonl");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b});
        assertThrows(DatasetException.class, () -> JsonlDataset.read(binary, false));
    }
}
