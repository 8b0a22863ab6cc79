package dev.coleta.tune;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Session;
import dev.coleta.llama.TextGenerator;

/** A session's greedy completions, counting generated tokens and generation time. */
final class MeteredGenerator implements TextGenerator {
    private final Session session;
    private long tokens;
    private long nanos;

    MeteredGenerator(Session session) {
        this.session = session;
    }

    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        Generation g = session.generate(prompt, GenerateOptions.defaults().withGrammar(grammar).withMaxTokens(maxTokens));
        tokens += g.generatedTokens();
        nanos += g.nanos() - g.promptNanos();
        return g.text();
    }

    /** Generated tokens per second since creation (prompt processing excluded). */
    double tokensPerSecond() {
        return nanos == 0 ? 0 : tokens * 1e9 / nanos;
    }

    @Override
    public int countTokens(String text) {
        return session.countTokens(text);
    }

    @Override
    public int contextSize() {
        return session.contextSize();
    }

    @Override
    public String chatPrompt(String system, String user) {
        return session.chatPrompt(system, user);
    }
}
