package dev.coleta.grammar;

/**
 * How a JSON Schema becomes a grammar.
 *
 * <p>{@code bounded} is a generation policy, not part of the schema: a grammar used to generate
 * must let generation end, so strings without {@code maxLength} (and without enum, const,
 * pattern or format) get {@code maxLength}, arrays without {@code maxItems} get
 * {@code maxItems}, values the schema leaves free (no type, {@code additionalProperties: true})
 * nest at most {@link #ANY_DEPTH} levels, objects that declare properties get no others
 * unless {@code additionalProperties} asks for them, extra properties and their keys are
 * bounded like arrays and strings, a typeless schema takes the types its keywords speak of,
 * and an unanchored {@code pattern} is filled exactly rather than searched for inside a
 * longer string (its own repetitions stay unbounded, as before). Every bounded output still
 * validates against the schema. With {@code bounded} off the grammar is the schema's own language (less what the
 * converter documents as narrowed, such as property order), which is what a coverage
 * benchmark should measure.
 *
 * @param bounded   whether generation bounds apply; default true
 * @param maxLength maxLength given to strings that have none, when bounded; default {@value JsonSchemas#DEFAULT_MAX_LENGTH}
 * @param maxItems  maxItems given to arrays that have none, when bounded; default {@value JsonSchemas#DEFAULT_MAX_ITEMS}
 * @param freeText  the strings a free-text string (no enum, const, pattern or format) may hold,
 *                  within its length bounds; null, the default: any characters
 */
public record JsonSchemaOptions(boolean bounded, int maxLength, int maxItems, FreeText freeText) {
    /** Nesting depth of values the schema leaves free, when bounded. */
    public static final int ANY_DEPTH = 3;

    public JsonSchemaOptions {
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        if (maxItems < 1) throw new IllegalArgumentException("maxItems must be >= 1, got " + maxItems);
    }

    /** The generation policy: bounded, maxLength {@value JsonSchemas#DEFAULT_MAX_LENGTH}, maxItems {@value JsonSchemas#DEFAULT_MAX_ITEMS}. */
    public static JsonSchemaOptions defaults() {
        return new JsonSchemaOptions(true, JsonSchemas.DEFAULT_MAX_LENGTH, JsonSchemas.DEFAULT_MAX_ITEMS, null);
    }

    /** The schema's own language, no generation bounds: for checking, not for generating. */
    public static JsonSchemaOptions exact() {
        return defaults().withBounded(false);
    }

    public JsonSchemaOptions withBounded(boolean bounded) {
        return new JsonSchemaOptions(bounded, maxLength, maxItems, freeText);
    }

    public JsonSchemaOptions withMaxLength(int maxLength) {
        return new JsonSchemaOptions(bounded, maxLength, maxItems, freeText);
    }

    public JsonSchemaOptions withMaxItems(int maxItems) {
        return new JsonSchemaOptions(bounded, maxLength, maxItems, freeText);
    }

    /** Free-text strings drawn from {@code v} (e.g. {@link TextSpans}); null: any characters. */
    public JsonSchemaOptions withFreeText(FreeText v) {
        return new JsonSchemaOptions(bounded, maxLength, maxItems, v);
    }
}
