package dev.coleta.nl2sql;

import java.util.Objects;

/**
 * The nl2sql prompt: a system message fixing the task and the dialect, and a user message with
 * the schema as CREATE TABLE text (a few sample values per column as comments) and the
 * question. {@link #llama2} lays it out in the Llama-2 chat format
 * ({@code <s>[INST] <<SYS>>...<</SYS>> ... [/INST]}) for training data; at inference the
 * model's own template is applied through {@code TextGenerator.chatPrompt(system, user)}.
 */
public final class SqlPrompt {
    public static final String SYSTEM = "You translate questions into SQL for SQLite. Answer with exactly one "
            + "read-only SELECT statement over the tables below and nothing else.";

    private SqlPrompt() {
    }

    /** The user message for {@code question} over {@code schema}. */
    public static String user(Schema schema, String question, boolean withSamples) {
        String asked = question(question);
        return "Database schema:\n" + schema.ddl(withSamples) + "\n" + asked;
    }

    /**
     * The question part of the user message ({@code Question: ...\nSQL:}), also a later turn of
     * a chat that showed the schema already.
     */
    public static String question(String question) {
        Objects.requireNonNull(question, "question");
        if (question.isBlank()) throw new IllegalArgumentException("question is empty");
        return "Question: " + question.strip() + "\nSQL:";
    }

    /**
     * The whole prompt in the Llama-2 chat layout, exactly as llama.cpp's llama2 chat template
     * renders it (no space after [/INST]), so training prompts tokenize like inference prompts.
     * BOS is not included: the tokenizer adds it.
     */
    public static String llama2(String system, String user) {
        return "[INST] <<SYS>>\n" + system + "\n<</SYS>>\n\n" + user + " [/INST]";
    }
}
