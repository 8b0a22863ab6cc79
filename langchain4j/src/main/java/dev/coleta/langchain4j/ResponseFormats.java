package dev.coleta.langchain4j;

import dev.coleta.grammar.JsonSchemas;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;

import java.util.Objects;

/**
 * Response formats for a Java type, with the schema that {@code coleta scrape --schema-class}
 * uses ({@link JsonSchemas#fromClass}): every field required, integral fields bounded by their
 * Java range. For a {@link dev.langchain4j.model.chat.ChatModel} called directly; AiServices
 * builds its own schema tree, which {@link JsonSchemaElements} converts.
 */
public final class ResponseFormats {
    private ResponseFormats() {
    }

    /** A JSON response format whose schema is {@code type}'s, named after its simple name. */
    public static ResponseFormat forType(Class<?> type) {
        Objects.requireNonNull(type, "type");
        JsonSchema schema = JsonSchema.builder()
                .name(type.getSimpleName())
                .rootElement(JsonRawSchema.from(JsonSchemas.fromClass(type).toString()))
                .build();
        return ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build();
    }
}
