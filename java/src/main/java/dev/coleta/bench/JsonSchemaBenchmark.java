package dev.coleta.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.GrammarException;
import dev.coleta.grammar.Grammar;
import dev.coleta.grammar.JsonSchemaOptions;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * JSON-Schema coverage on JSONSchemaBench (github.com/guidance-ai/jsonschemabench,
 * {@code maskbench/data}): each file holds a real-world schema and instances marked valid or
 * invalid. A schema <em>passes</em> when it compiles to a grammar, the grammar accepts every
 * valid instance and rejects every invalid one (judged by llama.cpp's grammar engine through
 * {@link Grammar#accepts}); schemas without instances pass when they compile, as in the
 * benchmark's own scoring. Instances are written as the benchmark's runner writes them
 * (Python's {@code json.dumps(data, ensure_ascii=False)}: {@code ", "} and {@code ": "}
 * separators, numbers as Python prints them). Usage:
 *
 * <pre>java -cp coleta.jar dev.coleta.bench.JsonSchemaBenchmark DIR [--every N] [--bounded] [--show N] [--list]</pre>
 *
 * By default the grammar is the schema's own language ({@link JsonSchemaOptions#exact()});
 * {@code --bounded} measures the generation policy ({@link JsonSchemaOptions#defaults()}),
 * whose length bounds reject long valid instances by design. {@code --list} names every schema
 * that did not pass, with the reason.
 */
public final class JsonSchemaBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** What became of one schema. */
    public enum Outcome { PASS, REFUSED, FAILED, INVALID_ACCEPTED }

    /** One schema's result: outcome, a reason for refusals and failures, and the time spent. */
    public record Result(String file, Outcome outcome, String reason, long millis) {
    }

    /** Totals over a run. */
    public record Summary(List<Result> results, int validInstances, int validAccepted, int invalidInstances, int invalidAccepted) {
        public long count(Outcome o) {
            return results.stream().filter(r -> r.outcome() == o).count();
        }
    }

    private JsonSchemaBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = null;
        int every = 1;
        int show = 15;
        boolean list = false;
        JsonSchemaOptions options = JsonSchemaOptions.exact();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--every" -> every = Integer.parseInt(args[++i]);
                case "--bounded" -> options = JsonSchemaOptions.defaults();
                case "--show" -> show = Integer.parseInt(args[++i]);
                case "--list" -> list = true;
                default -> {
                    if (dir != null || args[i].startsWith("--")) throw new IllegalArgumentException("unknown argument " + args[i]);
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null) throw new IllegalArgumentException("usage: JsonSchemaBenchmark DIR [--every N] [--bounded] [--show N]");
        List<Path> files = files(dir, every);
        long t0 = System.nanoTime();
        Summary s = run(files, options);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("JSONSchemaBench %s: %d schemas (every %d of %d files), grammar mode: %s%n", dir, files.size(), every,
                files(dir, 1).size(), options.bounded() ? "bounded (generation policy: maxLength " + options.maxLength()
                        + ", maxItems " + options.maxItems() + ")" : "exact (the schema's own language, no generation bounds)");
        int n = files.size();
        for (Outcome o : Outcome.values()) {
            System.out.printf("  %-17s %6d  %5.1f %%%n", o.name().toLowerCase().replace('_', '-'), s.count(o), 100.0 * s.count(o) / n);
        }
        System.out.printf("  instances: valid accepted %d / %d, invalid accepted %d / %d; %.0f s%n",
                s.validAccepted(), s.validInstances(), s.invalidAccepted(), s.invalidInstances(), secs);
        printTop("top refusal reasons", s, Outcome.REFUSED, show);
        printTop("top failure reasons", s, Outcome.FAILED, show);
        for (Result r : s.results()) {
            if (list && r.outcome() != Outcome.PASS && r.outcome() != Outcome.INVALID_ACCEPTED) {
                System.out.println("  " + r.outcome() + ": " + r.file() + ": " + abbreviate(r.reason()));
            }
            if (r.outcome() == Outcome.INVALID_ACCEPTED) System.out.println("  INVALID ACCEPTED: " + r.file() + ": " + r.reason());
        }
        System.out.println("slowest schemas:");
        s.results().stream().sorted(Comparator.comparingLong(Result::millis).reversed()).limit(5)
                .forEach(r -> System.out.printf("  %6d ms %s (%s)%n", r.millis(), r.file(), r.outcome()));
    }

    private static void printTop(String title, Summary s, Outcome o, int show) {
        Map<String, Integer> reasons = new HashMap<>();
        for (Result r : s.results()) if (r.outcome() == o) reasons.merge(reasonKey(r.reason()), 1, Integer::sum);
        if (reasons.isEmpty()) return;
        System.out.println(title + ":");
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(show)
                .forEach(e -> System.out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
    }

    /** A refusal message without its schema path and quoted values, so that alike refusals count together. */
    static String reasonKey(String message) {
        String m = message.replaceAll(" at #\\S*", "").replaceAll("(?s):.*", "");
        return m.length() > 140 ? m.substring(0, 140) + "..." : m;
    }

    /** The {@code .json} files of {@code dir} in name order, every {@code every}th from the first. */
    public static List<Path> files(Path dir, int every) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += every) out.add(all.get(i));
        return out;
    }

    /** Runs the benchmark over {@code files}. */
    public static Summary run(List<Path> files, JsonSchemaOptions options) throws IOException {
        List<Result> results = new ArrayList<>();
        int[] counts = new int[4];
        boolean trace = Boolean.getBoolean("coleta.bench.trace");
        for (Path f : files) {
            // A native crash takes the JVM down with it; the trace names the schema that did it.
            if (trace) System.err.println("schema " + f.getFileName());
            results.add(one(f, options, counts));
        }
        return new Summary(results, counts[0], counts[1], counts[2], counts[3]);
    }

    private static Result one(Path file, JsonSchemaOptions options, int[] counts) throws IOException {
        JsonNode doc = JSON.readTree(file.toFile());
        String name = file.getFileName().toString();
        long t0 = System.nanoTime();
        Grammar g;
        try {
            g = Grammar.jsonSchema(doc.get("schema").toString(), options);
        } catch (GrammarException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            // Grammar.gbnf wraps llama.cpp's parse errors: the converter wrote a grammar that
            // llama.cpp rejects, which is a bug, not a refusal.
            Outcome o = m.startsWith("invalid GBNF grammar") || m.startsWith("JSON schema cannot become a grammar")
                    ? Outcome.FAILED : Outcome.REFUSED;
            return new Result(name, o, m, ms(t0));
        } catch (RuntimeException | StackOverflowError e) {
            return new Result(name, Outcome.FAILED, "converter crashed: " + e, ms(t0));
        }
        Outcome outcome = Outcome.PASS;
        String reason = "";
        int i = 0;
        for (JsonNode test : doc.path("tests")) {
            boolean valid = test.get("valid").asBoolean();
            String instance = pythonDumps(test.get("data"));
            boolean accepted = g.accepts(instance);
            counts[valid ? 0 : 2]++;
            if (accepted) counts[valid ? 1 : 3]++;
            if (accepted && !valid) {
                outcome = Outcome.INVALID_ACCEPTED;
                reason = "test #" + i + " " + abbreviate(instance);
            } else if (!accepted && valid && outcome == Outcome.PASS) {
                outcome = Outcome.FAILED;
                reason = "valid instance rejected: test #" + i + " " + abbreviate(instance);
            }
            i++;
        }
        return new Result(name, outcome, reason, ms(t0));
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** {@code json.dumps(value, ensure_ascii=False)} as CPython writes it. */
    public static String pythonDumps(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        dump(v, sb);
        return sb.toString();
    }

    private static void dump(JsonNode v, StringBuilder sb) {
        switch (v.getNodeType()) {
            case OBJECT -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    if (!first) sb.append(", ");
                    first = false;
                    string(e.getKey(), sb);
                    sb.append(": ");
                    dump(e.getValue(), sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) sb.append(", ");
                    dump(v.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> string(v.textValue(), sb);
            case NUMBER -> sb.append(v.isIntegralNumber() ? v.bigIntegerValue().toString() : pythonFloat(v.decimalValue()));
            case BOOLEAN -> sb.append(v.booleanValue() ? "true" : "false");
            default -> sb.append("null");
        }
    }

    /**
     * Python's {@code repr(float)} of a value read from text that Python wrote: the same
     * digits, fixed notation for decimal exponents in [-4, 16), scientific otherwise.
     */
    static String pythonFloat(BigDecimal d) {
        if (d.signum() == 0) return "0.0";
        BigDecimal s = d.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exp = digits.length() - s.scale() - 1;
        String sign = s.signum() < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = s.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
