package dev.coleta.grammar;

import java.util.Map;

/**
 * The grammar of free-text strings: those whose schema has no {@code enum}, {@code const},
 * {@code pattern} or {@code format} of its own, which the converter otherwise lets hold any
 * characters. Set through {@link JsonSchemaOptions#withFreeText(FreeText)}; {@link TextSpans}
 * draws them from given texts.
 */
@FunctionalInterface
public interface FreeText {
    /**
     * The JSON strings (quotes included) of {@code minLength} to {@code maxLength} characters
     * that this free text allows, or null to keep the converter's own (any characters).
     * Every string the expression accepts must be that long: the converter trusts it.
     */
    Gbnf strings(int minLength, int maxLength);

    /**
     * A GBNF expression and the rules it refers to.
     *
     * @param expression what stands for the string (e.g. {@code "\"" text-1 "\""})
     * @param rules      rule name to body; names must not clash with the converter's own, whose
     *                   generated names look like {@code s12-name} (use a prefix of your own)
     */
    record Gbnf(String expression, Map<String, String> rules) {
        public Gbnf {
            java.util.Objects.requireNonNull(expression, "expression");
            rules = Map.copyOf(rules);
        }
    }
}
