package dev.coleta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coleta.scrape.config.ScrapeConfig;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.testing.TinyModels;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scrape commands end to end on a random-weight tiny model. */
class ScrapeCommandIT {
    private static final ObjectMapper M = new ObjectMapper();

    /** A record to derive a schema from (--schema-class). */
    public record Headline(String headline, String author) {
    }

    @TempDir
    Path dir;

    private static ApplyConfigCommandTest.Run run(String... args) {
        return ApplyConfigCommandTest.run(args);
    }

    /**
     * What the model was shown, folded by the test itself: the cleaned page's two views and its
     * attribute values other than class and id, lower case, whitespace folded.
     */
    private static String pageStrings(String html) {
        var c = dev.coleta.scrape.html.HtmlCleaner.clean(Jsoup.parse(html));
        StringBuilder sb = new StringBuilder(c.text()).append('\n').append(c.document().text());
        for (org.jsoup.nodes.Element e : c.document().getAllElements()) {
            e.attributes().forEach(a -> {
                if (!a.getKey().equals("class") && !a.getKey().equals("id")) sb.append('\n').append(a.getValue());
            });
        }
        return fold(sb.toString());
    }

    private static String fold(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[\\s\\u00A0]+", " ").strip();
    }

    /** JSON paths of the non-empty strings in {@code v} that {@code page} lacks, in document order. */
    private static List<String> absent(JsonNode v, String path, String page, List<String> out) {
        if (v.isTextual() && !v.asText().isBlank() && !page.contains(fold(v.asText()))) out.add(path);
        if (v.isObject()) v.properties().forEach(e -> absent(e.getValue(), path + "." + e.getKey(), page, out));
        if (v.isArray()) for (int i = 0; i < v.size(); i++) absent(v.get(i), path + "[" + i + "]", page, out);
        return out;
    }

    /** The generated list schema checked by hand: {listKey: [{key: string-or-null (<= 200 chars)}...]} and nothing else. */
    private static void assertListShape(GeneratedPage p, JsonNode out) {
        String listKey = p.gold().fieldNames().next();
        assertEquals(List.of(listKey), iterableToList(out.fieldNames()), out.toString());
        assertTrue(out.get(listKey).isArray(), out.toString());
        assertTrue(out.get(listKey).size() <= PageGenerator.MAX_ITEMS, out.toString());
        for (JsonNode item : out.get(listKey)) {
            assertEquals(p.fields(), iterableToList(item.fieldNames()), item.toString());
            for (JsonNode v : item) assertTrue(v.isNull() || (v.isTextual() && v.asText().length() <= PageGenerator.MAX_STRING), item.toString());
        }
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Test
    void scrapeFromFileUrlAndRecordClass() throws Exception {
        String tiny = TinyModels.tinyModel().toString();
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 4, 3, "cli");
        String page = pageStrings(p.html());
        Path html = Files.writeString(dir.resolve("p.html"), p.html());
        Path schema = Files.writeString(dir.resolve("s.json"), p.schema().toString());
        ApplyConfigCommandTest.Run r = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(), "--stats");
        assertEquals(0, r.code(), r.err());
        JsonNode out = M.readTree(r.out());
        assertListShape(p, out);
        // The default policy: every string left is on the page (checked here on the raw page, not by the code's matcher).
        assertEquals(List.of(), absent(out, "$", page, new java.util.ArrayList<>()), r.out());
        assertTrue(r.err().contains("chunks"), r.err());

        // keep: the same answer with nothing nulled; --stats lists exactly the strings the page lacks.
        ApplyConfigCommandTest.Run k = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--stats", "--on-hallucination", "keep");
        assertEquals(0, k.code(), k.err());
        JsonNode kept = M.readTree(k.out());
        assertListShape(p, kept);
        List<String> lacking = absent(kept, "$", page, new java.util.ArrayList<>());
        assertTrue(k.err().contains("hallucinated " + lacking.size() + " " + lacking), lacking + " vs " + k.err());

