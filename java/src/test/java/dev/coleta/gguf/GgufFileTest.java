package dev.coleta.gguf;

import dev.coleta.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufFileTest {
    @TempDir
    Path dir;

    private Path writeSmall(String arch) throws IOException {
        Path p = dir.resolve("small-" + arch + ".gguf");
        new GgufWriter()
                .put("general.architecture", GgufValue.string(arch))
                .put("test.u32", GgufValue.u32(7))
                .put("test.f32", GgufValue.f32(1.5f))
                .put("test.flag", GgufValue.bool(true))
                .put("test.list", GgufValue.array(GgufValueType.STRING, List.of("a", "bé", "c")))
                .tensor("w", new long[] {4, 3}, GgmlType.F32, out -> GgufWriter.writeF32(out, new float[12]))
                .tensor("v", new long[] {5}, GgmlType.F32, out -> GgufWriter.writeF32(out, new float[] {1, 2, 3, 4, 5}))
                .write(p);
        return p;
    }

    @Test
    void writtenFileReadsBack() throws IOException {
        GgufFile g = GgufFile.read(writeSmall("llama"));
        assertEquals(3, g.version());
        assertEquals("llama", g.architecture());
        assertEquals(7, g.integer("test.u32", -1));
        assertEquals(1.5f, (Float) g.metadata().get("test.f32").value());
        assertEquals(true, g.metadata().get("test.flag").value());
        assertEquals(List.of("a", "bé", "c"), g.metadata().get("test.list").value());
        assertEquals(2, g.tensors().size());
        assertArrayEquals(new long[] {4, 3}, g.tensor("w").dims());
        assertEquals(17, g.parameterCount());
        assertEquals(0, g.dataOffset() % 32);
        assertEquals(64, g.tensor("v").offset()); // 48 bytes of w, aligned to 32
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path p = writeSmall("llama");
        byte[] all = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.gguf");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 20));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> GgufFile.read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(cut, java.util.Arrays.copyOf(all, 40));
        e = assertThrows(ModelLoadException.class, () -> GgufFile.read(cut));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void randomBytesAreRejected() throws IOException {
        Path p = dir.resolve("random.gguf");
        byte[] b = new byte[4096];
        new Random(1).nextBytes(b);
        Files.write(p, b);
        assertTrue(assertThrows(ModelLoadException.class, () -> GgufFile.read(p)).getMessage().contains("not a GGUF file"));
    }

    @Test
    void garbageAfterMagicIsRejectedWithoutHugeAllocations() throws IOException {
        Path p = dir.resolve("garbage.gguf");
        byte[] b = new byte[4096];
        new Random(2).nextBytes(b);
        b[0] = 'G'; b[1] = 'G'; b[2] = 'U'; b[3] = 'F'; b[4] = 3; b[5] = 0; b[6] = 0; b[7] = 0;
        Files.write(p, b);
        assertThrows(ModelLoadException.class, () -> GgufFile.read(p));
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        assertTrue(assertThrows(ModelLoadException.class, () -> GgufFile.read(dir.resolve("nope.gguf"))).getMessage().contains("not found"));
        assertThrows(ModelLoadException.class, () -> GgufFile.read(dir));
    }

    @Test
    void corruptTensorOffsetIsRejected() throws IOException {
        Path p = writeSmall("llama");
        byte[] all = Files.readAllBytes(p);
        // the last 8 header bytes before the data section hold tensor v's offset (64); make it huge
        GgufFile g = GgufFile.read(p);
        int pos = (int) indexOfLong(all, 64L, (int) g.dataOffset());
        all[pos + 5] = 0x7f;
        Path bad = dir.resolve("bad-offset.gguf");
        Files.write(bad, all);
        assertThrows(ModelLoadException.class, () -> GgufFile.read(bad));
    }

    private static long indexOfLong(byte[] b, long v, int limit) {
        for (int i = limit - 8; i >= 0; i--) {
            long x = 0;
            for (int k = 7; k >= 0; k--) x = (x << 8) | (b[i + k] & 0xff);
            if (x == v) return i;
        }
        throw new AssertionError("value not found");
    }
}
