package dev.coleta.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONL step log: one object per step with {@code step, epoch, train_loss, eval_loss (null
 * when not evaluated), lr, tokens_per_s}. A resumed run keeps the lines up to its checkpoint.
 */
final class StepLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;
    private final List<TrainProgress> steps;

    private StepLog(BufferedWriter out, List<TrainProgress> steps) {
        this.out = out;
        this.steps = steps;
    }

    /** Opens the log; keeps the steps up to {@code keepUpTo} of an existing log (0: starts afresh). */
    static StepLog open(Path path, int keepUpTo) throws IOException {
        List<TrainProgress> kept = new ArrayList<>();
        if (keepUpTo > 0 && Files.isRegularFile(path)) {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                TrainProgress p;
                try {
                    p = parse(JSON.readTree(line));
                } catch (IOException e) {
                    break; // a line cut by a crash ends the usable log
                }
                if (p.step() > keepUpTo) break;
                kept.add(p);
            }
        }
        dev.coleta.io.AtomicFiles.write(path, out -> {
            for (TrainProgress p : kept) out.write((line(p) + "\n").getBytes(StandardCharsets.UTF_8));
        });
        BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new StepLog(w, kept);
    }

    void add(TrainProgress p) throws IOException {
        steps.add(p);
        out.write(line(p));
        out.write('\n');
        out.flush();
    }

    List<TrainProgress> steps() {
        return steps;
    }

    static String line(TrainProgress p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("step", p.step());
        o.put("epoch", p.epoch());
        o.put("train_loss", p.trainLoss());
        if (Double.isNaN(p.evalLoss())) o.putNull("eval_loss"); else o.put("eval_loss", p.evalLoss());
        o.put("lr", p.learningRate());
        o.put("tokens_per_s", Math.round(p.tokensPerSecond() * 10) / 10.0);
        return o.toString();
    }

    static TrainProgress parse(JsonNode o) {
        JsonNode ev = o.get("eval_loss");
        return new TrainProgress(o.get("step").asInt(), 0, o.get("epoch").asInt(), o.get("train_loss").asDouble(),
                ev == null || ev.isNull() ? Double.NaN : ev.asDouble(), (float) o.get("lr").asDouble(),
                o.get("tokens_per_s").asDouble(), 0);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
