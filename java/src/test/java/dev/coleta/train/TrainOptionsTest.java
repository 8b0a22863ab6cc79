package dev.coleta.train;

import dev.coleta.train.data.TokenizedExample;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void smallDataSetsAreSpreadOverAtLeastMinStepsPerEpochWindows() {
        TrainOptions o = TrainOptions.defaults();
        assertEquals(32, o.minStepsPerEpoch());
        assertEquals(1, o.examplesPerWindow(10), "ten examples: one per window, ten steps an epoch");
        assertEquals(1, o.examplesPerWindow(32));
        assertEquals(2, o.examplesPerWindow(33), "33 examples: at most 2 per window, 17 windows at least");
        assertEquals(313, o.examplesPerWindow(10_000), "a large set: a cap no window of real examples reaches");
        assertEquals(0, o.withMinStepsPerEpoch(0).examplesPerWindow(10), "0: pack every window full");
        assertEquals(3, o.withMinStepsPerEpoch(4).examplesPerWindow(10));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withMinStepsPerEpoch(-1)).getMessage().contains("minStepsPerEpoch"));
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

    @Test
    void weightDecayIsCarriedAndRangeChecked() {
        assertEquals(0f, TrainOptions.defaults().weightDecay(), "default 0");
        assertEquals(0.01f, TrainOptions.defaults().withWeightDecay(0.01f).weightDecay());
        assertEquals(1f, TrainOptions.defaults().withWeightDecay(1f).weightDecay(), "1 is allowed");
        for (float bad : new float[] {-0.1f, 1.5f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainOptions.defaults().withWeightDecay(bad));
            assertTrue(e.getMessage().contains("weightDecay must be in [0, 1], got " + bad), e.getMessage());
        }
    }

    @Test
    void beta2IsCarriedAndRangeChecked() {
        assertEquals(0.999f, TrainOptions.defaults().beta2(), "ggml's default");
        TrainOptions o = TrainOptions.defaults().withBeta2(0.95f).withWeightDecay(0.1f).withMaxSteps(7);
        assertEquals(0.95f, o.beta2(), "kept through the other withers");
        assertEquals(0f, TrainOptions.defaults().withBeta2(0f).beta2(), "0 is allowed");
        assertEquals(0.5f, TrainOptions.requireBeta2(0.5f));
        for (float bad : new float[] {-0.1f, 1f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainOptions.defaults().withBeta2(bad));
            assertTrue(e.getMessage().contains("beta2 must be in [0, 1), got " + bad), e.getMessage());
        }
    }

    @Test
    void dataHandlingFlagsAreCarried() {
        TrainOptions o = TrainOptions.defaults();
        assertEquals(false, o.truncateTooLong(), "default: skip examples longer than a window");
        assertEquals(false, o.skipMalformed(), "default: fail on a malformed line");
        assertEquals(true, o.withTruncateTooLong(true).truncateTooLong());
        assertEquals(false, o.withTruncateTooLong(true).skipMalformed(), "one flag does not set the other");
        assertEquals(true, o.withSkipMalformed(true).skipMalformed());
        assertEquals(false, o.withSkipMalformed(true).truncateTooLong());
        assertEquals(false, o.withSkipMalformed(true).withSkipMalformed(false).skipMalformed());
    }

    /** The shim's target bits, read from its header (native/shim/coleta_train.h), not restated here. */
    @Test
    void targetBitsMatchTheShimHeader() throws Exception {
        String header = Files.readString(Path.of("../native/shim/coleta_train.h"));
        Map<String, Integer> defines = new HashMap<>();
        Matcher m = Pattern.compile("#define COLETA_TARGET_(\\w+)\\s+\\(?\\s*(?:1 << (\\d+)|0x([0-9a-f]+))\\s*\\)?")
                .matcher(header);
        while (m.find()) defines.put(m.group(1), m.group(2) != null ? 1 << Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(3), 16));
        assertEquals(Target.values().length + 1, defines.size(), "one define per target, and ALL: " + defines);
        for (Target t : Target.values()) assertEquals(defines.get(t.name()), t.bit(), t.name());
        assertEquals(defines.get("ALL"), Target.bits(Target.PROJECTIONS), "ALL is the seven projections");
        assertEquals(1 << 7, Target.OUTPUT.bit());
    }

    /** {@code enum llama_ftype} in llama.h: MOSTLY_F16 = 1, MOSTLY_Q4_0 = 2, MOSTLY_Q8_0 = 7, MOSTLY_Q4_K_M = 15. */
    @Test
    void quantizationTypesCarryLlamaFtypeCodes() {
        assertEquals(1, Quantization.Type.F16.ftype());
        assertEquals(2, Quantization.Type.Q4_0.ftype());
        assertEquals(7, Quantization.Type.Q8_0.ftype());
        assertEquals(15, Quantization.Type.Q4_K_M.ftype());
        assertEquals(Quantization.Type.Q4_K_M, Quantization.Type.parse(" q4_k_m "));
    }

    @Test
    void etaFromThisRunsPace() {
        // 5 of 20 steps in 10 s: 2 s a step, 15 steps left
        assertEquals(30.0, new TrainProgress(5, 20, 1, 2.0, Double.NaN, 1e-3f, 1000, 10).etaSeconds(), 1e-9);
        assertEquals(0.0, new TrainProgress(20, 20, 3, 2.0, Double.NaN, 1e-3f, 1000, 40).etaSeconds(), 1e-9, "done");
        assertTrue(Double.isNaN(new TrainProgress(0, 20, 1, 2.0, Double.NaN, 1e-3f, 1000, 0).etaSeconds()), "no step yet");
        assertTrue(Double.isNaN(new TrainProgress(5, 20, 1, 2.0, Double.NaN, 1e-3f, 0, 10).etaSeconds()), "no pace yet");
    }

    @Test
    void trainedCountsTheLossPositions() {
        var t = new TokenizedExample(new int[] {1, 50, 51, 52, 2}, new boolean[] {false, false, true, true, true}, 7);
        assertEquals(3, t.trained());
        assertEquals(5, t.length());
        assertEquals(0, new TokenizedExample(new int[] {1, 9}, new boolean[2], 0).trained());
    }
}
