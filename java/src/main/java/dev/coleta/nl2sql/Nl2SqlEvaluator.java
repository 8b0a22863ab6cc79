package dev.coleta.nl2sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores predicted SQL against gold SQL:
 * <ul>
 * <li><b>execution accuracy</b>: both run on the read-only database and return the same
 * rows, compared as multisets, or as sequences when the gold query has a top-level ORDER BY.
 * Columns are compared in order; numbers compare by value (2 equals 2.0).</li>
 * <li><b>exact match</b>: the two queries are equal after normalisation (keywords and names
 * lower case outside literals, blanks collapsed, no trailing semicolon). Stricter than
 * Spider's component matching.</li>
 * <li><b>validity</b>: the prediction passes {@link SqlGuard} and runs.</li>
 * </ul>
 * Each rate is overall and by difficulty.
 */
public final class Nl2SqlEvaluator {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Turns a question into SQL; may throw, which counts as an invalid prediction. */
    @FunctionalInterface
    public interface Predictor {
        String predict(Nl2SqlExample example);
    }

    /** The outcome for one example; {@code error} says why a prediction was invalid or wrong. */
    public record Outcome(String question, String gold, String predicted, String difficulty, boolean valid,
                          boolean exactMatch, boolean executionMatch, String error) {
    }

    /** Rates over {@code n} examples. */
    public record Score(int n, double executionAccuracy, double exactMatch, double validity) {
    }

    public record Report(Score overall, Map<String, Score> byDifficulty, List<Outcome> outcomes) {
        public Report {
            byDifficulty = Map.copyOf(byDifficulty);
            outcomes = List.copyOf(outcomes);
        }

        /** The report as JSON (scores and every outcome). */
        public String json() {
            try {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("overall", overall);
                m.put("byDifficulty", new TreeMap<>(byDifficulty));
                m.put("outcomes", outcomes);
                return JSON.writeValueAsString(m);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A fixed-width table: one row per difficulty and one for all. */
        public String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %6s %10s %10s %10s%n", "difficulty", "n", "execution", "exact", "valid"));
            for (String d : List.of("easy", "medium", "hard", "extra", "unknown")) {
                Score s = byDifficulty.get(d);
                if (s != null) row(sb, d, s);
            }
            for (var e : new TreeMap<>(byDifficulty).entrySet()) {
                if (!List.of("easy", "medium", "hard", "extra", "unknown").contains(e.getKey())) row(sb, e.getKey(), e.getValue());
            }
            row(sb, "all", overall);
            return sb.toString();
        }

        private static void row(StringBuilder sb, String name, Score s) {
            sb.append(String.format(Locale.ROOT, "%-10s %6d %10.3f %10.3f %10.3f%n", name, s.n(), s.executionAccuracy(), s.exactMatch(), s.validity()));
        }
    }

    private Nl2SqlEvaluator() {
    }

    /** Predicts and scores every example. */
    public static Report evaluate(List<Nl2SqlExample> examples, Predictor predictor) {
        Objects.requireNonNull(predictor, "predictor");
        if (examples.isEmpty()) throw new IllegalArgumentException("no examples to evaluate");
        List<Outcome> outcomes = new ArrayList<>();
        for (Nl2SqlExample e : examples) outcomes.add(score(e, predictor));
        Map<String, List<Outcome>> groups = new HashMap<>();
        for (Outcome o : outcomes) groups.computeIfAbsent(o.difficulty(), k -> new ArrayList<>()).add(o);
        Map<String, Score> by = new HashMap<>();
        groups.forEach((k, v) -> by.put(k, summarise(v)));
        return new Report(summarise(outcomes), by, outcomes);
    }

    private static Score summarise(List<Outcome> os) {
        int n = os.size();
        return new Score(n, os.stream().filter(Outcome::executionMatch).count() / (double) n,
                os.stream().filter(Outcome::exactMatch).count() / (double) n, os.stream().filter(Outcome::valid).count() / (double) n);
    }

    /** Scores one example. */
    public static Outcome score(Nl2SqlExample e, Predictor predictor) {
        String predicted;
        try {
            predicted = predictor.predict(e);
        } catch (RuntimeException ex) {
            return new Outcome(e.question(), e.sql(), null, e.difficulty(), false, false, false, "prediction failed: " + ex.getMessage());
        }
        boolean exact = predicted != null && normalise(predicted).equals(normalise(e.sql()));
        ReadOnlyDatabase.Result gold;
        try {
            gold = ReadOnlyDatabase.query(e.db(), new SqlGuard(null), e.sql());
        } catch (RuntimeException ex) {
            return new Outcome(e.question(), e.sql(), predicted, e.difficulty(), false, exact, false, "gold query failed: " + ex.getMessage());
        }
        ReadOnlyDatabase.Result got;
        try {
            got = ReadOnlyDatabase.query(e.db(), new SqlGuard(null), predicted);
        } catch (RuntimeException ex) {
            return new Outcome(e.question(), e.sql(), predicted, e.difficulty(), false, exact, false, ex.getMessage());
        }
        boolean same = sameRows(gold, got, ordered(e.sql()));
        return new Outcome(e.question(), e.sql(), predicted, e.difficulty(), true, exact, same, same ? null : "different rows");
    }

    /** Whether {@code sql} has a top-level ORDER BY, which makes row order part of the answer. */
    static boolean ordered(String sql) {
        try {
            Statement st = CCJSqlParserUtil.parse(sql.strip().replaceAll(";\\s*$", ""));
            return st instanceof Select s && s.getOrderByElements() != null && !s.getOrderByElements().isEmpty();
        } catch (JSQLParserException e) {
            return false;
        }
    }

    /** Result sets as multisets (or sequences when {@code ordered}), values compared by {@link #key}. */
    static boolean sameRows(ReadOnlyDatabase.Result a, ReadOnlyDatabase.Result b, boolean ordered) {
        if (a.rows().size() != b.rows().size()) return false;
        List<String> ka = a.rows().stream().map(Nl2SqlEvaluator::key).toList();
        List<String> kb = b.rows().stream().map(Nl2SqlEvaluator::key).toList();
        if (ordered) return ka.equals(kb);
        Map<String, Integer> counts = new HashMap<>();
        for (String k : ka) counts.merge(k, 1, Integer::sum);
        for (String k : kb) {
            Integer c = counts.get(k);
            if (c == null) return false;
            if (c == 1) counts.remove(k);
            else counts.put(k, c - 1);
        }
        return counts.isEmpty();
    }

    private static String key(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object v : row) {
            if (v == null) sb.append("N");
            else if (v instanceof Number n) sb.append("#").append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            else if (v instanceof byte[] bytes) sb.append("B").append(java.util.HexFormat.of().formatHex(bytes));
            else sb.append("S").append(v.toString().replace("\u0001", "\u0001\u0001"));
            sb.append('\u0001').append('|');
        }
        return sb.toString();
    }

    /** Lower case outside string literals, blanks collapsed, spaces around punctuation removed, no final semicolon. */
    static String normalise(String sql) {
        StringBuilder sb = new StringBuilder();
        String s = sql.strip();
        boolean inString = false;
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                sb.append(c);
                if (c == '\'') inString = false;
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = true;
                continue;
            }
            if (space && !sb.isEmpty() && "(),".indexOf(c) < 0 && "(,".indexOf(sb.charAt(sb.length() - 1)) < 0) sb.append(' ');
            space = false;
            if (c == '\'') inString = true;
            sb.append(Character.toLowerCase(c));
        }
        String out = sb.toString();
        while (out.endsWith(";")) out = out.substring(0, out.length() - 1).strip();
        return out;
    }
}
