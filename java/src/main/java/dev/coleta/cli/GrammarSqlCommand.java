package dev.coleta.cli;

import dev.coleta.nl2sql.Schema;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SqlGrammar;
import dev.coleta.nl2sql.SqlGrammarOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta grammar sql --db URL|FILE | --ddl FILE}: prints the GBNF grammar of a database's SELECTs. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Print the GBNF grammar of read-only SELECTs over a database's tables.")
public final class GrammarSqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--db", paramLabel = "JDBC_URL|FILE", description = "Live database: a JDBC URL or a SQLite file.")
        String db;

        @Option(names = "--ddl", paramLabel = "FILE", description = "File of CREATE TABLE statements.")
        Path ddl;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--subquery-depth", paramLabel = "N", defaultValue = "2", description = "Subquery nesting levels (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--max-join-tables", paramLabel = "N", defaultValue = "4", description = "Tables per FROM clause, 1-4 (default ${DEFAULT-VALUE}).")
    int joins;

    @Option(names = "--strict", description = "The strict SQL grammar: one spelling per query (upper-case keywords, the schema's letter case, single spaces, T1..T4 aliases), for weak or Coleta-tuned models.")
    boolean strict;

    @Override
    public Integer call() {
        Schema schema = source.db != null ? SchemaReader.fromDatabase(source.db) : SchemaReader.fromDdlFile(source.ddl);
        SqlGrammarOptions options = SqlGrammarOptions.defaults().withSubqueryDepth(depth).withMaxJoinTables(joins).withStrict(strict);
        // Parse it with llama.cpp before printing, so a printed grammar is always a usable one.
        String text = SqlGrammar.grammar(schema, options).text();
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
