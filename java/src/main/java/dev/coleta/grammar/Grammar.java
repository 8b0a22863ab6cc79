package dev.coleta.grammar;

import dev.coleta.GrammarException;
import dev.coleta.llama.NativeLibrary;

import java.util.Objects;

/**
 * A GBNF grammar that llama.cpp has parsed successfully. Instances exist only for valid
 * grammars: the factories throw {@link GrammarException} for anything llama.cpp rejects, so
 * a bad grammar can never silently become unconstrained generation. (Where Coleta's native
 * library is absent, the check happens when another backend starts generating under it.)
 */
public final class Grammar {
    private final String text;
    private final String root;

    private Grammar(String text, String root) {
        this.text = text;
        this.root = root;
    }

    /** Parses GBNF text whose start rule is {@code root}. */
    public static Grammar gbnf(String text) {
        return gbnf(text, "root");
    }

    /** Parses GBNF text with the given start rule. */
    public static Grammar gbnf(String text, String root) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(root, "root");
        if (text.isBlank()) throw new GrammarException("grammar is empty");
        if (text.indexOf('\0') >= 0) throw new GrammarException("grammar contains a NUL character");
        // Without Coleta's native library (another backend runs the model), the backend that
        // generates parses the grammar and reports errors there.
        if (NativeLibrary.isAvailable()) {
            NativeLibrary.checkGrammar(text, root);
        }
        return new Grammar(text, root);
    }

    /**
     * Converts a JSON Schema to a grammar for generation: {@link JsonSchemaOptions#defaults()},
     * whose bounds let generation end (see {@link JsonSchemaOptions}). Keywords that would
     * constrain but cannot be enforced are a {@link GrammarException} naming the keyword and
     * its schema path; annotations are ignored.
     */
    public static Grammar jsonSchema(String schemaJson) {
        return jsonSchema(schemaJson, JsonSchemaOptions.defaults());
    }

    /**
     * Converts a JSON Schema to a grammar with Coleta's converter; {@link JsonSchemaOptions#exact()}
     * gives the schema's own language (for checking values), {@link JsonSchemaOptions#defaults()}
     * the bounded one for generation. Every value the grammar accepts validates against the
     * schema.
     */
    public static Grammar jsonSchema(String schemaJson, JsonSchemaOptions options) {
        Objects.requireNonNull(options, "options");
        return gbnf(JsonSchemas.toGbnf(schemaJson, options));
    }

    /** The GBNF text. */
    public String text() {
        return text;
    }

    /** The start rule. */
    public String root() {
        return root;
    }

    /** Whether the grammar accepts {@code input} as a complete sentence (not merely a prefix). */
    public boolean accepts(String input) {
        Objects.requireNonNull(input, "input");
        if (input.indexOf('\0') >= 0) return false;
        return NativeLibrary.grammarAccepts(text, root, input);
    }

    @Override
    public String toString() {
        return "Grammar[root=" + root + ", " + text.length() + " chars]";
    }
}
