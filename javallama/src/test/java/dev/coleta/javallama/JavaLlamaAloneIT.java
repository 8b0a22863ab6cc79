package dev.coleta.javallama;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.coleta.gguf.GgufFile;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library on java-llama.cpp alone: this JVM is started with coleta.native.path pointing at
 * nothing (see the pom's backend-alone execution), so Coleta's native library cannot load, and
 * the scrape task still runs under its JSON-Schema grammar.
 */
class JavaLlamaAloneIT {
    @Test
    void scrapeRunsWithoutColetasNativeLibrary() throws Exception {
        assertFalse(NativeLibrary.isAvailable(), "this test must run without libcoleta.so");
        Path model = Path.of(System.getProperty("coleta.it.dir", "target/it-models")).resolve("parity-tiny.gguf");
        assertTrue(Files.isRegularFile(model), "JavaLlamaParityIT creates " + model + " first");
        GgufFile.read(model); // the pure-Java GGUF reader needs no native code either
        String schema = """
                {"type":"object","properties":{"title":{"type":["string","null"],"maxLength":40},
                 "price":{"type":["number","null"]}},"required":["title","price"],"additionalProperties":false}""";
        String html = "<html><body><h1>Little Meadow</h1><p class=price>$12.99</p><p>In stock</p></body></html>";
        try (JavaLlamaModel m = JavaLlamaModel.open(model, JavaLlamaOptions.defaults().withContextSize(1024).withThreads(1))) {
            ScrapeResult r = new Scraper(m, ScrapeOptions.defaults()).scrape(Jsoup.parse(html), schema);
            var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema).validate(r.value());
            assertTrue(errors.isEmpty(), errors + " in " + r.value());
            String sql = m.complete("Count the rows:", Grammar.gbnf("root ::= \"SELECT COUNT(*) FROM \" [a-z]{1,8}"), 16);
            assertTrue(sql.matches("SELECT COUNT\\(\\*\\) FROM [a-z]{1,8}"), sql);
        }
    }
}
