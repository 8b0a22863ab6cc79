package dev.coleta.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("sub/a.txt");
        AtomicFiles.write(f, out -> out.write("one".getBytes()));
        AtomicFiles.copy(new ByteArrayInputStream("two".getBytes()), f);
        assertEquals("two", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("model.gguf");
        Files.writeString(f, "complete");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half of a new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("complete", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
