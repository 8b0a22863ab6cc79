package dev.coleta.train;

import dev.coleta.gguf.GgmlType;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.TensorInfo;
import dev.coleta.testing.TinyModels;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The tiny test model with its output projection scaled to std 0.4, for the memorisation test.
 *
 * <p>Why: the frozen output layer of a random tiny model bounds how far a LoRA on the
 * attention and MLP projections can raise a token's logit: |row| * |h|, about 1 * 11 at the
 * created model's std 1/sqrt(embd) (2.5 at the 0.02 of models created before), too little to
 * make 20 memorised answers confident. A pretrained model's output layer has no such limit; scaling this one
 * gives the random model the same headroom while keeping it random (the base still reproduces
 * nothing).
 */
final class ConfidentTinyModel {
    /** Brings the created model's output std (1/sqrt(128), TinyModel.outputStd) to 0.4, as before. */
    static final float SCALE = (float) (0.4 * Math.sqrt(128));

    private ConfidentTinyModel() {
    }

    static synchronized Path path() throws IOException {
        Path out = TinyModels.dir().resolve("tiny-confident-std04.gguf");
        if (Files.isRegularFile(out)) return out;
        Path tmp = TinyModels.dir().resolve("tiny-confident-std04.gguf.tmp");
        Files.copy(TinyModels.tinyModel(), tmp, StandardCopyOption.REPLACE_EXISTING);
        GgufFile g = GgufFile.read(tmp);
        TensorInfo output = g.tensors().stream().filter(t -> t.name().equals("output.weight")).findFirst().orElseThrow();
        if (output.type() != GgmlType.F32) throw new IllegalStateException("expected an F32 output.weight");
        long n = output.dims()[0] * output.dims()[1];
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, g.dataOffset() + output.offset(), n * 4);
            FloatBuffer f = buf.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int i = 0; i < n; i++) f.put(i, f.get(i) * SCALE);
            buf.force();
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }
}
