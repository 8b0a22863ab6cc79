package dev.coleta.scrape.fetch;

import dev.coleta.scrape.PageException;
import dev.coleta.scrape.html.HtmlPages;
import org.jsoup.nodes.Document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a page over http or https with bounded size and time: the connection, the
 * headers and the whole body must arrive within the limits of {@link FetchOptions}, or the
 * fetch fails with a {@link PageException} that says which limit was hit.
 */
public final class PageFetcher {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([A-Za-z0-9._:-]+)");

    private final FetchOptions options;
    private final HttpClient client;

    public PageFetcher(FetchOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(options.maxRedirects() > 0 ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .build();
    }

    /** The raw body and its charset from Content-Type (null if none given). */
    public record Fetched(URI uri, int status, byte[] body, String charset) {
    }

    /** Fetches and parses {@code url}. */
    public Document fetchDocument(String url) {
        Fetched f = fetch(url);
        return HtmlPages.parse(f.body(), f.charset(), f.uri().toString(), options.maxBytes(), url);
    }

    /** Fetches {@code url}: only http and https, status 2xx, within the size and time limits. */
    public Fetched fetch(String url) {
        URI uri = checkUrl(url);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(options.timeout())
                .header("User-Agent", options.userAgent())
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
                .GET().build();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new PageException(url + ": no response within " + options.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw new PageException(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PageException(url + ": interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new PageException(url + ": HTTP status " + response.statusCode());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > options.maxBytes()) {
                throw new PageException(url + ": page is " + declared + " bytes, over the limit of " + options.maxBytes() + " bytes");
            }
            byte[] bytes = readBounded(body, url, deadline);
            String charset = response.headers().firstValue("Content-Type").map(PageFetcher::charsetOf).orElse(null);
            return new Fetched(response.uri(), response.statusCode(), bytes, charset);
        } catch (IOException e) {
            throw new PageException(url + ": reading the page failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads at most maxBytes before the deadline. A server that stalls mid-body would block
     * read() forever, so a timer closes the stream at the deadline, which unblocks it.
     */
    private byte[] readBounded(InputStream in, String url, long deadline) throws IOException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coleta-fetch-timeout");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = timer.schedule(() -> {
            expired.set(true);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is only a way to wake the reader; its failure changes nothing
            }
        }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (expired.get()) throw timeout(url);
                    throw e;
                }
                if (expired.get()) throw timeout(url);
                if (n < 0) break;
                if (out.size() + (long) n > options.maxBytes()) {
                    throw new PageException(url + ": page is over the limit of " + options.maxBytes() + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            alarm.cancel(false);
            timer.shutdownNow();
        }
    }

    private PageException timeout(String url) {
        return new PageException(url + ": the page did not arrive within " + options.timeout().toMillis() + " ms");
    }

    static URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs can be fetched, got '" + url + "'");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("URL has no host: " + url);
        return uri;
    }

    static String charsetOf(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }
}