        // --grounded is the default (same answer, spans on every chunk); --no-grounded lets strings be any text
        ApplyConfigCommandTest.Run g = run("scrape", "--grounded", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--stats", "--on-hallucination", "keep");
        assertEquals(k.out(), g.out());
        assertTrue(g.err().contains("grounding [SPANS"), g.err());
        assertTrue(lacking.isEmpty(), "grounded strings are page text: " + lacking);
        ApplyConfigCommandTest.Run ng = run("scrape", "--no-grounded", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--stats", "--on-hallucination", "keep");
        assertEquals(0, ng.code(), ng.err());
        assertTrue(ng.err().contains("grounding [NONE"), ng.err());

        // error: fails naming exactly those strings, or, when there are none, gives keep's answer
        ApplyConfigCommandTest.Run e = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--on-hallucination", "error");
        if (lacking.isEmpty()) {
            assertEquals(0, e.code(), e.err());
            assertEquals(k.out(), e.out());
        } else {
            assertEquals(ExitCodes.FAILURE, e.code(), e.out());
            assertTrue(e.err().contains("values not found in the page: " + lacking), lacking + " vs " + e.err());
        }
        ApplyConfigCommandTest.Run bogus = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--on-hallucination", "maybe");
        assertEquals(ExitCodes.USAGE, bogus.code(), bogus.err());
        assertTrue(bogus.err().contains("--on-hallucination must be null, error or keep, got 'maybe'"), bogus.err());

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/p", ex -> {
            byte[] b = p.html().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/p";
            ApplyConfigCommandTest.Run u = run("scrape", "--model", tiny, "--schema", schema.toString(), "--url", url);
            assertEquals(0, u.code(), u.err());
            assertEquals(r.out(), u.out(), "same page, greedy: same answer from a file and a URL");
        } finally {
            server.stop(0);
        }

        // A record's schema: both fields required strings, never null. With keep, the answer has
        // two strings; with the default policy the command succeeds only if the page holds both,
        // and otherwise fails naming the first one it lacks.
        ApplyConfigCommandTest.Run ck = run("scrape", "--model", tiny, "--schema-class", Headline.class.getName(), "--html", html.toString(),
                "--on-hallucination", "keep");
        assertEquals(0, ck.code(), ck.err());
        JsonNode rec = M.readTree(ck.out());
        // In the order of the schema's properties (victools sorts them by name).
        assertEquals(iterableToList(dev.coleta.grammar.JsonSchemas.fromClass(Headline.class).get("properties").fieldNames()),
                iterableToList(rec.fieldNames()), ck.out());
        assertEquals(java.util.Set.of("headline", "author"), java.util.Set.copyOf(iterableToList(rec.fieldNames())));
        assertTrue(rec.get("headline").isTextual() && rec.get("author").isTextual(), ck.out());
        List<String> missing = absent(rec, "$", page, new java.util.ArrayList<>());
        ApplyConfigCommandTest.Run c = run("scrape", "--model", tiny, "--schema-class", Headline.class.getName(), "--html", html.toString());
        if (missing.isEmpty()) {
            assertEquals(0, c.code(), c.err());
            assertEquals(rec, M.readTree(c.out()));
        } else {
            assertEquals(ExitCodes.FAILURE, c.code(), c.out());
            assertTrue(c.err().contains("requires a value the page does not contain at [" + missing.get(0)), missing + " vs " + c.err());
        }
    }

    /**
     * Whatever the random model writes, the command's verdict must be right: the test checks
     * the configuration itself with plain Jsoup on the raw page (item matches, every field's
     * selector matches in some item, some value is non-empty) and expects exit 0 exactly when
     * it holds, with apply-config then giving the same records.
     */
    /**
     * --item-selector reaches the chunker: on a page too long for a 512-token context, items
     * chunked by the page's own item selector give several chunks and a valid answer; a
     * selector that is not CSS is a usage error even when the page would fit one chunk.
     */
    @Test
    void itemSelectorChunksByTheGivenItems() throws Exception {
        String tiny = TinyModels.tinyModel().toString();
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 1, 11, "items");
        Path html = Files.writeString(dir.resolve("items.html"), p.html());
        Path schema = Files.writeString(dir.resolve("items.json"), p.schema().toString());
        String item = p.config().item();
        assertTrue(item != null && Jsoup.parse(p.html()).select(item).size() >= 2, "the page's items: " + item);
        ApplyConfigCommandTest.Run r = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--ctx", "512", "--item-selector", item, "--stats", "--on-hallucination", "keep");
        assertEquals(0, r.code(), r.err());
        assertListShape(p, M.readTree(r.out()));
        int chunks = Integer.parseInt(r.err().replaceAll("(?s).*chunks (\\d+).*", "$1"));
        assertTrue(chunks >= 2, "a long page in a small context is chunked: " + r.err());

