package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A random-weight model sampling under the schema grammar: every one of 200 queries (seven
 * databases, temperature 1, a different seed each) must pass the guard, and run on the
 * read-only SQLite connection or be refused by SQLite for one of the reasons the grammar
 * documents it cannot see (an alias the FROM clause does not declare, or binds to another
 * table; a bare column of a join that is in none or two of its tables). Takes a few minutes on
 * 2 cores (the grammar pass dominates); {@code -Dnl2sql.it.queries=N} runs fewer.
 */
public class Nl2SqlRandomModelIT {
    static final int QUERIES = Integer.getInteger("nl2sql.it.queries", 200);

    /**
     * SQLite's messages for what a context-free grammar cannot check (see SqlGrammar): an alias
     * the FROM clause does not declare ("no such table" for {@code x.*}: the guard has already
     * refused every table outside the schema), a column of another table, an ambiguous bare column.
     * Public: the CLI's IT checks {@code coleta sql} against the same list.
     */
    public static final List<String> UNSEEN_BY_GRAMMAR = List.of("no such column", "ambiguous column name", "no such table");

    @Test
    void everyGeneratedQueryParsesAndRunsReadOnly(@TempDir Path dir) {
        Path data = dir.resolve("d.jsonl");
        Nl2SqlData.write(data, 14, 3, "train");
        List<Nl2SqlExample> examples = Nl2SqlData.read(data);
        List<String> failures = new ArrayList<>();
        List<String> refusedBySqlite = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        Map<String, Grammar> grammars = new HashMap<>();
        long tokens = 0;
        long t0 = System.nanoTime();
        try (Model m = Model.load(TinyModels.tinyModel());
             Session s = m.newSession(SessionOptions.defaults().withContextSize(2048))) {
            // The default structure (subqueries two deep, four-table joins) with shorter lists,
            // literals and aliases: a random model fills every string to the limit, and time goes
            // per token.
            SqlGrammarOptions bounds = SqlGrammarOptions.defaults().withMaxSelectItems(3).withMaxConditions(3)
                    .withMaxListItems(3).withMaxStringLength(10).withMaxAliasLength(4);
            Nl2Sql nl2sql = new Nl2Sql(s, Nl2SqlOptions.defaults().withGrammar(bounds));
            // Training prompts (SqlPrompt.llama2) must be what the model's own template renders.
            assertEquals(SqlPrompt.llama2("system text", "user text"), s.chatPrompt("system text", "user text"));
            for (int i = 0; i < QUERIES; i++) {
                Nl2SqlExample e = examples.get(i % examples.size());
                Grammar g = grammars.computeIfAbsent(e.db(), nl2sql::grammar);
                Generation gen = s.generate(nl2sql.prompt(e.db(), e.question()), GenerateOptions.defaults().withGrammar(g)
                        .withMaxTokens(1024).withSampling(Sampling.defaults().withTemperature(1f).withSeed(i)));
                tokens += gen.generatedTokens();
                String sql = gen.text().strip();
                distinct.add(sql);
                try {
                    nl2sql.execute(e.db(), sql);
                } catch (SqlRejectedException ex) {
                    // A refusal by the guard (no SQLException cause) is always a failure.
                    boolean unseen = ex.getCause() instanceof java.sql.SQLException
                            && UNSEEN_BY_GRAMMAR.stream().anyMatch(text -> ex.getMessage().contains(text));
                    (unseen ? refusedBySqlite : failures).add(sql + " -> " + ex.getMessage());
                }
            }
        }
        System.out.printf("nl2sql IT: %d queries, %d distinct, %d refused by SQLite (%s), %d tokens, %.1f s%n", QUERIES, distinct.size(),
                refusedBySqlite.size(), String.join("/", UNSEEN_BY_GRAMMAR), tokens, (System.nanoTime() - t0) / 1e9);
        assertEquals(List.of(), failures, "generated queries the guard refused or that failed for another reason");
        assertTrue(distinct.size() > QUERIES / 2, "sampling produced only " + distinct.size() + " distinct queries");
    }
}
