package dev.coleta.cli;

import dev.coleta.gguf.TinyModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta model create}: a Llama-architecture model with random weights and the Llama 2 tokenizer. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a Llama-architecture GGUF model with random F32 weights (Llama 2 tokenizer).")
public final class ModelCreateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output GGUF file.")
    Path out;

    @Option(names = "--preset", defaultValue = "tiny", paramLabel = "NAME",
            description = "tiny (~9M parameters), small (~20M) or medium (~60M); default ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--embd", paramLabel = "N", description = "Embedding size (overrides the preset).")
    Integer embd;
    @Option(names = "--layers", paramLabel = "N", description = "Transformer blocks.")
    Integer layers;
    @Option(names = "--heads", paramLabel = "N", description = "Attention heads.")
    Integer heads;
    @Option(names = "--ff", paramLabel = "N", description = "Feed-forward size.")
    Integer ff;
    @Option(names = "--ctx", paramLabel = "N", description = "Context length in the metadata.")
    Integer ctx;
    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random weights.")
    Long seed;
    @Option(names = "--attn-std", paramLabel = "F", description = "Standard deviation of the random attention weights (default 0.02; "
            + "0.1 learns to copy from the prompt sooner when trained from scratch).")
    Double attnStd;
    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    public Integer call() {
        TinyModel.Recipe r = TinyModel.Recipe.preset(preset);
        if (embd != null) r = r.withEmbd(embd);
        if (layers != null) r = r.withLayers(layers);
        if (heads != null) r = r.withHeads(heads);
        if (ff != null) r = r.withFf(ff);
        if (ctx != null) r = r.withCtx(ctx);
        if (seed != null) r = r.withSeed(seed);
        if (attnStd != null) r = r.withAttnStd(attnStd);
        if (Files.exists(out) && !force) throw new IllegalArgumentException(out + " exists; pass --force to overwrite it");
        TinyModel.create(r, out);
        spec.commandLine().getOut().printf("created %s: embd %d, %d layers, %d heads, ff %d, ctx %d, %,d parameters%n",
                out, r.embd(), r.layers(), r.heads(), r.ff(), r.ctx(), r.parameters(32000));
        return ExitCodes.OK;
    }
}
