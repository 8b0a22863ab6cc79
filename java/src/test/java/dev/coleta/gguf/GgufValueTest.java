package dev.coleta.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GgufValueTest {
    @TempDir
    Path dir;

    @Test
    void displayShowsArraysByTypeLengthAndFirstItems() {
        assertEquals("[string x 5: a, b, c, ...]", GgufValue.array(GgufValueType.STRING, List.of("a", "b", "c", "d", "e")).display());
        assertEquals("[int32 x 2: 7, -1]", GgufValue.array(GgufValueType.INT32, List.of(7, -1)).display());
        assertEquals("[float32 x 0]", GgufValue.array(GgufValueType.FLOAT32, List.of()).display());
        java.util.Locale old = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR")); // where "INT32".toLowerCase() is "ınt32"
            assertEquals("[uint32 x 1: 3]", GgufValue.array(GgufValueType.UINT32, List.of(3L)).display());
        } finally {
            java.util.Locale.setDefault(old);
        }
        assertEquals("llama", GgufValue.string("llama").display());
        assertEquals("true", GgufValue.bool(true).display());
    }

    @Test
    void displayCutsLongStringsTo120Characters() {
        String exactly120 = "x".repeat(120);
        assertEquals(exactly120, GgufValue.string(exactly120).display());
        String longer = "y".repeat(121);
        assertEquals("y".repeat(117) + "...", GgufValue.string(longer).display());
        assertEquals(120, GgufValue.string(longer).display().length());
    }

    /** INT32 is written as a signed 32-bit value: a negative number reads back negative (a UINT32 would not). */
    @Test
    void i32IsASignedInt32() throws IOException {
        Path p = dir.resolve("i32.gguf");
        new GgufWriter()
                .put("test.i32", GgufValue.i32(-5))
                .put("test.u32", GgufValue.u32(0xFFFFFFFBL)) // the same 32 bits as -5
                .put("test.max", GgufValue.i32(Integer.MAX_VALUE))
                .write(p);
        GgufFile g = GgufFile.read(p);
        assertEquals(GgufValueType.INT32, GgufValue.i32(-5).type());
        assertEquals(GgufValueType.INT32, g.metadata().get("test.i32").type());
        assertEquals(-5, g.integer("test.i32", 0));
        assertEquals(4294967291L, g.integer("test.u32", 0));
        assertEquals(2147483647L, g.integer("test.max", 0));
        // key (8 + 8 bytes) + type (4) + value (4): the INT32 takes exactly four bytes
        byte[] all = Files.readAllBytes(p);
        int at = indexOf(all, "test.i32".getBytes()) + 8;
        assertEquals(5, all[at] & 0xff, "type code INT32");
        assertEquals(List.of(0xfb, 0xff, 0xff, 0xff), List.of(all[at + 4] & 0xff, all[at + 5] & 0xff, all[at + 6] & 0xff, all[at + 7] & 0xff));
    }

    @Test
    void fileSizeIsTheSizeOnDisk() throws IOException {
        Path p = dir.resolve("sized.gguf");
        new GgufWriter()
                .put("general.architecture", GgufValue.string("llama"))
                .tensor("v", new long[] {5}, GgmlType.F32, out -> GgufWriter.writeF32(out, new float[] {1, 2, 3, 4, 5}))
                .write(p);
        GgufFile g = GgufFile.read(p);
        assertEquals(Files.size(p), g.fileSize());
        // 20 bytes of tensor data, padded to the 32-byte alignment
        assertEquals(g.dataOffset() + 32, g.fileSize());
        Files.write(p, new byte[100], StandardOpenOption.APPEND);
        assertEquals(g.dataOffset() + 132, GgufFile.read(p).fileSize(), "bytes after the data count too");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
