package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.TextGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade with a scripted generator standing in for a model (the model itself is covered by the ITs). */
class Nl2SqlTest {
    /** Answers with a fixed text; counts a token per four characters. */
    static final class Scripted implements TextGenerator {
        final String answer;
        final int context;
        final List<String> prompts = new ArrayList<>();
        Grammar grammar;

        Scripted(String answer, int context) {
            this.answer = answer;
            this.context = context;
        }

        @Override
        public String complete(String prompt, Grammar g, int maxTokens) {
            prompts.add(prompt);
            grammar = g;
            return answer;
        }

        @Override
        public int countTokens(String text) {
            return text.length() / 4;
        }

        @Override
        public int contextSize() {
            return context;
        }

        @Override
        public String chatPrompt(String system, String user) {
            return SqlPrompt.llama2(system, user);
        }
    }

    @Test
    void asksUnderTheSchemaGrammarChecksAndRunsReadOnly(@TempDir Path dir) {
        String db = Corpus.database(dir, "shop").toString();
        Scripted model = new Scripted(" SELECT name FROM customers WHERE segment = 'retail' \n", 4096);
        Nl2Sql nl2sql = new Nl2Sql(model, Nl2SqlOptions.defaults());
        String sql = nl2sql.sql(db, "Which customers are retail?");
        assertEquals("SELECT name FROM customers WHERE segment = 'retail'", sql);
        assertTrue(model.grammar.accepts(sql), "the grammar given to the model is the schema's");
        assertFalse(model.grammar.accepts("SELECT name FROM pets"));
        assertSame(model.grammar, nl2sql.grammar(db), "grammar cached per database");
        String prompt = model.prompts.get(0);
        assertTrue(prompt.startsWith("[INST] <<SYS>>\n" + SqlPrompt.SYSTEM), prompt);
        assertTrue(prompt.contains("CREATE TABLE customers (") && prompt.contains("-- e.g. ") && prompt.contains("Question: Which customers are retail?"), prompt);
        var rows = nl2sql.execute(db, sql);
        assertEquals(List.of("name"), rows.columns());
        assertFalse(rows.rows().isEmpty());
    }

    @Test
    void dropsSamplesWhenTheContextIsSmallAndRefusesWhatDoesNotFit(@TempDir Path dir) {
        String db = Corpus.database(dir, "shop").toString();
        int withSamples = new Scripted("", 0).countTokens(SqlPrompt.llama2(SqlPrompt.SYSTEM,
                SqlPrompt.user(SchemaReader.fromDatabase(db), "q", true)));
        Scripted small = new Scripted("SELECT 1 FROM customers", withSamples + 100);
        Nl2Sql n = new Nl2Sql(small, Nl2SqlOptions.defaults().withMaxTokens(200));
        String p = n.prompt(db, "q");
        assertFalse(p.contains("-- e.g."), p);
        Nl2Sql tiny = new Nl2Sql(new Scripted("", 100), Nl2SqlOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> tiny.prompt(db, "q"));
        assertThrows(IllegalArgumentException.class, () -> n.prompt(db, " "));
    }

    @Test
    void withSamplesFalseLeavesSampleValuesOutOfThePrompt(@TempDir Path dir) {
        String db = Corpus.database(dir, "shop").toString();
        Nl2SqlOptions without = Nl2SqlOptions.defaults().withSamples(false);
        assertFalse(without.samples());
        assertTrue(Nl2SqlOptions.defaults().samples(), "default true");
        String withSamples = new Nl2Sql(new Scripted("", 1 << 16), Nl2SqlOptions.defaults()).prompt(db, "q");
        String noSamples = new Nl2Sql(new Scripted("", 1 << 16), without).prompt(db, "q");
        assertTrue(withSamples.contains("-- e.g. "), withSamples);
        assertFalse(noSamples.contains("-- e.g. "), noSamples);
        // the same prompt less the sample comments
        assertEquals(withSamples.replaceAll(" -- e\\.g\\. [^\\n]*", ""), noSamples);
    }

    @Test
    void withLinkingThePromptAndTheGrammarHoldOnlyTheTablesAsked(@TempDir Path dir) {
        String db = Corpus.database(dir, "shop").toString();
        Scripted model = new Scripted("SELECT name FROM customers WHERE city = 'Porto'", 1 << 16);
        Nl2Sql linked = new Nl2Sql(model, Nl2SqlOptions.defaults().withLinking(true));
        assertTrue(linked.schema(db).tables().size() > 1, "the shop has several tables");
        assertEquals(List.of("customers"), linked.schema(db, "Which customers live in Porto?").tables().stream().map(Schema.Table::name).toList());
        assertEquals("SELECT name FROM customers WHERE city = 'Porto'", linked.sql(db, "Which customers live in Porto?"));
        String prompt = model.prompts.get(0);
        assertTrue(prompt.contains("CREATE TABLE customers (") && !prompt.contains("CREATE TABLE orders ("), prompt);
        assertFalse(model.grammar.accepts("SELECT id FROM orders"), "the grammar holds the linked tables only");
        assertTrue(model.grammar.accepts("SELECT name FROM customers"));
        assertSame(model.grammar, linked.grammar(db, "How many customers are there?"), "one grammar per linked table set");
        assertTrue(linked.grammar(db).accepts("SELECT id FROM orders"), "grammar(db) is the whole schema's");
        // a question naming no table keeps the whole schema; without linking the question does not matter
        assertEquals(linked.schema(db), linked.schema(db, "What is the answer?"));
        Nl2Sql plain = new Nl2Sql(model, Nl2SqlOptions.defaults());
        assertEquals(plain.schema(db), plain.schema(db, "Which customers live in Porto?"));
        assertSame(plain.grammar(db), plain.grammar(db, "Which customers live in Porto?"));
        assertFalse(Nl2SqlOptions.defaults().linking(), "default off");
    }

    @Test
    void aModelAnswerThatIsNotOneSelectIsRefused(@TempDir Path dir) {
        String db = Corpus.database(dir, "shop").toString();
        Nl2Sql n = new Nl2Sql(new Scripted("DELETE FROM customers", 8192), Nl2SqlOptions.defaults());
        assertThrows(SqlRejectedException.class, () -> n.sql(db, "delete everything"));
    }

    @Test
    void thePromptExampleInTasksMatchesTheCode() throws Exception {
        // tasks/nl2sql/prompt-example.txt documents the prompt; it must be what the code builds.
        Path example = Path.of("../tasks/nl2sql/prompt-example.txt");
        Schema schema = SchemaReader.fromDdl(Corpus.resource("schemas/shop.sql"));
        String built = SqlPrompt.llama2(SqlPrompt.SYSTEM, SqlPrompt.user(schema, "How many customers live in Lisbon?", false));
        assertEquals(Files.readString(example), built);
        // the question part alone, as later turns of a training chat ask it
        assertTrue(built.endsWith("\n" + SqlPrompt.question("  How many customers live in Lisbon? ") + " [/INST]"), built);
        assertThrows(IllegalArgumentException.class, () -> SqlPrompt.question(" "));
        // tasks/nl2sql/schemas are the test schemas, shipped for users.
        for (Domains.Domain d : Domains.ALL) {
            assertEquals(Corpus.resource("schemas/" + d.name() + ".sql"), Files.readString(Path.of("../tasks/nl2sql/schemas/" + d.name() + ".sql")));
            assertEquals(SyntheticDatabase.ddl(d), Corpus.resource("schemas/" + d.name() + ".sql"));
        }
    }
}
