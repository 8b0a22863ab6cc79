package dev.coleta.scrape.fetch;

import java.time.Duration;

/**
 * Limits of {@link PageFetcher}.
 *
 * @param maxBytes       largest body accepted (default 16 MiB)
 * @param connectTimeout time to open the connection (default 10 s)
 * @param timeout        time for the whole response, headers and body (default 30 s)
 * @param userAgent      the User-Agent header (default {@code coleta/0.1 (+https://github.com/coleta)})
 * @param maxRedirects   redirects followed (default 5)
 */
public record FetchOptions(long maxBytes, Duration connectTimeout, Duration timeout, String userAgent, int maxRedirects) {
    public FetchOptions {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be positive");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (userAgent == null || userAgent.isBlank()) throw new IllegalArgumentException("userAgent is blank");
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must be >= 0");
    }

    public static FetchOptions defaults() {
        return new FetchOptions(16L << 20, Duration.ofSeconds(10), Duration.ofSeconds(30), "coleta/0.1 (+https://github.com/coleta)", 5);
    }

    public FetchOptions withMaxBytes(long v) {
        return new FetchOptions(v, connectTimeout, timeout, userAgent, maxRedirects);
    }

    public FetchOptions withConnectTimeout(Duration v) {
        return new FetchOptions(maxBytes, v, timeout, userAgent, maxRedirects);
    }

    public FetchOptions withTimeout(Duration v) {
        return new FetchOptions(maxBytes, connectTimeout, v, userAgent, maxRedirects);
    }

    public FetchOptions withUserAgent(String v) {
        return new FetchOptions(maxBytes, connectTimeout, timeout, v, maxRedirects);
    }
}
