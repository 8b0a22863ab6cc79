package dev.coleta.spark;

import dev.coleta.ModelLoadException;
import dev.coleta.llama.LoraAdapter;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-JVM cache of loaded models: one {@link Model} (with its adapters) per distinct
 * {@link ModelRef}, loaded by the first task that needs it and kept for the life of the
 * executor, so that partitions and tasks never reload it. Sessions are not thread-safe, so a
 * task borrows one for its partition and returns it when the task ends; idle sessions are kept
 * for the next task (a context costs its KV cache to create).
 */
final class ExecutorModels {
    private static final Map<ModelRef, Loaded> CACHE = new HashMap<>();

    private ExecutorModels() {
    }

    /** A loaded model and its pool of idle sessions. */
    static final class Loaded {
        private final ModelRef ref;
        private final Model model;
        private final List<LoraAdapter> adapters;
        private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();

        private Loaded(ModelRef ref, Model model, List<LoraAdapter> adapters) {
            this.ref = ref;
            this.model = model;
            this.adapters = adapters;
        }

        /** An idle session, or a new one with the reference's adapters applied. */
        Session borrow() {
            Session s = idle.pollFirst();
            if (s != null) return s;
            s = model.newSession(SessionOptions.defaults().withContextSize(ref.contextSize()).withThreads(ref.threads()));
            for (int i = 0; i < adapters.size(); i++) s.setAdapter(adapters.get(i), ref.adapters().get(i).scale());
            return s;
        }

        /** Gives back a session borrowed from this pool. */
        void release(Session s) {
            if (!s.isClosed()) idle.addFirst(s);
        }
    }

    /**
     * A session of a cached model borrowed for the current Spark task: given back when the
     * task completes (even when it is killed mid-partition), or, outside a task, by
     * {@link #releaseOutsideTask()} once its rows are done.
     */
    static final class TaskSession {
        private final Loaded loaded;
        private final Session session;
        private final boolean inTask;
        private final AtomicBoolean released = new AtomicBoolean();

        private TaskSession(Loaded loaded) {
            this.loaded = loaded;
            this.session = loaded.borrow();
            TaskContext task = TaskContext.get();
            this.inTask = task != null;
            if (inTask) task.addTaskCompletionListener((TaskCompletionListener) ctx -> release());
        }

        Session session() {
            return session;
        }

        void releaseOutsideTask() {
            if (!inTask) release();
        }

        private void release() {
            if (released.compareAndSet(false, true)) loaded.release(session);
        }
    }

    /** A session of {@code ref}'s model (loaded on first use) for the current task. */
    static TaskSession borrowForTask(ModelRef ref) {
        return new TaskSession(get(ref));
    }

    /** The loaded model for {@code ref}, loading it on first use (other callers wait for it). */
    static synchronized Loaded get(ModelRef ref) {
        Loaded l = CACHE.get(ref);
        if (l != null) return l;
        Model model = Model.load(resolve(ref.path(), "model"), ModelOptions.defaults().withGpuLayers(ref.gpuLayers()));
        try {
            List<LoraAdapter> adapters = new ArrayList<>();
            for (ModelRef.Adapter a : ref.adapters()) adapters.add(model.loadAdapter(resolve(a.path(), "adapter")));
            l = new Loaded(ref, model, List.copyOf(adapters));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        CACHE.put(ref, l);
        return l;
    }

    /** How many models this JVM holds (for tests). */
    static synchronized int cached() {
        return CACHE.size();
    }

    /** Closes every cached model (sessions and adapters first); the next task loads again. */
    static synchronized void closeAll() {
        for (Loaded l : CACHE.values()) l.model.close();
        CACHE.clear();
    }

    /**
     * The file at {@code path}, else the file of that name shipped with the job (SparkFiles).
     * {@code what} names it in the error.
     */
    static Path resolve(String path, String what) {
        Path p = Path.of(path);
        if (Files.isRegularFile(p)) return p;
        String shipped = null;
        try {
            shipped = SparkFiles.get(p.getFileName().toString());
        } catch (RuntimeException e) {
            // no SparkEnv here (not inside a Spark application): only the plain path counts
        }
        if (shipped != null && Files.isRegularFile(Path.of(shipped))) return Path.of(shipped);
        throw new ModelLoadException(what + " file not found: " + path + " (neither at that path on this executor nor shipped with the job as "
                + p.getFileName() + "); put it on a path every executor can read, or ship it with spark-submit --files");
    }
}
