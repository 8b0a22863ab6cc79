package dev.coleta.cli;

import dev.coleta.backend.Backend;
import dev.coleta.backend.BackendOptions;
import dev.coleta.backend.Backends;
import dev.coleta.backend.Generator;
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
    private final Generator other; // another backend's model, or null on Coleta's own

    private final int beams;
    private final int positions; // what the tasks may fill: the session's context, or less with beams

    private OpenModel(Model model, Session session, Sampling sampling, Generator other, int beams, int positions) {
        this.model = model;
        this.session = session;
        this.sampling = sampling;
        this.other = other;
        this.beams = beams;
        this.positions = positions;
    }

    static OpenModel open(ModelMixin o) {
        boolean beamSearch = o.beams > 1;
        Backend backend = Backends.choose(o.backend);
        if (!backend.name().equals(Backends.COLETA)) {
            if (beamSearch) {
                String refused = "--beams needs --backend coleta";
                if (o.mixee != null) throw new picocli.CommandLine.ParameterException(o.mixee.commandLine(), refused);
                throw new IllegalArgumentException(refused);
            }
            return openOther(backend, o);
        }
        Model model = Model.load(o.model, ModelOptions.defaults().withGpuLayers(o.gpuLayers));
        try {
            SessionOptions so = SessionOptions.defaults();
            int ctx = o.ctx != null ? o.ctx : Math.min(2048, Math.max(256, model.trainContextSize()));
            // the tasks fill only the positions of --ctx (contextSize())
            so = so.withAnswerRoom(ctx, o.beams);
            if (o.threads != null) so = so.withThreads(o.threads);
            Session session = model.newSession(so);
            for (String spec : o.loras) {
                LoraSpec ls = LoraSpec.parse(spec);
                LoraAdapter a = model.loadAdapter(ls.path());
                session.setAdapter(a, ls.scale());
            }
            Sampling sampling = Sampling.defaults().withTemperature(o.temperature).withSeed(o.seed);
            return new OpenModel(model, session, sampling, null, o.beams, ctx);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Another backend: what it cannot do is refused here, before anything loads. */
    private static OpenModel openOther(Backend backend, ModelMixin o) {
        String refused = o.loras.size() > 1 ? "--backend " + backend.name() + " applies one --lora; several need --backend coleta"
                : o.temperature != 0 ? "--backend " + backend.name() + " runs greedy; --temp needs --backend coleta"
                : o.gpuLayers != 0 ? "--gpu-layers needs --backend coleta" : null;
        if (refused != null) {
            if (o.mixee != null) throw new picocli.CommandLine.ParameterException(o.mixee.commandLine(), refused);
            throw new IllegalArgumentException(refused);
        }
        BackendOptions bo = BackendOptions.defaults().withContextSize(o.ctx != null ? o.ctx : 2048);
        if (o.threads != null) bo = bo.withThreads(o.threads);
        if (!o.loras.isEmpty()) {
            LoraSpec ls = LoraSpec.parse(o.loras.get(0));
            bo = bo.withAdapter(ls.path(), ls.scale());
        }
        return new OpenModel(null, null, Sampling.defaults(), backend.open(o.model, bo), 1, 0);
    }

    /** Coleta's model; commands that need it refuse other backends through {@link #session()}. */
    public Model model() {
        requireColeta();
        return model;
    }

    public Session session() {
        requireColeta();
        return session;
    }

    private void requireColeta() {
        if (other != null) {
            throw new IllegalArgumentException("this command needs --backend coleta (it streams from a Coleta session); "
                    + other.backend() + " runs the tasks (scrape, scrape-config, sql, eval) only");
        }
    }

    public Sampling sampling() {
        return sampling;
    }

    /** Beams of every generation ({@code --beams}; 1: token by token). */
    public int beams() {
        return beams;
    }

    /** Generates with the mixin's sampling settings; a grammar-constrained result is complete or an exception. */
    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        if (other != null) return other.complete(prompt, grammar, maxTokens);
        Generation g = session.generate(prompt, GenerateOptions.defaults().withSampling(sampling).withGrammar(grammar).withMaxTokens(maxTokens)
                .withBeams(beams));
        return g.text();
    }

    @Override
    public int countTokens(String text) {
        return other != null ? other.countTokens(text) : session.countTokens(text);
    }

    @Override
    public int contextSize() {
        return other != null ? other.contextSize() : Math.min(positions, session.contextSize());
    }

    @Override
    public String chatPrompt(String system, String user) {
        return other != null ? other.chatPrompt(system, user) : session.chatPrompt(system, user);
    }

    @Override
    public void close() {
        if (other != null) other.close();
        else model.close();
    }
}
