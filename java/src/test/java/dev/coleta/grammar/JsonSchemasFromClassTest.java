package dev.coleta.grammar;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemasFromClassTest {
    record Item(String name, List<Integer> counts, Long big, short small) {
    }

    record Order(Item item, boolean paid) {
    }

    @Test
    void integralFieldsAreBoundedByTheirJavaRange() {
        ObjectNode s = JsonSchemas.fromClass(Item.class);
        assertEquals(Integer.MIN_VALUE, s.at("/properties/counts/items/minimum").asLong());
        assertEquals(Integer.MAX_VALUE, s.at("/properties/counts/items/maximum").asLong());
        assertEquals(Long.MAX_VALUE, s.at("/properties/big/maximum").asLong());
        assertEquals(Short.MAX_VALUE, s.at("/properties/small/maximum").asLong());
        assertTrue(s.at("/properties/name/minimum").isMissingNode());
        Grammar g = Grammar.jsonSchema(s.toString());
        assertTrue(g.accepts("{\"big\":1,\"counts\":[2147483647],\"name\":\"a\",\"small\":-32768}"), s.toString());
        assertFalse(g.accepts("{\"big\":1,\"counts\":[2147483648],\"name\":\"a\",\"small\":-128}"));
        assertFalse(g.accepts("{\"big\":1,\"counts\":[],\"name\":\"a\",\"small\":32768}"));
    }

    @Test
    void nestedRecordsAreRequiredAndClosed() {
        ObjectNode s = JsonSchemas.fromClass(Order.class);
        assertEquals(2, s.get("required").size());
        assertEquals(4, s.at("/properties/item/required").size());
        assertFalse(s.at("/properties/item/additionalProperties").asBoolean(true));
        assertThrows(NullPointerException.class, () -> JsonSchemas.fromClass(null));
    }
}
