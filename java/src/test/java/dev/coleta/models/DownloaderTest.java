package dev.coleta.models;

import com.sun.net.httpserver.HttpServer;
import dev.coleta.ColetaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a server on loopback: verified, atomic, and nothing left behind on failure. */
class DownloaderTest {
    @TempDir
    Path dir;
    HttpServer server;
    final byte[] body = "GGUF pretend model bytes".repeat(1000).getBytes();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.gguf", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void verifiedDownloadLandsAtomically() throws Exception {
        Path out = dir.resolve("m.gguf");
        String got = new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(10)).download(url("/model.gguf"), out, sha(body), true, null);
        assertEquals(sha(body), got);
        assertArrayEquals(body, Files.readAllBytes(out));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no .part file left");
        }
    }

    @Test
    void checksumMismatchSavesNothing() throws Exception {
        Path out = dir.resolve("m.gguf");
        String wrong = "0".repeat(64);
        ColetaException e = assertThrows(ColetaException.class,
                () -> new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(10)).download(url("/model.gguf"), out, wrong, true, null));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void httpErrorsAndBadArguments() {
        Downloader d = new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertTrue(assertThrows(ColetaException.class, () -> d.download(url("/missing"), dir.resolve("x"), null, false, null))
                .getMessage().contains("HTTP 404"));
        assertThrows(IllegalArgumentException.class, () -> d.download(URI.create("file:///etc/passwd"), dir.resolve("x"), null, false, null));
        assertThrows(IllegalArgumentException.class, () -> d.download(url("/model.gguf"), dir.resolve("x"), null, true, null));
    }

    @Test
    void catalogueIsPackagedAndWellFormed() {
        ModelCatalog c = ModelCatalog.packaged();
        assertTrue(c.entries().size() >= 3);
        for (ModelCatalog.Entry e : c.entries()) {
            assertTrue(e.url().getScheme().equals("https"), e.name());
            assertTrue(e.sha256() == null || e.sha256().matches("[0-9a-f]{64}"), e.name());
        }
        assertTrue(c.find("llama-2-7b-chat-q4_k_m").isPresent());
    }
}
