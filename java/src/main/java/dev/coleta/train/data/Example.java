package dev.coleta.train.data;

import dev.coleta.llama.ChatMessage;

import java.util.List;

/** One training example: the model learns to produce the completion (or assistant turns) only. */
public sealed interface Example {
    /** The 1-based line of the data file it came from (0 when built in code). */
    int line();

    /** A prompt and the completion the model should learn to produce after it. */
    record PromptCompletion(String prompt, String completion, int line) implements Example {
        public PromptCompletion {
            if (prompt == null) throw new IllegalArgumentException("prompt must not be null");
            if (completion == null || completion.isEmpty()) throw new IllegalArgumentException("completion must not be empty");
        }

        public PromptCompletion(String prompt, String completion) {
            this(prompt, completion, 0);
        }
    }

    /** A chat; the loss is on the assistant messages only. */
    record Chat(List<ChatMessage> messages, int line) implements Example {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.stream().noneMatch(m -> m.role().equals("assistant"))) {
                throw new IllegalArgumentException("a chat example needs at least one assistant message");
            }
        }

        public Chat(List<ChatMessage> messages) {
            this(messages, 0);
        }
    }
}
