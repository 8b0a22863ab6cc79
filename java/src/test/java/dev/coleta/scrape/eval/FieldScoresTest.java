package dev.coleta.scrape.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FieldScoresTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode j(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void handComputedScores() throws Exception {
        // gold: 5 non-null fields; predicted: 4 non-null, of which 2 right (case and space
        // differences do not count), 1 wrong, 1 in an item gold does not have.
        JsonNode gold = j("{\"items\":[{\"a\":\"X\",\"b\":\"Y\"},{\"a\":\"Z\",\"b\":null}],\"t\":\"Title\",\"n\":3}");
        JsonNode pred = j("{\"items\":[{\"a\":\"x\",\"b\":\"wrong\"},{\"a\":null,\"b\":null},{\"a\":\"extra\"}],\"t\":\" title \",\"n\":null}");
        FieldScores s = FieldScores.compare(gold, pred);
        assertEquals(new FieldScores(5, 4, 2, 0), s);
        assertEquals(0.5, s.precision(), 1e-9);
        assertEquals(0.4, s.recall(), 1e-9);
        assertEquals(2 * 0.5 * 0.4 / 0.9, s.f1(), 1e-9);
    }

    @Test
    void exactMatchAndSums() throws Exception {
        FieldScores same = FieldScores.compare(j("{\"a\":\"1\",\"b\":null}"), j("{\"a\":\"1\"}"));
        assertEquals(new FieldScores(1, 1, 1, 1), same);
        FieldScores none = FieldScores.compare(j("{\"a\":\"1\"}"), j("null"));
        assertEquals(new FieldScores(1, 0, 0, 0), none);
        FieldScores sum = same.plus(none);
        assertEquals(new FieldScores(2, 1, 1, 1), sum);
        assertEquals(1.0, sum.precision(), 1e-9);
        assertEquals(0.5, sum.recall(), 1e-9);
    }
}
