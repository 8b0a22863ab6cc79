package dev.coleta.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every command that runs a model shares: {@code --model}, {@code --lora
 * FILE[:SCALE]} (repeatable), {@code --threads}, {@code --ctx}, {@code --gpu-layers},
 * {@code --seed}, {@code --temp}, {@code --beams}. {@link #open()} loads the model, applies the
 * adapters and returns a ready session.
 */
public final class ModelMixin {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "GGUF model file.")
    public Path model;

    @Option(names = "--lora", paramLabel = "FILE[:SCALE]", description = "LoRA adapter, optionally with a scale (default 1.0); repeatable.")
    public List<String> loras = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).")
    public Integer threads;

    @Option(names = "--ctx", paramLabel = "N", description = "Context size in tokens (default: 2048, at most the model's).")
    public Integer ctx;

    @Option(names = "--gpu-layers", paramLabel = "N", defaultValue = "0", description = "Layers to offload to the GPU (CUDA builds; default ${DEFAULT-VALUE}).")
    public int gpuLayers;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "coleta",
            description = "Inference backend: coleta (Coleta's native library), java-llama.cpp (needs coleta-javallama on the "
                    + "classpath: greedy, one --lora, no streaming statistics) or auto (coleta where it loads, else another); "
                    + "default ${DEFAULT-VALUE}.")
    public String backend;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--temp", paramLabel = "T", defaultValue = "0", description = "Temperature; 0 is greedy (default ${DEFAULT-VALUE}).")
    public float temperature;

    @Option(names = "--beams", paramLabel = "N", defaultValue = "1", description = "Beam search with N beams (2-"
            + dev.coleta.llama.GenerateOptions.MAX_BEAMS + ", greedy only, --backend coleta): the most likely output found under "
            + "the grammar; 1 (default) generates token by token.")
    public int beams;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    /** {@code --beams} out of range is a usage error, with the library's message. */
    static int checkBeams(picocli.CommandLine cl, int beams) {
        try {
            return dev.coleta.llama.GenerateOptions.requireBeams(beams);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cl, "--" + e.getMessage());
        }
    }

    /** Loads the model and adapters; the caller closes the result (which frees both). */
    public OpenModel open() {
        try {
            dev.coleta.backend.Backends.choose(backend); // an unknown or unusable backend is a usage error
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(), "--backend: " + e.getMessage(), e);
        }
        checkBeams(mixee.commandLine(), beams);
        if (beams > 1 && temperature != 0) {
            throw new picocli.CommandLine.ParameterException(mixee.commandLine(), "--beams needs greedy decoding (--temp 0)");
        }
        return OpenModel.open(this);
    }
}
