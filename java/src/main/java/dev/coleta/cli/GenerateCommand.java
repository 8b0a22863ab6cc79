package dev.coleta.cli;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code coleta generate}: text from a prompt, optionally under a GBNF grammar or a JSON Schema. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate text from a prompt; the text goes to stdout (streamed).")
public final class GenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelMixin model;

    static final class Constraint {
        @Option(names = "--grammar-file", paramLabel = "FILE", description = "GBNF grammar the output must follow.")
        Path grammarFile;
        @Option(names = "--json-schema", paramLabel = "FILE", description = "JSON Schema the output must follow.")
        Path jsonSchema;
    }

    @ArgGroup(exclusive = true)
    Constraint constraint;

    static final class PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt.")
        String prompt;
        @Option(names = "--prompt-file", paramLabel = "FILE", description = "Read the prompt from a file.")
        Path promptFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptSource source;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "Most tokens to generate (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when this text appears; repeatable.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--chat", description = "Wrap the prompt in the model's chat template (Llama 2 [INST] if it has none).")
    boolean chat;

    @Option(names = "--stats", description = "Print token counts and speed to stderr.")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        String prompt = source.prompt != null ? source.prompt : Files.readString(source.promptFile, StandardCharsets.UTF_8);
        Grammar grammar = null;
        if (constraint != null && constraint.grammarFile != null) grammar = Grammar.gbnf(Files.readString(constraint.grammarFile));
        if (constraint != null && constraint.jsonSchema != null) grammar = Grammar.jsonSchema(Files.readString(constraint.jsonSchema));
        PrintWriter out = spec.commandLine().getOut();
        try (OpenModel m = model.open()) {
            if (chat) prompt = m.chatPrompt(null, prompt);
            GenerateOptions go = GenerateOptions.defaults().withMaxTokens(maxTokens).withSampling(m.sampling())
                    .withGrammar(grammar).withStop(stop).withBeams(m.beams());
            Generation g = m.session().generate(prompt, go, piece -> {
                out.print(piece);
                out.flush();
                return true;
            });
            out.println();
            out.flush();
            if (stats) {
                spec.commandLine().getErr().printf("prompt %d tokens, generated %d tokens, %.1f tokens/s, stop: %s, grammar passes: %d%n",
                        g.promptTokens(), g.generatedTokens(), g.tokensPerSecond(), g.stopReason(), g.grammarPasses());
            }
        }
        return ExitCodes.OK;
    }
}
