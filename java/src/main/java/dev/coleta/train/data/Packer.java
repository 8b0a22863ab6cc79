package dev.coleta.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs tokenized examples, whole and in the given order, into windows of {@code nCtx}
 * positions. A window covers {@code nCtx + 1} tokens (inputs plus the last next-token label);
 * the rest of the last window is padding, masked. An example longer than a window is skipped,
 * or cut to the window when {@code truncate} is set.
 */
public final class Packer {
    /**
     * @param windows   the packed windows
     * @param tooLong   lines (or example indexes when built in code) of examples that did not fit
     * @param truncated whether the too-long examples were cut (true) or skipped (false)
     */
    public record Packing(List<Window> windows, List<Integer> tooLong, boolean truncated) {
        public Packing {
            windows = List.copyOf(windows);
            tooLong = List.copyOf(tooLong);
        }
    }

    private Packer() {
    }

    public static Packing pack(List<TokenizedExample> examples, int nCtx, int padToken, boolean truncate) {
        return pack(examples, nCtx, padToken, truncate, 0);
    }

    /**
     * As {@link #pack(List, int, int, boolean)}, with at most {@code maxPerWindow} examples in one
     * window (0: as many as fit).
     */
    public static Packing pack(List<TokenizedExample> examples, int nCtx, int padToken, boolean truncate, int maxPerWindow) {
        if (nCtx < 2) throw new IllegalArgumentException("nCtx must be >= 2, got " + nCtx);
        if (maxPerWindow < 0) throw new IllegalArgumentException("maxPerWindow must be >= 0, got " + maxPerWindow);
        final int span = nCtx + 1;
        List<Window> windows = new ArrayList<>();
        List<Integer> tooLong = new ArrayList<>();
        int[] seq = new int[span];
        boolean[] train = new boolean[span];
        int used = 0;
        int inWindow = 0;
        for (int i = 0; i < examples.size(); i++) {
            TokenizedExample ex = examples.get(i);
            int len = ex.length();
            if (len > span) {
                tooLong.add(ex.line() > 0 ? ex.line() : i);
                if (!truncate) continue;
                len = span;
            }
            boolean anyTrained = false;
            for (int k = 1; k < len; k++) anyTrained |= ex.train()[k];
            if (!anyTrained) continue; // nothing to learn (e.g. truncated before the completion)
            if (used + len > span || (maxPerWindow > 0 && inWindow == maxPerWindow)) {
                windows.add(window(seq, train, used, padToken));
                used = 0;
                inWindow = 0;
            }
            System.arraycopy(ex.tokens(), 0, seq, used, len);
            System.arraycopy(ex.train(), 0, train, used, len);
            // the first token of an example is never predicted from the previous example
            train[used] = false;
            used += len;
            inWindow++;
        }
        if (used > 0) windows.add(window(seq, train, used, padToken));
        return new Packing(windows, tooLong, truncate);
    }

    private static Window window(int[] seq, boolean[] train, int used, int padToken) {
        int n = seq.length - 1;
        int[] s = Arrays.copyOf(seq, seq.length);
        boolean[] t = Arrays.copyOf(train, train.length);
        for (int k = used; k < s.length; k++) {
            s[k] = padToken;
            t[k] = false;
        }
        int[] tokens = Arrays.copyOf(s, n);
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) labels[k] = t[k + 1] ? s[k + 1] : -1;
        return new Window(tokens, labels);
    }
}
