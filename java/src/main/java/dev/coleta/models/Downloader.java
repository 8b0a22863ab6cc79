package dev.coleta.models;

import dev.coleta.ColetaException;
import dev.coleta.llama.NativeLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a file over http(s) so that the target never exists half-written or unverified.
 *
 * <p>Bytes go to {@code TARGET.part} beside the target. An interrupted or stalled transfer keeps
 * that file, and the next download of the same target asks only for the rest with an HTTP
 * {@code Range} request: a server that answers 206 with a matching {@code Content-Range} is
 * appended to, one that answers 200 (it ignores ranges) or a range that does not match starts
 * over from zero, and a 416 whose complete length equals the partial file means the partial
 * file is already whole. The sha256 is computed over the whole file (the kept bytes included),
 * checked when expected, and only then is the partial file renamed over the target
 * atomically. A checksum mismatch deletes the partial file, since resuming it could only give
 * the same wrong bytes.
 *
 * <p>{@code TARGET.part} is locked while a download writes it, so a second download of the
 * same target (in this or another process) fails at once instead of interleaving bytes.
 *
 * <p>This does not go through {@link dev.coleta.io.AtomicFiles}: its temporary file has a
 * random name and is deleted on failure, while a resumable download needs a partial file that a
 * later run can find and that survives a failure.
 */
