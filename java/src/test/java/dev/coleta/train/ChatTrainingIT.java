package dev.coleta.train;

import dev.coleta.llama.ChatMessage;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.train.data.Example;
import dev.coleta.train.data.JsonlDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on chat-format data ({@code {"messages": [...]}}, the chat-4.jsonl fixture): after a
 * short run the adapted model answers each conversation, laid out by the model's chat template
 * exactly as inference lays it out, with its assistant turn; the base model does not.
 */
class ChatTrainingIT {
    @TempDir
    Path dir;

    @Test
    void loraLearnsTheAssistantTurnsOfChatData() throws Exception {
        Path model = ConfidentTinyModel.path();
        Path data = Path.of(getClass().getResource("/train/chat-4.jsonl").toURI());
        List<Example> examples = JsonlDataset.read(data, false).examples();
        assertEquals(4, examples.size());
        Path adapter = dir.resolve("chat.gguf");
        // four conversations, one per window (TrainOptions.minStepsPerEpoch): 8 epochs are 32 steps
        Trainer trainer = new Trainer(TrainOptions.defaults().withRank(16).withAlpha(32).withLearningRate(3e-3f).withEpochs(8)
                .withWarmupSteps(5).withThreads(2).withSeed(3));
        TrainResult r = trainer.train(model, data, adapter);
        assertEquals(32, r.steps());
        // the loss on the assistant turns (the only scored tokens), under the base and under the adapter
        double before = trainer.evaluate(model, null, examples);
        double after = trainer.evaluate(model, adapter, examples);
        assertTrue(before > 5 && after < before / 4, "assistant-turn loss " + before + " -> " + after);

        List<String> prompts = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try (Model m = Model.load(model, ModelOptions.defaults())) {
            for (Example e : examples) {
                List<ChatMessage> messages = ((Example.Chat) e).messages();
                ChatMessage last = messages.get(messages.size() - 1);
                assertEquals("assistant", last.role());
                prompts.add(m.applyChatTemplate(messages.subList(0, messages.size() - 1), true));
                answers.add(last.content());
            }
            assertTrue(prompts.get(0).contains("[INST]") && prompts.get(0).contains("Color number 0?"), prompts.get(0));
            List<String> base = generate(m, null, prompts);
            List<String> tuned = generate(m, m.loadAdapter(adapter), prompts);
            assertEquals(0, exact(answers, base), "the random base model knows no answer: " + base);
            // the four questions differ in one digit, which 32 steps on a random model need not tell
            // apart; what the run must learn is the layout: every answer is an assistant turn, ended by EOS
            assertTrue(answers.containsAll(tuned) && exact(answers, tuned) >= 1, "answers " + tuned + " for " + answers);
        }
    }

    static int exact(List<String> expected, List<String> got) {
        int n = 0;
        for (int i = 0; i < expected.size(); i++) if (expected.get(i).equals(got.get(i))) n++;
        return n;
    }

    static List<String> generate(Model m, dev.coleta.llama.LoraAdapter adapter, List<String> prompts) {
        List<String> out = new ArrayList<>();
        try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(2))) {
            if (adapter != null) s.setAdapter(adapter, 1f);
            for (String p : prompts) out.add(s.generate(p, GenerateOptions.defaults().withMaxTokens(8)).text().strip());
        }
        return out;
    }
}
