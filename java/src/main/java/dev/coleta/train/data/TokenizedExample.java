package dev.coleta.train.data;

/**
 * An example as tokens, with the positions the loss is taken on.
 *
 * @param tokens the tokens, starting with BOS
 * @param train  true where the model must learn to produce the token (completion, assistant)
 * @param line   the data file line it came from (0 if none)
 */
public record TokenizedExample(int[] tokens, boolean[] train, int line) {
    public TokenizedExample {
        if (tokens.length != train.length) throw new IllegalArgumentException("tokens and train differ in length");
    }

    public int length() {
        return tokens.length;
    }

    /** Number of positions the loss is taken on. */
    public int trained() {
        int n = 0;
        for (boolean b : train) if (b) n++;
        return n;
    }
}
