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

    @Mixin
    Nl2SqlMixin sqlOptions;

    @Override
    public Integer call() throws Exception {
        if (question.isBlank()) throw new IllegalArgumentException("--question is empty");
        Nl2SqlOptions options = sqlOptions.options();
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
