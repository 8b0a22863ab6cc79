package dev.coleta.langchain4j;

import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

import java.util.Set;

/**
 * A LangChain4j {@link StreamingChatModel} running a local GGUF model with Coleta: text is
 * delivered through {@code onPartialResponse} as it is generated (whole UTF-8 characters; text
 * that could begin a stop sequence is held back until it cannot), then
 * {@code onCompleteResponse} carries the full text, token usage and finish reason. Request
 * mapping is {@link ColetaChatModel}'s.
 *
 * <p>{@link #chat} runs on the calling thread and returns after the last callback; errors,
 * unsupported features included, go to {@code onError}. Cancelling through the
 * {@link StreamingHandle} of a partial response's context stops generation, and then no
 * complete response follows. Thread-safe: calls share one session and run one at a time.
 */
public final class ColetaStreamingChatModel implements StreamingChatModel, AutoCloseable {
    private final Engine engine;

    private ColetaStreamingChatModel(Engine engine) {
        this.engine = engine;
    }

    /** A builder; set {@code modelPath} or {@code model}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        PartialResponseContext context = new PartialResponseContext(handle);
        try {
            Engine.Prepared p = engine.prepare(request);
            Generation g = engine.generate(p, piece -> {
                handler.onPartialResponse(new PartialResponse(piece), context);
                return !handle.isCancelled();
            });
            if (!handle.isCancelled()) handler.onCompleteResponse(engine.response(g));
        } catch (RuntimeException e) {
            handler.onError(e);
        }
    }

    /** The builder's model name (the file name), sampling and maxTokens. */
    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return engine.defaults();
    }

    /** JSON-Schema response formats are enforced by a grammar. */
    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    /** The model this chat model runs. */
    public Model model() {
        return engine.model();
    }

    /** Frees the session, and the model if this chat model loaded it. Idempotent. */
    @Override
    public void close() {
        engine.close();
    }

    private static final class Handle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** Builds a {@link ColetaStreamingChatModel}; see {@link ColetaBuilder} for the settings. */
    public static final class Builder extends ColetaBuilder<Builder> {
        private Builder() {
        }

        /** Loads the model (when given a path) and opens a session. */
        public ColetaStreamingChatModel build() {
            return new ColetaStreamingChatModel(engine());
        }
    }
}
