package dev.coleta.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.ColetaException;
import dev.coleta.DatasetException;
import dev.coleta.io.AtomicFiles;
import dev.coleta.llama.Model;
import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlData;
import dev.coleta.nl2sql.Nl2SqlExample;
import dev.coleta.nl2sql.Nl2SqlOptions;
import dev.coleta.llama.ChatMessage;
import dev.coleta.nl2sql.Schema;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SchemaLinker;
import dev.coleta.nl2sql.SqlPrompt;
import dev.coleta.nl2sql.SqlGrammarOptions;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.Scraper;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.scrape.html.HtmlPages;
import dev.coleta.train.data.Example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's data: synthetic nl2sql databases with questions, and generated pages (used by
 * scrape and scrape-config), for the train split and for the test split (domains, site
 * templates never seen in training); and the training examples of each task, recorded by
 * running the task's own code on a {@link PromptRecorder}.
 */
final class TuneData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TuneData() {
    }

    static Path nl2sqlFile(Path dataDir, String split) {
        return dataDir.resolve("nl2sql-" + split + ".jsonl");
    }

    static Path pagesFile(Path dataDir, String split) {
        return dataDir.resolve("pages-" + split + ".jsonl");
    }

    static Path examplesFile(Path dataDir, TuneTask task) {
        return examplesFile(dataDir, task, "train");
    }

    static Path examplesFile(Path dataDir, TuneTask task, String split) {
        return dataDir.resolve(task.id() + "-" + split + ".examples.jsonl");
    }

    /** Writes the raw datasets of both splits unless they are there already. */
    static void writeRaw(Path dataDir, TunePlan plan, long seed) throws IOException {
        Files.createDirectories(dataDir);
        for (String split : List.of("train", "test")) {
            int nSql = split.equals("train") ? plan.nl2sqlTrain() : plan.evalExamples();
            int nPages = split.equals("train") ? plan.pagesTrain() : plan.evalExamples();
            Path sql = nl2sqlFile(dataDir, split);
            if (!Files.isRegularFile(sql)) {
                // Nl2SqlData writes the databases beside the file first; the file itself last
                Path tmp = dataDir.resolve("nl2sql-" + split + ".tmp.jsonl");
                Nl2SqlData.write(tmp, nSql, seed + (split.equals("test") ? 1 : 0), split,
                        split.equals("train") ? plan.nl2sqlDomains() : 0);
                Path dbs = dataDir.resolve(sql.getFileName() + ".dbs");
                deleteTree(dbs);
                Files.move(tmp.resolveSibling(tmp.getFileName() + ".dbs"), dbs);
                String text = Files.readString(tmp).replace(tmp.getFileName() + ".dbs/", sql.getFileName() + ".dbs/");
                AtomicFiles.write(sql, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
                Files.delete(tmp);
            }
            Path pages = pagesFile(dataDir, split);
            if (!Files.isRegularFile(pages)) {
                List<GeneratedPage> ps = PageGenerator.generate(nPages, seed + (split.equals("test") ? 1 : 0),
                        PageGenerator.Split.parse(split));
                StringBuilder sb = new StringBuilder();
                for (GeneratedPage p : ps) sb.append(PageGenerator.toJson(p)).append('\n');
                AtomicFiles.write(pages, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    static List<Nl2SqlExample> nl2sql(Path dataDir, String split) {
        return Nl2SqlData.read(nl2sqlFile(dataDir, split));
    }

    static List<GeneratedPage> pages(Path dataDir, String split) {
        List<GeneratedPage> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(pagesFile(dataDir, split))) {
                if (!line.isBlank()) out.add(PageGenerator.fromJson(JSON.readTree(line)));
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + pagesFile(dataDir, split) + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The recorded training examples of a task, and how many candidates were left out and why
     * (an answer the task's grammar refuses, a page that needs more than one chunk).
     */
    record Recorded(List<Example.PromptCompletion> examples, Map<String, Integer> skipped) {
    }

    /** Records the task's training prompts with {@code model}'s tokenizer and template at context {@code ctx}. */
    static Recorded record(TuneTask task, Model model, int ctx, Path dataDir, TunePlan plan) {
        return record(task, model, ctx, dataDir, plan, "train");
    }

    /** Records the prompts of {@code split} ("train" or "test") with their gold answers. */
    static Recorded record(TuneTask task, Model model, int ctx, Path dataDir, TunePlan plan, String split) {
        PromptRecorder rec = new PromptRecorder(model, ctx);
        List<Example.PromptCompletion> out = new ArrayList<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        switch (task) {
            case NL2SQL -> {
                Nl2Sql nl = new Nl2Sql(rec, nl2sqlOptions(plan));
                int checked = 0;
                for (Nl2SqlExample e : nl2sql(dataDir, split)) {
                    rec.answerWith(e.sql());
                    try {
                        nl.sql(e.db(), e.question());
                    } catch (ColetaException | IllegalArgumentException ex) {
                        skipped.merge("refused: " + ex.getClass().getSimpleName(), 1, Integer::sum);
                        continue;
                    }
                    PromptRecorder.Call c = rec.calls().get(0);
                    // llama.cpp's grammar engine is slow on SQL grammars: check a sample only
                    if (checked++ < plan.grammarChecks() && !c.grammar().accepts(e.sql())) {
                        skipped.merge("grammar refuses the gold SQL", 1, Integer::sum);
                        continue;
                    }
                    out.add(new Example.PromptCompletion(c.prompt(), e.sql()));
                }
            }
            case SCRAPE -> {
                // Ungrounded: the prompts are the same either way, and the training data must not
                // depend on an evaluation setting (nor pay for a grammar per chunk).
                Scraper scraper = new Scraper(rec, ScrapeOptions.defaults().withGrounded(false));
                for (GeneratedPage p : pages(dataDir, split)) {
                    // a long page is answered chunk by chunk: each chunk's gold is what of the
                    // page's gold that chunk shows (the answers are merged afterwards)
                    rec.answerWith(prompt -> ChunkGold.restrict(p.gold(), ChunkGold.pageOf(prompt)).toString());
                    try {
                        scraper.scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                    } catch (ColetaException | IllegalArgumentException ex) {
                        skipped.merge("refused: " + ex.getClass().getSimpleName(), 1, Integer::sum);
                        continue;
                    }
                    for (PromptRecorder.Call c : rec.calls()) {
                        if (!c.grammar().accepts(c.answer())) {
                            skipped.merge("grammar refuses the gold JSON", 1, Integer::sum);
                            continue;
                        }
                        out.add(new Example.PromptCompletion(c.prompt(), c.answer()));
                    }
                }
            }
            case SCRAPE_CONFIG -> {
                ConfigGenerator gen = new ConfigGenerator(rec, CleanOptions.defaults(), TunePlan.CONFIG_TOKENS_PER_FIELD);
                for (GeneratedPage p : pages(dataDir, split)) {
                    String gold = p.config().toJson();
                    rec.answerWith(gold);
                    try {
                        gen.generate(HtmlPages.parse(p.html(), p.id()), p.fields());
                    } catch (ColetaException | IllegalArgumentException ex) {
                        skipped.merge("refused: " + ex.getClass().getSimpleName(), 1, Integer::sum);
                        continue;
                    }
                    PromptRecorder.Call c = rec.calls().get(0);
                    if (!c.grammar().accepts(gold)) {
                        skipped.merge("grammar refuses the gold configuration", 1, Integer::sum);
                        continue;
                    }
                    out.add(new Example.PromptCompletion(c.prompt(), gold));
                }
            }
        }
        return new Recorded(out, skipped);
    }

    /**
     * nl2sql's training examples with {@link TunePlan#sqlGroup()} questions on one database per
     * chat: the first turn is the inference prompt (system message, schema and question, laid
     * out by the trained model's template as {@code Nl2Sql} lays it out), each later turn only
     * "Question: ... SQL:". The schema's tokens, most of a prompt, then pay for several answers,
     * and answers that differ on one schema make the model read the question. The questions of
     * a database keep their order in the data file; a group of 1 gives {@code recorded}.
     */
    static List<Example> nl2sqlTraining(Path dataDir, List<Example.PromptCompletion> recorded, TunePlan plan) {
        if (plan.sqlGroup() == 1) return new ArrayList<>(recorded);
        Map<String, List<Nl2SqlExample>> byDb = new LinkedHashMap<>();
        for (Nl2SqlExample e : nl2sql(dataDir, "train")) byDb.computeIfAbsent(e.db(), k -> new ArrayList<>()).add(e);
        List<Example> out = new ArrayList<>();
        for (var entry : byDb.entrySet()) {
            Schema schema = SchemaReader.fromDatabase(entry.getKey());
            List<Nl2SqlExample> qs = entry.getValue();
            for (int i = 0; i < qs.size(); i += plan.sqlGroup()) {
                List<ChatMessage> chat = new ArrayList<>();
                chat.add(ChatMessage.system(SqlPrompt.SYSTEM));
                List<Nl2SqlExample> group = qs.subList(i, Math.min(qs.size(), i + plan.sqlGroup()));
                // with linking, the tables any question of the chat names (inference shows one question's)
                Schema shown = plan.sqlLink() ? SchemaLinker.link(schema, group.stream().map(Nl2SqlExample::question).toList()) : schema;
                for (int k = i; k < i + group.size(); k++) {
                    Nl2SqlExample e = qs.get(k);
                    chat.add(ChatMessage.user(k == i ? SqlPrompt.user(shown, e.question(), plan.sqlSamples())
                            : SqlPrompt.question(e.question())));
                    chat.add(ChatMessage.assistant(e.sql()));
                }
                out.add(new Example.Chat(chat));
            }
        }
        return out;
    }

    static Nl2SqlOptions nl2sqlOptions(TunePlan plan) {
        return Nl2SqlOptions.defaults().withSamples(plan.sqlSamples())
                .withGrammar(SqlGrammarOptions.defaults().withStrict(plan.strictSql())).withLinking(plan.sqlLink());
    }

    /** Writes examples as prompt/completion JSON Lines (what {@code coleta train --data} reads). */
    static void writeExamples(Path file, List<Example.PromptCompletion> examples) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Example.PromptCompletion e : examples) {
            ObjectNode o = JSON.createObjectNode();
            o.put("prompt", e.prompt());
            o.put("completion", e.completion());
            sb.append(o).append('\n');
        }
        AtomicFiles.write(file, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static List<Example.PromptCompletion> readExamples(Path file) {
        List<Example.PromptCompletion> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                JsonNode o = JSON.readTree(line);
                out.add(new Example.PromptCompletion(o.get("prompt").asText(), o.get("completion").asText()));
            }
        } catch (IOException | NullPointerException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
