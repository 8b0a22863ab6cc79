package dev.coleta.train;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainOptionsTest {
    @Test
    void defaultsAndCopies() {
        TrainOptions o = TrainOptions.defaults();
        assertEquals(8, o.rank());
        assertEquals(Target.PROJECTIONS, o.targets());
        TrainOptions p = o.withRank(4).withTargets(Set.of(Target.Q, Target.V)).withFull(true);
        assertEquals(4, p.rank());
        assertTrue(p.full());
        assertEquals(8, o.rank());
    }

    @Test
    void badValuesNameTheArgument() {
        TrainOptions o = TrainOptions.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withRank(0)).getMessage().contains("rank"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withLearningRate(Float.NaN)).getMessage().contains("learningRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withBatchSize(100)).getMessage().contains("divide"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withEvalSplit(1f)).getMessage().contains("evalSplit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withTargets(Set.of())).getMessage().contains("targets"));
    }

    @Test
    void targetsParse() {
        assertEquals(EnumSet.of(Target.Q, Target.GATE), Target.parseList("q, gate"));
        assertEquals(Target.PROJECTIONS, Target.parseList("all"));
        assertEquals(EnumSet.allOf(Target.class), Target.parseList("all,output"));
        assertEquals(0xff, Target.bits(Target.parseList("all, output")));
        assertEquals(0x7f, Target.bits(Target.parseList("all")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.parseList("q,x")).getMessage().contains("'x'"));
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        TrainOptions o = TrainOptions.defaults().withLearningRate(1f).withWarmupSteps(4).withMinLrRatio(0.1f);
        float[] lr = new float[20];
        for (int s = 0; s < 20; s++) lr[s] = o.learningRateAt(s, 20);
        for (int s = 1; s < 5; s++) assertTrue(lr[s] > lr[s - 1], "warm-up rises at " + s);
        assertEquals(1f, lr[4], 1e-6);
        for (int s = 5; s < 20; s++) assertTrue(lr[s] < lr[s - 1], "decay falls at " + s);
        assertTrue(lr[19] >= 0.1f && lr[19] < 0.15f, "ends near the floor: " + lr[19]);
    }
}
