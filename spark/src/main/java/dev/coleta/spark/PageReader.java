package dev.coleta.spark;

import dev.coleta.scrape.PageException;
import dev.coleta.scrape.fetch.FetchOptions;
import dev.coleta.scrape.fetch.PageFetcher;
import dev.coleta.scrape.html.HtmlPages;
import org.jsoup.nodes.Document;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads one cell of the pages column: a {@code file:} URL (read on the executor, so a path
 * every executor can see), an {@code http(s)} URL (fetched with the library's bounded
 * {@link PageFetcher}) or the HTML itself. Every page goes through the library's checks
 * (empty, binary, over the size limit), which throw {@link PageException}.
 */
final class PageReader {
    /** What a cell holds. */
    enum Kind { FILE_URL, HTTP_URL, HTML }

    private final long maxBytes;
    private final Duration timeout;
    private PageFetcher fetcher; // made on the first http(s) cell: most jobs never need one

    PageReader(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** A URL is one token with a scheme; anything else is taken for HTML. */
    static Kind kind(String cell) {
        String t = cell.strip();
        if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) return Kind.HTML;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) return Kind.FILE_URL;
        if (lower.startsWith("http://") || lower.startsWith("https://")) return Kind.HTTP_URL;
        return Kind.HTML;
    }

    /** Parses {@code cell}; {@code source} names the row in error messages. */
    Document read(String cell, String source) {
        if (cell == null) throw new PageException(source + " is null: no page");
        return switch (kind(cell)) {
            case FILE_URL -> {
                Path file;
                try {
                    file = Path.of(URI.create(cell.strip()));
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw new PageException(source + ": not a usable file URL: " + cell.strip());
                }
                yield HtmlPages.load(file, maxBytes);
            }
            case HTTP_URL -> {
                if (fetcher == null) {
                    fetcher = new PageFetcher(FetchOptions.defaults().withMaxBytes(maxBytes).withTimeout(timeout)
                            .withConnectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10)));
                }
                yield fetcher.fetchDocument(cell.strip());
            }
            case HTML -> HtmlPages.parse(cell.getBytes(StandardCharsets.UTF_8), "UTF-8", "", maxBytes, source);
        };
    }
}
