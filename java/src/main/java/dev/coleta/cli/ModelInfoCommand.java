package dev.coleta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.GgufValue;
import dev.coleta.gguf.TensorInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code coleta model info}: a GGUF file's metadata and tensors, read in Java (no native code). */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a GGUF file's metadata and tensors.")
public final class ModelInfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "GGUF model or adapter file.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--tensors", description = "List every tensor (text output).")
    boolean tensors;

    @Override
    public Integer call() throws Exception {
        GgufFile g = GgufFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Long> types = new TreeMap<>();
        for (TensorInfo t : g.tensors()) types.merge(t.type().name(), t.elements(), Long::sum);
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("file", file.toString());
            root.put("version", g.version());
            root.put("type", g.fileType());
            root.put("architecture", g.architecture());
            root.put("parameters", g.parameterCount());
            root.put("tensorCount", g.tensors().size());
            root.put("fileSize", g.fileSize());
            ObjectNode meta = root.putObject("metadata");
            for (Map.Entry<String, GgufValue> e : g.metadata().entrySet()) {
                Object v = e.getValue().value();
                if (v instanceof java.util.List<?> l) meta.put(e.getKey(), e.getValue().display());
                else meta.putPOJO(e.getKey(), v);
            }
            ObjectNode tt = root.putObject("tensorTypes");
            types.forEach(tt::put);
            ArrayNode ts = root.putArray("tensors");
            for (TensorInfo t : g.tensors()) {
                ObjectNode o = ts.addObject();
                o.put("name", t.name());
                o.put("type", t.type().name());
                ArrayNode d = o.putArray("dims");
                for (long x : t.dims()) d.add(x);
            }
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            out.printf("file:         %s (%,d bytes, GGUF v%d)%n", file, g.fileSize(), g.version());
            out.printf("type:         %s%n", g.fileType());
            out.printf("architecture: %s%n", g.architecture());
            out.printf("parameters:   %,d in %d tensors %s%n", g.parameterCount(), g.tensors().size(), types.keySet());
            out.println("metadata:");
            for (Map.Entry<String, GgufValue> e : g.metadata().entrySet()) {
                out.printf("  %-40s %s%n", e.getKey(), e.getValue().display());
            }
            if (tensors) {
                out.println("tensors:");
                for (TensorInfo t : g.tensors()) out.printf("  %-40s %-6s %s%n", t.name(), t.type(), Arrays.toString(t.dims()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
