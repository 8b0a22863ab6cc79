package dev.coleta.llama;

/** Receives text as it is generated (streaming); returning false cancels generation. */
@FunctionalInterface
public interface TokenListener {
    /** Called with each new piece of complete UTF-8 text; return false to stop. */
    boolean onText(String piece);
}
