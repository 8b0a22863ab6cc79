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
 * The grammar against the corpora: at least 500 SELECTs over at least 8 schemas; every
 * hand-written one and at least 99 % of the generated ones must be accepted, and every one must
 * run on the read-only database. Every DML/DDL/multi-statement/forbidden-function/comment query
 * must be rejected by the grammar, and refused by the guard or the read-only database with the
 * guard's own exception.
 */
class SqlGrammarCorpusTest {
    @TempDir
    static Path dbs;

    @Test
    void acceptsTheReferenceCorpusAndEveryAcceptedQueryRuns() {
        List<Corpus.Query> generated = Corpus.queries("accepted-generated.tsv");
        List<Corpus.Query> handwritten = Corpus.queries("accepted-handwritten.tsv");
        List<Corpus.Query> all = new ArrayList<>(generated);
        all.addAll(handwritten);
        assertTrue(all.size() >= 500, "corpus has " + all.size() + " queries");
        assertTrue(handwritten.size() >= 60, "hand-written corpus has " + handwritten.size() + " queries");
        assertTrue(new HashSet<>(all.stream().map(Corpus.Query::schema).toList()).size() >= 8, "fewer than 8 schemas");
        // Per file: a rate over both would let the 70 hand-written queries fail unseen.
        List<String> rejectedGenerated = rejected(generated);
        double rate = 1.0 - (double) rejectedGenerated.size() / generated.size();
        assertTrue(rate >= 0.99, "accepted " + rate + " of the generated queries, rejected: " + rejectedGenerated);
        assertEquals(List.of(), rejected(handwritten), "hand-written queries the grammar rejected");
        List<String> failed = new ArrayList<>();
        for (Corpus.Query q : all) {
            try {
                ReadOnlyDatabase.query(Corpus.database(dbs, q.schema()).toString(), new SqlGuard(Corpus.schema(q.schema())), q.sql());
            } catch (SqlRejectedException e) {
                failed.add(q.schema() + ": " + q.sql() + " -> " + e.getMessage());
            }
        }
        assertEquals(List.of(), failed, "corpus queries that did not run");
    }

    private static List<String> rejected(List<Corpus.Query> queries) {
        List<String> out = new ArrayList<>();
        for (Corpus.Query q : queries) {
            if (!Corpus.grammar(q.schema()).accepts(q.sql())) out.add(q.schema() + ": " + q.sql());
        }
        return out;
    }

    @Test
    void rejectsEveryBadQuery() {
        List<Corpus.Query> bad = Corpus.queries("rejected.tsv");
        assertTrue(bad.size() >= 50, "bad corpus has " + bad.size() + " queries");
        List<String> accepted = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        for (Corpus.Query q : bad) {
            if (Corpus.grammar(q.schema()).accepts(q.sql())) accepted.add(q.sql());
            // Defence in depth: even without the grammar, the guard or the read-only database
            // refuses it, with SqlRejectedException; any other exception fails the test.
            try {
                ReadOnlyDatabase.query(Corpus.database(dbs, q.schema()).toString(), new SqlGuard(Corpus.schema(q.schema())), q.sql());
                ran.add(q.sql());
            } catch (SqlRejectedException expected) {
                // refused
            }
        }
        assertEquals(List.of(), accepted, "bad queries the grammar accepted");
        assertEquals(List.of(), ran, "bad queries that ran");
    }
}
