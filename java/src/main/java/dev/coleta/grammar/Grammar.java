package dev.coleta.grammar;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coleta.GrammarException;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.internal.ColetaNative;

import java.util.Objects;

/**
 * A GBNF grammar that llama.cpp has parsed successfully. Instances exist only for valid
 * grammars: the factories throw {@link GrammarException} for anything llama.cpp rejects, so
 * a bad grammar can never silently become unconstrained generation.
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
        NativeLibrary.check(NativeLibrary.get().coleta_grammar_check(text, root), "invalid GBNF grammar");
        return new Grammar(text, root);
    }

    /**
     * Converts a JSON Schema to a grammar with llama.cpp's own converter, after
     * {@link JsonSchemas#prepare} has rejected keywords the converter would ignore and bounded
     * strings and arrays so that generation ends.
     */
    public static Grammar jsonSchema(String schemaJson) {
        String prepared = JsonSchemas.prepare(schemaJson);
        ColetaNative lib = NativeLibrary.get();
        PointerByReference out = new PointerByReference();
        NativeLibrary.check(lib.coleta_json_schema_to_grammar(prepared, out), "JSON schema cannot become a grammar");
        Pointer p = out.getValue();
        try {
            return gbnf(p.getString(0, "UTF-8"));
        } finally {
            lib.coleta_free_string(p);
        }
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
        return NativeLibrary.check(NativeLibrary.get().coleta_grammar_accepts(text, root, input), "grammar check") == 1;
    }

    @Override
    public String toString() {
        return "Grammar[root=" + root + ", " + text.length() + " chars]";
    }
}
