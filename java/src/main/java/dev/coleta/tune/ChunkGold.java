package dev.coleta.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.html.PageText;
import org.jsoup.Jsoup;

import java.util.Map;

/**
 * The gold answer for one chunk of a page: the page's gold with every string the chunk does
 * not show set to null and every array item the chunk does not show removed. Merged over a
 * page's chunks (JsonMerge), these give the page's gold back.
 */
final class ChunkGold {

    private ChunkGold() {
    }

    /** The page part of a scrape prompt (the whole prompt if it has no page marker). */
    static String pageOf(String prompt) {
        int i = prompt.indexOf("\nPage:\n");
        return i < 0 ? prompt : prompt.substring(i + "\nPage:\n".length());
    }

    static JsonNode restrict(JsonNode gold, String chunkHtml) {
        String text = PageText.of(Jsoup.parseBodyFragment(chunkHtml).body());
        return restrict(gold, text, true);
    }

    private static JsonNode restrict(JsonNode v, String text, boolean top) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v.isTextual()) return shows(text, v.asText()) ? v : f.nullNode();
        if (v.isObject()) {
            ObjectNode o = f.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) o.set(e.getKey(), restrict(e.getValue(), text, false));
            return o;
        }
        if (v.isArray()) {
            ArrayNode a = f.arrayNode();
            for (JsonNode item : v) {
                JsonNode r = restrict(item, text, false);
                if (anyString(r)) a.add(r);
            }
            return a;
        }
        return v; // numbers, booleans, null: the chunk cannot be checked for them
    }

    private static boolean shows(String text, String value) {
        String v = PageText.normalize(value);
        return !v.isEmpty() && text.contains(v);
    }

    private static boolean anyString(JsonNode n) {
        if (n.isTextual()) return true;
        for (JsonNode c : n) if (anyString(c)) return true;
        return false;
    }
}
