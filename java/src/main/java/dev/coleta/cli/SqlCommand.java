package dev.coleta.cli;

import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code coleta sql --model FILE --db URL|FILE --question TEXT [--execute]}: prints one
 * read-only SELECT, and with {@code --execute} its rows as JSON.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Answer a question with one read-only SELECT over the database's own tables.")
public final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelMixin model;

    @Option(names = "--db", required = true, paramLabel = "JDBC_URL|FILE", description = "A JDBC URL or a SQLite file.")
    String db;

    @Option(names = "--question", required = true, paramLabel = "TEXT", description = "The question.")
    String question;

    @Option(names = "--execute", description = "Run the query on a read-only connection and print the rows as JSON.")
    boolean execute;

    @Option(names = "--max-tokens", defaultValue = "256", paramLabel = "N", description = "Tokens the SQL may take (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--strict", description = "The strict SQL grammar: one spelling per query (upper-case keywords, the schema's letter case, single spaces, T1..T4 aliases), for weak or Coleta-tuned models.")
    boolean strict;

    @Option(names = "--no-samples", description = "Leave the sample values out of the schema in the prompt, as coleta tune trains and evaluates.")
    boolean noSamples;

    /** The options {@code sql} and {@code eval nl2sql} share: --max-tokens, --no-samples, --strict. */
    static Nl2SqlOptions nl2sqlOptions(int maxTokens, boolean noSamples, boolean strict) {
        return Nl2SqlOptions.defaults().withMaxTokens(maxTokens).withSamples(!noSamples)
                .withGrammar(dev.coleta.nl2sql.SqlGrammarOptions.defaults().withStrict(strict));
    }

    @Override
    public Integer call() throws Exception {
        if (question.isBlank()) throw new IllegalArgumentException("--question is empty");
        Nl2SqlOptions options = nl2sqlOptions(maxTokens, noSamples, strict);
        try (OpenModel m = model.open()) {
            Nl2Sql nl2sql = new Nl2Sql(m, options);
            String sql = nl2sql.sql(db, question);
            var out = spec.commandLine().getOut();
            out.println(sql);
            if (execute) out.println(nl2sql.execute(db, sql).toJson());
            out.flush();
        }
        return ExitCodes.OK;
    }
}
