package dev.coleta.train.data;

import dev.coleta.llama.ChatMessage;
import dev.coleta.llama.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns examples into tokens with the model's own tokenizer and chat template, marking the
 * tokens the loss is taken on.
 *
 * <p>A prompt/completion pair is tokenized as one text, {@code BOS prompt+completion EOS}, so
 * that the completion's tokens are those the model produces after the prompt at inference
 * (SentencePiece would tokenize a separate completion with an extra leading space). The
 * boundary is where the prompt's own tokens end. BOS is added unless the prompt begins with
 * it already (a chat template such as llama2-sys-bos writes it), as at inference.
 */
public final class ExampleTokenizer {
    private final Model model;

    public ExampleTokenizer(Model model) {
        this.model = model;
    }

    public TokenizedExample tokenize(Example example) {
        // Java 17: no pattern switch; Example is sealed to these two records
        if (example instanceof Example.PromptCompletion pc) return promptCompletion(pc);
        return chat((Example.Chat) example);
    }

    public List<TokenizedExample> tokenizeAll(List<Example> examples) {
        List<TokenizedExample> out = new ArrayList<>(examples.size());
        for (Example e : examples) out.add(tokenize(e));
        return out;
    }

    private TokenizedExample promptCompletion(Example.PromptCompletion pc) {
        int[] prompt = withBos(pc.prompt());
        int[] full = withBos(pc.prompt() + pc.completion());
        int boundary = commonPrefix(prompt, full);
        int[] tokens = Arrays.copyOf(full, full.length + 1);
        tokens[full.length] = model.eosToken();
        boolean[] train = new boolean[tokens.length];
        for (int i = boundary; i < tokens.length; i++) train[i] = true;
        return new TokenizedExample(tokens, train, pc.line());
    }

    private TokenizedExample chat(Example.Chat chat) {
        List<ChatMessage> ms = chat.messages();
        String whole = model.applyChatTemplate(ms, false);
        int[] tokens = withBos(whole);
        boolean[] train = new boolean[tokens.length];
        for (int i = 0; i < ms.size(); i++) {
            if (!ms.get(i).role().equals("assistant")) continue;
            // the assistant turn spans from the end of the prompt that asks for it to the end
            // of the conversation up to and including it
            int from = 0;
            if (i > 0) {
                String before = model.applyChatTemplate(ms.subList(0, i), true);
                from = commonPrefix(withBos(before), tokens);
            }
            String upTo = model.applyChatTemplate(ms.subList(0, i + 1), false);
            int to = Math.min(tokens.length, withBos(upTo).length);
            for (int k = from; k < to; k++) train[k] = true;
        }
        return new TokenizedExample(tokens, train, chat.line());
    }

    /**
     * The tokens of {@code text} with BOS first, as at inference (Session.generate): added
     * unless the text's own tokens start with it (a template such as llama2-sys-bos writes it).
     * Decided on tokens, not on text: a control token's text may be empty.
     */
    private int[] withBos(String text) {
        int[] bare = model.tokenize(text, false);
        return bare.length > 0 && bare[0] == model.bosToken() ? bare : model.tokenize(text, true);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }
}
