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
 * <p>A number is split at its sign and its magnitude; a magnitude within bounds has an integer
 * part strictly between the bounds' integer parts (any fraction), or equal to one of them, and
 * then its fraction digits are compared with the bound's digit by digit. Exponents are allowed
 * only on a side without bounds (narrowing: 1e2 is not accepted for "maximum": 500), and
 * integers are written without a fraction.
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
        // Non-negative side: the magnitude x itself.
        boolean posFree = max == null && (min == null || min.signum() < 0 || (min.signum() == 0 && !exMin));
        if (posFree) {
            alts.add(UINT + (integer ? "" : " " + FRACTION + " " + EXPONENT));
        } else if (max == null || max.signum() > 0 || max.signum() == 0 && !exMax) {
            boolean fromZero = min == null || min.signum() < 0;
            String m = magnitude(fromZero ? BigDecimal.ZERO : min, !fromZero && exMin, max, exMax, integer);
            if (m != null) alts.add(m);
        }
        // Negative side: "-" and the magnitude -x.
        boolean negFree = min == null && (max == null || max.signum() > 0 || (max.signum() == 0 && !exMax));
        if (negFree) {
            alts.add("\"-\" " + UINT + (integer ? "" : " " + FRACTION + " " + EXPONENT));
        } else if (min == null || min.signum() < 0 || min.signum() == 0 && !exMin) {
            boolean fromZero = max == null || max.signum() > 0;
            String m = magnitude(fromZero ? BigDecimal.ZERO : max.negate(), !fromZero && exMax, min == null ? null : min.negate(), exMin, integer);
            if (m != null) alts.add("\"-\" " + m);
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    /** Unsigned decimals (no exponent) m with lo <= m <= hi (strict when exclusive); hi null: unbounded. */
    private static String magnitude(BigDecimal lo, boolean exLo, BigDecimal hi, boolean exHi, boolean integer) {
        if (hi != null && (lo.compareTo(hi) > 0 || lo.compareTo(hi) == 0 && (exLo || exHi))) return null;
        BigInteger a = floor(lo);
        String fa = fraction(lo);
        BigInteger b = hi == null ? null : floor(hi);
        String fb = hi == null ? null : fraction(hi);
        if (integer) {
            BigInteger zLo = fa.isEmpty() && !exLo ? a : a.add(BigInteger.ONE);
            BigInteger zHi = hi == null ? null : fb.isEmpty() && exHi ? b.subtract(BigInteger.ONE) : b;
            return uintRange(zLo, zHi);
        }
        List<String> alts = new ArrayList<>();
        boolean same = b != null && b.equals(a);
        // integer part a: the fraction must reach lo's (and, when b == a, stay within hi's)
        boolean zeroOk = fa.isEmpty() && !exLo && (!same || !fb.isEmpty() || !exHi);
        String g = digits(fa.isEmpty() && !exLo ? null : fa, exLo, same ? fb : null, exHi);
        String pa = part("\"" + a + "\"", zeroOk, g);
        if (pa != null) alts.add(pa);
        // integer parts strictly between: any fraction
        if (b == null) {
            alts.add(uintRange(a.add(BigInteger.ONE), null) + " " + FRACTION);
        } else if (b.subtract(a).compareTo(BigInteger.ONE) > 0) {
            alts.add(uintRange(a.add(BigInteger.ONE), b.subtract(BigInteger.ONE)) + " " + FRACTION);
        }
        // integer part b > a: the fraction must stay within hi's
        if (b != null && !same) {
            String pb = part("\"" + b + "\"", !fb.isEmpty() || !exHi, digits(null, false, fb, exHi));
            if (pb != null) alts.add(pb);
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    private static String part(String intPart, boolean zeroOk, String fractionDigits) {
        if (fractionDigits == null) return zeroOk ? intPart : null;
        return intPart + " (\".\" " + fractionDigits + ")" + (zeroOk ? "?" : "");
    }

    /** The digits after the point, trailing zeros dropped ("" for an integer). */
    private static String fraction(BigDecimal d) {
        BigDecimal f = d.subtract(new BigDecimal(floor(d))).stripTrailingZeros();
        if (f.signum() == 0) return "";
        String plain = f.toPlainString(); // 0.xyz
        return plain.substring(plain.indexOf('.') + 1);
    }

    /**
     * Non-empty digit strings s with 0.s >= 0.lo (> when exLo) and 0.s <= 0.hi (< when exHi);
     * lo or hi null: no bound on that side. Null when there is none.
     */
    static String digits(String lo, boolean exLo, String hi, boolean exHi) {
        if (lo != null && lo.isEmpty() && !exLo) lo = null;
        if (hi != null && hi.isEmpty()) return exHi || lo != null ? null : "\"0\"+";
        if (lo == null && hi == null) return "[0-9]+";
        if (lo != null && lo.isEmpty() && hi == null) return "\"0\"* [1-9] [0-9]*"; // > 0: some digit is not 0
        List<String> alts = new ArrayList<>();
        int freeFrom = -1, freeTo = -1;
        for (int c = 0; c <= 9; c++) {
            String nlo = null, nhi = null;
            boolean loFree = true, hiFree = true;
            if (lo != null) {
                int l1 = lo.isEmpty() ? 0 : lo.charAt(0) - '0';
                if (c < l1) continue;
                if (c == l1) {
                    loFree = false;
                    nlo = lo.isEmpty() ? "" : lo.substring(1);
                }
            }
            if (hi != null) {
                int h1 = hi.charAt(0) - '0';
                if (c > h1) continue;
                if (c == h1) {
                    hiFree = false;
                    nhi = hi.substring(1);
                }
            }
            if (loFree && hiFree) {
                if (freeFrom < 0) freeFrom = c;
                freeTo = c;
                continue;
            }
            boolean canEnd = (loFree || nlo.isEmpty() && !exLo) && (hiFree || !(nhi.isEmpty() && exHi));
            String rest = digits(loFree ? null : nlo, exLo, hiFree ? null : nhi, exHi);
            String d = "\"" + c + "\"";
            if (rest == null) {
                if (canEnd) alts.add(d);
            } else {
                alts.add(d + " (" + rest + ")" + (canEnd ? "?" : ""));
            }
        }
        if (freeFrom >= 0) alts.add((freeFrom == freeTo ? "\"" + freeFrom + "\"" : "[" + freeFrom + "-" + freeTo + "]") + " [0-9]*");
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
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
