package dev.coleta.train.data;

import dev.coleta.llama.ChatMessage;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss masks follow the completion / assistant text exactly, with the model's own tokenizer and template. */
class ExampleTokenizerIT {
    static String trainedText(Model m, TokenizedExample t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            if (t.train()[i] && t.tokens()[i] != m.eosToken()) sb.append(m.detokenize(new int[] {t.tokens()[i]}));
        }
        return sb.toString();
    }

    @Test
    void promptCompletionTrainsTheCompletionAndEos() {
        try (Model m = Model.load(TinyModels.tinyModel(), ModelOptions.defaults().withVocabOnly(true))) {
            TokenizedExample t = new ExampleTokenizer(m).tokenize(new Example.PromptCompletion("The capital of France is", " Paris."));
            int[] prompt = m.tokenize("The capital of France is", true);
            assertTrue(Arrays.equals(prompt, Arrays.copyOf(t.tokens(), prompt.length)), "the prompt's own tokens come first");
            for (int i = 0; i < prompt.length; i++) assertFalse(t.train()[i], "prompt token " + i + " is masked");
            assertEquals(" Paris.", trainedText(m, t));
            assertEquals(m.eosToken(), t.tokens()[t.length() - 1]);
            assertTrue(t.train()[t.length() - 1], "EOS is trained so that generation stops");
        }
    }

    @Test
    void chatTrainsAssistantTurnsOnly() {
        try (Model m = Model.load(TinyModels.tinyModel(), ModelOptions.defaults().withVocabOnly(true))) {
            List<ChatMessage> chat = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello there"),
                    ChatMessage.user("Bye"), ChatMessage.assistant("Goodbye"));
            TokenizedExample t = new ExampleTokenizer(m).tokenize(new Example.Chat(chat));
            String trained = trainedText(m, t);
            assertTrue(trained.contains("Hello there") && trained.contains("Goodbye"), trained);
            assertFalse(trained.contains("Hi") || trained.contains("Bye") || trained.contains("brief") || trained.contains("INST"), trained);
        }
    }

    @Test
    void tokenizeAllTokenizesEachExampleInOrder() {
        try (Model m = Model.load(TinyModels.tinyModel(), ModelOptions.defaults().withVocabOnly(true))) {
            List<Example> examples = List.of(new Example.PromptCompletion("Capital of Peru:", " Lima"),
                    new Example.Chat(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello there"))),
                    new Example.PromptCompletion("Two plus two:", " four"));
            List<TokenizedExample> all = new ExampleTokenizer(m).tokenizeAll(examples);
            assertEquals(3, all.size());
            assertEquals(" Lima", trainedText(m, all.get(0)));
            assertEquals("Hello there", trainedText(m, all.get(1)).strip());
            assertEquals(" four", trainedText(m, all.get(2)));
            int[] prompt = m.tokenize("Two plus two:", true);
            assertTrue(Arrays.equals(prompt, Arrays.copyOf(all.get(2).tokens(), prompt.length)), "the third example's own prompt first");
            for (TokenizedExample t : all) {
                assertEquals(m.eosToken(), t.tokens()[t.length() - 1]);
                assertTrue(t.trained() >= 2, "a completion token and EOS at least: " + t.trained());
            }
            // the tokens the completion adds to its prompt, and EOS
            int completion = m.tokenize("Two plus two: four", true).length - prompt.length;
            assertEquals(completion + 1, all.get(2).trained());
            assertEquals(List.of(), new ExampleTokenizer(m).tokenizeAll(List.of()));
        }
    }
}