public final class Downloader {
    /** Appended to the target's file name to name the partial file. */
    public static final String PART_SUFFIX = ".part";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    // RFC 9110, 14.4: Content-Range = range-unit SP ( range-resp / unsatisfied-range )
    //   range-resp = incl-range "/" ( complete-length / "*" ),  incl-range = first-pos "-" last-pos
    private static final Pattern RANGE_RESP = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    //   unsatisfied-range = "*/" complete-length   (what a 416 carries)
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    // Closes the body of a transfer that has gone quiet: HttpClient's request timeout covers
    // only the wait for the response headers, and a body read has no timeout of its own.
    private static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "coleta-download-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCHDOG.setRemoveOnCancelPolicy(true);
    }

    private final HttpClient client;
    private final Duration stallTimeout;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param stallTimeout   how long to wait for the response headers, and then for each block
     *                       of the body, before the transfer is given up (the partial file is
     *                       kept for a later resume); there is no limit on the whole download
     */
    public Downloader(Duration connectTimeout, Duration stallTimeout) {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        }
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.stallTimeout = stallTimeout;
    }

    /** Where pulled models go by default: {@code models/} under Coleta's cache directory ({@code $COLETA_CACHE}, else {@code ~/.cache/coleta}). */
    public static Path defaultDirectory() {
        return NativeLibrary.cacheRoot().resolve("models");
    }

    /** The partial file a download of {@code target} writes to: {@code TARGET.part}, beside it. */
    public static Path partFile(Path target) {
        Path file = target.toAbsolutePath();
        return file.resolveSibling(file.getFileName() + PART_SUFFIX);
    }

    /**
     * The file name a URL names: its last path segment, when that is a plain name (letters,
     * digits, {@code . _ + -}, not starting with a dot).
     *
     * @throws IllegalArgumentException when it is not, e.g. {@code https://host/} or a name
     *                                  with a space; choose the target file explicitly then
     */
    public static String fileName(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!FILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cannot name a file after the URL " + url + " (last path segment '" + name
                    + "'); choose the target file explicitly");
        }
        return name;
    }

    /**
     * Downloads {@code url} to {@code target}, resuming {@code TARGET.part} if an earlier
     * attempt left one.
     *
     * <p>When {@code verify} is true, {@code sha256} (64 hex digits) is required, and a target
     * that already exists with that sha256 is kept as it is without any request. When it is
     * false, {@code sha256} is ignored, and an existing target is replaced.
     *
     * @param listener receives progress; null for none
     * @throws IllegalArgumentException on a scheme other than http(s), a target that is a
     *                                  directory, or a missing or malformed {@code sha256}
     *                                  with {@code verify}
     * @throws ColetaException          on an HTTP error status, a transfer that fails or stalls
     *                                  (the partial file is kept, so a later call resumes), a
     *                                  checksum mismatch (the partial file is deleted) or a
     *                                  download of the same target already in progress
     */
    public DownloadResult download(URI url, Path target, String sha256, boolean verify, DownloadListener listener) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(target, "target");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) throw new IllegalArgumentException("only http and https URLs are supported: " + url);
        if (verify && (sha256 == null || !SHA256.matcher(sha256).matches())) {
            throw new IllegalArgumentException("a 64-hex-digit sha256 is needed to verify " + url + " (or download without verification)");
        }
        String expected = verify ? sha256.toLowerCase(Locale.ROOT) : null;
        DownloadListener progress = listener == null ? DownloadListener.NONE : listener;
        Path file = target.toAbsolutePath();
        Path part = partFile(file);
        if (Files.isDirectory(file)) throw new IllegalArgumentException("target " + file + " is a directory; name the file to save");
        try {
            Files.createDirectories(file.getParent());
            if (expected != null && Files.isRegularFile(file)) {
                String present = sha256Of(file);
                if (present.equals(expected)) return new DownloadResult(file, present, Files.size(file), 0, true, true);
            }
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                lock(ch, part); // released when the channel closes
                boolean discard = false;
                boolean moved = false;
                try {
                    Fetched f = fetch(url, ch, part, progress);
                    ch.force(true);
                    if (expected != null && !expected.equals(f.sha256)) {
                        discard = true;
                        throw new ColetaException("checksum mismatch for " + url + ": expected sha256 " + expected + ", got " + f.sha256
                                + " (" + f.bytes + " bytes" + (f.resumedFrom > 0 ? ", " + f.resumedFrom + " of them from an earlier attempt" : "")
                                + "); the download was deleted and " + file + " left as it was");
                    }
                    // Renamed while the lock is held, so that no other download can append in
                    // between; renaming an open file is fine on the POSIX systems Coleta runs on.
                    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    moved = true;
                    return new DownloadResult(file, f.sha256, f.bytes, f.resumedFrom, expected != null, false);
                } finally {
                    // An empty partial file is worth nothing to a resume; a wrong one is harmful.
                    if (!moved && (discard || ch.size() == 0)) Files.deleteIfExists(part);
                }
            }
        } catch (IOException e) {
            throw new ColetaException("download of " + url + " to " + file + " failed: " + describe(e)
                    + (Files.isRegularFile(part) ? "; " + part + " is kept to resume" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ColetaException("download of " + url + " interrupted" + (Files.isRegularFile(part) ? "; " + part + " is kept to resume" : ""), e);
        }
    }

    private static void lock(FileChannel ch, Path part) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        }
        if (lock == null) throw new ColetaException("another download to " + part + " is in progress; wait for it to finish");
    }

    /** The whole file is in the channel: its sha256, its size and how much of it was kept. */
    private record Fetched(String sha256, long bytes, long resumedFrom) {
    }

    private Fetched fetch(URI url, FileChannel ch, Path part, DownloadListener progress) throws IOException, InterruptedException {
        long have = ch.size();
        // At most two requests: a restart from zero happens only when have > 0, and sets it to 0.
        while (true) {
            HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(stallTimeout).header("User-Agent", "coleta").GET();
            if (have > 0) req.header("Range", "bytes=" + have + "-");
            HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = resp.statusCode();
            String contentRange = resp.headers().firstValue("Content-Range").orElse("");
            if (status == 200) {
                // A full body: the server ignores ranges (or none was asked); start over.
                ch.truncate(0);
                long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                return transfer(url, resp.body(), ch, part, sha256Prefix(ch, 0), 0, total, total, progress);
            }
            if (status == 206) {
                Matcher m = RANGE_RESP.matcher(contentRange);
                long first = m.matches() ? Long.parseLong(m.group(1)) : -1;
                long last = m.matches() ? Long.parseLong(m.group(2)) : -1;
                long total = m.matches() && !"*".equals(m.group(3)) ? Long.parseLong(m.group(3)) : -1;
                if (first == have && last >= first && (total < 0 || last < total)) {
                    return transfer(url, resp.body(), ch, part, sha256Prefix(ch, have), have, total, last + 1, progress);
                }
                resp.body().close();
                if (have == 0) throw new ColetaException("download of " + url + " failed: HTTP 206 with Content-Range '" + contentRange + "' for a request of the whole file");
                // Not the bytes that follow ours: the kept bytes cannot be trusted to fit either.
            } else if (status == 416 && have > 0) {
                resp.body().close();
                Matcher m = UNSATISFIED_RANGE.matcher(contentRange);
                if (m.matches() && Long.parseLong(m.group(1)) == have) {
                    // Nothing after our last byte: an earlier attempt got the whole file but
                    // stopped before the rename.
                    progress.onProgress(new DownloadProgress(have, have, have));
                    return new Fetched(hex(sha256Prefix(ch, have)), have, have);
                }
                // The file on the server is shorter than ours (or the server will not say): it
                // changed since the earlier attempt.
            } else {
                resp.body().close();
                throw new ColetaException("download of " + url + " failed: HTTP " + status
                        + (have > 0 ? "; " + part + " (" + have + " bytes) is kept to resume" : ""));
            }
            ch.truncate(0);
            have = 0;
        }
    }

    /**
     * Appends the body to the channel from {@code from}. {@code end}: where the body should leave
     * the file (-1 when unknown); a transfer that stops short keeps what it wrote.
     */
    private Fetched transfer(URI url, InputStream body, FileChannel ch, Path part, MessageDigest md, long from, long total, long end,
                             DownloadListener progress) throws IOException {
        long have = from;
        progress.onProgress(new DownloadProgress(have, total, from));
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long limit = stallTimeout.toNanos();
        long period = Math.max(10, Math.min(1000, stallTimeout.toMillis() / 4));
        ScheduledFuture<?> watch = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastData.get() > limit) {
                stalled.set(true);
                try {
                    body.close(); // the blocked read returns or throws
                } catch (IOException ignored) {
                    // closing is all that is wanted; the reader reports the stall
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        String failure = null;
        try (InputStream in = body) {
            ch.position(from);
            byte[] buf = new byte[1 << 16];
            ByteBuffer wrapped = ByteBuffer.wrap(buf);
            for (int n; (n = in.read(buf)) != -1; ) {
                lastData.set(System.nanoTime());
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) ch.write(wrapped);
                md.update(buf, 0, n);
                have += n;
                progress.onProgress(new DownloadProgress(have, total, from));
            }
        } catch (IOException e) {
            failure = describe(e);
        } finally {
            watch.cancel(false);
        }
        boolean complete = end < 0 ? failure == null && !stalled.get() : have == end;
        if (!complete) {
            if (stalled.get()) failure = "no data for " + stallTimeout.toSeconds() + " s";
            else if (failure == null) failure = "the connection closed early";
            String of = end >= 0 ? " of " + end : "";
            throw new ColetaException("download of " + url + " stopped after " + have + of + " bytes (" + failure + ")"
                    + (have > 0 ? "; " + part + " is kept: download again to resume" : ""));
        }
        return new Fetched(hex(md), have, from);
    }

    /** The first message along the cause chain: HttpClient's ConnectException has none of its own. */
    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    /** A SHA-256 digest fed with the first {@code length} bytes of the channel. */
    private static MessageDigest sha256Prefix(FileChannel ch, long length) throws IOException {
        MessageDigest md = newSha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("partial file shorter than " + length + " bytes");
            buf.flip();
            md.update(buf);
            pos += n;
        }
        return md;
    }

    /** Lower-case hex sha256 of a file. */
    public static String sha256Of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return hex(sha256Prefix(ch, ch.size()));
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
