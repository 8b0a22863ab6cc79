package dev.coleta.grammar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * GBNF for JSON numbers within bounds, built digit by digit so the grammar holds exactly the
 * integers of a range (no leading zeros) and never needs arithmetic.
 *
 * <p>A number is split at its sign and its integer part n: without a fraction it is n; with a
 * non-zero fraction it lies strictly between n and n+1, which is inside the bounds when n and
 * n+1 are. Fractional bounds are thus rounded inward (minimum 0.5 admits 1.x but not 0.7), and
 * exponents are allowed only on a side without bounds: both narrow the language, never widen
 * it.
 */
final class NumberGrammar {
    static final String FRACTION = "(\".\" [0-9]+)?";
    static final String EXPONENT = "([eE] [-+]? [0-9]+)?";
    private static final String UINT = "(\"0\" | [1-9] [0-9]*)";

    private NumberGrammar() {
    }

    /**
     * A JSON number (or integer) x with {@code min <= x} ({@code <} when exclusive) and
     * {@code x <= max}; null bounds are open. Null when no value fits.
     */
    static String number(BigDecimal min, boolean exMin, BigDecimal max, boolean exMax, boolean integer) {
        List<String> alts = new ArrayList<>();
        // Non-negative side: x = n or n < x < n+1.
        boolean posFree = max == null && (min == null || min.signum() < 0 || (min.signum() == 0 && !exMin));
        if (posFree) {
            alts.add(UINT + (integer ? "" : " " + FRACTION + " " + EXPONENT));
        } else {
            BigInteger zLo = min == null ? BigInteger.ZERO : exMin ? floor(min).add(BigInteger.ONE) : ceil(min);
            BigInteger zHi = max == null ? null : exMax ? ceil(max).subtract(BigInteger.ONE) : floor(max);
            BigInteger fLo = min == null ? BigInteger.ZERO : ceil(min);
            BigInteger fHi = max == null ? null : floor(max).subtract(BigInteger.ONE);
            side("", zLo, zHi, fLo, fHi, integer, alts);
        }
        // Negative side: x = -n or -(n+1) < x < -n.
        boolean negFree = min == null && (max == null || max.signum() > 0 || (max.signum() == 0 && !exMax));
        if (negFree) {
            alts.add("\"-\" " + UINT + (integer ? "" : " " + FRACTION + " " + EXPONENT));
        } else {
            BigInteger zLo = max == null ? BigInteger.ZERO : exMax ? floor(max.negate()).add(BigInteger.ONE) : ceil(max.negate());
            BigInteger zHi = min == null ? null : exMin ? ceil(min.negate()).subtract(BigInteger.ONE) : floor(min.negate());
            BigInteger fLo = max == null ? BigInteger.ZERO : ceil(max.negate());
            BigInteger fHi = min == null ? null : floor(min.negate()).subtract(BigInteger.ONE);
            side("\"-\" ", zLo, zHi, fLo, fHi, integer, alts);
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    private static void side(String sign, BigInteger zLo, BigInteger zHi, BigInteger fLo, BigInteger fHi, boolean integer, List<String> alts) {
        String whole = uintRange(zLo.max(BigInteger.ZERO), zHi);
        if (whole != null) alts.add(sign + whole + (integer ? "" : " (\".\" \"0\"+)?"));
        if (integer) return;
        String frac = uintRange(fLo.max(BigInteger.ZERO), fHi);
        if (frac != null) alts.add(sign + frac + " \".\" \"0\"* [1-9] [0-9]*");
    }

    private static BigInteger floor(BigDecimal d) {
        return d.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
    }

    private static BigInteger ceil(BigDecimal d) {
        return d.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }

    /** Non-negative integers in [lo, hi] (hi null: unbounded) without leading zeros; null when empty. */
    static String uintRange(BigInteger lo, BigInteger hi) {
        if (lo.signum() < 0) lo = BigInteger.ZERO;
        if (hi != null && lo.compareTo(hi) > 0) return null;
        int dl = lo.toString().length();
        int dh = hi == null ? dl : hi.toString().length();
        List<String> alts = new ArrayList<>();
        for (int d = dl; d <= dh; d++) {
            BigInteger a = d == dl ? lo : BigInteger.TEN.pow(d - 1);
            BigInteger top = BigInteger.TEN.pow(d).subtract(BigInteger.ONE);
            BigInteger b = hi == null || d < dh ? top : hi;
            alts.add(fixed(a.toString(), b.toString()));
        }
        if (hi == null) alts.add("[1-9] [0-9]{" + dl + "} [0-9]*");
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    /** Digit strings of one length from s to t inclusive (s <= t). */
    private static String fixed(String s, String t) {
        int n = s.length();
        if (n == 0) return "";
        if (s.equals(t)) return "\"" + s + "\"";
        char s0 = s.charAt(0), t0 = t.charAt(0);
        String sr = s.substring(1), tr = t.substring(1);
        String zeros = "0".repeat(n - 1), nines = "9".repeat(n - 1);
        if (s0 == t0) return join("\"" + s0 + "\"", fixed(sr, tr));
        if (sr.equals(zeros) && tr.equals(nines)) return join(digits(s0, t0), any(n - 1));
        List<String> parts = new ArrayList<>();
        char lo = s0, hi = t0;
        if (!sr.equals(zeros)) {
            parts.add(join("\"" + s0 + "\"", fixed(sr, nines)));
            lo++;
        }
        String high = null;
        if (!tr.equals(nines)) {
            high = join("\"" + t0 + "\"", fixed(zeros, tr));
            hi--;
        }
        if (lo <= hi) parts.add(join(digits(lo, hi), any(n - 1)));
        if (high != null) parts.add(high);
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" | ", parts) + ")";
    }

    private static String digits(char a, char b) {
        return a == b ? "\"" + a + "\"" : "[" + a + "-" + b + "]";
    }

    private static String any(int k) {
        return k == 0 ? "" : k == 1 ? "[0-9]" : "[0-9]{" + k + "}";
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + " " + b;
    }
}
