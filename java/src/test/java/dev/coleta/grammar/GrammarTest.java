package dev.coleta.grammar;

import dev.coleta.GrammarException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grammars are parsed and matched by llama.cpp's own engine (native library, no model). */
class GrammarTest {
    @Test
    void gbnfAcceptsWholeSentencesOnly() {
        Grammar g = Grammar.gbnf("root ::= \"yes\" | \"no\" | [0-9]+");
        assertTrue(g.accepts("yes"));
        assertTrue(g.accepts("42"));
        assertFalse(g.accepts("ye"));
        assertFalse(g.accepts("yess"));
        assertFalse(g.accepts("maybe"));
    }

    @Test
    void syntaxErrorsAreExceptionsNotUnconstrainedGeneration() {
        assertThrows(GrammarException.class, () -> Grammar.gbnf("root ::= \"unterminated"));
        assertThrows(GrammarException.class, () -> Grammar.gbnf("root ::= undefined-rule"));
        assertThrows(GrammarException.class, () -> Grammar.gbnf("root ::= [a-z"));
        assertThrows(GrammarException.class, () -> Grammar.gbnf("rooot ::= \"x\""));
        assertThrows(GrammarException.class, () -> Grammar.gbnf(""));
        assertThrows(GrammarException.class, () -> Grammar.gbnf("root ::= root \"x\""));
    }

    @Test
    void customRootRule() {
        Grammar g = Grammar.gbnf("start ::= \"a\" b\nb ::= \"b\"+", "start");
        assertTrue(g.accepts("abbb"));
        assertFalse(g.accepts("a"));
    }

    /** The start rule is the one matching begins with: two rules, each one the language of its own root. */
    @Test
    void rootNamesTheStartRule() {
        String text = "root ::= \"a\" | other\nother ::= \"b\"";
        Grammar byDefault = Grammar.gbnf(text);
        Grammar fromOther = Grammar.gbnf(text, "other");
        assertEquals("root", byDefault.root());
        assertEquals("other", fromOther.root());
        assertTrue(byDefault.accepts("a"));
        assertTrue(byDefault.accepts("b"));
        assertFalse(fromOther.accepts("a"), "other does not reach root's alternatives");
        assertTrue(fromOther.accepts("b"));
        assertThrows(GrammarException.class, () -> Grammar.gbnf(text, "missing"));
    }

    @Test
    void jsonSchemaGrammarMatchesTheSchema() {
        Grammar g = Grammar.jsonSchema("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":8},"n":{"type":"integer"}},"required":["name","n"]}""");
        assertTrue(g.accepts("{\"name\": \"ana\", \"n\": 3}"));
        assertFalse(g.accepts("{\"name\": \"ana\"}"));
        assertFalse(g.accepts("{\"name\": \"a very long name\", \"n\": 3}"));
        assertFalse(g.accepts("{\"name\": \"ana\", \"n\": 3.5}"));
    }

    @Test
    void invalidSchemaIsAnException() {
        assertThrows(GrammarException.class, () -> Grammar.jsonSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"strin\"}}}"));
        assertThrows(GrammarException.class, () -> Grammar.jsonSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}"));
        assertThrows(GrammarException.class, () -> Grammar.jsonSchema("not json"));
    }
}
