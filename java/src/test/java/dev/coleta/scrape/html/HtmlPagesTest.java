package dev.coleta.scrape.html;

import dev.coleta.scrape.PageException;
import dev.coleta.scrape.config.ConfigGrammar;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input: each gives a clear error or a usable result, in bounded time and memory. */
class HtmlPagesTest {
    @TempDir
    Path dir;

    @Test
    void emptyFileIsAClearError() throws Exception {
        Path f = Files.write(dir.resolve("empty.html"), new byte[0]);
        PageException e = assertThrows(PageException.class, () -> HtmlPages.load(f, HtmlPages.DEFAULT_MAX_BYTES));
        assertTrue(e.getMessage().contains("empty.html") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void binaryBytesAreRefused() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Path f = Files.write(dir.resolve("image.html"), png);
        PageException e = assertThrows(PageException.class, () -> HtmlPages.load(f, HtmlPages.DEFAULT_MAX_BYTES));
        assertTrue(e.getMessage().contains("binary"), e.getMessage());
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bytes = "<html><body><p>caf\u00e9 ok</p></body></html>".getBytes(StandardCharsets.ISO_8859_1);
        bytes = concat("<meta charset=\"utf-8\">".getBytes(StandardCharsets.US_ASCII), bytes, new byte[] {(byte) 0xC3, (byte) 0x28});
        Document doc = HtmlPages.parse(bytes, null, "", HtmlPages.DEFAULT_MAX_BYTES, "bad.html");
        String text = doc.body().text();
        assertTrue(text.contains("caf\uFFFD ok"), text);
    }

    /**
     * "Before reading" without a clock: the file is a sparse 3 GiB one (no disk used), which
     * reading would fail on (no byte array holds over 2 GiB) with an OutOfMemoryError, not
     * this PageException.
     */
    @Test
    void threeGigabytePageIsRefusedBeforeReading() throws Exception {
        Path f = dir.resolve("huge.html");
        try (var raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(3L << 30);
        }
        PageException e = assertThrows(PageException.class, () -> HtmlPages.load(f, HtmlPages.DEFAULT_MAX_BYTES));
        assertTrue(e.getMessage().contains("is 3221225472 bytes, over the limit of 16777216 bytes"), e.getMessage());
    }

    @Test
    void tagSoupNestedFiftyThousandDeepIsHandledIteratively() {
        int depth = 50_000;
        StringBuilder sb = new StringBuilder("<html><body>");
        for (int i = 0; i < depth; i++) {
            if (i % 3 == 0) sb.append("<div class=\"d").append(i % 7).append("\">");
            else sb.append(i % 3 == 1 ? "<span>" : "<b><i>");
        }
        sb.append("deep value");
        // No closing tags at all: tag soup.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Document doc = HtmlPages.parse(sb.toString(), "deep.html");
            CleanPage c = HtmlCleaner.clean(doc);
            assertTrue(c.contains("deep value"));
            List<String> chunks = Chunker.chunks(c, null, 4096, TokenCounter.approximate());
            assertFalse(chunks.isEmpty());
            assertTrue(String.join("", chunks).contains("deep value"));
            // A selector matching every nested level: only the outermost match is an item.
            assertFalse(Chunker.chunks(c, "div, span, b, i", 4096, TokenCounter.approximate()).isEmpty());
            assertTrue(ConfigGrammar.gbnf(c.document(), List.of("a")).contains("\"d3\""));
        });
    }

    @Test
    void nonUtf8CharsetsAreDecoded() {
        String html = "<html><head><meta charset=\"windows-1252\"></head><body><p>Cr\u00e8me br\u00fbl\u00e9e \u20ac5</p></body></html>";
        Document doc = HtmlPages.parse(html.getBytes(Charset.forName("windows-1252")), null, "", HtmlPages.DEFAULT_MAX_BYTES, "cp1252.html");
        assertEquals("Cr\u00e8me br\u00fbl\u00e9e \u20ac5", doc.body().text());
        String sjis = "<html><body><p>\u6771\u4eac</p></body></html>";
        Document jp = HtmlPages.parse(sjis.getBytes(Charset.forName("Shift_JIS")), "Shift_JIS", "", HtmlPages.DEFAULT_MAX_BYTES, "sjis.html");
        assertEquals("\u6771\u4eac", jp.body().text());
    }

    @Test
    void pageWithoutContentIsAClearError() {
        assertThrows(PageException.class, () -> HtmlPages.parse("   \n  ", "blank.html"));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
