package dev.coleta.scrape;

/**
 * The prompts of scrape and scrape-config (also in tasks/scrape and tasks/scrape-config for
 * reading; this class is what runs). Training data uses the same text, so changing a prompt
 * means retraining adapters.
 */
public final class ScrapePrompts {
    public static final String SCRAPE_SYSTEM = "You extract data from web pages. Answer with JSON that follows the "
            + "given JSON Schema. Copy values exactly as they appear in the page; use null for anything the page does not contain.";
    public static final String CONFIG_SYSTEM = "You write scraping configurations. Answer with JSON of the form "
            + "{\"item\": css-or-null, \"fields\": {name: {\"selector\": css, \"attr\": \"text|own_text|href|src|<attribute>\"}}}; "
            + "add \"all\": true to list every match. "
            + "\"item\" selects each repeated record (null for a page with one record); field selectors are relative to the item.";

    private ScrapePrompts() {
    }

    /** {@code page}: the compact text view of (a chunk of) the cleaned page. */
    public static String scrapeUser(String schemaJson, String page) {
        return "JSON Schema:\n" + schemaJson + "\n\nPage:\n" + page + "\n\nJSON:";
    }

    public static String configUser(java.util.List<String> fields, String html) {
        String f = fields.isEmpty() ? "choose the fields worth extracting" : "fields: " + String.join(", ", fields);
        return "Page:\n" + html + "\n\nWrite the configuration (" + f + ").\nConfiguration:";
    }
}
