package dev.coleta.langchain4j;

import dev.coleta.llama.Model;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} running a local GGUF model with Coleta.
 *
 * <p>Messages are laid out with the model's own chat template ({@link Model#applyChatTemplate}).
 * A JSON response format becomes a grammar, so the answer always parses: with a schema, the
 * schema's grammar ({@link JsonSchemaElements}); without one, any JSON object. Request
 * parameters temperature, topP, topK, maxOutputTokens and stopSequences map to Coleta's
 * sampling and generation options; tools, frequency and presence penalties, non-text content
 * and another modelName fail with an
 * {@link dev.langchain4j.exception.UnsupportedFeatureException} naming the feature.
 *
 * <p>Thread-safe: calls share one session and run one at a time. {@link #close()} frees the
 * session, and the model when the builder loaded it from {@link Builder#modelPath}.
 */
public final class ColetaChatModel implements ChatModel, AutoCloseable {
    private final Engine engine;

    private ColetaChatModel(Engine engine) {
        this.engine = engine;
    }

    /** A builder; set {@code modelPath} or {@code model}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        Engine.Prepared p = engine.prepare(request);
        return engine.response(engine.generate(p, null));
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

    /** Builds a {@link ColetaChatModel}; see {@link ColetaBuilder} for the settings. */
    public static final class Builder extends ColetaBuilder<Builder> {
        private Builder() {
        }

        /** Loads the model (when given a path) and opens a session. */
        public ColetaChatModel build() {
            return new ColetaChatModel(engine());
        }
    }
}
