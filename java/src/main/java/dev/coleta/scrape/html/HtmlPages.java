package dev.coleta.scrape.html;

import dev.coleta.scrape.PageException;
import org.jsoup.helper.DataUtil;
import org.jsoup.nodes.Document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads HTML bytes into a Jsoup document with the checks every page goes through first:
 * not empty, not binary, not over the size limit. The charset comes from the caller (e.g. an
 * HTTP header), else a byte-order mark or a {@code <meta charset>} (Jsoup's detection), else
 * UTF-8; invalid byte sequences become U+FFFD instead of failing.
 */
public final class HtmlPages {
    /** Default largest page accepted: 16 MiB. Larger pages are almost always not documents. */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    private HtmlPages() {
    }

    /** Reads and parses a file, refusing files over {@code maxBytes} before reading them. */
    public static Document load(Path file, long maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new PageException(file + " is " + size + " bytes, over the limit of " + maxBytes
                        + " bytes; raise the limit or cut the page");
            }
            return parse(Files.readAllBytes(file), null, file.toUri().toString(), maxBytes, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses page bytes. {@code charset} may be null (detect); {@code source} names the page in
     * error messages.
     */
    public static Document parse(byte[] bytes, String charset, String baseUri, long maxBytes, String source) {
        if (bytes.length == 0) throw new PageException(source + " is empty: no HTML to read");
        if (bytes.length > maxBytes) {
            throw new PageException(source + " is " + bytes.length + " bytes, over the limit of " + maxBytes + " bytes");
        }
        if (isBinary(bytes)) throw new PageException(source + " looks binary (NUL or control bytes), not HTML");
        String cs = usableCharset(charset);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Document doc = DataUtil.load(in, cs, baseUri == null ? "" : baseUri);
            if (doc.body() == null || (doc.body().childNodeSize() == 0 && doc.title().isEmpty())) {
                throw new PageException(source + " has no content (blank page)");
            }
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source + ": " + e.getMessage(), e);
        }
    }

    /** Parses an HTML string (already decoded) with the same checks. */
    public static Document parse(String html, String source) {
        return parse(html.getBytes(java.nio.charset.StandardCharsets.UTF_8), "UTF-8", "", Long.MAX_VALUE, source);
    }

    private static String usableCharset(String name) {
        if (name == null || name.isBlank()) return null;
        try {
            return Charset.forName(name.trim()).name();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null; // an unknown header charset: let detection decide rather than fail
        }
    }

    /**
     * Binary if the first 8 KiB hold a NUL byte (outside a UTF-16 byte-order mark) or more than
     * 10 % control bytes other than tab, CR, LF and FF.
     */
    static boolean isBinary(byte[] b) {
        int n = Math.min(b.length, 8192);
        if (n >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
            return false;
        }
        int control = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == 0) return true;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') control++;
        }
        return control * 10 > n;
    }
}
