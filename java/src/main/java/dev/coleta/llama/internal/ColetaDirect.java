package dev.coleta.llama.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The per-token entry point of {@code native/shim/coleta.h}, bound by JNA direct mapping
 * (static native methods, no proxy or reflection per call): a generation step costs one
 * crossing of a few hundred nanoseconds instead of four interface-proxy calls. C names
 * verbatim, no logic; registered by {@code dev.coleta.llama.NativeLibrary} on the library it
 * loaded.
 */
public final class ColetaDirect {
    private ColetaDirect() {
    }

    /** Binds the natives below to {@code library} (a path JNA has loaded). Called once. */
    public static void register(String library) {
        Native.register(ColetaDirect.class, library);
    }

    public static native int coleta_step(Pointer ctx, Pointer sampler, int pos, int decode, int[] out, byte[] piece, int pieceCap);
}
