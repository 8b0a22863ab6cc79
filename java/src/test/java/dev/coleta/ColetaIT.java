package dev.coleta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.gguf.GgufFile;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.Model;
import dev.coleta.llama.Session;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SqlGuard;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.testing.TinyModels;
import dev.coleta.train.LoraMerge;
import dev.coleta.train.Quantization;
import dev.coleta.train.TrainOptions;
import dev.coleta.train.TrainResult;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The front door, every method for real, on a tiny random-weight model. */
class ColetaIT {
    record Product(String title, double price) {
    }

    @Test
    void everyFrontDoorMethodWorks(@TempDir Path dir) throws Exception {
        String html = "<html><body><h1 class=t>Little Meadow</h1><p class=p data-price=12.99>12.99 EUR</p></body></html>";
        String schema = Coleta.jsonSchema(Product.class);
        assertTrue(schema.contains("\"title\"") && schema.contains("\"price\""), schema);
        Grammar g = Coleta.jsonSchema(schema);
        assertTrue(g.accepts("{\"price\":1.5,\"title\":\"x\"}"), g.text()); // properties in the schema's order

        Path db = dir.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT, price REAL)");
            st.executeUpdate("INSERT INTO book (title, price) VALUES ('Little Meadow', 12.99), ('Harvest', 8.5)");
        }
        try (Model m = Coleta.load(TinyModels.tinyModel()); Session s = Coleta.session(m)) {
            // A random model writes digits without end under an unbounded number: strings with bounds here.
            String bounded = """
                    {"type":"object","properties":{"title":{"type":["string","null"],"maxLength":30},
                     "price":{"type":["string","null"],"maxLength":10}},"required":["title","price"],"additionalProperties":false}""";
            ScrapeResult r = Coleta.scrape(s, html, bounded);
            assertTrue(r.value().isObject(), r.value().toString());
            String sql = Coleta.sql(s, db.toString(), "Which books cost more than 10?",
                    dev.coleta.nl2sql.Nl2SqlOptions.defaults().withMaxTokens(1024)); // random weights ramble
            assertEquals(sql, new SqlGuard(SchemaReader.fromDatabase(db.toString())).check(sql));
            ConfigGenerator.Result cfg = Coleta.scrapeConfig(s, Jsoup.parse(html), List.of("title", "price"));
            assertTrue(cfg.raw().startsWith("{"), cfg.raw());
        }
        // applyConfig: no model; an exact, hand-computed result on the raw page
        JsonNode out = Coleta.applyConfig("""
                {"fields":{"title":{"selector":"h1.t"},"price":{"selector":"p.p","attr":"data-price"}}}""", Jsoup.parse(html));
        assertEquals("Little Meadow", out.get("title").asText());
        assertEquals("12.99", out.get("price").asText());

        Path data = Path.of(ColetaIT.class.getResource("/train/memorise-20.jsonl").toURI());
        Path adapter = dir.resolve("a.gguf");
        TrainResult t = Coleta.train(TinyModels.tinyModel(), data, adapter,
                TrainOptions.defaults().withRank(4).withMaxSteps(2).withThreads(2).withSeed(3));
        assertEquals(2, t.steps());
        assertEquals("adapter", GgufFile.read(adapter).fileType());
        Path merged = dir.resolve("merged.gguf");
        Coleta.merge(TinyModels.tinyModel(), List.of(new LoraMerge.Scaled(adapter, 1f)), merged);
        Path q = dir.resolve("merged-q8.gguf");
        Coleta.quantize(merged, q, Quantization.Type.Q8_0);
        assertTrue(Files.size(q) < Files.size(merged) / 2, "Q8_0 is about a quarter of F32");
        try (Model mq = Coleta.load(q)) {
            assertEquals(32000, mq.vocabSize());
        }
        assertTrue(Coleta.version().contains("llama.cpp"), Coleta.version());
    }
}
