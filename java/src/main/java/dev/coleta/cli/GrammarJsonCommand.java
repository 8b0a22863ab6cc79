package dev.coleta.cli;

import dev.coleta.grammar.Grammar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta grammar json}: the GBNF grammar for a JSON Schema. */
@Command(name = "json", mixinStandardHelpOptions = true, description = "Print the GBNF grammar of a JSON Schema (strings and arrays bounded).")
public final class GrammarJsonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--schema", required = true, paramLabel = "FILE", description = "JSON Schema file.")
    Path schema;

    @Override
    public Integer call() throws Exception {
        Grammar g = Grammar.jsonSchema(Files.readString(schema));
        spec.commandLine().getOut().print(g.text());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
