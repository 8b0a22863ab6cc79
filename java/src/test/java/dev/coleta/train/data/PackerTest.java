package dev.coleta.train.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PackerTest {
    /** BOS(1) prompt tokens (untrained) then completion tokens (trained). */
    static TokenizedExample ex(int line, int promptLen, int completionLen) {
        int n = 1 + promptLen + completionLen;
        int[] t = new int[n];
        boolean[] tr = new boolean[n];
        t[0] = 1;
        for (int i = 1; i < n; i++) {
            t[i] = 100 * line + i;
            tr[i] = i > promptLen;
        }
        return new TokenizedExample(t, tr, line);
    }

    @Test
    void labelsAreNextTokensOnTrainedPositionsOnly() {
        Packer.Packing p = Packer.pack(List.of(ex(1, 2, 2)), 8, 2, false);
        assertEquals(1, p.windows().size());
        Window w = p.windows().get(0);
        // sequence: 1 101 102 | 103 104 then padding 2 2 2 2
        assertArrayEquals(new int[] {1, 101, 102, 103, 104, 2, 2, 2}, w.tokens());
        assertArrayEquals(new int[] {-1, -1, 103, 104, -1, -1, -1, -1}, w.labels());
        assertEquals(2, w.unmasked());
    }

    @Test
    void aCapOnExamplesPerWindowSpreadsThemOverMoreWindows() {
        // lengths 5, 4, 5 would pack [5+4], [5]; at most one per window: three windows, in order
        List<TokenizedExample> exs = List.of(ex(1, 2, 2), ex(2, 1, 2), ex(3, 2, 2));
        Packer.Packing one = Packer.pack(exs, 8, 2, false, 1);
        assertEquals(3, one.windows().size());
        assertArrayEquals(new int[] {1, 101, 102, 103, 104, 2, 2, 2}, one.windows().get(0).tokens());
        assertArrayEquals(new int[] {1, 201, 202, 203, 2, 2, 2, 2}, one.windows().get(1).tokens());
        assertArrayEquals(new int[] {1, 301, 302, 303, 304, 2, 2, 2}, one.windows().get(2).tokens());
        // a cap above what fits changes nothing; the token limit still closes windows
        Packer.Packing loose = Packer.pack(exs, 8, 2, false, 5);
        Packer.Packing full = Packer.pack(exs, 8, 2, false);
        assertEquals(2, loose.windows().size());
        for (int w = 0; w < 2; w++) {
            assertArrayEquals(full.windows().get(w).tokens(), loose.windows().get(w).tokens());
            assertArrayEquals(full.windows().get(w).labels(), loose.windows().get(w).labels());
        }
        assertThrows(IllegalArgumentException.class, () -> Packer.pack(exs, 8, 2, false, -1));
    }

    @Test
    void examplesArePackedWholeIntoWindows() {
        // lengths 5, 4, 5 into windows of 8 (+1): [5+4], [5]
        Packer.Packing p = Packer.pack(List.of(ex(1, 2, 2), ex(2, 1, 2), ex(3, 2, 2)), 8, 2, false);
        assertEquals(2, p.windows().size());
        Window w = p.windows().get(0);
        assertArrayEquals(new int[] {1, 101, 102, 103, 104, 1, 201, 202}, w.tokens());
        // the second example's BOS is never a label; its completion 202, 203 is (203 is the last label)
        assertArrayEquals(new int[] {-1, -1, 103, 104, -1, -1, 202, 203}, w.labels());
    }

    @Test
    void tooLongExamplesAreSkippedOrTruncated() {
        List<TokenizedExample> exs = List.of(ex(1, 2, 2), ex(7, 3, 20));
        Packer.Packing skip = Packer.pack(exs, 8, 2, false);
        assertEquals(List.of(7), skip.tooLong());
        assertEquals(1, skip.windows().size());
        assertEquals(2, skip.windows().get(0).unmasked());
        Packer.Packing cut = Packer.pack(exs, 8, 2, true);
        assertEquals(List.of(7), cut.tooLong());
        assertEquals(2, cut.windows().size());
        assertEquals(5, cut.windows().get(1).unmasked()); // positions 4..8 of the 9-token span
    }

    @Test
    void anExampleTruncatedBeforeItsCompletionIsDropped() {
        Packer.Packing p = Packer.pack(List.of(ex(3, 20, 2)), 8, 2, true);
        assertEquals(0, p.windows().size());
    }
}
