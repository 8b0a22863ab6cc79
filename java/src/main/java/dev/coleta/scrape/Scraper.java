package dev.coleta.scrape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.DecodeException;
import dev.coleta.grammar.Grammar;
import dev.coleta.grammar.JsonSchemaOptions;
import dev.coleta.grammar.JsonSchemas;
import dev.coleta.grammar.TextSpans;
import dev.coleta.llama.TextGenerator;
import dev.coleta.scrape.html.Chunker;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.TextView;
import dev.coleta.scrape.html.TokenCounter;
import org.jsoup.nodes.Document;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * scrape: a page and a JSON Schema in, JSON valid against that schema, as written, out.
 *
 * <p>The page is cleaned and its compact text view split into chunks that fit the context
 * next to the prompt and the answer; each chunk is answered under the grammar of the user's
 * schema (bounded so the answer fits, never made nullable: null only where the schema allows
 * it), the answers are merged (a value the page contains wins over one it lacks), string
 * values absent from the page are handled by the {@link ScrapeOptions.Hallucinations} policy
 * (under {@link ScrapeOptions#grounded()} the grammar already draws every free-text string from
 * the chunk's text, and the check stays as a second line),
 * and the result is validated against the user's schema; anything else is an exception.
 */
public final class Scraper {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TextGenerator model;
    private final ScrapeOptions options;
    private final TokenCounter tokens;

    public Scraper(TextGenerator model, ScrapeOptions options) {
        this.model = java.util.Objects.requireNonNull(model, "model");
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.tokens = TokenCounter.of(model);
    }

    /** Scrapes {@code page} (raw, as parsed) against {@code schemaJson}. */
    public ScrapeResult scrape(Document page, String schemaJson) {
        JsonNode schema = JsonSchemas.parse(schemaJson);
        if (!schema.isObject()) throw new dev.coleta.GrammarException("JSON schema must be an object");
        int ctx = model.contextSize();
        int outTokens = (int) (ctx * options.outputShare());
        // Assume at least 3 characters per token when bounding the answer: what a tokenizer
        // averages on JSON text. A model that writes one-character tokens can still run out,
        // which is reported below rather than returned half-written.
        ObjectNode bounded = Schemas.fitOutput(schemaJson, outTokens * 3);
        // Grounded: one grammar per chunk, its free-text strings drawn from the chunk's text.
        Grammar grammar = options.grounded() ? null : Grammar.jsonSchema(bounded.toString());
        // The prompt shows the schema as the user wrote it, compacted.
        String schemaText = schema.toString();
        int overhead = tokens.count(model.chatPrompt(ScrapePrompts.SCRAPE_SYSTEM, ScrapePrompts.scrapeUser(schemaText, "")));
        // 32 tokens of slack: BOS, and pieces that merge differently where the chunk meets the prompt.
        int budget = ctx - outTokens - overhead - 32;
        if (budget < 64) {
            throw new IllegalArgumentException("the schema (" + overhead + " tokens) leaves no room for the page in a context of "
                    + ctx + " tokens (contextSize); use a larger context or a smaller schema");
        }
        CleanPage clean = HtmlCleaner.clean(page, options.clean());
        List<String> chunks = Chunker.chunks(clean, options.itemSelector(), budget, tokens, Chunker.View.TEXT);
        List<JsonNode> parts = new ArrayList<>();
        List<ScrapeResult.Grounding> grounding = new ArrayList<>();
        for (String chunk : chunks) {
            String prompt = model.chatPrompt(ScrapePrompts.SCRAPE_SYSTEM, ScrapePrompts.scrapeUser(schemaText, chunk));
            Grammar g = grammar;
            if (g == null) {
                TextSpans spans = TextSpans.of(TextView.segments(chunk));
                g = Grammar.jsonSchema(bounded.toString(), JsonSchemaOptions.defaults().withFreeText(spans));
                grounding.add(spans.anyFree() ? ScrapeResult.Grounding.NONE
                        : spans.mode() == TextSpans.Mode.SPANS ? ScrapeResult.Grounding.SPANS : ScrapeResult.Grounding.SEGMENTS);
            } else {
                grounding.add(ScrapeResult.Grounding.NONE);
            }
            String out = model.complete(prompt, g, outTokens);
            try {
                parts.add(JSON.readTree(out));
            } catch (JsonProcessingException e) {
                throw new DecodeException("the model's answer is not complete JSON after " + outTokens
                        + " tokens (raise the context size): " + abbreviate(out));
            }
        }
        JsonNode merged = JsonMerge.merge(parts, v -> !v.isTextual() || clean.contains(v.asText()));
        // Each chunk's answer is bounded to fit the output; the merged one only by the user's schema.
        int dropped = Schemas.capArrays(merged, schema);
        List<String> hallucinated = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        int strings = checkStrings(merged, clean, schema, hallucinated, unresolved);
        if (!hallucinated.isEmpty() && options.hallucinations() == ScrapeOptions.Hallucinations.ERROR) {
            throw new PageException("values not found in the page: " + hallucinated);
        }
        if (!unresolved.isEmpty()) {
            throw new PageException("the schema requires a value the page does not contain at " + unresolved
                    + "; allow null there, or keep such values (hallucinations KEEP) to have them flagged");
        }
        List<String> errors = Schemas.validate(schema, merged);
        if (!errors.isEmpty()) throw new DecodeException("the result breaks the schema: " + errors);
        int pageTokens = tokens.count(clean.text());
        return new ScrapeResult(merged, hallucinated, strings, chunks.size(), pageTokens, dropped, grounding);
    }

    /**
     * Walks all strings; records those the page lacks in {@code hallucinated} and, under the
     * NULL policy, nulls each where the schema still validates, else drops its array element
     * where that validates, else records it in {@code unresolved}. Returns the string count.
     */
    private int checkStrings(JsonNode root, CleanPage page, JsonNode schema, List<String> hallucinated, List<String> unresolved) {
        /* parent holds the value at key or index; element is the nearest enclosing array element (null if none). */
        record Slot(JsonNode parent, String key, int index, String path, ArrayNode array, JsonNode element) {
        }
        List<Slot> slots = new ArrayList<>();
        Deque<Slot> stack = new ArrayDeque<>();
        stack.push(new Slot(null, null, -1, "$", null, null));
        while (!stack.isEmpty()) {
            Slot s = stack.pop();
            JsonNode v = s.parent == null ? root : s.key != null ? s.parent.get(s.key) : s.parent.get(s.index);
            if (v == null) continue;
            if (v.isTextual()) {
                slots.add(s);
            } else if (v.isObject()) {
                List<String> keys = new ArrayList<>();
                v.fieldNames().forEachRemaining(keys::add);
                for (int i = keys.size() - 1; i >= 0; i--) {
                    stack.push(new Slot(v, keys.get(i), -1, s.path + "." + keys.get(i), s.array, s.element));
                }
            } else if (v.isArray()) {
                for (int i = v.size() - 1; i >= 0; i--) stack.push(new Slot(v, null, i, s.path + "[" + i + "]", (ArrayNode) v, v.get(i)));
            }
        }
        List<String> missing = new ArrayList<>();
        java.util.Set<JsonNode> removed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int baseline = options.hallucinations() == ScrapeOptions.Hallucinations.NULL ? Schemas.validate(schema, root).size() : 0;
        // Last to first: removing an array element never shifts a slot still to be handled.
        for (int i = slots.size() - 1; i >= 0; i--) {
            Slot s = slots.get(i);
            JsonNode v = s.parent == null ? root : s.key != null ? s.parent.get(s.key) : s.parent.get(s.index);
            if (page.contains(v.asText())) continue;
            missing.add(0, s.path);
            if (options.hallucinations() != ScrapeOptions.Hallucinations.NULL) continue;
            if (s.element != null && removed.contains(s.element)) continue;
            if (s.parent == null) {
                unresolved.add(0, s.path + " = " + v);
                continue;
            }
            set(s.parent, s.key, s.index, JsonNodeFactory.instance.nullNode());
            if (Schemas.validate(schema, root).size() <= baseline) continue;
            set(s.parent, s.key, s.index, v);
            if (s.array != null) {
                int at = indexOf(s.array, s.element);
                s.array.remove(at);
                if (Schemas.validate(schema, root).size() <= baseline) {
                    removed.add(s.element);
                    continue;
                }
                s.array.insert(at, s.element);
            }
            unresolved.add(0, s.path + " = " + v);
        }
        hallucinated.addAll(missing);
        return slots.size();
    }

    private static void set(JsonNode parent, String key, int index, JsonNode value) {
        if (key != null) ((ObjectNode) parent).set(key, value);
        else ((ArrayNode) parent).set(index, value);
    }

    private static int indexOf(ArrayNode array, JsonNode element) {
        for (int i = 0; i < array.size(); i++) if (array.get(i) == element) return i;
        throw new IllegalStateException("element not in its array");
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
