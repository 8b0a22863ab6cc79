package dev.coleta.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.DatasetException;
import dev.coleta.scrape.PageException;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.fetch.FetchOptions;
import dev.coleta.scrape.fetch.PageFetcher;
import dev.coleta.scrape.html.HtmlPages;
import org.jsoup.nodes.Document;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the scrape commands share: where the page comes from, and reading generated data. */
final class ScrapeCliSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    private ScrapeCliSupport() {
    }

    /** {@code --html FILE} or {@code --url URL} (exactly one), with the fetch limits. */
    public static final class PageSource {
        @Option(names = "--html", paramLabel = "FILE", description = "The page, from a file.")
        Path html;

        @Option(names = "--url", paramLabel = "URL", description = "The page, fetched over http or https.")
        String url;

        @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "16777216", description = "Largest page accepted in bytes (default ${DEFAULT-VALUE}).")
        long maxBytes;

        @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "30000", description = "Time limit for fetching --url (default ${DEFAULT-VALUE}).")
        long timeoutMs;

        @Option(names = "--user-agent", paramLabel = "TEXT", defaultValue = "coleta/0.1 (+https://github.com/coleta)", description = "User-Agent for --url.")
        String userAgent;

        Document load() {
            if ((html == null) == (url == null)) throw new IllegalArgumentException("give exactly one of --html FILE or --url URL");
            try {
                if (html != null) return HtmlPages.load(html, maxBytes);
                FetchOptions o = FetchOptions.defaults().withMaxBytes(maxBytes).withTimeout(Duration.ofMillis(timeoutMs))
                        .withConnectTimeout(Duration.ofMillis(Math.min(timeoutMs, 10_000))).withUserAgent(userAgent);
                return new PageFetcher(o).fetchDocument(url);
            } catch (PageException e) {
                // Bad input, not a failure of Coleta: exit code 3 like any unreadable file.
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** Reads a JSON-lines file written by {@code coleta data scrape|scrape-config}. */
    static List<GeneratedPage> readData(Path file, int limit) {
        List<GeneratedPage> pages = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && (limit <= 0 || pages.size() < limit)) {
                n++;
                if (line.isBlank()) continue;
                try {
                    JsonNode node = JSON.readTree(line);
                    pages.add(PageGenerator.fromJson(node));
                } catch (JsonProcessingException | RuntimeException e) {
                    throw new DatasetException(file + " line " + n + ": not a scrape example (" + oneLine(e) + ")");
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (pages.isEmpty()) throw new DatasetException(file + " holds no examples");
        return pages;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ");
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
