package dev.coleta.models;

import dev.coleta.ColetaException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Downloads a file over http(s) to a temporary name beside the target, checks its sha256 and
 * only then renames it into place: an interrupted or corrupted download never leaves a file
 * that looks complete.
 */
public final class Downloader {
    private final HttpClient client;
    private final Duration timeout;

    public Downloader(Duration connectTimeout, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
    }

    /**
     * Downloads {@code url} to {@code target}. {@code sha256} (hex) is required unless
     * {@code verify} is false. Returns the hex sha256 of what was downloaded.
     */
    public String download(URI url, Path target, String sha256, boolean verify, LongConsumer progress) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) throw new IllegalArgumentException("only http and https URLs are supported: " + url);
        if (verify && (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}"))) {
            throw new IllegalArgumentException("a 64-hex-digit sha256 is needed to verify " + url + " (or download without verification)");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
            HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "coleta").GET().build();
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (resp.statusCode() != 200) {
                resp.body().close();
                throw new ColetaException("download of " + url + " failed: HTTP " + resp.statusCode());
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    md.update(buf, 0, n);
                    total += n;
                    if (progress != null) progress.accept(total);
                }
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (verify && !got.equalsIgnoreCase(sha256)) {
                throw new ColetaException("checksum mismatch for " + url + ": expected " + sha256.toLowerCase() + ", got " + got + "; nothing was saved");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return got;
        } catch (IOException e) {
            throw new ColetaException("download of " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColetaException("download of " + url + " interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the .part file is recognisably incomplete
                }
            }
        }
    }
}
