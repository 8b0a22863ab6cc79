package dev.coleta.cli;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.LoraAdapter;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.llama.TextGenerator;

/**
 * A model, its adapters and one session, opened from {@link ModelMixin} options and closed
 * together. Implements {@link TextGenerator} with the mixin's sampling settings.
 */
public final class OpenModel implements TextGenerator, AutoCloseable {
    private final Model model;
    private final Session session;
    private final Sampling sampling;

    private OpenModel(Model model, Session session, Sampling sampling) {
        this.model = model;
        this.session = session;
        this.sampling = sampling;
    }

    static OpenModel open(ModelMixin o) {
        Model model = Model.load(o.model, ModelOptions.defaults().withGpuLayers(o.gpuLayers));
        try {
            SessionOptions so = SessionOptions.defaults();
            int ctx = o.ctx != null ? o.ctx : Math.min(2048, Math.max(256, model.trainContextSize()));
            so = so.withContextSize(ctx);
            if (o.threads != null) so = so.withThreads(o.threads);
            Session session = model.newSession(so);
            for (String spec : o.loras) {
                LoraSpec ls = LoraSpec.parse(spec);
                LoraAdapter a = model.loadAdapter(ls.path());
                session.setAdapter(a, ls.scale());
            }
            Sampling sampling = Sampling.defaults().withTemperature(o.temperature).withSeed(o.seed);
            return new OpenModel(model, session, sampling);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public Model model() {
        return model;
    }

    public Session session() {
        return session;
    }

    public Sampling sampling() {
        return sampling;
    }

    /** Generates with the mixin's sampling settings; a grammar-constrained result is complete or an exception. */
    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        Generation g = session.generate(prompt, GenerateOptions.defaults().withSampling(sampling).withGrammar(grammar).withMaxTokens(maxTokens));
        return g.text();
    }

    @Override
    public int countTokens(String text) {
        return session.countTokens(text);
    }

    @Override
    public int contextSize() {
        return session.contextSize();
    }

    @Override
    public String chatPrompt(String system, String user) {
        return session.chatPrompt(system, user);
    }

    @Override
    public void close() {
        model.close();
    }
}
