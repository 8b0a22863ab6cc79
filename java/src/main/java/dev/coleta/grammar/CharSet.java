package dev.coleta.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of Unicode code points as sorted, disjoint, non-adjacent ranges, and its GBNF form as
 * characters inside a JSON string (where {@code "}, {@code \} and control characters must be
 * escaped).
 */
final class CharSet {
    static final int MAX = 0x10FFFF;
    /**
     * Characters JSON writes unescaped inside a string, less DEL: llama.cpp's grammar engine
     * decodes the invalid UTF-8 C1 BF as DEL, and a model that emits those bytes would pass the
     * grammar with text that JSON readers decode to two replacement characters.
     */
    static final CharSet JSON_RAW = range(0x20, MAX).minus(of('"')).minus(of('\\')).minus(of(0x7F)).minus(range(0xD800, 0xDFFF));
    static final CharSet ALL = range(0, MAX);
    static final CharSet DIGIT = range('0', '9');
    static final CharSet WORD = range('a', 'z').union(range('A', 'Z')).union(DIGIT).union(of('_'));
    // ECMA-262 WhiteSpace and LineTerminator, what \s matches.
    static final CharSet SPACE = range(9, 13).union(of(' ')).union(of(0xA0)).union(of(0x1680)).union(range(0x2000, 0x200A))
            .union(range(0x2028, 0x2029)).union(of(0x202F)).union(of(0x205F)).union(of(0x3000)).union(of(0xFEFF));
    /** What {@code .} matches: anything but line terminators. */
    static final CharSet DOT = ALL.minus(of('\n')).minus(of('\r')).minus(range(0x2028, 0x2029));

    private final int[] ranges; // lo0, hi0, lo1, hi1, ... sorted

    private CharSet(int[] ranges) {
        this.ranges = ranges;
    }

    static CharSet of(int c) {
        return range(c, c);
    }

    static CharSet range(int lo, int hi) {
        if (lo > hi) return new CharSet(new int[0]);
        return new CharSet(new int[] {lo, hi});
    }

    static CharSet empty() {
        return new CharSet(new int[0]);
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    boolean contains(int c) {
        for (int i = 0; i < ranges.length; i += 2) if (c >= ranges[i] && c <= ranges[i + 1]) return true;
        return false;
    }

    CharSet union(CharSet o) {
        List<int[]> all = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) all.add(new int[] {ranges[i], ranges[i + 1]});
        for (int i = 0; i < o.ranges.length; i += 2) all.add(new int[] {o.ranges[i], o.ranges[i + 1]});
        all.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<Integer> out = new ArrayList<>();
        for (int[] r : all) {
            int n = out.size();
            if (n > 0 && r[0] <= out.get(n - 1) + 1) {
                out.set(n - 1, Math.max(out.get(n - 1), r[1]));
            } else {
                out.add(r[0]);
                out.add(r[1]);
            }
        }
        return new CharSet(out.stream().mapToInt(Integer::intValue).toArray());
    }

    CharSet complement() {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out.add(next);
                out.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX) {
            out.add(next);
            out.add(MAX);
        }
        return new CharSet(out.stream().mapToInt(Integer::intValue).toArray());
    }

    CharSet minus(CharSet o) {
        return complement().union(o).complement();
    }

    CharSet intersect(CharSet o) {
        return complement().union(o.complement()).complement();
    }

    /** The single character, or -1. */
    int single() {
        return ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
    }

    /**
     * GBNF for one character of this set as it appears inside a JSON string: raw where JSON
     * allows, otherwise the one escape that Python's and JavaScript's JSON writers use. Null
     * if the set is empty.
     */
    String jsonChar() {
        List<String> alts = new ArrayList<>();
        CharSet raw = intersect(JSON_RAW);
        if (!raw.isEmpty()) alts.add(raw.gbnfClass());
        if (contains('"')) alts.add("\"\\\\\\\"\"");
        if (contains('\\')) alts.add("\"\\\\\\\\\"");
        for (int c = 0; c < 0x20; c++) {
            if (!contains(c)) continue;
            String esc = switch (c) {
                case '\n' -> "n";
                case '\r' -> "r";
                case '\t' -> "t";
                case '\b' -> "b";
                case '\f' -> "f";
                default -> String.format("u%04x", c);
            };
            alts.add("\"\\\\" + esc + "\"");
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    /** A GBNF character class, e.g. {@code [a-z\x5F]}; negated when that is shorter. */
    String gbnfClass() {
        CharSet neg = complement();
        // A negated class must also exclude what llama.cpp decodes from invalid UTF-8 (up to
        // 0x1FFFFF), or a model emitting such bytes would pass the grammar with text no JSON
        // reader decodes to the same characters.
        if (neg.ranges.length < ranges.length && !neg.isEmpty()) return "[^" + neg.body() + "\\U00110000-\\U001FFFFF]";
        return "[" + body() + "]";
    }

    private String body() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranges.length; i += 2) {
            sb.append(esc(ranges[i]));
            if (ranges[i + 1] != ranges[i]) {
                if (ranges[i + 1] > ranges[i] + 1) sb.append('-');
                sb.append(esc(ranges[i + 1]));
            }
        }
        return sb.toString();
    }

    /** An ECMA-262 class of this set's characters in the Basic Multilingual Plane (the rest is dropped). */
    String regexClass() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > 0xFFFF) break;
            int hi = Math.min(ranges[i + 1], 0xFFFF);
            sb.append(String.format("\\u%04X", ranges[i]));
            if (hi > ranges[i]) sb.append('-').append(String.format("\\u%04X", hi));
        }
        if (sb.length() == 1) return "[^\\u0000-\\uFFFF]"; // nothing: matches no character
        return sb.append(']').toString();
    }

    /** A code point as GBNF writes it inside a class or literal: letters and digits raw, the rest escaped. */
    static String esc(int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return String.valueOf((char) c);
        if (c < 0x100) return String.format("\\x%02X", c);
        if (c < 0x10000) return String.format("\\u%04X", c);
        return String.format("\\U%08X", c);
    }
}
