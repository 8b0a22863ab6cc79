package dev.coleta.bench;

import java.util.Arrays;

/** Summaries of repeated side-by-side measurements, shared by the benchmarks of every module. */
final class Ratios {
    private Ratios() {
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** {@code median [min, max]}, three decimals. */
    static String spread(double[] v) {
        return String.format("%.3f [%.3f, %.3f]", median(v), Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0));
    }
}
