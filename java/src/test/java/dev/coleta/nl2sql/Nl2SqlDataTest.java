package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Nl2SqlDataTest {
    @Test
    void deterministicBySeedEveryConstructAndEveryQueryIsInTheGrammarAndRuns(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        Nl2SqlData.Written w = Nl2SqlData.write(a, 180, 7, "train");
        Nl2SqlData.write(b, 180, 7, "train");
        Nl2SqlData.write(c, 180, 8, "train");
        assertEquals(Files.readString(a).replace("a.jsonl.dbs", "X"), Files.readString(b).replace("b.jsonl.dbs", "X"));
        assertNotEquals(Files.readString(a).replace("a.jsonl.dbs", "X"), Files.readString(c).replace("c.jsonl.dbs", "X"));
        assertEquals(new QuestionGenerator(SyntheticDatabase.generate(Domains.ALL.get(0), 1), 1).templateCount(), w.byConstruct().keySet()
                .stream().map(k -> k.equals("or") || k.equals("not") ? "and" : k.equals("intersect") || k.equals("except") ? "union"
                        : k.equals("join-group-order") ? "join-group" : k).distinct().count(), "constructs: " + w.byConstruct());
        List<Nl2SqlExample> examples = Nl2SqlData.read(a);
        assertEquals(180, examples.size());
        Map<String, Grammar> grammars = new HashMap<>();
        Set<String> questions = new HashSet<>();
        for (Nl2SqlExample e : examples) {
            Schema s = SchemaReader.fromDatabase(e.db());
            Grammar g = grammars.computeIfAbsent(e.db(), k -> SqlGrammar.grammar(s));
            assertTrue(g.accepts(e.sql()), e.sql());
            ReadOnlyDatabase.query(e.db(), new SqlGuard(s), e.sql());
            questions.add(e.question());
        }
        assertTrue(questions.size() > 150, "too few distinct questions: " + questions.size());
        // training turns, laid out later by the model's own template (no hand-written layout)
        String first = Files.readAllLines(a).get(0);
        assertTrue(first.contains("\"messages\":[{\"role\":\"system\"") && !first.contains("[INST]"), first);
    }

    @Test
    void namingVariantsAreNewSchemasThatTheGrammarAndSqliteStillAccept(@TempDir Path dir) {
        Set<String> ddls = new HashSet<>();
        boolean quotedTable = false;
        boolean pascal = false;
        for (String name : List.of("shop", "sports")) {
            Domains.Domain base = Domains.ALL.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
            for (long seed = 1; seed <= 6; seed++) {
                Domains.Domain v = Domains.variant(base, seed);
                String ddl = SyntheticDatabase.ddl(v);
                if (!ddls.add(ddl)) continue;
                quotedTable |= ddl.contains("CREATE TABLE \"order\"") || ddl.contains("CREATE TABLE \"match\"");
                pascal |= ddl.contains("SignupDate") || ddl.contains("HomeScore");
                SyntheticDatabase db = SyntheticDatabase.generate(v, seed);
                Path f = dir.resolve(name + seed + ".sqlite");
                db.write(f);
                Schema schema = SchemaReader.fromDatabase(f.toString());
                Grammar g = SqlGrammar.grammar(schema);
                QuestionGenerator qg = new QuestionGenerator(db, seed);
                for (int i = 0; i < qg.templateCount(); i++) {
                    String sql = qg.next(i).sql();
                    assertTrue(g.accepts(sql), sql);
                    ReadOnlyDatabase.query(f.toString(), new SqlGuard(schema), sql);
                }
            }
        }
        assertTrue(ddls.size() >= 4, "only " + ddls.size() + " distinct schemas");
        assertTrue(quotedTable, "no variant with a keyword table name");
        assertTrue(pascal, "no PascalCase variant");
    }

    @Test
    void testSplitUsesOtherSchemas(@TempDir Path dir) {
        Set<String> train = new HashSet<>(Domains.split("train").stream().map(Domains.Domain::name).toList());
        Set<String> test = new HashSet<>(Domains.split("test").stream().map(Domains.Domain::name).toList());
        assertTrue(train.size() >= 7 && test.size() >= 3);
        Set<String> tables = new HashSet<>();
        for (Domains.Domain d : Domains.split("train")) d.tables().forEach(t -> tables.add(t.name()));
        for (Domains.Domain d : Domains.split("test")) d.tables().forEach(t -> assertTrue(!tables.contains(t.name()), t.name()));
        Nl2SqlData.write(dir.resolve("t.jsonl"), 12, 1, "test");
        for (Nl2SqlExample e : Nl2SqlData.read(dir.resolve("t.jsonl"))) {
            String domain = Path.of(e.db()).getFileName().toString().replace(".sqlite", "");
            assertTrue(test.contains(domain), domain);
        }
        assertThrows(IllegalArgumentException.class, () -> Nl2SqlData.write(dir.resolve("x.jsonl"), 1, 1, "dev"));
        assertThrows(IllegalArgumentException.class, () -> Nl2SqlData.write(dir.resolve("x.jsonl"), 0, 1, "train"));
    }
}
