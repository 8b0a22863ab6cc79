package dev.coleta.tune;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.Model;
import dev.coleta.llama.TextGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TextGenerator} that answers with a given gold text and records what it was asked:
 * running a task's own code (Scraper, ConfigGenerator, Nl2Sql) on it yields the exact prompts
 * and grammars that task builds at inference, with the model's own tokenizer, chat template
 * and context budget. Training on those prompts means training and inference can never drift
 * apart, whatever the tasks change in cleaning, chunking or prompt layout.
 */
final class PromptRecorder implements TextGenerator {
    /** One recorded call. */
    record Call(String prompt, Grammar grammar, int maxTokens, String answer) {
    }

    private final Model model;
    private final int contextSize;
    private final List<Call> calls = new ArrayList<>();
    private java.util.function.UnaryOperator<String> answer;

    /** {@code model} may be loaded vocabulary-only: only its tokenizer and template are used. */
    PromptRecorder(Model model, int contextSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.contextSize = contextSize;
    }

    /** Sets the answer of the following calls and forgets earlier calls. */
    void answerWith(String gold) {
        Objects.requireNonNull(gold, "gold");
        answerWith(prompt -> gold);
    }

    /** Answers each following call with {@code gold} applied to its prompt; forgets earlier calls. */
    void answerWith(java.util.function.UnaryOperator<String> gold) {
        this.answer = Objects.requireNonNull(gold, "gold");
        calls.clear();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        if (answer == null) throw new IllegalStateException("no answer set");
        String a = answer.apply(prompt);
        calls.add(new Call(prompt, grammar, maxTokens, a));
        return a;
    }

    @Override
    public int countTokens(String text) {
        return model.tokenize(text, false).length;
    }

    @Override
    public int contextSize() {
        return contextSize;
    }

    @Override
    public String chatPrompt(String system, String user) {
        return model.chatPrompt(system, user);
    }
}
