package dev.coleta.train;

import dev.coleta.TrainingException;
import dev.coleta.gguf.GgufFile;
import dev.coleta.testing.TinyModels;
import dev.coleta.train.data.JsonlDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LoRA on F16, Q8_0 and Q4_0 bases; full fine-tuning of an F32 model. */
class QuantizedAndFullIT {
    @TempDir
    Path dir;

    static Path data() throws Exception {
        return Path.of(QuantizedAndFullIT.class.getResource("/train/memorise-20.jsonl").toURI());
    }

    @ParameterizedTest
    @EnumSource(value = Quantization.Type.class, names = {"F16", "Q8_0", "Q4_0"})
    void loraTrainsOnAQuantisedBase(Quantization.Type type) throws Exception {
        Path base = dir.resolve("base-" + type + ".gguf");
        // the model with headroom in its output layer, so that the loss can fall far (see ConfidentTinyModel)
        Quantization.quantize(ConfidentTinyModel.path(), base, type, 2);
        String sha = TrainerIT.sha256(base);
        Path out = dir.resolve("lora-" + type + ".gguf");
        TrainResult r = new Trainer(TrainOptions.defaults().withThreads(2).withEpochs(1).withLearningRate(3e-3f)).train(base, data(), out);
        var log = Files.readAllLines(r.log());
        double first = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(log.get(0)).get("train_loss").asDouble();
        assertTrue(r.finalTrainLoss() < first / 2, type + ": loss fell " + first + " -> " + r.finalTrainLoss());
        assertEquals(sha, TrainerIT.sha256(base), "the quantised base is unchanged");
        // the written adapter carries what was learnt: reloaded from its file, it lowers the loss
        // on the data well below the base's (measured by a fresh trainer, nothing trained)
        Trainer eval = new Trainer(TrainOptions.defaults().withThreads(2));
        var examples = JsonlDataset.read(data(), false).examples();
        double without = eval.evaluate(base, null, examples);
        double with = eval.evaluate(base, out, examples);
        assertTrue(with < without - 1, type + ": loss with the saved adapter " + with + ", without " + without);
    }

    @Test
    void fullFineTuningWritesAModelThatLoads() throws Exception {
        Path out = dir.resolve("full.gguf");
        TrainResult r = new Trainer(TrainOptions.defaults().withFull(true).withThreads(2).withEpochs(1).withMaxSteps(12).withLearningRate(1e-3f))
                .train(TinyModels.tinyModel(), data(), out);
        var log = Files.readAllLines(r.log());
        double first = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(log.get(0)).get("train_loss").asDouble();
        assertTrue(r.finalTrainLoss() < first - 1, "loss fell " + first + " -> " + r.finalTrainLoss());
        assertEquals(GgufFile.read(TinyModels.tinyModel()).integer("llama.context_length", -1),
                GgufFile.read(out).integer("llama.context_length", -2), "the saved model keeps its own context length");
        // the saved model, loaded again, has learnt: its loss on the data is well below the original's
        Trainer eval = new Trainer(TrainOptions.defaults().withThreads(2));
        var examples = JsonlDataset.read(data(), false).examples();
        double before = eval.evaluate(TinyModels.tinyModel(), null, examples);
        double after = eval.evaluate(out, null, examples);
        assertTrue(after < before - 1, "loss of the saved model " + after + ", of the original " + before);
    }

    @Test
    void fullFineTuningOfAQuantisedModelIsAClearError() throws Exception {
        Path base = dir.resolve("q8.gguf");
        Quantization.quantize(TinyModels.tinyModel(), base, Quantization.Type.Q8_0, 2);
        TrainingException e = assertThrows(TrainingException.class, () ->
                new Trainer(TrainOptions.defaults().withFull(true).withThreads(2).withMaxSteps(1)).train(base, data(), dir.resolve("x.gguf")));
        assertTrue(e.getMessage().contains("F32"), e.getMessage());
    }
}
