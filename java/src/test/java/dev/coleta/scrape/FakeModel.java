package dev.coleta.scrape;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.TextGenerator;
import dev.coleta.scrape.html.TokenCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A test double for {@link TextGenerator}: answers with a function of the page part of the
 * prompt, counts tokens with {@link TokenCounter#approximate()}, and records every grammar
 * it was given so tests can check the answer against it. It exercises everything around
 * the model (cleaning, chunking, merging, checks, validation), not the model.
 */
public final class FakeModel implements TextGenerator {
    private final int context;
    private final Function<String, String> answer;
    public final List<Grammar> grammars = new ArrayList<>();
    public final List<String> prompts = new ArrayList<>();
    public final List<Integer> maxTokens = new ArrayList<>();

    public FakeModel(int context, Function<String, String> answer) {
        this.context = context;
        this.answer = answer;
    }

    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        prompts.add(prompt);
        grammars.add(grammar);
        this.maxTokens.add(maxTokens);
        int at = prompt.indexOf("Page:\n");
        String page = at < 0 ? prompt : prompt.substring(at + 6);
        return answer.apply(page);
    }

    @Override
    public int countTokens(String text) {
        return TokenCounter.approximate().count(text);
    }

    @Override
    public int contextSize() {
        return context;
    }

    @Override
    public String chatPrompt(String system, String user) {
        return "[system] " + system + "\n[user] " + user + "\n[assistant] ";
    }
}
