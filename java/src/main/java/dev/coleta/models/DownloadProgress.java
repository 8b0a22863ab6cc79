package dev.coleta.models;

/**
 * How far a download has come, as reported to a {@link DownloadListener}.
 *
 * @param bytes       bytes of the file on disk so far, including those kept from an earlier,
 *                    interrupted attempt
 * @param totalBytes  size of the whole file, or -1 when the server did not say
 * @param resumedFrom bytes that were already on disk when this attempt started (0 for a fresh
 *                    download); {@code bytes - resumedFrom} is what this attempt fetched
 */
public record DownloadProgress(long bytes, long totalBytes, long resumedFrom) {
    public DownloadProgress {
        if (bytes < 0 || resumedFrom < 0 || resumedFrom > bytes) {
            throw new IllegalArgumentException("bytes " + bytes + " and resumedFrom " + resumedFrom + " must satisfy 0 <= resumedFrom <= bytes");
        }
        if (totalBytes < -1) throw new IllegalArgumentException("totalBytes must be -1 (unknown) or >= 0: " + totalBytes);
    }

    /** Whether the size of the whole file is known. */
    public boolean totalKnown() {
        return totalBytes >= 0;
    }
}
