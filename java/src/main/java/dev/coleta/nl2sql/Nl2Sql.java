package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.TextGenerator;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Questions to SQL over a live database: reads the schema (with sample values), asks the model
 * under the schema's SQL grammar, checks the answer with {@link SqlGuard}, and runs it only on
 * a read-only connection. Schemas and grammars are cached per database.
 */
public final class Nl2Sql {
    private final TextGenerator model;
    private final Nl2SqlOptions options;
    private final Map<String, Schema> schemas = new HashMap<>();
    private final Map<String, Grammar> grammars = new HashMap<>();

    public Nl2Sql(TextGenerator model, Nl2SqlOptions options) {
        this.model = Objects.requireNonNull(model, "model");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The schema of {@code db} (a JDBC URL or SQLite file). */
    public Schema schema(String db) {
        return schemas.computeIfAbsent(db, SchemaReader::fromDatabase);
    }

    /** The SQL grammar of {@code db}. */
    public Grammar grammar(String db) {
        return grammars.computeIfAbsent(db, d -> SqlGrammar.grammar(schema(d), options.grammar()));
    }

    /**
     * The schema the model sees for {@code question}: the tables it is about with
     * {@link Nl2SqlOptions#linking()}, else the whole schema of {@code db}.
     */
    public Schema schema(String db, String question) {
        return options.linking() ? SchemaLinker.link(schema(db), question) : schema(db);
    }

    /** The SQL grammar for {@code question}: over {@link #schema(String, String)}. */
    public Grammar grammar(String db, String question) {
        return grammar(db, schema(db, question));
    }

    // one grammar per database and set of linked tables (the whole schema's is grammar(db))
    private Grammar grammar(String db, Schema shown) {
        if (!options.linking()) return grammar(db);
        String key = db + "\u0000" + String.join("\u0000", shown.tables().stream().map(Schema.Table::name).toList());
        return grammars.computeIfAbsent(key, k -> SqlGrammar.grammar(shown, options.grammar()));
    }

    /** The prompt for {@code question}: with sample values when they fit the context, else without. */
    public String prompt(String db, String question) {
        return prompt(db, schema(db, question), question);
    }

    private String prompt(String db, Schema s, String question) {
        String p = model.chatPrompt(SqlPrompt.SYSTEM, SqlPrompt.user(s, question, options.samples()));
        int tokens = model.countTokens(p); // tokenized once per prompt version, not once per check
        if (options.samples() && tokens + options.maxTokens() > model.contextSize()) {
            p = model.chatPrompt(SqlPrompt.SYSTEM, SqlPrompt.user(s, question, false));
            tokens = model.countTokens(p);
        }
        if (tokens + options.maxTokens() > model.contextSize()) {
            throw new IllegalArgumentException("the schema of " + db + " does not fit a context of " + model.contextSize()
                    + " tokens; use a larger context size (SessionOptions.contextSize)");
        }
        return p;
    }

    /** One SELECT answering {@code question}, checked by {@link SqlGuard}. */
    public String sql(String db, String question) {
        Schema shown = schema(db, question); // linked once for the prompt and the grammar
        String out = model.complete(prompt(db, shown, question), grammar(db, shown), options.maxTokens()).strip();
        return new SqlGuard(schema(db)).check(out);
    }

    /** Runs a query on a read-only connection to {@code db}, after the guard accepted it. */
    public ReadOnlyDatabase.Result execute(String db, String sql) {
        return ReadOnlyDatabase.query(db, new SqlGuard(schema(db)), sql);
    }
}
