package dev.coleta.langchain4j;

import dev.coleta.grammar.JsonSchemaOptions;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.SessionOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings shared by {@link ColetaChatModel.Builder} and {@link ColetaStreamingChatModel.Builder}.
 * Exactly one of {@link #modelPath} (the chat model loads the file and owns it) and
 * {@link #model} (an open model that the caller keeps and closes) must be set.
 *
 * @param <B> the concrete builder
 */
public abstract class ColetaBuilder<B extends ColetaBuilder<B>> {
    private Path modelPath;
    private ModelOptions modelOptions = ModelOptions.defaults();
    private Model model;
    private SessionOptions sessionOptions = SessionOptions.defaults();
    private Sampling sampling = Sampling.defaults();
    private int maxTokens = GenerateOptions.defaults().maxTokens();
    private JsonSchemaOptions jsonSchemaOptions = JsonSchemaOptions.defaults();
    private JsonSchemaElements.IntegerRange integerRange = JsonSchemaElements.IntegerRange.ofInt();
    private boolean strictJsonSchema = true;

    ColetaBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** A GGUF file to load; the chat model owns it and frees it on close. */
    public B modelPath(Path modelPath) {
        this.modelPath = Objects.requireNonNull(modelPath, "modelPath");
        return self();
    }

    /** How {@link #modelPath} is loaded; default {@link ModelOptions#defaults()}. */
    public B modelOptions(ModelOptions modelOptions) {
        this.modelOptions = Objects.requireNonNull(modelOptions, "modelOptions");
        return self();
    }

    /** An open model; the caller keeps it and closes it after the chat model. */
    public B model(Model model) {
        this.model = Objects.requireNonNull(model, "model");
        return self();
    }

    /** The session (context size, threads); default {@link SessionOptions#defaults()}. */
    public B sessionOptions(SessionOptions sessionOptions) {
        this.sessionOptions = Objects.requireNonNull(sessionOptions, "sessionOptions");
        return self();
    }

    /**
     * Default sampling, and the only place to set the seed ({@link Sampling#withSeed}):
     * LangChain4j's request parameters carry none. A request's temperature, topP and topK
     * override these. Default {@link Sampling#defaults()}: greedy, seed 42.
     */
    public B sampling(Sampling sampling) {
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        return self();
    }

    /** Default most tokens to generate, unless a request sets maxOutputTokens; default 256. */
    public B maxTokens(int maxTokens) {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        this.maxTokens = maxTokens;
        return self();
    }

    /** How JSON-Schema response formats become grammars; default {@link JsonSchemaOptions#defaults()} (bounded strings and arrays). */
    public B jsonSchemaOptions(JsonSchemaOptions jsonSchemaOptions) {
        this.jsonSchemaOptions = Objects.requireNonNull(jsonSchemaOptions, "jsonSchemaOptions");
        return self();
    }

    /**
     * Bounds of integers in LangChain4j schema trees (which do not say whether a field is an
     * {@code int} or a {@code long}); null leaves them unbounded. Default
     * {@link JsonSchemaElements.IntegerRange#ofInt()}: use {@code ofLong()} for {@code long} fields.
     */
    public B integerRange(JsonSchemaElements.IntegerRange integerRange) {
        this.integerRange = integerRange;
        return self();
    }

    /**
     * Whether every property of a LangChain4j schema tree is required and objects take no
     * others, as in OpenAI's strict mode; default true. AiServices marks no record component
     * required, and without this a grammar lets the model answer {@code {}}.
     */
    public B strictJsonSchema(boolean strictJsonSchema) {
        this.strictJsonSchema = strictJsonSchema;
        return self();
    }

    /** Loads or adopts the model and opens the session. */
    Engine engine() {
        if (modelPath == null && model == null) throw new IllegalArgumentException("modelPath or model must be set");
        if (modelPath != null && model != null) throw new IllegalArgumentException("set modelPath or model, not both");
        boolean owns = model == null;
        Model m = owns ? Model.load(modelPath, modelOptions) : model;
        try {
            return new Engine(m, owns, sessionOptions, sampling, maxTokens, jsonSchemaOptions, integerRange, strictJsonSchema);
        } catch (RuntimeException e) {
            if (owns) m.close();
            throw e;
        }
    }
}
