package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import dev.coleta.nl2sql.Domains.Col;
import dev.coleta.nl2sql.Domains.Domain;
import dev.coleta.nl2sql.Domains.Kind;
import dev.coleta.nl2sql.Domains.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomDomainsTest {
    @Test
    void testOnlyWordsAreTheTestSchemasNamesThatTrainingLacks() {
        Set<String> words = RandomDomains.testOnlyWords();
        assertTrue(words.containsAll(List.of("studios", "movie_id", "cuisine", "reviewer", "goalkeeper", "home_score")), words.toString());
        assertFalse(words.contains("city"), "city is a training column too");
        assertFalse(words.contains("name"), "name is a training column too");
    }

    @Test
    void drawnSchemasAreDeterministicVariedAndNeverUseTestOnlyWords() {
        List<Domain> a = RandomDomains.generate(200, 5);
        assertEquals(a, RandomDomains.generate(200, 5));
        assertNotEquals(a, RandomDomains.generate(200, 6));
        Set<String> ddls = new HashSet<>();
        Set<String> tableNames = new HashSet<>();
        for (Domain d : a) {
            ddls.add(SyntheticDatabase.ddl(d));
            assertTrue(d.tables().size() >= 2 && d.tables().size() <= 4, d.name());
            Set<String> names = new HashSet<>();
            for (int i = 0; i < d.tables().size(); i++) {
                TableSpec t = d.tables().get(i);
                assertTrue(names.add(t.name()), "table names unique in " + d.name());
                tableNames.add(t.name());
                assertFalse(RandomDomains.testOnlyWords().contains(t.name()), t.name());
                Set<String> cols = new HashSet<>();
                for (Col c : t.cols()) {
                    assertTrue(cols.add(c.name()), "column names unique in " + t.name());
                    assertFalse(RandomDomains.testOnlyWords().contains(c.name()), c.name());
                    if (c.kind() == Kind.CATEGORY) {
                        assertFalse(c.values().isEmpty(), c.name());
                        c.values().forEach(v -> assertFalse(RandomDomains.testOnlyWords().contains(v), v));
                    }
                }
                boolean refersBack = t.cols().stream().anyMatch(c -> c.kind() == Kind.FK);
                assertEquals(i > 0, refersBack, "every table after the first refers to an earlier one: " + t.name());
            }
        }
        assertEquals(200, ddls.size(), "no two drawn schemas alike");
        // every other schema is named with invented words only: names no other schema repeats
        for (int i = 0; i < a.size(); i++) {
            boolean invented = a.get(i).tables().stream().allMatch(t -> t.name().matches("([bdfgklmnprstvz][aeiou]){3}s"));
            assertEquals(i % 2 == 1, invented, a.get(i).name() + ": " + a.get(i).tables());
        }
        assertTrue(tableNames.size() > 100, "table names drawn: " + tableNames.size());
        assertThrows(IllegalArgumentException.class, () -> RandomDomains.generate(-1, 1));
    }

    @Test
    void everyConstructOnDrawnSchemasIsInTheGrammarAndRunsOnSqlite(@TempDir Path dir) {
        for (Domain d : RandomDomains.generate(12, 3)) {
            Domain v = Domains.variant(d, 3);
            SyntheticDatabase db = SyntheticDatabase.generate(v, 3);
            Path f = dir.resolve(d.name() + ".sqlite");
            db.write(f);
            Schema schema = SchemaReader.fromDatabase(f.toString());
            Grammar g = SqlGrammar.grammar(schema);
            QuestionGenerator qg = new QuestionGenerator(db, 3);
            for (int i = 0; i < qg.templateCount(); i++) {
                String sql = qg.next(i).sql();
                assertTrue(g.accepts(sql), d.name() + ": " + sql);
                ReadOnlyDatabase.query(f.toString(), new SqlGuard(schema), sql);
            }
        }
    }

    @Test
    void nl2sqlDataAsksEveryConstructOfDrawnSchemas(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("train.jsonl");
        Nl2SqlData.Written w = Nl2SqlData.write(out, 600, 9, "train", 50);
        assertEquals(600, w.examples());
        List<Nl2SqlExample> examples = Nl2SqlData.read(out);
        Set<String> dbs = new HashSet<>();
        Set<String> drawnConstructs = new HashSet<>();
        List<String> lines = Files.readAllLines(out);
        for (int i = 0; i < examples.size(); i++) {
            dbs.add(examples.get(i).db());
            if (examples.get(i).db().contains("/gen")) drawnConstructs.add(examples.get(i).construct());
        }
        assertEquals(57, dbs.size(), "7 hand-made and 50 drawn databases");
        assertTrue(drawnConstructs.size() >= 25, "constructs asked of drawn schemas: " + drawnConstructs);
        assertTrue(lines.get(7).contains("gen0.sqlite"), lines.get(7));
        assertThrows(IllegalArgumentException.class, () -> Nl2SqlData.write(dir.resolve("t.jsonl"), 10, 1, "test", 2));
        assertThrows(IllegalArgumentException.class, () -> Nl2SqlData.write(dir.resolve("t.jsonl"), 10, 1, "train", -1));
    }
}
