package dev.coleta.nl2sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coleta.DatasetException;
import dev.coleta.nl2sql.Domains.Domain;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic nl2sql data: SQLite databases for the domains of a split (in a naming variant
 * drawn from the seed, see {@link Domains#variant}) and question/SQL pairs
 * over them, written as JSON Lines ({@code db, question, sql, difficulty, construct}, plus
 * {@code messages}, the system, user and assistant turns for fine-tuning: {@code coleta train}
 * lays them out with the model's own chat template, as inference does),
 * the databases in the folder {@code <out>.dbs} beside the file. Deterministic by seed.
 */
public final class Nl2SqlData {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Nl2SqlData() {
    }

    /** Summary of what {@link #write} produced. */
    public record Written(Path file, Path databases, int examples, Map<String, Integer> byConstruct) {
    }

    /** Generates {@code n} examples over the domains of {@code split} and writes them next to {@code out}. */
    public static Written write(Path out, int n, long seed, String split) {
        return write(out, n, seed, split, 0);
    }

    /**
     * As {@link #write(Path, int, long, String)}, with {@code randomDomains} drawn schemas
     * ({@link RandomDomains}) beside the split's hand-made ones. Questions go round the domains,
     * and each domain's questions start at a different construct, so every construct is asked
     * of drawn schemas however many there are. Drawn schemas belong to training: only the
     * {@code train} split takes them.
     */
    public static Written write(Path out, int n, long seed, String split, int randomDomains) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        if (randomDomains < 0) throw new IllegalArgumentException("randomDomains must be >= 0, got " + randomDomains);
        if (randomDomains > 0 && !split.equals("train")) {
            throw new IllegalArgumentException("drawn schemas are for the train split only, got split " + split);
        }
        List<Domain> domains = new ArrayList<>(Domains.split(split));
        domains.addAll(RandomDomains.generate(randomDomains, seed));
        Path dir = out.toAbsolutePath().resolveSibling(out.getFileName() + ".dbs");
        List<QuestionGenerator> gens = new ArrayList<>();
        List<Schema> schemas = new ArrayList<>();
        for (Domain d : domains) {
            SyntheticDatabase db = SyntheticDatabase.generate(Domains.variant(d, seed), seed);
            Path file = dir.resolve(d.name() + ".sqlite");
            db.write(file);
            schemas.add(SchemaReader.fromDatabase(file.toString()));
            gens.add(new QuestionGenerator(db, seed * 7919 + d.name().hashCode()));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int i = 0; i < n; i++) {
                int d = i % domains.size();
                QuestionGenerator g = gens.get(d);
                QuestionGenerator.Pair p = g.next(i / domains.size() + (randomDomains > 0 ? d : 0));
                Nl2SqlExample e = new Nl2SqlExample(dir.getFileName() + "/" + domains.get(d).name() + ".sqlite", p.question(), p.sql(),
                        p.difficulty(), p.construct());
                counts.merge(p.construct(), 1, Integer::sum);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("db", e.db());
                json.put("question", e.question());
                json.put("sql", e.sql());
                json.put("difficulty", e.difficulty());
                json.put("construct", e.construct());
                // a chat, not a laid-out prompt: `coleta train` applies the trained model's own
                // template, the one Nl2Sql applies at inference
                json.put("messages", List.of(turn("system", SqlPrompt.SYSTEM),
                        turn("user", SqlPrompt.user(schemas.get(d), e.question(), true)), turn("assistant", e.sql())));
                w.write(JSON.writeValueAsString(json));
                w.newLine();
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return new Written(out, dir, n, counts);
    }

    private static Map<String, String> turn(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** Reads a JSON Lines file of examples; relative {@code db} paths resolve against its folder. */
    public static List<Nl2SqlExample> read(Path file) {
        List<Nl2SqlExample> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                Nl2SqlExample e = JSON.readValue(lines.get(i), Nl2SqlExample.class);
                Path db = base.resolve(e.db());
                out.add(new Nl2SqlExample(db.toString(), e.question(), e.sql(), e.difficulty(), e.construct()));
            } catch (IOException | NullPointerException ex) {
                throw new DatasetException(file + " line " + (i + 1) + ": not an example (need db, question, sql): " + ex.getMessage(), ex);
            }
        }
        if (out.isEmpty()) throw new DatasetException(file + " holds no examples");
        return out;
    }
}
