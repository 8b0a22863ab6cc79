package dev.coleta.scrape.fetch;

import com.sun.net.httpserver.HttpServer;
import dev.coleta.scrape.PageException;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fetches from a server on 127.0.0.1: a normal page, an oversized one, slow ones, errors. */
class PageFetcherTest {
    private HttpServer server;
    private String base;
    private final AtomicReference<String> userAgent = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/page", ex -> {
            userAgent.set(ex.getRequestHeaders().getFirst("User-Agent"));
            byte[] b = "<html><body><h1 class=\"t\">Caf\u00e9 \u20ac3</h1></body></html>".getBytes(Charset.forName("windows-1252"));
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=windows-1252");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.createContext("/huge", ex -> {
            // Chunked, no Content-Length: the limit must hold while streaming.
            ex.sendResponseHeaders(200, 0);
            byte[] block = "<p>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; i < 2000; i++) o.write(block);
            } catch (IOException closedByClient) {
                // expected: the client stops reading at the limit
            }
        });
        server.createContext("/declared-huge", ex -> {
            ex.sendResponseHeaders(200, 50_000_000L);
            ex.close();
        });
        server.createContext("/slow-body", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                o.write("<html><body><p>start".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                Thread.sleep(5000);
                o.write("</p></body></html>".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | InterruptedException ignored) {
                // the client gave up, as it should
            }
        });
        server.createContext("/slow-headers", ex -> {
            try {
                Thread.sleep(5000);
                ex.sendResponseHeaders(200, -1);
            } catch (InterruptedException | IOException ignored) {
                // the client gave up
            }
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static PageFetcher fetcher() {
        return new PageFetcher(FetchOptions.defaults().withMaxBytes(1 << 20).withTimeout(Duration.ofMillis(800))
                .withConnectTimeout(Duration.ofSeconds(2)).withUserAgent("coleta-test/1"));
    }

    @Test
    void fetchesAPageWithItsCharsetAndUserAgent() {
        Document doc = fetcher().fetchDocument(base + "/page");
        assertEquals("Caf\u00e9 \u20ac3", doc.selectFirst("h1.t").text());
        assertEquals("coleta-test/1", userAgent.get());
    }

    @Test
    void oversizedPagesAreCutOffAtTheLimit() {
        PageException streamed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(PageException.class, () -> fetcher().fetch(base + "/huge")));
        assertTrue(streamed.getMessage().contains("over the limit"), streamed.getMessage());
        PageException declared = assertThrows(PageException.class, () -> fetcher().fetch(base + "/declared-huge"));
        assertTrue(declared.getMessage().contains("over the limit"), declared.getMessage());
    }

    /**
     * No wall-clock assertion: both servers do answer in full after 5 s, so a fetch that
     * ignored its 800 ms limit would succeed, and assertThrows would fail. The preemptive
     * bound only keeps a hang from stalling the build.
     */
    @Test
    void slowPagesTimeOut() {
        for (String path : new String[] {"/slow-body", "/slow-headers"}) {
            PageException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(PageException.class, () -> fetcher().fetch(base + path)));
            assertTrue(e.getMessage().contains("800 ms"), path + ": " + e.getMessage());
        }
    }

    @Test
    void otherSchemesAndErrorStatusesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> fetcher().fetch("file:///etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> fetcher().fetch("ftp://127.0.0.1/x"));
        assertThrows(IllegalArgumentException.class, () -> fetcher().fetch("not a url"));
        PageException e = assertThrows(PageException.class, () -> fetcher().fetch(base + "/missing"));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }
}
