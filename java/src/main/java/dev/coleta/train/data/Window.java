package dev.coleta.train.data;

/**
 * One training window: {@code tokens[i]} is the input at position i and {@code labels[i]} the
 * token the model should predict next, or -1 where the loss is masked (prompt, padding).
 */
public record Window(int[] tokens, int[] labels) {
    public Window {
        if (tokens.length != labels.length) throw new IllegalArgumentException("tokens and labels differ in length");
    }

    /** Number of positions with a label (the loss is averaged over these). */
    public int unmasked() {
        int n = 0;
        for (int l : labels) if (l >= 0) n++;
        return n;
    }
}
