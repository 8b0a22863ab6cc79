package dev.coleta.cli;

import dev.coleta.train.Quantization;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta model quantize}: convert a model to F16, Q8_0, Q4_0 or Q4_K_M. */
@Command(name = "quantize", mixinStandardHelpOptions = true, description = "Convert a GGUF model to another weight type.")
public final class ModelQuantizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Model to convert.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Converted model.")
    Path out;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "q8_0, q4_0, q4_k_m or f16.")
    String type;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        Quantization.Type t = Quantization.Type.parse(type);
        int n = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        Quantization.quantize(in, out, t, n);
        spec.commandLine().getOut().printf("wrote %s (%s)%n", out, t.name().toLowerCase(java.util.Locale.ROOT));
        return ExitCodes.OK;
    }
}
