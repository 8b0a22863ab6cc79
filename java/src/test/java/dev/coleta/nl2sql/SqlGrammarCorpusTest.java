package dev.coleta.nl2sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grammar against the corpora: at least 500 SELECTs over at least 8 schemas (generated and
 * hand-written) must be accepted (at least 99 %) and must run on the read-only database; every
 * DML/DDL/multi-statement/forbidden-function/comment query must be rejected.
 */
class SqlGrammarCorpusTest {
    @TempDir
    static Path dbs;

    @Test
    void acceptsTheReferenceCorpusAndEveryAcceptedQueryRuns() {
        List<Corpus.Query> all = new ArrayList<>(Corpus.queries("accepted-generated.tsv"));
        all.addAll(Corpus.queries("accepted-handwritten.tsv"));
        assertTrue(all.size() >= 500, "corpus has " + all.size() + " queries");
        assertTrue(new HashSet<>(all.stream().map(Corpus.Query::schema).toList()).size() >= 8, "fewer than 8 schemas");
        List<String> rejected = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Corpus.Query q : all) {
            if (!Corpus.grammar(q.schema()).accepts(q.sql())) rejected.add(q.schema() + ": " + q.sql());
            try {
                ReadOnlyDatabase.query(Corpus.database(dbs, q.schema()).toString(), new SqlGuard(Corpus.schema(q.schema())), q.sql());
            } catch (RuntimeException e) {
                failed.add(q.schema() + ": " + q.sql() + " -> " + e.getMessage());
            }
        }
        double rate = 1.0 - (double) rejected.size() / all.size();
        assertTrue(rate >= 0.99, "accepted " + rate + ", rejected: " + rejected);
        assertEquals(List.of(), failed, "corpus queries that did not run");
    }

    @Test
    void rejectsEveryBadQuery() {
        List<Corpus.Query> bad = Corpus.queries("rejected.tsv");
        assertTrue(bad.size() >= 50, "bad corpus has " + bad.size() + " queries");
        List<String> accepted = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        for (Corpus.Query q : bad) {
            if (Corpus.grammar(q.schema()).accepts(q.sql())) accepted.add(q.sql());
            // Defence in depth: even without the grammar, the guard or the read-only database refuses it.
            try {
                ReadOnlyDatabase.query(Corpus.database(dbs, q.schema()).toString(), new SqlGuard(Corpus.schema(q.schema())), q.sql());
                ran.add(q.sql());
            } catch (RuntimeException expected) {
                // refused
            }
        }
        assertEquals(List.of(), accepted, "bad queries the grammar accepted");
        assertEquals(List.of(), ran, "bad queries that ran");
    }
}
