package dev.coleta.grammar;

import dev.coleta.GrammarException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ECMA-262 regular expression (the dialect of JSON Schema's {@code pattern}) as a GBNF
 * expression over the characters of a JSON string body.
 *
 * <p>JSON Schema patterns are not anchored: {@code "abc"} matches any string that contains
 * {@code abc}. A branch without {@code ^} gets any characters in front and one without
 * {@code $} gets any characters behind, unless {@code exactEnds} asks for the narrower
 * language (generation, where a pattern is a template to fill, not a search). Lookaround,
 * backreferences and word boundaries have no GBNF form and are refused; character classes
 * follow ECMA (ASCII {@code \d} and {@code \w}), which is never wider than what Python's or
 * Rust's validators accept.
 */
final class RegexGrammar {
    private final String src;
    private int pos;

    private RegexGrammar(String src) {
        this.src = src;
    }

    /** A parsed regex node. */
    sealed interface Node permits Chars, Seq, Alt, Repeat, Anchor {
    }

    record Chars(CharSet set) implements Node {
    }

    record Seq(List<Node> items) implements Node {
    }

    record Alt(List<Node> branches) implements Node {
    }

    record Repeat(Node node, int min, int max) implements Node { // max -1: unbounded
    }

    record Anchor(boolean start) implements Node {
    }

    /**
     * The GBNF expression for strings that {@code pattern} matches (search semantics), or the
     * narrower exact-match language when {@code exactEnds}. {@code anyChar} is the GBNF of one
     * free JSON string character.
     */
    static String toGbnf(String pattern, boolean exactEnds, String anyChar) {
        Node n = parse(pattern);
        List<Node> branches = new ArrayList<>();
        hoist(n, branches);
        List<String> out = new ArrayList<>();
        for (Node b : branches) {
            List<Node> items = new ArrayList<>(b instanceof Seq s ? s.items() : List.of(b));
            boolean anchoredStart = !items.isEmpty() && items.get(0) instanceof Anchor a && a.start();
            if (anchoredStart) items.remove(0);
            boolean anchoredEnd = !items.isEmpty() && items.get(items.size() - 1) instanceof Anchor a && !a.start();
            if (anchoredEnd) items.remove(items.size() - 1);
            for (Node i : items) checkNoAnchor(i, pattern);
            StringBuilder sb = new StringBuilder();
            if (!anchoredStart && !exactEnds) sb.append(anyChar).append("* ");
            String body = emit(new Seq(items));
            sb.append(body);
            if (!anchoredEnd && !exactEnds) sb.append(" ").append(anyChar).append("*");
            String s = sb.toString().trim();
            out.add(s.isEmpty() ? "\"\"" : "(" + s + ")");
        }
        return out.size() == 1 ? out.get(0) : "(" + String.join(" | ", out) + ")";
    }

    /**
     * The pattern's language cut to lengths [minLen, maxLen] when that has a GBNF form: a
     * pattern anchored at both ends whose length varies through a single repetition of one
     * character (as in {@code ^[a-z][a-z0-9-]*$}). Null when it has none.
     */
    static String toGbnfWithLengths(String pattern, int minLen, Integer maxLen) {
        Node n = parse(pattern);
        List<Node> branches = new ArrayList<>();
        hoist(n, branches);
        if (branches.size() != 1 || !(branches.get(0) instanceof Seq s)) return null;
        List<Node> items = new ArrayList<>(s.items());
        if (items.size() < 2 || !(items.get(0) instanceof Anchor a0 && a0.start())
                || !(items.get(items.size() - 1) instanceof Anchor a1 && !a1.start())) return null;
        items = new ArrayList<>(items.subList(1, items.size() - 1));
        int fixed = 0, var = -1;
        for (int i = 0; i < items.size(); i++) {
            int[] l = lengths(items.get(i));
            if (l[0] == l[1]) {
                fixed += l[0];
            } else if (var < 0 && items.get(i) instanceof Repeat r && Arrays.equals(lengths(r.node()), new int[] {1, 1})) {
                var = i;
            } else {
                return null;
            }
        }
        for (Node i : items) checkNoAnchor(i, pattern);
        if (var < 0) {
            boolean ok = fixed >= minLen && (maxLen == null || fixed <= maxLen);
            return ok ? emitOrEmpty(new Seq(items)) : "";
        }
        Repeat r = (Repeat) items.get(var);
        int lo = Math.max(r.min(), minLen - fixed);
        int hi = maxLen == null ? r.max() : r.max() < 0 ? maxLen - fixed : Math.min(r.max(), maxLen - fixed);
        if (hi >= 0 && lo > hi) return "";
        items.set(var, new Repeat(r.node(), lo, hi));
        return emitOrEmpty(new Seq(items));
    }

    private static String emitOrEmpty(Node n) {
        String e = emit(n);
        return e.isEmpty() ? "\"\"" : e;
    }

    /** Shortest and longest string {@link #toGbnf} accepts (-1: unbounded). */
    static int[] searchLengths(String pattern, boolean exactEnds) {
        List<Node> branches = new ArrayList<>();
        hoist(parse(pattern), branches);
        int min = Integer.MAX_VALUE, max = 0;
        for (Node b : branches) {
            List<Node> items = b instanceof Seq s ? s.items() : List.of(b);
            boolean start = !items.isEmpty() && items.get(0) instanceof Anchor a && a.start();
            boolean end = !items.isEmpty() && items.get(items.size() - 1) instanceof Anchor a && !a.start();
            int[] l = lengths(b);
            min = Math.min(min, l[0]);
            max = max < 0 || l[1] < 0 || !exactEnds && !(start && end) ? -1 : Math.max(max, l[1]);
        }
        return new int[] {min, max};
    }

    /**
     * The class C when the pattern is an unanchored single character class (it matches the
     * strings that contain a character of C), else null.
     */
    static CharSet singleClassSearch(String pattern) {
        Node n;
        try {
            n = parse(pattern);
        } catch (GrammarException e) {
            return null;
        }
        while (n instanceof Seq s && s.items().size() == 1) n = s.items().get(0);
        return n instanceof Chars c ? c.set() : null;
    }

    /** Parses an ECMA-262 pattern; refuses what GBNF cannot express. */
    static Node parse(String pattern) {
        RegexGrammar p = new RegexGrammar(pattern);
        Node n = p.alternation();
        if (p.pos < pattern.length()) throw p.fail("unbalanced ')'");
        return n;
    }

    /** The shortest and longest match length of an anchored pattern body, max -1 when unbounded. */
    static int[] lengths(Node n) {
        if (n instanceof Chars) return new int[] {1, 1};
        if (n instanceof Anchor) return new int[] {0, 0};
        if (n instanceof Seq s) {
            int min = 0, max = 0;
            for (Node i : s.items()) {
                int[] l = lengths(i);
                min += l[0];
                max = max < 0 || l[1] < 0 ? -1 : max + l[1];
            }
            return new int[] {min, max};
        }
        if (n instanceof Alt a) {
            int min = Integer.MAX_VALUE, max = 0;
            for (Node i : a.branches()) {
                int[] l = lengths(i);
                min = Math.min(min, l[0]);
                max = max < 0 || l[1] < 0 ? -1 : Math.max(max, l[1]);
            }
            return new int[] {min, max};
        }
        Repeat r = (Repeat) n;
        int[] l = lengths(r.node());
        return new int[] {l[0] * r.min(), r.max() < 0 || l[1] < 0 ? (l[1] == 0 ? 0 : -1) : l[1] * r.max()};
    }

    /** Splits the top level into branches: {@code (^a$|^b$)} and {@code ^a$|^b$} alike. */
    private static void hoist(Node n, List<Node> out) {
        if (n instanceof Alt a) {
            for (Node b : a.branches()) hoist(b, out);
        } else if (n instanceof Seq s && s.items().size() == 1 && (s.items().get(0) instanceof Alt || s.items().get(0) instanceof Seq)) {
            hoist(s.items().get(0), out);
        } else {
            out.add(n);
        }
    }

    private static void checkNoAnchor(Node n, String pattern) {
        if (n instanceof Anchor) {
            throw new GrammarException("pattern '" + pattern + "' has an anchor (^ or $) inside it, which a grammar cannot express");
        }
        if (n instanceof Seq s) s.items().forEach(i -> checkNoAnchor(i, pattern));
        if (n instanceof Alt a) a.branches().forEach(i -> checkNoAnchor(i, pattern));
        if (n instanceof Repeat r) checkNoAnchor(r.node(), pattern);
    }

    static String emit(Node n) {
        if (n instanceof Chars c) {
            String s = c.set().jsonChar();
            if (s == null) throw new GrammarException("pattern has an empty character class");
            return s;
        }
        if (n instanceof Anchor) throw new IllegalStateException("anchor");
        if (n instanceof Seq s) {
            List<String> parts = new ArrayList<>();
            for (Node i : s.items()) {
                String e = emit(i);
                if (!e.isEmpty()) parts.add(e);
            }
            return parts.isEmpty() ? "" : parts.size() == 1 ? parts.get(0) : "(" + String.join(" ", parts) + ")";
        }
        if (n instanceof Alt a) {
            List<String> parts = new ArrayList<>();
            for (Node i : a.branches()) {
                String e = emit(i);
                parts.add(e.isEmpty() ? "\"\"" : e);
            }
            return "(" + String.join(" | ", parts) + ")";
        }
        Repeat r = (Repeat) n;
        if (r.max() < 0 && lengths(r.node())[0] == 0) {
            // (x*)* and the like: repeating what may match nothing is left recursion to
            // llama.cpp; (E)* is (E without the empty string)*.
            Node strict = nonEmpty(r.node());
            if (strict == null) throw new GrammarException("pattern repeats a group that may match nothing without bound");
            return emit(new Repeat(strict, 0, -1));
        }
        String inner = emit(r.node());
        if (inner.isEmpty()) return "";
        if (r.min() == 0 && r.max() == -1) return inner + "*";
        if (r.min() == 1 && r.max() == -1) return inner + "+";
        if (r.min() == 0 && r.max() == 1) return inner + "?";
        if (r.max() == -1) return inner + "{" + r.min() + ",}";
        if (r.min() == r.max()) return r.min() == 1 ? inner : inner + "{" + r.min() + "}";
        return inner + "{" + r.min() + "," + r.max() + "}";
    }

    /** The node's language without the empty string, for the forms that have a simple one; null otherwise. */
    private static Node nonEmpty(Node n) {
        if (lengths(n)[0] > 0) return n;
        if (n instanceof Repeat r && lengths(r.node())[0] > 0) return new Repeat(r.node(), Math.max(1, r.min()), r.max());
        if (n instanceof Repeat r) {
            Node inner = nonEmpty(r.node());
            return inner == null ? null : new Repeat(inner, Math.max(1, r.min()), r.max());
        }
        if (n instanceof Alt a) {
            List<Node> out = new ArrayList<>();
            for (Node b : a.branches()) {
                if (lengths(b)[1] == 0) continue;
                Node x = nonEmpty(b);
                if (x == null) return null;
                out.add(x);
            }
            return out.isEmpty() ? null : out.size() == 1 ? out.get(0) : new Alt(out);
        }
        if (n instanceof Seq s && s.items().size() == 1) return nonEmpty(s.items().get(0));
        if (n instanceof Seq s) {
            // a sequence of parts that may each be empty: one of them starts the non-empty match
            List<Node> alts = new ArrayList<>();
            List<Node> items = s.items();
            for (int i = 0; i < items.size(); i++) {
                if (lengths(items.get(i))[1] == 0) continue;
                Node first = nonEmpty(items.get(i));
                if (first == null) return null;
                List<Node> seq = new ArrayList<>();
                seq.add(first);
                seq.addAll(items.subList(i + 1, items.size()));
                alts.add(new Seq(seq));
            }
            return alts.isEmpty() ? null : alts.size() == 1 ? alts.get(0) : new Alt(alts);
        }
        return null;
    }

    private GrammarException fail(String why) {
        return new GrammarException("pattern '" + src + "' cannot become a grammar: " + why);
    }

    private boolean more() {
        return pos < src.length();
    }

    private char peek() {
        return src.charAt(pos);
    }

    private Node alternation() {
        List<Node> branches = new ArrayList<>();
        branches.add(sequence());
        while (more() && peek() == '|') {
            pos++;
            branches.add(sequence());
        }
        return branches.size() == 1 ? branches.get(0) : new Alt(branches);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (more() && peek() != '|' && peek() != ')') {
            Node atom = atom();
            items.add(quantified(atom));
        }
        return new Seq(items);
    }

    private Node quantified(Node atom) {
        while (more()) {
            char c = peek();
            int min, max;
            if (c == '*') {
                min = 0;
                max = -1;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '{') {
                int[] q = braces();
                if (q == null) return atom; // a literal '{', read by the next atom()
                min = q[0];
                max = q[1];
            } else {
                return atom;
            }
            if (atom instanceof Anchor) throw fail("quantified anchor");
            if (more() && peek() == '?') pos++; // lazy: same language
            if (max != -1 && max < min) throw fail("quantifier {" + min + "," + max + "} out of order");
            if (min > 1000 || max > 1000) throw fail("repetition count above 1000");
            atom = new Repeat(atom, min, max);
        }
        return atom;
    }

    /** Parses {n}, {n,} or {n,m} at pos; null (pos unchanged) when it is not a quantifier. */
    private int[] braces() {
        int end = src.indexOf('}', pos);
        if (end < 0) return null;
        String body = src.substring(pos + 1, end);
        if (!body.matches("\\d+(,\\d*)?")) return null;
        pos = end + 1;
        String[] parts = body.split(",", -1);
        int min = Integer.parseInt(parts[0]);
        int max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : Integer.parseInt(parts[1]);
        return new int[] {min, max};
    }

    private Node atom() {
        char c = src.charAt(pos++);
        switch (c) {
            case '^':
                return new Anchor(true);
            case '$':
                return new Anchor(false);
            case '.':
                return new Chars(CharSet.DOT);
            case '(': {
                if (src.startsWith("?:", pos)) {
                    pos += 2;
                } else if (src.startsWith("?<", pos) && pos + 2 < src.length() && src.charAt(pos + 2) != '=' && src.charAt(pos + 2) != '!') {
                    int end = src.indexOf('>', pos);
                    if (end < 0) throw fail("unterminated group name");
                    pos = end + 1;
                } else if (more() && peek() == '?') {
                    throw fail("lookaround '(" + src.substring(pos, Math.min(src.length(), pos + 3)) + "' has no grammar form");
                }
                Node inner = alternation();
                if (!more() || peek() != ')') throw fail("missing ')'");
                pos++;
                return inner instanceof Seq || inner instanceof Alt ? inner : new Seq(List.of(inner));
            }
            case ')':
                throw fail("unbalanced ')'");
            case '[':
                return new Chars(charClass());
            case '\\':
                return escape(false);
            case '*', '+', '?':
                throw fail("nothing to repeat before '" + c + "'");
            default: {
                int cp = src.codePointAt(pos - 1);
                if (Character.isSupplementaryCodePoint(cp)) pos++;
                return new Chars(CharSet.of(cp));
            }
        }
    }

    private CharSet charClass() {
        boolean negate = more() && peek() == '^';
        if (negate) pos++;
        CharSet set = CharSet.empty();
        boolean first = true;
        while (true) {
            if (!more()) throw fail("unterminated character class");
            char c = peek();
            if (c == ']' && !first) {
                pos++;
                break;
            }
            if (c == ']') { // ECMA: [] matches nothing, []] is [] then ']'
                pos++;
                break;
            }
            first = false;
            CharSet lo = classAtom();
            if (more() && peek() == '-' && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
                pos++;
                CharSet hi = classAtom();
                int a = lo.single(), b = hi.single();
                if (a < 0 || b < 0) throw fail("range with a class escape");
                if (a > b) throw fail("range out of order");
                set = set.union(CharSet.range(a, b));
            } else {
                set = set.union(lo);
            }
        }
        return negate ? set.complement() : set;
    }

    private CharSet classAtom() {
        char c = src.charAt(pos++);
        if (c == '\\') {
            if (more() && peek() == 'b') {
                pos++;
                return CharSet.of('\b');
            }
            return ((Chars) escape(true)).set();
        }
        int cp = src.codePointAt(pos - 1);
        if (Character.isSupplementaryCodePoint(cp)) pos++;
        return CharSet.of(cp);
    }

    private Node escape(boolean inClass) {
        if (!more()) throw fail("trailing backslash");
        char c = src.charAt(pos++);
        CharSet set = switch (c) {
            case 'd' -> CharSet.DIGIT;
            case 'D' -> CharSet.DIGIT.complement();
            case 'w' -> CharSet.WORD;
            case 'W' -> CharSet.WORD.complement();
            case 's' -> CharSet.SPACE;
            case 'S' -> CharSet.SPACE.complement();
            case 'n' -> CharSet.of('\n');
            case 'r' -> CharSet.of('\r');
            case 't' -> CharSet.of('\t');
            case 'f' -> CharSet.of('\f');
            case 'v' -> CharSet.of(0x0B);
            case '0' -> CharSet.of(0);
            case 'x' -> CharSet.of(hex(2));
            case 'u' -> {
                if (more() && peek() == '{') throw fail("\\u{...} needs the unicode flag");
                yield CharSet.of(hex(4));
            }
            case 'b', 'B' -> throw fail("word boundary \\" + c + " has no grammar form");
            case 'c', 'p', 'P', 'k' -> throw fail("escape \\" + c + " is not supported");
            default -> {
                if (c >= '1' && c <= '9') throw fail("backreference \\" + c + " has no grammar form");
                yield CharSet.of(c); // identity escape: \. \/ \- \$ ...
            }
        };
        return new Chars(set);
    }

    private int hex(int n) {
        if (pos + n > src.length()) throw fail("short hex escape");
        String h = src.substring(pos, pos + n);
        if (!h.matches("[0-9a-fA-F]+")) throw fail("bad hex escape");
        pos += n;
        return Integer.parseInt(h, 16);
    }
}
