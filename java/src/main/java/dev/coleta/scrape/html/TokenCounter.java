package dev.coleta.scrape.html;

import dev.coleta.llama.TextGenerator;

import java.util.Objects;

/** Counts tokens of a text; what page cleaning and chunking measure sizes with. */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);

    /** The model's own tokens: what scrape and scrape-config use whenever a model is given. */
    static TokenCounter of(TextGenerator model) {
        Objects.requireNonNull(model, "model");
        return model::countTokens;
    }

    /**
     * An approximation for model-free code paths only (data statistics, tests without a
     * model): letter runs count one token per 4 letters, every digit and punctuation mark
     * one token, whitespace nothing (SentencePiece folds it into the next piece). On HTML it
     * lands within a factor of about 1.5 of the Llama 2 tokenizer; never use it to fit a
     * real context.
     */
    static TokenCounter approximate() {
        return text -> {
            int tokens = 0;
            int letters = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isLetter(c)) {
                    letters++;
                    continue;
                }
                tokens += (letters + 3) / 4;
                letters = 0;
                if (!Character.isWhitespace(c)) tokens++;
            }
            return tokens + (letters + 3) / 4;
        };
    }
}
