package dev.coleta.models;

import java.nio.file.Path;

/**
 * A finished download.
 *
 * @param file           the complete file, in place
 * @param sha256         lower-case hex sha256 of the whole file (computed even when not verified)
 * @param bytes          size of the file
 * @param resumedFrom    bytes kept from an earlier, interrupted attempt (0 when none were)
 * @param verified       whether {@code sha256} was checked against an expected value
 * @param alreadyPresent whether the file was already in place with the expected sha256, so
 *                       nothing was fetched
 */
public record DownloadResult(Path file, String sha256, long bytes, long resumedFrom, boolean verified, boolean alreadyPresent) {
}
