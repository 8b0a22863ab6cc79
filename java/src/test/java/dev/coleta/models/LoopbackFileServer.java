package dev.coleta.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 serving one file at every path but {@code /missing} (404), with
 * switches for the ways real servers misbehave. It records the {@code Range} header of every
 * request so tests can assert what the client asked for.
 */
public final class LoopbackFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger cutAfter = new AtomicInteger(-1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile byte[] body;
    private volatile boolean stallInsteadOfCut;
    private volatile boolean honourRanges = true;
    private volatile long rangeShift;
    private volatile boolean chunked;
    private volatile int tricklePieces = 1;
    private volatile long tricklePauseMillis;

    private LoopbackFileServer(byte[] body) throws IOException {
        this.body = body;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor); // a stalled response must not block the next request
        server.createContext("/missing", ex -> {
            ranges.add(rangeOf(ex));
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.createContext("/", this::serve);
        server.start();
    }

    public static LoopbackFileServer serving(byte[] body) throws IOException {
        return new LoopbackFileServer(body);
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Serves different bytes from now on. */
    public LoopbackFileServer body(byte[] b) {
        body = b;
        return this;
    }

    /** The next response drops its connection after {@code n} body bytes. */
    public LoopbackFileServer cutNextResponseAfter(int n) {
        stallInsteadOfCut = false;
        cutAfter.set(n);
        return this;
    }

    /** The next response sends {@code n} body bytes, then nothing more until the server closes. */
    public LoopbackFileServer stallNextResponseAfter(int n) {
        stallInsteadOfCut = true;
        cutAfter.set(n);
        return this;
    }

    /** Answers every request with 200 and the whole file, as servers without range support do. */
    public LoopbackFileServer ignoreRanges() {
        honourRanges = false;
        return this;
    }

    /** Answers a range request with a range that starts {@code shift} bytes from the one asked for. */
    public LoopbackFileServer shiftRanges(long shift) {
        rangeShift = shift;
        return this;
    }

    /** Sends each body in {@code pieces} pieces with a pause after each: slow, but never silent for long. */
    public LoopbackFileServer trickle(int pieces, long pauseMillis) {
        tricklePieces = pieces;
        tricklePauseMillis = pauseMillis;
        return this;
    }

    /** Sends bodies chunked, without a Content-Length. */
    public LoopbackFileServer chunked() {
        chunked = true;
        return this;
    }

    /** The Range header of every request so far, in order; "" for a request without one. */
    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    private static String rangeOf(HttpExchange ex) {
        String r = ex.getRequestHeaders().getFirst("Range");
        return r == null ? "" : r;
    }

    private void serve(HttpExchange ex) throws IOException {
        String range = rangeOf(ex);
        ranges.add(range);
        byte[] b = body;
        int from = 0;
        int status = 200;
        if (!range.isEmpty() && honourRanges) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) throw new IllegalStateException("unexpected Range header " + range);
            long asked = Long.parseLong(m.group(1));
            if (asked >= b.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + b.length);
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            from = (int) Math.max(0, asked + rangeShift);
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (b.length - 1) + "/" + b.length);
        }
        int length = b.length - from;
        ex.sendResponseHeaders(status, chunked ? 0 : length);
        int cut = cutAfter.getAndSet(-1);
        OutputStream out = ex.getResponseBody();
        if (cut < 0 || cut >= length) {
            int pieces = tricklePieces;
            for (int i = 0; i < pieces; i++) {
                int start = from + (int) ((long) length * i / pieces);
                int end = from + (int) ((long) length * (i + 1) / pieces);
                out.write(b, start, end - start);
                out.flush();
                if (tricklePauseMillis > 0) sleep(tricklePauseMillis);
            }
            ex.close();
            return;
        }
        out.write(b, from, cut);
        out.flush();
        if (stallInsteadOfCut) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // An exception out of a handler makes HttpServer drop the connection mid-body.
        throw new IOException("test server cut the response after " + cut + " bytes");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