        ApplyConfigCommandTest.Run bad = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(),
                "--item-selector", "div[[");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("itemSelector 'div[[' is not valid CSS"), bad.err());
    }

    @Test
    void scrapeConfigAcceptsExactlyTheConfigsThatWorkOnTheRawPage() throws Exception {
        String tiny = TinyModels.tinyModel().toString();
        for (SiteType site : new SiteType[] {SiteType.CARDS, SiteType.ARTICLE}) {
            GeneratedPage p = PageGenerator.page(site, 5, 4, "cli");
            Path html = Files.writeString(dir.resolve(site + ".html"), p.html());
            ApplyConfigCommandTest.Run r = run("scrape-config", "--model", tiny, "--html", html.toString(), "--fields", String.join(",", p.fields()));
            assertTrue(r.code() == 0 || r.err().contains("configuration rejected ("), r.err());
            String json = r.code() == 0 ? r.out() : r.err().substring(r.err().lastIndexOf("): ") + 3).trim();
            ScrapeConfig config = ScrapeConfig.parse(json);
            assertEquals(p.fields(), List.copyOf(config.fields().keySet()));
            Document raw = Jsoup.parse(p.html());
            List<org.jsoup.nodes.Element> scopes = config.item() == null ? List.of(raw) : raw.select(config.item());
            boolean works = !scopes.isEmpty();
            boolean anyValue = false;
            for (var f : config.fields().values()) {
                boolean matched = false;
                for (var s : scopes) {
                    var el = s.selectFirst(f.selector());
                    if (el == null) continue;
                    matched = true;
                    String v = f.attr().equals("text") ? el.text() : f.attr().equals("own_text") ? el.ownText() : el.attr(f.attr());
                    anyValue |= !v.isBlank();
                }
                works &= matched;
            }
            works &= anyValue;
            System.out.println("scrape-config (random weights) " + site + ": exit " + r.code() + ", works on the raw page: " + works + " " + json.replaceAll("\\s+", " "));
            assertEquals(works ? 0 : ExitCodes.FAILURE, r.code(), r.err());
            if (works) {
                Path cfg = Files.writeString(dir.resolve(site + ".json"), json);
                ApplyConfigCommandTest.Run a = run("apply-config", "--config", cfg.toString(), "--html", html.toString());
                assertEquals(0, a.code(), a.err());
                assertEquals(dev.coleta.scrape.config.ConfigApplier.apply(config, raw), M.readTree(a.out()));
            }
        }
    }

    @Test
    void evalCommandsPrintTheirScores() throws Exception {
        String tiny = TinyModels.tinyModel().toString();
        Path scrape = dir.resolve("s.jsonl");
        Path config = dir.resolve("c.jsonl");
        assertEquals(0, run("data", "scrape", "--out", scrape.toString(), "--n", "3", "--seed", "9", "--split", "test").code());
        assertEquals(0, run("data", "scrape-config", "--out", config.toString(), "--n", "3", "--seed", "9", "--split", "test").code());
        ApplyConfigCommandTest.Run s = run("eval", "scrape", "--model", tiny, "--data", scrape.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().matches("(?s)examples 3 +precision [0-9.]+ +recall [0-9.]+ +f1 [0-9.]+ +exact [0-9.]+ +hallucination [0-9.]+ +failures \\d+\\s*"), s.out());
        ApplyConfigCommandTest.Run c = run("eval", "scrape-config", "--model", tiny, "--data", config.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().startsWith("examples 3  gold-match "), c.out());
        System.out.print("eval scrape (random weights): " + s.out() + "eval scrape-config (random weights): " + c.out());
        ApplyConfigCommandTest.Run s1 = run("eval", "scrape", "--model", tiny, "--data", scrape.toString(), "--limit", "1");
        assertEquals(0, s1.code(), s1.err());
        assertTrue(s1.out().startsWith("examples 1 "), s1.out());
        // grounding is the default: --grounded changes nothing; without it strings may be invented
        ApplyConfigCommandTest.Run sg = run("eval", "scrape", "--grounded", "--model", tiny, "--data", scrape.toString());
        assertEquals(s.out(), sg.out());
        assertTrue(sg.out().contains("hallucination 0.000"), sg.out());
        ApplyConfigCommandTest.Run su = run("eval", "scrape", "--no-grounded", "--model", tiny, "--data", scrape.toString());
        assertEquals(0, su.code(), su.err());
        ApplyConfigCommandTest.Run c1 = run("eval", "scrape-config", "--model", tiny, "--data", config.toString(), "--limit", "2");
        assertEquals(0, c1.code(), c1.err());
        assertTrue(c1.out().startsWith("examples 2  gold-match "), c1.out());
    }

    @Test
    void tokensPerFieldSetsTheAnswerBudget() throws Exception {
        Path tiny = TinyModels.tinyModel();
        Path config = dir.resolve("budget.jsonl");
        assertEquals(0, run("data", "scrape-config", "--out", config.toString(), "--n", "2", "--seed", "9", "--split", "test").code());
        ApplyConfigCommandTest.Run small = run("eval", "scrape-config", "--model", tiny.toString(), "--data", config.toString(),
                "--ctx", "1024", "--tokens-per-field", "64", "--threads", "2");
        assertEquals(0, small.code(), small.err());
        String expected;
        try (dev.coleta.llama.Model m = dev.coleta.llama.Model.load(tiny);
             dev.coleta.llama.Session s = m.newSession(dev.coleta.llama.SessionOptions.defaults().withContextSize(1024).withThreads(2))) {
            expected = dev.coleta.scrape.eval.ConfigEvaluator.evaluate(s, ScrapeCliSupport.readData(config, 0),
                    dev.coleta.scrape.html.CleanOptions.defaults(), 64).summary();
        }
        assertEquals(expected.strip(), small.out().strip());
        ApplyConfigCommandTest.Run bad = run("eval", "scrape-config", "--model", tiny.toString(), "--data", config.toString(),
                "--tokens-per-field", "8");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("--tokens-per-field must be >= 16"), bad.err());
    }
}
