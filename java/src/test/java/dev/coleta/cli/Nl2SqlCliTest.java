package dev.coleta.cli;

import dev.coleta.grammar.Grammar;
import dev.coleta.nl2sql.Nl2SqlData;
import dev.coleta.nl2sql.SyntheticDatabase;
import dev.coleta.nl2sql.Domains;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nl2sql commands that need no model, in-process; the model commands fail cleanly without one. */
class Nl2SqlCliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void grammarSqlFromDdlAndFromALiveDatabase(@TempDir Path dir) throws Exception {
        Path ddl = dir.resolve("shop.sql");
        Files.writeString(ddl, SyntheticDatabase.ddl(Domains.ALL.get(0)));
        Run r = run("grammar", "sql", "--ddl", ddl.toString());
        assertEquals(0, r.code(), r.err());
        Grammar g = Grammar.gbnf(r.out());
        assertTrue(g.accepts("SELECT T1.name FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        assertFalse(g.accepts("DROP TABLE customers"));

        Path db = dir.resolve("shop.sqlite");
        SyntheticDatabase.generate(Domains.ALL.get(0), 1).write(db);
        Run live = run("grammar", "sql", "--db", db.toString(), "--max-join-tables", "1");
        assertEquals(0, live.code(), live.err());
        Grammar single = Grammar.gbnf(live.out());
        assertTrue(single.accepts("SELECT name FROM customers"));
        assertFalse(single.accepts("SELECT T1.name FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        Run url = run("grammar", "sql", "--db", "jdbc:sqlite:" + db, "--max-join-tables", "1");
        assertEquals(live.out(), url.out(), "same grammar through a JDBC URL and from the file");

        String nested = "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders)";
        assertTrue(g.accepts(nested), "the default depth 2 allows a subquery");
        Run flat = run("grammar", "sql", "--ddl", ddl.toString(), "--subquery-depth", "0");
        assertEquals(0, flat.code(), flat.err());
        Grammar noSub = Grammar.gbnf(flat.out());
        assertFalse(noSub.accepts(nested), "depth 0 allows none");
        assertTrue(noSub.accepts("SELECT name FROM customers WHERE id = 1"));
        Run strict = run("grammar", "sql", "--ddl", ddl.toString(), "--strict");
        assertEquals(0, strict.code(), strict.err());
        Grammar one = Grammar.gbnf(strict.out());
        assertTrue(one.accepts("SELECT T1.name FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        assertFalse(one.accepts("select name from customers"), "strict: upper-case keywords only");
        assertTrue(g.accepts("select name from customers"));

        assertEquals(ExitCodes.USAGE, run("grammar", "sql").code());
        assertEquals(ExitCodes.USAGE, run("grammar", "sql", "--db", db.toString(), "--ddl", ddl.toString()).code());
        Run missing = run("grammar", "sql", "--db", dir.resolve("none.sqlite").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code());
        assertTrue(missing.err().startsWith("coleta: error: ") && missing.err().contains("none.sqlite"), missing.err());
    }

    @Test
    void dataNl2SqlWritesTheRequestedSplit(@TempDir Path dir) {
        Path out = dir.resolve("test.jsonl");
        Run r = run("data", "nl2sql", "--out", out.toString(), "--n", "30", "--seed", "4", "--split", "test");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote 30 examples"), r.out());
        assertEquals(30, Nl2SqlData.read(out).size());
        assertTrue(Files.isRegularFile(dir.resolve("test.jsonl.dbs/movies.sqlite")));
        Run bad = run("data", "nl2sql", "--out", out.toString(), "--n", "5", "--split", "dev");
        assertEquals(ExitCodes.USAGE, bad.code()); // a bad option value is a usage error (README: exit 2)
        assertTrue(bad.err().contains("--split must be train or test"), bad.err());
        Path drawn = dir.resolve("drawn.jsonl");
        Run withDrawn = run("data", "nl2sql", "--out", drawn.toString(), "--n", "20", "--random-domains", "3");
        assertEquals(0, withDrawn.code(), withDrawn.err());
        assertTrue(Files.isRegularFile(dir.resolve("drawn.jsonl.dbs/gen2.sqlite")), "the third drawn schema's database");
        assertTrue(Nl2SqlData.read(drawn).stream().anyMatch(e -> e.db().endsWith("gen0.sqlite")));
        Run drawnTest = run("data", "nl2sql", "--out", drawn.toString(), "--n", "5", "--split", "test", "--random-domains", "2");
        assertEquals(ExitCodes.USAGE, drawnTest.code());
        assertTrue(drawnTest.err().contains("--random-domains is for the train split only"), drawnTest.err());
        // --backend (shared by every model command) is checked before anything loads
        Run backend = run("sql", "--backend", "no-such-engine", "--model", out.toString(), "--db", "x.sqlite", "--question", "q");
        assertEquals(ExitCodes.USAGE, backend.code(), backend.err());
        assertTrue(backend.err().contains("unknown backend 'no-such-engine'; known here: [coleta"), backend.err());
    }

    @Test
    void sqlAndEvalOptionsMapToTheLibrarysOptions() {
        Nl2SqlMixin flags = new Nl2SqlMixin();
        flags.maxTokens = 256;
        dev.coleta.nl2sql.Nl2SqlOptions plain = flags.options();
        assertEquals(dev.coleta.nl2sql.Nl2SqlOptions.defaults(), plain, "no flags: the library's defaults");
        flags.maxTokens = 64;
        flags.noSamples = true;
        flags.strict = true;
        dev.coleta.nl2sql.Nl2SqlOptions tuned = flags.options();
        assertEquals(64, tuned.maxTokens());
        assertFalse(tuned.samples(), "--no-samples: the prompt coleta tune trains on");
        assertTrue(tuned.grammar().strict(), "--strict");
        assertFalse(tuned.linking());
        flags.link = true;
        assertTrue(flags.options().linking(), "--link");
    }

    @Test
    void modelCommandsFailWithOneLineWithoutAModel(@TempDir Path dir) {
        Path db = dir.resolve("shop.sqlite");
        SyntheticDatabase.generate(Domains.ALL.get(0), 1).write(db);
        Run sql = run("sql", "--model", dir.resolve("none.gguf").toString(), "--db", db.toString(), "--question", "How many customers?");
        assertTrue(sql.code() != 0);
        assertEquals(1, sql.err().lines().count(), sql.err());
        assertEquals(ExitCodes.USAGE, run("sql", "--db", db.toString(), "--question", "q").code(), "--model is required");
        Run eval = run("eval", "nl2sql", "--model", dir.resolve("none.gguf").toString(), "--data", dir.resolve("none.jsonl").toString());
        assertEquals(ExitCodes.BAD_INPUT, eval.code());
        assertTrue(eval.err().contains("none.jsonl"), eval.err());
    }
}
