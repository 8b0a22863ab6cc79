package dev.coleta.llama;

import com.sun.jna.Pointer;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A native pointer freed exactly once: by its owner's {@code close()} (the contract), or, as
 * a safety net, by a {@link Cleaner} once the owner became unreachable without being closed,
 * which is logged once per JVM. A child (a context) holds a reference on its parent (the
 * model), so the parent is freed only after every child, whatever order the Cleaner runs in.
 */
final class NativeHandle implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(); // a daemon thread
    private static final Logger LOG = Logger.getLogger("dev.coleta");
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final AtomicLong DROPPED = new AtomicLong();

    private final String what;
    private final Consumer<Pointer> free;
    private final NativeHandle parent;
    private final Cleaner.Cleanable cleanable;
    private Pointer pointer;          // guarded by this
    private int refs = 1;             // the owner's, plus one per child not yet freed; guarded by this
    private volatile boolean closed;  // set by close(): the owner did its duty

    /** Registers {@code owner}; {@code free} must not reference it (it runs after the owner is gone). */
    NativeHandle(Object owner, String what, Pointer pointer, Consumer<Pointer> free, NativeHandle parent) {
        this.what = what;
        this.pointer = pointer;
        this.free = free;
        this.parent = parent;
        if (parent != null) parent.retain();
        this.cleanable = CLEANER.register(owner, this);
    }

    /** The owner's close: frees now, or when the last child is freed. Idempotent. */
    void close() {
        closed = true;
        cleanable.clean();
    }

    /** Runs once, from {@link #close()} or from the Cleaner. */
    @Override
    public void run() {
        if (!closed) {
            DROPPED.incrementAndGet();
            if (WARNED.compareAndSet(false, true)) {
                LOG.warning(what + " was never closed; the Cleaner freed it. Close models and sessions (try-with-resources); "
                        + "this is logged once.");
            }
        }
        release();
    }

    private synchronized void retain() {
        refs++;
    }

    private void release() {
        Pointer p;
        synchronized (this) {
            if (--refs > 0) return;
            p = pointer;
            pointer = null;
        }
        if (p != null) free.accept(p);
        if (parent != null) parent.release();
    }

    /** Whether the once-per-JVM warning has been logged (for tests). */
    static boolean warned() {
        return WARNED.get();
    }

    /** Handles freed by the Cleaner in this JVM (for tests). */
    static long dropped() {
        return DROPPED.get();
    }
}
