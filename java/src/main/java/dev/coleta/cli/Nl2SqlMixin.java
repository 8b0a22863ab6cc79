package dev.coleta.cli;

import dev.coleta.nl2sql.Nl2SqlOptions;
import dev.coleta.nl2sql.SqlGrammarOptions;
import picocli.CommandLine.Option;

/**
 * The options {@code coleta sql} and {@code coleta eval nl2sql} share: {@code --max-tokens},
 * {@code --strict}, {@code --no-samples}, {@code --link}. {@link #options()} turns them into the library's
 * {@link Nl2SqlOptions}.
 */
public final class Nl2SqlMixin {
    @Option(names = "--max-tokens", defaultValue = "256", paramLabel = "N", description = "Tokens the SQL may take (default ${DEFAULT-VALUE}).")
    public int maxTokens;

    @Option(names = "--strict", description = "The strict SQL grammar: one spelling per query (upper-case keywords, the schema's letter case, single spaces, T1..T4 aliases), for weak or Coleta-tuned models.")
    public boolean strict;

    @Option(names = "--no-samples", description = "Leave the sample values out of the schema in the prompt, as coleta tune trains and evaluates.")
    public boolean noSamples;

    @Option(names = "--link", description = "Schema linking: the prompt and the grammar hold only the tables the question names (and those joining them), as coleta tune evaluates.")
    public boolean link;

    /** The library's options for these flags. */
    public Nl2SqlOptions options() {
        return Nl2SqlOptions.defaults().withMaxTokens(maxTokens).withSamples(!noSamples)
                .withGrammar(SqlGrammarOptions.defaults().withStrict(strict)).withLinking(link);
    }
}
