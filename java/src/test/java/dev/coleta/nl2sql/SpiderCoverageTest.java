package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL grammar on queries Coleta's generators did not write: a sample of Spider's gold
 * queries (src/test/resources/nl2sql/spider, CC BY-SA 4.0, see ATTRIBUTION.md), each against the
 * grammar of its own database built from Spider's tables.json, must be accepted at least
 * {@link #THRESHOLD} of the time; a hand-written list of harmful queries over the same databases
 * must all be rejected. The full figure: scripts/bench-sql-coverage.sh.
 */
class SpiderCoverageTest {
    /** Accepted share of the sample; the issue asks 97 % of the full set. */
    static final double THRESHOLD = 0.97;

    private static final Map<String, Grammar> GRAMMARS = new HashMap<>();

    private static Path resource(String name) {
        try {
            var url = SpiderCoverageTest.class.getResource("/nl2sql/spider/" + name);
            assertNotNull(url, "missing test resource nl2sql/spider/" + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Grammar grammar(String db) {
        return GRAMMARS.computeIfAbsent(db, d -> {
            Schema schema = SpiderImport.schemas(resource("tables.json")).get(d);
            assertNotNull(schema, "tables.json has no database " + d);
            return SqlGrammar.grammar(schema);
        });
    }

    /** Lines {@code query<TAB>db_id} (gold) or {@code db_id<TAB>query} (harmful), with the heading each stands under. */
    private record Line(String db, String sql, String heading) {
    }

    private static List<Line> lines(String file, boolean dbFirst) throws Exception {
        List<Line> out = new ArrayList<>();
        String heading = "";
        for (String l : java.nio.file.Files.readAllLines(resource(file))) {
            if (l.isBlank()) continue;
            if (l.startsWith("#")) {
                heading = l;
                continue;
            }
            String[] p = l.split("\t", 2);
            out.add(dbFirst ? new Line(p[0].strip(), p[1], heading) : new Line(p[1].strip(), p[0], heading));
        }
        return out;
    }

    @Test
    void acceptsTheSpiderSample() throws Exception {
        List<Line> gold = lines("gold-sample.txt", false);
        assertTrue(gold.size() >= 150, "sample has " + gold.size() + " queries");
        List<String> rejected = new ArrayList<>();
        for (Line g : gold) {
            if (!grammar(g.db()).accepts(g.sql())) rejected.add(g.db() + ": " + g.sql());
        }
        double rate = 1.0 - (double) rejected.size() / gold.size();
        assertTrue(rate >= THRESHOLD, String.format("accepted %.3f of %d, rejected: %s", rate, gold.size(), rejected));
    }

    @Test
    void rejectsEveryHarmfulQuery() throws Exception {
        List<Line> bad = lines("harmful.tsv", true);
        assertTrue(bad.size() >= 40, "harmful list has " + bad.size() + " queries");
        List<String> accepted = new ArrayList<>();
        for (Line b : bad) {
            if (grammar(b.db()).accepts(b.sql())) accepted.add(b.db() + ": " + b.sql());
            if (b.heading().contains("(guard)")) {
                SqlGuard guard = new SqlGuard(SpiderImport.schemas(resource("tables.json")).get(b.db()));
                assertThrows(SqlRejectedException.class, () -> guard.check(b.sql()), "the guard let through " + b.sql());
            }
        }
        assertEquals(List.of(), accepted, "harmful queries the grammar accepted");
    }

    @Test
    void theGrammarSeesTheQueriesItIsGiven() {
        // The sample's own databases: a query of one is not accepted by another's grammar.
        assertTrue(grammar("flight_2").accepts("SELECT count(*) FROM AIRLINES WHERE Country  =  \"USA\""));
        assertTrue(!grammar("pets_1").accepts("SELECT count(*) FROM AIRLINES WHERE Country  =  \"USA\""));
    }
}
