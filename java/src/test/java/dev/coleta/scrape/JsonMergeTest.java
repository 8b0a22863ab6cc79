package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonMergeTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode j(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void arraysConcatenateScalarsFromFirstChunkThatHasThem() throws Exception {
        JsonNode merged = JsonMerge.merge(List.of(
                j("{\"title\":null,\"items\":[{\"a\":1}],\"meta\":{\"x\":null,\"y\":\"first\"}}"),
                j("{\"title\":\"T2\",\"items\":[{\"a\":2},{\"a\":3}],\"meta\":{\"x\":\"second\",\"y\":\"ignored\"}}"),
                j("{\"title\":\"T3\",\"items\":null}")));
        assertEquals(j("{\"title\":\"T2\",\"items\":[{\"a\":1},{\"a\":2},{\"a\":3}],\"meta\":{\"x\":\"second\",\"y\":\"first\"}}"), merged);
    }

    @Test
    void singleChunkIsUnchanged() throws Exception {
        JsonNode one = j("{\"a\":[1,2],\"b\":\"x\"}");
        assertEquals(one, JsonMerge.merge(List.of(one)));
    }
}
