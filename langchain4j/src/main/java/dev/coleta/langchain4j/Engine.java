package dev.coleta.langchain4j;

import dev.coleta.grammar.Grammar;
import dev.coleta.grammar.JsonSchemaOptions;
import dev.coleta.llama.ChatMessage;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.llama.TokenListener;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import java.util.ArrayList;
import java.util.List;

/**
 * What both chat models share: one model, one session, request mapping. Generation is
 * serialized (a session serves one thread at a time); mapping a request needs no lock.
 */
final class Engine implements AutoCloseable {
    /** The grammar of ResponseFormat.JSON without a schema: any JSON object (OpenAI's "JSON mode"). */
    static final String ANY_OBJECT = "{\"type\":\"object\"}";

    private final Model model;
    private final boolean ownsModel;
    private final Session session;
    private final Sampling sampling;
    private final int maxTokens;
    private final JsonSchemaOptions schemaOptions;
    private final JsonSchemaElements.IntegerRange integerRange;
    private final boolean strict;
    private final String modelName;
    private final Object lock = new Object();
    private volatile CachedGrammar lastGrammar; // AiServices sends the same schema on every call

    private record CachedGrammar(String schema, Grammar grammar) {
    }

    /** A request in Coleta's terms. */
    record Prepared(String prompt, GenerateOptions options) {
    }

    Engine(Model model, boolean ownsModel, SessionOptions sessionOptions, Sampling sampling, int maxTokens,
           JsonSchemaOptions schemaOptions, JsonSchemaElements.IntegerRange integerRange, boolean strict) {
        this.model = model;
        this.ownsModel = ownsModel;
        this.sampling = sampling;
        this.maxTokens = maxTokens;
        this.schemaOptions = schemaOptions;
        this.integerRange = integerRange;
        this.strict = strict;
        this.modelName = model.path().getFileName().toString();
        this.session = model.newSession(sessionOptions);
    }

    String modelName() {
        return modelName;
    }

    /** The builder's settings as LangChain4j parameters (requests override them field by field). */
    ChatRequestParameters defaults() {
        return ChatRequestParameters.builder()
                .modelName(modelName)
                .temperature((double) sampling.temperature())
                .topP((double) sampling.topP())
                .topK(sampling.topK())
                .maxOutputTokens(maxTokens)
                .build();
    }

    /** Maps a request (already merged with {@link #defaults()}) or fails naming what is unsupported. */
    Prepared prepare(ChatRequest request) {
        ChatRequestParameters p = request.parameters();
        if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
            throw new UnsupportedFeatureException("tools are not supported by Coleta's chat models (toolSpecifications: "
                    + p.toolSpecifications().size() + "); use a JSON-Schema response format for structured output");
        }
        if (p.toolChoice() == ToolChoice.REQUIRED) throw new UnsupportedFeatureException("toolChoice REQUIRED is not supported by Coleta's chat models (no tools)");
        if (p.frequencyPenalty() != null) {
            throw new UnsupportedFeatureException("frequencyPenalty is not supported by Coleta's chat models; set Sampling.repeatPenalty on the builder");
        }
        if (p.presencePenalty() != null) {
            throw new UnsupportedFeatureException("presencePenalty is not supported by Coleta's chat models; set Sampling.repeatPenalty on the builder");
        }
        if (p.modelName() != null && !p.modelName().equals(modelName)) {
            throw new UnsupportedFeatureException("modelName '" + p.modelName() + "' differs from this chat model's '" + modelName
                    + "'; a Coleta chat model serves the one model it was built with");
        }
        Sampling s = sampling;
        if (p.temperature() != null) s = s.withTemperature(p.temperature().floatValue());
        if (p.topP() != null) s = s.withTopP(p.topP().floatValue());
        if (p.topK() != null) s = s.withTopK(p.topK());
        int max = maxTokens;
        if (p.maxOutputTokens() != null) {
            if (p.maxOutputTokens() < 1) throw new IllegalArgumentException("maxOutputTokens must be >= 1, got " + p.maxOutputTokens());
            max = p.maxOutputTokens();
        }
        GenerateOptions options = GenerateOptions.defaults().withSampling(s).withMaxTokens(max)
                .withStop(p.stopSequences()).withGrammar(grammar(p.responseFormat()));
        return new Prepared(model.applyChatTemplate(messages(request.messages()), true), options);
    }

    private Grammar grammar(ResponseFormat format) {
        if (format == null || format.type() == ResponseFormatType.TEXT) return null;
        String schema = format.jsonSchema() == null ? ANY_OBJECT : JsonSchemaElements.toJson(format.jsonSchema().rootElement(), integerRange, strict);
        CachedGrammar last = lastGrammar;
        if (last != null && last.schema().equals(schema)) return last.grammar();
        Grammar g = Grammar.jsonSchema(schema, schemaOptions);
        lastGrammar = new CachedGrammar(schema, g);
        return g;
    }

    private static List<ChatMessage> messages(List<dev.langchain4j.data.message.ChatMessage> in) {
        if (in == null || in.isEmpty()) throw new IllegalArgumentException("messages must not be empty");
        List<ChatMessage> out = new ArrayList<>(in.size());
        for (dev.langchain4j.data.message.ChatMessage m : in) {
            if (m instanceof SystemMessage sm) {
                out.add(ChatMessage.system(sm.text()));
            } else if (m instanceof UserMessage um) {
                StringBuilder text = new StringBuilder();
                for (Content c : um.contents()) {
                    if (!(c instanceof TextContent tc)) {
                        throw new UnsupportedFeatureException(c.type() + " content is not supported by Coleta's chat models (text only)");
                    }
                    if (text.length() > 0) text.append('\n');
                    text.append(tc.text());
                }
                out.add(ChatMessage.user(text.toString()));
            } else if (m instanceof AiMessage am) {
                if (am.hasToolExecutionRequests()) throw new UnsupportedFeatureException("AI messages with tool calls are not supported by Coleta's chat models");
                out.add(ChatMessage.assistant(am.text() == null ? "" : am.text()));
            } else {
                throw new UnsupportedFeatureException(m.type() + " messages are not supported by Coleta's chat models");
            }
        }
        return out;
    }

    /** Generates; {@code listener} (may be null) receives text as it is produced. */
    Generation generate(Prepared p, TokenListener listener) {
        synchronized (lock) {
            return session.generate(p.prompt(), p.options(), listener);
        }
    }

    ChatResponse response(Generation g) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(g.text()))
                .modelName(modelName)
                .tokenUsage(new TokenUsage(g.promptTokens(), g.generatedTokens()))
                .finishReason(finishReason(g.stopReason()))
                .build();
    }

    static FinishReason finishReason(Generation.StopReason r) {
        return switch (r) {
            case END_OF_GENERATION, STOP_STRING -> FinishReason.STOP;
            case MAX_TOKENS, CONTEXT_FULL -> FinishReason.LENGTH;
            case CANCELLED -> FinishReason.OTHER;
        };
    }

    Model model() {
        return model;
    }

    @Override
    public void close() {
        synchronized (lock) {
            session.close();
            if (ownsModel) model.close();
        }
    }
}
