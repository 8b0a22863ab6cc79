package dev.coleta.models;

/**
 * Receives a download's progress: once when the transfer starts (with what was kept from an
 * earlier attempt) and after every block written. Called on the downloading thread, so keep
 * it quick.
 */
@FunctionalInterface
public interface DownloadListener {
    DownloadListener NONE = p -> { };

    void onProgress(DownloadProgress progress);
}
