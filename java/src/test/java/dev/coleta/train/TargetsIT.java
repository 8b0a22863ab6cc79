package dev.coleta.train;

import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.TensorInfo;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** {@link TrainOptions#targets()} and {@link TrainOptions#rank()} shape the adapter that is written, output projection included. */
class TargetsIT {
    @TempDir
    Path dir;

    @Test
    void targetsAndRankShapeTheWrittenAdapter() throws Exception {
        Path model = TinyModels.tinyModel();
        Path data = Path.of(getClass().getResource("/train/memorise-20.jsonl").toURI());
        Path out = dir.resolve("qv-output.gguf");
        TrainOptions o = TrainOptions.defaults().withTargets(EnumSet.of(Target.Q, Target.V, Target.OUTPUT)).withRank(4)
                .withLearningRate(1e-2f).withEpochs(1).withMaxSteps(6).withThreads(2);
        new Trainer(o).train(model, data, out);

        GgufFile base = GgufFile.read(model);
        GgufFile adapter = GgufFile.read(out);
        Set<String> expected = new TreeSet<>();
        int layers = (int) base.integer("llama.block_count", -1);
        for (int l = 0; l < layers; l++) {
            for (String t : new String[] {"attn_q", "attn_v"}) {
                expected.add("blk." + l + "." + t + ".weight.lora_a");
                expected.add("blk." + l + "." + t + ".weight.lora_b");
            }
        }
        expected.add("output.weight.lora_a");
        expected.add("output.weight.lora_b");
        Set<String> names = new TreeSet<>();
        for (TensorInfo t : adapter.tensors()) names.add(t.name());
        assertEquals(expected, names);
        long[] w = base.tensor("output.weight").dims();
        assertArrayEquals(new long[] {w[0], 4}, adapter.tensor("output.weight.lora_a").dims());
        assertArrayEquals(new long[] {4, w[1]}, adapter.tensor("output.weight.lora_b").dims());
        long[] q = base.tensor("blk.0.attn_q.weight").dims();
        assertArrayEquals(new long[] {q[0], 4}, adapter.tensor("blk.0.attn_q.weight.lora_a").dims());

        // lora_b starts at zero: a non-zero output lora_b was trained
        TensorInfo b = adapter.tensor("output.weight.lora_b");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) b.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (var ch = java.nio.channels.FileChannel.open(out)) {
            ch.read(buf, adapter.dataOffset() + b.offset());
        }
        buf.flip();
        double sum = 0;
        while (buf.hasRemaining()) sum += Math.abs(buf.getFloat());
        assertNotEquals(0.0, sum, "output lora_b was never updated");

        // llama.cpp loads the adapter, output pair included (loadAdapter checks every pair against the model)
        try (Model m = Model.load(model, ModelOptions.defaults());
             Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(2))) {
            s.setAdapter(m.loadAdapter(out), 1f);
            assertEquals(1, s.adapters().size());
        }
    }

    @Test
    void allMeansTheSevenProjectionsAndOutputIsOptIn() {
        assertEquals(Target.PROJECTIONS, Target.parseList("all"));
        assertEquals(EnumSet.complementOf(EnumSet.noneOf(Target.class)), Target.parseList("all,output"));
        assertEquals(Target.PROJECTIONS, TrainOptions.defaults().targets());
        assertEquals(1 << 7, Target.bits(Set.of(Target.OUTPUT)));
    }
}
