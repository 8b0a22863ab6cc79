package dev.coleta.tune;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Session;
import dev.coleta.llama.TextGenerator;

/**
 * A session's greedy completions (or beam searches, with {@code beams} > 1), counting generated
 * tokens and generation time.
 */
final class MeteredGenerator implements TextGenerator {
    private final Session session;
    private final int beams;
    private final int positions;
    private long tokens;
    private long nanos;

    /**
     * @param positions the context the tasks may fill (the model's training context); the
     *                  session may hold more cells, for the beams' copies of the answer
     */
    MeteredGenerator(Session session, int beams, int positions) {
        this.session = session;
        this.beams = beams;
        this.positions = Math.min(positions, session.contextSize());
    }

    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        Generation g = session.generate(prompt, GenerateOptions.defaults().withGrammar(grammar).withMaxTokens(maxTokens).withBeams(beams));
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
        return positions;
    }

    @Override
    public String chatPrompt(String system, String user) {
        return session.chatPrompt(system, user);
    }
}
