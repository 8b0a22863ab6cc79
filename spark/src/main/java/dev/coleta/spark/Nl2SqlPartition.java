package dev.coleta.spark;

import dev.coleta.llama.Session;
import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlOptions;
import dev.coleta.nl2sql.SqlGrammarOptions;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.util.Iterator;

/**
 * One partition of {@link ColetaSpark#nl2sql}: borrows a session of the executor's cached
 * model and writes one checked SELECT per question. A question the model cannot answer within
 * the grammar and guard is an error value.
 */
final class Nl2SqlPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String database;
    private final ModelRef model;
    private final Spec options;

    /** The library's {@link Nl2SqlOptions} as plain fields: its records are not serialisable. */
    record Spec(int maxTokens, boolean samples, int subqueryDepth, int maxJoinTables, int maxSelectItems, int maxConditions,
                int maxListItems, int maxStringLength, int maxAliasLength, boolean strict, boolean linking) implements java.io.Serializable {
        static Spec of(Nl2SqlOptions o) {
            SqlGrammarOptions g = o.grammar();
            return new Spec(o.maxTokens(), o.samples(), g.subqueryDepth(), g.maxJoinTables(), g.maxSelectItems(), g.maxConditions(),
                    g.maxListItems(), g.maxStringLength(), g.maxAliasLength(), g.strict(), o.linking());
        }

        Nl2SqlOptions options() {
            return new Nl2SqlOptions(maxTokens, samples, new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions,
                    maxListItems, maxStringLength, maxAliasLength, strict), linking);
        }
    }

    Nl2SqlPartition(int column, String database, ModelRef model, Nl2SqlOptions options) {
        this.column = column;
        this.database = database;
        this.model = model;
        this.options = Spec.of(options);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        // A SQLite file is resolved like the model: a path the executor sees, or shipped with the job.
        String db = database.startsWith("jdbc:") ? database : ExecutorModels.resolve(database, "database").toAbsolutePath().toString();
        ExecutorModels.TaskSession borrowed = ExecutorModels.borrowForTask(model);
        Session session = borrowed.session();
        Nl2Sql nl2sql = new Nl2Sql(session, options.options());
        return Rows.map(rows, (row, index) -> {
            try {
                if (row.isNullAt(column)) throw new IllegalArgumentException("the question is null");
                session.clearCache(); // the row alone decides its result (see ScrapePartition)
                return Rows.append(row, nl2sql.sql(db, row.getString(column)), null);
            } catch (RuntimeException e) {
                return Rows.append(row, null, Rows.describe(e));
            }
        }, borrowed::releaseOutsideTask);
    }
}
