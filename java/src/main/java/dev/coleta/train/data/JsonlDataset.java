package dev.coleta.train.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.DatasetException;
import dev.coleta.llama.ChatMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSONL training file: one JSON object per line, either
 * {@code {"prompt": "...", "completion": "..."}} or
 * {@code {"messages": [{"role": "user", "content": "..."}, {"role": "assistant", ...}]}}.
 * Blank lines are ignored.
 *
 * @param examples the examples, in file order
 * @param skipped  problems of the lines that were skipped (only with {@code skipMalformed})
 */
public record JsonlDataset(Path path, List<Example> examples, List<String> skipped) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    public JsonlDataset {
        examples = List.copyOf(examples);
        skipped = List.copyOf(skipped);
    }

    /**
     * Reads {@code path}. A malformed line throws a {@link DatasetException} naming the file and
     * line, unless {@code skipMalformed}, which skips it and records why in {@link #skipped()}.
     */
    public static JsonlDataset read(Path path, boolean skipMalformed) {
        List<Example> examples = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                try {
                    examples.add(parse(text, line));
                } catch (IllegalArgumentException e) {
                    String problem = path + ":" + line + ": " + e.getMessage();
                    if (!skipMalformed) throw new DatasetException(problem + " (fix the line, or skip malformed lines)");
                    skipped.add(problem);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DatasetException(path + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (examples.isEmpty()) throw new DatasetException(path + " holds no examples");
        return new JsonlDataset(path, examples, skipped);
    }

    /** Parses one line; throws IllegalArgumentException saying what is wrong with it. */
    static Example parse(String text, int line) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException("expected a JSON object");
        if (node.has("messages")) {
            JsonNode ms = node.get("messages");
            if (!ms.isArray() || ms.isEmpty()) throw new IllegalArgumentException("\"messages\" must be a non-empty array");
            List<ChatMessage> messages = new ArrayList<>();
            for (int i = 0; i < ms.size(); i++) {
                JsonNode m = ms.get(i);
                JsonNode role = m.get("role");
                JsonNode content = m.get("content");
                if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                    throw new IllegalArgumentException("messages[" + i + "].role must be one of " + ROLES);
                }
                if (content == null || !content.isTextual()) {
                    throw new IllegalArgumentException("messages[" + i + "].content must be a string");
                }
                messages.add(new ChatMessage(role.asText(), content.asText()));
            }
            return new Example.Chat(messages, line);
        }
        JsonNode prompt = node.get("prompt");
        JsonNode completion = node.get("completion");
        if (prompt == null && completion == null) {
            throw new IllegalArgumentException("expected {\"prompt\", \"completion\"} or {\"messages\": [...]}");
        }
        if (prompt == null || !prompt.isTextual()) throw new IllegalArgumentException("\"prompt\" must be a string");
        if (completion == null || !completion.isTextual() || completion.asText().isEmpty()) {
            throw new IllegalArgumentException("\"completion\" must be a non-empty string");
        }
        return new Example.PromptCompletion(prompt.asText(), completion.asText(), line);
    }
}
