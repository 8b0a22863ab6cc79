package dev.coleta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coleta.scrape.Schemas;
import dev.coleta.scrape.config.ConfigVerifier;
import dev.coleta.scrape.config.FieldRule;
import dev.coleta.scrape.config.ScrapeConfig;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.testing.TinyModels;
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

    @Test
    void scrapeFromFileUrlAndRecordClass() throws Exception {
        String tiny = TinyModels.tinyModel().toString();
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 4, 3, "cli");
        Path html = Files.writeString(dir.resolve("p.html"), p.html());
        Path schema = Files.writeString(dir.resolve("s.json"), p.schema().toString());
        ApplyConfigCommandTest.Run r = run("scrape", "--model", tiny, "--schema", schema.toString(), "--html", html.toString(), "--stats");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), Schemas.validate(p.schema(), M.readTree(r.out())));
        assertTrue(r.err().contains("chunks"), r.err());

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

        ApplyConfigCommandTest.Run c = run("scrape", "--model", tiny, "--schema-class", Headline.class.getName(), "--html", html.toString());
        assertEquals(0, c.code(), c.err());
        JsonNode out = M.readTree(c.out());
        assertTrue(out.has("headline") && out.has("author"), c.out());
        assertEquals(List.of(), Schemas.validate(Schemas.nullable(Schemas.fromClass(Headline.class)), out));
    }

    @Test
    void scrapeConfigGivesAVerifiedConfigOrARejection() throws Exception {
        String tiny = TinyModels.tinyModel().toString();
        GeneratedPage p = PageGenerator.page(SiteType.CARDS, 5, 4, "cli");
        Path html = Files.writeString(dir.resolve("p.html"), p.html());
        ApplyConfigCommandTest.Run r = run("scrape-config", "--model", tiny, "--html", html.toString(), "--fields", String.join(",", p.fields()));
        if (r.code() == 0) {
            ScrapeConfig config = ScrapeConfig.parse(r.out());
            assertEquals(p.fields(), List.copyOf(config.fields().keySet()));
            for (FieldRule f : config.fields().values()) assertTrue(ConfigVerifier.parses(f.selector()));
        } else {
            // A random model usually picks selectors that extract nothing: rejected, clearly.
            assertEquals(ExitCodes.FAILURE, r.code());
            assertTrue(r.err().contains("configuration rejected"), r.err());
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
    }
}
