package dev.coleta.models;

import dev.coleta.ColetaException;
import dev.coleta.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * Downloads a file over http(s) through {@link AtomicFiles}, checking its sha256 before the
 * rename into place: an interrupted or corrupted download never leaves a file
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
        try {
            HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "coleta").GET().build();
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (resp.statusCode() != 200) {
                resp.body().close();
                throw new ColetaException("download of " + url + " failed: HTTP " + resp.statusCode());
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String[] got = new String[1];
            // The checksum is checked inside the writer: a mismatch throws before the rename,
            // so nothing is saved.
            AtomicFiles.write(target, out -> {
                long total = 0;
                try (InputStream in = resp.body()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        md.update(buf, 0, n);
                        total += n;
                        if (progress != null) progress.accept(total);
                    }
                }
                got[0] = HexFormat.of().formatHex(md.digest());
                if (verify && !got[0].equalsIgnoreCase(sha256)) {
                    throw new ColetaException("checksum mismatch for " + url + ": expected " + sha256.toLowerCase() + ", got " + got[0] + "; nothing was saved");
                }
            });
            return got[0];
        } catch (IOException e) {
            throw new ColetaException("download of " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColetaException("download of " + url + " interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
