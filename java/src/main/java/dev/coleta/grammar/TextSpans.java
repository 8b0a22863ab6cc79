package dev.coleta.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Free text drawn from given texts ("segments", e.g. the text pieces of a page): a string may
 * only be a <em>span</em> of one segment, a run of whole words of it (see {@link #start} and
 * {@link #end}), within the schema's length bounds. A weak model can then only copy what it
 * reads, never invent a value, nor start or stop in the middle of a word.
 *
 * <p>Words are separated by whitespace; a span may also start after an opening bracket or
 * quote, a colon or a bar, and end before a closing bracket or quote or before punctuation
 * that ends a word; ideographs are words of their own. So {@code "Price: R$ 214,75."} yields
 * {@code "Price:"}, {@code "R$"}, {@code "R$ 214,75"}, {@code "214,75"}, ..., never
 * {@code "214"}, {@code "14,7"} or {@code ".com"}. A span holds at least one letter or digit
 * (a bar or a dash alone is markup, not a value), never holds a control character other than
 * tab, newline and carriage return (which it spells as JSON escapes), and never crosses from
 * one segment to the next.
 *
 * <p>How: the spans of each length range are inserted into a trie (one chain per start,
 * up to the maximum length), the trie is minimised into an acyclic automaton (equal
 * right languages merged, children before parents), and each state becomes a GBNF rule whose
 * alternatives are its transitions, runs of single-successor states written as one literal;
 * every character is spelled the one way JSON writers spell it, as the converter does. The
 * grammar is deterministic: llama.cpp keeps one stack per next character.
 *
 * <p>Cost is bounded by {@code maxNodes} trie nodes (about starts x maximum length): when the
 * spans of a length range need more, that range falls back to whole segments only (the
 * trie of the segments themselves, never larger than their text), and {@link #mode()} says so.
 */
public final class TextSpans implements FreeText {
    /**
     * Default trie budget: 400,000 nodes, about 30,000 characters of text with strings of
     * at most 96 characters. Measured (docs/EXPERIMENTS.md, E7): 16,000 characters with
     * 96-character strings make 14,000 rules (440 KB of GBNF) in about 0.6 s; 64,000
     * characters exceed the budget and fall back to whole segments (0.1 s).
     */
    public static final int DEFAULT_MAX_NODES = 400_000;

    /** What the strings are drawn as. */
    public enum Mode {
        /** Word-bounded spans of a segment (the default). */
        SPANS,
        /** Whole segments only (trimmed): the fallback when spans exceed the budget, or asked for. */
        SEGMENTS
    }

    // Java regexes match code points: a surrogate range matches lone surrogates only.
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uD800-\\uDFFF]");

    private final List<int[]> segments;
    private final Mode requested;
    private final int maxNodes;
    private final String prefix;
    private final Map<Long, Gbnf> cache = new HashMap<>();
    private Mode mode;
    private boolean free;

    private TextSpans(List<int[]> segments, Mode requested, int maxNodes, String prefix) {
        this.segments = segments;
        this.requested = requested;
        this.mode = requested;
        this.maxNodes = maxNodes;
        this.prefix = prefix;
    }

    /** Word-bounded spans of {@code segments}, with {@link #DEFAULT_MAX_NODES}. */
    public static TextSpans of(List<String> segments) {
        return of(segments, Mode.SPANS, DEFAULT_MAX_NODES);
    }

    /**
     * Strings drawn from {@code segments} as {@code mode} asks; spans fall back to whole
     * segments where they would need more than {@code maxNodes} trie nodes.
     */
    public static TextSpans of(List<String> segments, Mode mode, int maxNodes) {
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(mode, "mode");
        if (maxNodes < 1) throw new IllegalArgumentException("maxNodes must be >= 1, got " + maxNodes);
        Set<String> pieces = new LinkedHashSet<>();
        for (String s : segments) {
            Objects.requireNonNull(s, "segment");
            // control characters (other than the whitespace JSON escapes) split a segment
            for (String p : CONTROL.split(s)) {
                String t = p.strip();
                if (!t.isEmpty()) pieces.add(t);
            }
        }
        List<int[]> cps = new ArrayList<>();
        for (String p : pieces) cps.add(p.codePoints().toArray());
        return new TextSpans(List.copyOf(cps), mode, maxNodes, "text-");
    }

    /** How the strings are drawn: {@link Mode#SEGMENTS} once any length range fell back. */
    public Mode mode() {
        return mode;
    }

    /**
     * Whether some string's length range had no text that fits, so it kept the converter's
     * own strings (any characters).
     */
    public boolean anyFree() {
        return free;
    }

    /** The number of distinct segments. */
    public int segmentCount() {
        return segments.size();
    }

    @Override
    public synchronized Gbnf strings(int minLength, int maxLength) {
        int min = Math.max(1, minLength); // the empty string is no text of the page
        if (maxLength < min) return null;
        long key = ((long) min << 32) | maxLength;
        Gbnf done = cache.get(key);
        if (done != null) return done;
        Trie trie = null;
        if (requested == Mode.SPANS) {
            trie = build(min, maxLength, true);
            if (trie == null) mode = Mode.SEGMENTS;
        }
        if (trie == null) trie = build(min, maxLength, false);
        // No segment fits the bounds: keep the converter's own strings, which the caller's
        // checks (the hallucination check) then judge.
        Gbnf g = trie == null || trie.size == 1 ? null : trie.minimise().gbnf(prefix + min + "-" + (maxLength == Integer.MAX_VALUE ? "n" : maxLength) + "-");
        if (g == null) free = true;
        cache.put(key, g);
        return g;
    }

    /** The trie of the spans (or whole segments) of min..max code points; null when over budget (spans only). */
    private Trie build(int min, int max, boolean spans) {
        Trie t = new Trie();
        for (int[] s : segments) {
            int n = s.length;
            if (!spans) {
                if (n >= min && n <= max) t.insert(s, 0, n, null, 0, Integer.MAX_VALUE);
                continue;
            }
            boolean[] ends = new boolean[n + 1];
            for (int j = 1; j <= n; j++) ends[j] = end(s, j);
            for (int i = 0; i < n; i++) {
                if (!start(s, i)) continue;
                // the last end within max: no trie node beyond it can lead to a string
                int last = -1;
                for (int j = max >= n - i ? n : i + max; j >= i + min; j--) {
                    if (ends[j]) {
                        last = j;
                        break;
                    }
                }
                if (last < 0) continue;
                if (!t.insert(s, i, last, ends, min, maxNodes)) return null;
            }
        }
        return t;
    }

    /**
     * Whether a span may start at {@code i}: on a character that is no whitespace, bar, closing
     * bracket or sentence punctuation, and at the start of the segment, after whitespace, after
     * an opening bracket or quote, a colon or a bar ({@code (x}, {@code "x}, {@code SKU:123}),
     * or next to an ideograph.
     */
    static boolean start(int[] s, int i) {
        if (i >= s.length || Character.isWhitespace(s[i]) || "|,;:.!?".indexOf(s[i]) >= 0
                || Character.getType(s[i]) == Character.END_PUNCTUATION) return false;
        if (i == 0 || Character.isIdeographic(s[i]) || Character.isIdeographic(s[i - 1])) return true;
        int a = s[i - 1];
        int t = Character.getType(a);
        return Character.isWhitespace(a) || t == Character.START_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || a == '"' || a == '\'' || a == ':' || a == '|';
    }

    /**
     * Whether a span may end at {@code j} (exclusive): after a character that is no whitespace or bar,
     * at the end of the segment, before whitespace, a closing bracket or quote, sentence
     * punctuation that ends a word ({@code Porto,} {@code 2025.} but not {@code 214,75}), or
     * next to an ideograph.
     */
    static boolean end(int[] s, int j) {
        if (j <= 0 || Character.isWhitespace(s[j - 1]) || s[j - 1] == '|') return false;
        if (j == s.length || Character.isIdeographic(s[j]) || Character.isIdeographic(s[j - 1])) return true;
        int b = s[j];
        int t = Character.getType(b);
        if (Character.isWhitespace(b) || t == Character.END_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || b == '"' || b == '\'' || b == '|') return true;
        if (".,;:!?".indexOf(b) < 0) return false;
        // punctuation ends the word only where no word goes on after it
        int k = j;
        while (k < s.length && ".,;:!?".indexOf(s[k]) >= 0) k++;
        return k == s.length || Character.isWhitespace(s[k]) || Character.getType(s[k]) == Character.END_PUNCTUATION
                || s[k] == '"' || s[k] == '\'';
    }

    /** A JSON-escaped character as the body of a GBNF literal, spelled as the converter spells it. */
    static String escaped(int c) {
        String lit = JsonSchemaConverter.stringLiteral(new String(Character.toChars(c)));
        return lit.substring(3, lit.length() - 3); // strip "\" and \""
    }

    /** A trie of code points in flat arrays; node 0 is the root. */
    private static final class Trie {
        int[] label = new int[1024];
        int[] child = new int[1024];
        int[] sibling = new int[1024];
        boolean[] accept = new boolean[1024];
        int size = 1;

        Trie() {
            child[0] = -1;
            sibling[0] = -1;
        }

        /**
         * Inserts s[from..to); with {@code ends}, every prefix that ends on a boundary and is at
         * least {@code min} long is accepted, else only the whole run. False when over budget.
         */
        boolean insert(int[] s, int from, int to, boolean[] ends, int min, int budget) {
            int node = 0;
            boolean word = ends == null; // a span holds a letter or digit: "|" or "-" alone is markup, not a value
            for (int j = from; j < to; j++) {
                int c = s[j];
                word |= Character.isLetterOrDigit(c);
                int k = child[node];
                while (k >= 0 && label[k] != c) k = sibling[k];
                if (k < 0) {
                    if (size >= budget) return false;
                    k = add(c);
                    sibling[k] = child[node];
                    child[node] = k;
                }
                node = k;
                int len = j + 1 - from;
                if (ends == null ? j + 1 == to : ends[j + 1] && len >= min && word) accept[node] = true;
            }
            return true;
        }

        private int add(int c) {
            if (size == label.length) {
                int n = size * 2;
                label = Arrays.copyOf(label, n);
                child = Arrays.copyOf(child, n);
                sibling = Arrays.copyOf(sibling, n);
                accept = Arrays.copyOf(accept, n);
            }
            label[size] = c;
            child[size] = -1;
            sibling[size] = -1;
            return size++;
        }

        /**
         * Merges nodes with equal right languages. Children are created after their parents,
         * so walking the ids downwards meets every child before its parent.
         */
        Automaton minimise() {
            int[] canon = new int[size];
            Map<List<Integer>, Integer> states = new HashMap<>();
            List<int[]> edges = new ArrayList<>(); // per state: label, target, label, target, ...
            List<Boolean> finals = new ArrayList<>();
            for (int v = size - 1; v >= 0; v--) {
                List<int[]> out = new ArrayList<>();
                for (int k = child[v]; k >= 0; k = sibling[k]) out.add(new int[] {label[k], canon[k]});
                out.sort((x, y) -> Integer.compare(x[0], y[0]));
                List<Integer> sig = new ArrayList<>(out.size() * 2 + 1);
                sig.add(accept[v] ? 1 : 0);
                for (int[] e : out) {
                    sig.add(e[0]);
                    sig.add(e[1]);
                }
                Integer id = states.get(sig);
                if (id == null) {
                    id = edges.size();
                    states.put(sig, id);
                    int[] flat = new int[out.size() * 2];
                    for (int i = 0; i < out.size(); i++) {
                        flat[2 * i] = out.get(i)[0];
                        flat[2 * i + 1] = out.get(i)[1];
                    }
                    edges.add(flat);
                    finals.add(accept[v]);
                }
                canon[v] = id;
            }
            return new Automaton(edges, finals, canon[0]);
        }
    }

    /** A minimal acyclic automaton: per state its sorted transitions and whether it accepts. */
    private record Automaton(List<int[]> edges, List<Boolean> finals, int start) {
        Gbnf gbnf(String prefix) {
            int n = edges.size();
            int[] indegree = new int[n];
            for (int[] e : edges) for (int i = 1; i < e.length; i += 2) indegree[e[i]]++;
            Map<Integer, String> names = new HashMap<>();
            Map<String, String> rules = new LinkedHashMap<>();
            List<Integer> todo = new ArrayList<>();
            names.put(start, prefix + "0");
            todo.add(start);
            for (int t = 0; t < todo.size(); t++) {
                int state = todo.get(t);
                int[] e = edges.get(state);
                List<String> alts = new ArrayList<>();
                for (int i = 0; i < e.length; i += 2) {
                    StringBuilder lit = new StringBuilder(escaped(e[i]));
                    int to = e[i + 1];
                    // a run of states with one way in and one way on is one literal
                    while (!finals.get(to) && indegree[to] == 1 && edges.get(to).length == 2) {
                        lit.append(escaped(edges.get(to)[0]));
                        to = edges.get(to)[1];
                    }
                    String alt = "\"" + lit + "\"";
                    if (edges.get(to).length > 0) {
                        String name = names.get(to);
                        if (name == null) {
                            name = prefix + names.size();
                            names.put(to, name);
                            todo.add(to);
                        }
                        alt += " " + name;
                    }
                    alts.add(alt);
                }
                if (finals.get(state)) alts.add("\"\"");
                rules.put(names.get(state), String.join(" | ", alts));
            }
            return new Gbnf("(\"\\\"\" " + prefix + "0 \"\\\"\")", rules);
        }
    }
}
