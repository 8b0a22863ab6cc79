package dev.coleta.grammar;

import dev.coleta.bench.JsonSchemaBenchmark;
import dev.coleta.bench.JsonSchemaBenchmark.Outcome;
import dev.coleta.bench.JsonSchemaBenchmark.Summary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendored sample of JSONSchemaBench (100 real-world schemas with valid and invalid
 * instances, see resources/jsonschemabench/ATTRIBUTION.md): no invalid instance may be
 * accepted, and most schemas must pass. scripts/bench-jsonschema.sh gives the full figure.
 */
class JsonSchemaBenchSampleTest {
    /** Passing share required of the sample; it measured 0.96 when this test was written. */
    private static final double MIN_PASS = 0.90;

    @Test
    void sampleCoverageWithNoInvalidInstanceAccepted() throws Exception {
        Path dir = Path.of(getClass().getResource("/jsonschemabench").toURI());
        List<Path> files = JsonSchemaBenchmark.files(dir, 1);
        assertEquals(100, files.size());
        Summary s = JsonSchemaBenchmark.run(files, JsonSchemaOptions.exact());
        List<String> invalid = s.results().stream().filter(r -> r.outcome() == Outcome.INVALID_ACCEPTED)
                .map(r -> r.file() + ": " + r.reason()).toList();
        assertEquals(List.of(), invalid);
        assertEquals(0, s.invalidAccepted());
        assertTrue(s.invalidInstances() > 100, "the sample must hold invalid instances to reject: " + s.invalidInstances());
        double pass = (double) s.count(Outcome.PASS) / files.size();
        String detail = s.results().stream().filter(r -> r.outcome() != Outcome.PASS)
                .map(r -> r.outcome() + " " + r.file() + ": " + r.reason()).reduce("", (a, b) -> a + "\n" + b);
        System.out.printf("JSONSchemaBench sample: %d / %d pass, %d refused, %d failed; valid accepted %d / %d, invalid accepted %d / %d%n",
                s.count(Outcome.PASS), files.size(), s.count(Outcome.REFUSED), s.count(Outcome.FAILED),
                s.validAccepted(), s.validInstances(), s.invalidAccepted(), s.invalidInstances());
        assertTrue(pass >= MIN_PASS, "pass " + pass + " below " + MIN_PASS + detail);
    }
}
