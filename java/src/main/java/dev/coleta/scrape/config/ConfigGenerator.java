package dev.coleta.scrape.config;

import dev.coleta.llama.TextGenerator;
import dev.coleta.scrape.PageException;
import dev.coleta.scrape.ScrapePrompts;
import dev.coleta.scrape.html.Chunker;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.TokenCounter;
import org.jsoup.nodes.Document;

import java.util.List;

/**
 * scrape-config: maps a page to a {@link ScrapeConfig} under the page's own
 * {@link ConfigGrammar}, then verifies it with {@link ConfigVerifier} on the raw page, where
 * {@link ConfigApplier} will run it. The model sees the first chunk of the cleaned page only
 * (a configuration describes repeated structure, which the start of a page shows); the
 * grammar offers only names that occur in the page, and the verifier rejects any selector
 * that matches nothing on the raw page.
 */
public final class ConfigGenerator {
    /**
     * Default output budget per field of the configuration, in tokens. A rule with a long
     * selector takes about 40 Llama-2 tokens, but an untrained model may wander through long
     * selectors the grammar allows (random-weight tests need over 70 per field); a model tuned
     * for the task with a small context can pass less ({@code coleta tune} passes 64).
     */
    public static final int DEFAULT_TOKENS_PER_FIELD = 128;

    private final TextGenerator model;
    private final CleanOptions clean;

    private final int tokensPerField;

    public ConfigGenerator(TextGenerator model, CleanOptions clean) {
        this(model, clean, DEFAULT_TOKENS_PER_FIELD);
    }

    /** {@code tokensPerField}: output budget per requested field (the page gets the rest of the context). */
    public ConfigGenerator(TextGenerator model, CleanOptions clean, int tokensPerField) {
        if (tokensPerField < 16) throw new IllegalArgumentException("tokensPerField must be >= 16, got " + tokensPerField);
        this.tokensPerField = tokensPerField;
        this.model = java.util.Objects.requireNonNull(model, "model");
        this.clean = java.util.Objects.requireNonNull(clean, "clean");
    }

    /** The generated configuration and its verification. */
    public record Result(ScrapeConfig config, String raw, ConfigVerifier.Verification verification) {
    }

    /** Generates and verifies a configuration for {@code page} (raw, as parsed); {@code fields} may be empty. */
    public Result generate(Document page, List<String> fields) {
        CleanPage cleaned = HtmlCleaner.clean(page, clean);
        String grammarText = ConfigGrammar.gbnf(cleaned.document(), fields);
        int maxTokens = 32 + tokensPerField * (fields.isEmpty() ? ConfigGrammar.MAX_FIELDS : fields.size());
        int overhead = model.countTokens(model.chatPrompt(ScrapePrompts.CONFIG_SYSTEM, ScrapePrompts.configUser(fields, "")));
        int budget = model.contextSize() - maxTokens - overhead - 32; // slack as in Scraper
        if (budget < 64) {
            throw new IllegalArgumentException("no room for the page in a context of " + model.contextSize() + " tokens; use a larger context size (SessionOptions.contextSize)");
        }
        String chunk = Chunker.chunks(cleaned, null, budget, TokenCounter.of(model)).get(0);
        String prompt = model.chatPrompt(ScrapePrompts.CONFIG_SYSTEM, ScrapePrompts.configUser(fields, chunk));
        String out = model.complete(prompt, dev.coleta.grammar.Grammar.gbnf(grammarText), maxTokens);
        ScrapeConfig config;
        try {
            config = ScrapeConfig.parse(out);
        } catch (PageException e) {
            throw new dev.coleta.DecodeException("the model's configuration is incomplete after " + maxTokens + " tokens: " + e.getMessage());
        }
        return new Result(config, out, ConfigVerifier.verify(config, page));
    }
}
