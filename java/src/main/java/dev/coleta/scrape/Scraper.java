package dev.coleta.scrape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.DecodeException;
import dev.coleta.grammar.Grammar;
import dev.coleta.grammar.JsonSchemas;
import dev.coleta.llama.TextGenerator;
import dev.coleta.scrape.html.Chunker;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.TokenCounter;
import org.jsoup.nodes.Document;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * scrape: a page and a JSON Schema in, JSON valid against the schema out.
 *
 * <p>The page is cleaned and split into chunks that fit the context next to the prompt and
 * the answer; each chunk is answered under the grammar of the schema (made nullable and
 * bounded so the answer fits), the answers are merged, string values absent from the page
 * are nulled (or rejected), and the result is validated again with a JSON-Schema validator.
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
        ObjectNode schema = Schemas.nullable(JsonSchemas.parse(schemaJson));
        int ctx = model.contextSize();
        int outTokens = (int) (ctx * options.outputShare());
        // Assume at least 3 characters per token when bounding the answer: what a tokenizer
        // averages on JSON text. A model that writes one-character tokens can still run out,
        // which is reported below rather than returned half-written.
        ObjectNode bounded = Schemas.fitOutput(schema.toString(), outTokens * 3);
        Grammar grammar = Grammar.jsonSchema(bounded.toString());
        String schemaText = schema.toString();
        int overhead = tokens.count(model.chatPrompt(ScrapePrompts.SCRAPE_SYSTEM, ScrapePrompts.scrapeUser(schemaText, "")));
        // 32 tokens of slack: BOS, and pieces that merge differently where the chunk meets the prompt.
        int budget = ctx - outTokens - overhead - 32;
        if (budget < 64) {
            throw new IllegalArgumentException("the schema (" + overhead + " tokens) leaves no room for the page in a context of "
                    + ctx + " tokens; use a larger --ctx or a smaller schema");
        }
        CleanPage clean = HtmlCleaner.clean(page, options.clean());
        List<String> chunks = Chunker.chunks(clean, options.itemSelector(), budget, tokens);
        List<JsonNode> parts = new ArrayList<>();
        for (String chunk : chunks) {
            String prompt = model.chatPrompt(ScrapePrompts.SCRAPE_SYSTEM, ScrapePrompts.scrapeUser(schemaText, chunk));
            String out = model.complete(prompt, grammar, outTokens);
            try {
                parts.add(JSON.readTree(out));
            } catch (JsonProcessingException e) {
                throw new DecodeException("the model's answer is not complete JSON after " + outTokens
                        + " tokens (raise --ctx): " + abbreviate(out));
            }
        }
        JsonNode merged = JsonMerge.merge(parts);
        int dropped = Schemas.capArrays(merged, schema);
        List<String> hallucinated = new ArrayList<>();
        int strings = checkStrings(merged, clean, hallucinated);
        if (!hallucinated.isEmpty() && options.hallucinations() == ScrapeOptions.Hallucinations.ERROR) {
            throw new PageException("values not found in the page: " + hallucinated);
        }
        List<String> errors = Schemas.validate(schema, merged);
        if (!errors.isEmpty()) throw new DecodeException("the result breaks the schema: " + errors);
        int pageTokens = tokens.count(clean.html());
        return new ScrapeResult(merged, hallucinated, strings, chunks.size(), pageTokens, dropped);
    }

    /** Walks all strings iteratively; nulls the missing ones when the policy says so. */
    private int checkStrings(JsonNode root, CleanPage page, List<String> hallucinated) {
        record Slot(JsonNode parent, String key, int index, String path) {
        }
        int count = 0;
        Deque<Slot> stack = new ArrayDeque<>();
        stack.push(new Slot(null, null, -1, "$"));
        while (!stack.isEmpty()) {
            Slot s = stack.pop();
            JsonNode v = s.parent == null ? root : s.key != null ? s.parent.get(s.key) : s.parent.get(s.index);
            if (v == null) continue;
            if (v.isTextual()) {
                count++;
                if (!page.contains(v.asText())) {
                    hallucinated.add(s.path);
                    if (options.hallucinations() == ScrapeOptions.Hallucinations.NULL && s.parent != null) {
                        if (s.key != null) ((ObjectNode) s.parent).putNull(s.key);
                        else ((ArrayNode) s.parent).set(s.index, JsonNodeFactory.instance.nullNode());
                    }
                }
            } else if (v.isObject()) {
                for (String k : (Iterable<String>) v::fieldNames) {
                    stack.push(new Slot(v, k, -1, s.path + "." + k));
                }
            } else if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) stack.push(new Slot(v, null, i, s.path + "[" + i + "]"));
            }
        }
        return count;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
