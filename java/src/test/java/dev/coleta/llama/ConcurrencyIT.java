package dev.coleta.llama;

import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Models and sessions used from several threads: shared models give single-threaded outputs,
 * and closing a model, a session or an adapter while others generate ends those generations
 * with an exception (or lets them finish), never a crash. Latches, not clocks, order the steps.
 */
class ConcurrencyIT {
    private static final GenerateOptions LONG = GenerateOptions.defaults().withMaxTokens(3000);

    @Test
    void sharedModelGivesTheSingleThreadedOutputs() throws Exception {
        String[] prompts = {"The harvest", "Coleta means", "SELECT name FROM", "{\"title\":", "Once upon", "Porto is"};
        try (Model m = Model.load(TinyModels.tinyModel())) {
            List<String> expected = new ArrayList<>();
            try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                for (String p : prompts) expected.add(s.generate(p, GenerateOptions.defaults().withMaxTokens(24)).text());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    final int shift = w;
                    results.add(pool.submit(() -> {
                        List<String> out = new ArrayList<>();
                        try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                            for (int r = 0; r < 12; r++) {
                                String p = prompts[(r + shift) % prompts.length];
                                out.add(p + "\u0000" + s.generate(p, GenerateOptions.defaults().withMaxTokens(24)).text());
                            }
                        }
                        return out;
                    }));
                }
                for (Future<List<String>> f : results) {
                    for (String line : f.get(5, TimeUnit.MINUTES)) {
                        String[] pr = line.split("\u0000", 2);
                        assertEquals(expected.get(List.of(prompts).indexOf(pr[0])), pr[1], "prompt " + pr[0]);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closingTheModelWhileThreadsGenerateEndsThemWithAnException() throws Exception {
        Model m = Model.load(TinyModels.tinyModel());
        int threads = 4;
        CountDownLatch generating = new CountDownLatch(threads);
        AtomicInteger ended = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Throwable>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                Session s = m.newSession(SessionOptions.defaults().withContextSize(4096).withThreads(1));
                boolean[] counted = {false};
                try {
                    s.generate("Tell a long story", LONG, piece -> {
                        if (!counted[0]) {
                            counted[0] = true;
                            generating.countDown();
                        }
                        return true;
                    });
                    return null; // finished before the close reached it
                } catch (Throwable t) {
                    return t;
                } finally {
                    ended.incrementAndGet();
                }
            }));
        }
        assertTrue(generating.await(2, TimeUnit.MINUTES), "every thread started generating");
        m.close(); // returns only once every generation has left native code
        assertTrue(m.isClosed());
        int exceptions = 0;
        for (Future<Throwable> f : results) {
            Throwable t = f.get(2, TimeUnit.MINUTES);
            if (t == null) continue;
            if (!(t instanceof IllegalStateException)) fail("unexpected " + t, t);
            assertTrue(t.getMessage().contains("closed"), t.getMessage());
            exceptions++;
        }
        pool.shutdown();
        assertEquals(threads, ended.get());
        assertTrue(exceptions > 0, "3000-token generations cannot all have finished before close");
        assertThrows(IllegalStateException.class, () -> m.tokenize("after close", false));
        assertThrows(IllegalStateException.class, () -> m.newSession(SessionOptions.defaults()));
    }

    @Test
    void closingASessionFromAnotherThreadEndsItsGeneration() throws Exception {
        try (Model m = Model.load(TinyModels.tinyModel())) {
            Session s = m.newSession(SessionOptions.defaults().withContextSize(4096).withThreads(1));
            CountDownLatch generating = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Throwable> r = pool.submit(() -> {
                try {
                    s.generate("Tell a long story", LONG, piece -> {
                        generating.countDown();
                        return true;
                    });
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(generating.await(2, TimeUnit.MINUTES));
            // A second thread on the same session is refused, not interleaved.
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> s.generate("x", GenerateOptions.defaults()));
            assertTrue(busy.getMessage().contains("in use"), busy.getMessage());
            s.close();
            assertTrue(s.isClosed());
            Throwable t = r.get(2, TimeUnit.MINUTES);
            assertTrue(t instanceof IllegalStateException && t.getMessage().contains("closed"), String.valueOf(t));
            pool.shutdown();
            // The model is intact: a new session generates.
            try (Session again = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                assertEquals(8, again.generate("Hello", GenerateOptions.defaults().withMaxTokens(8)).generatedTokens());
            }
        }
    }

    @Test
    void closingASessionFromItsOwnListenerFreesItWhenTheGenerationReturns() {
        try (Model m = Model.load(TinyModels.tinyModel())) {
            Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.generate("Hello", LONG, piece -> {
                s.close();
                return true;
            }));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertTrue(s.isClosed());
            assertThrows(IllegalStateException.class, () -> s.generate("Hello", GenerateOptions.defaults()));
        }
    }

    @Test
    void closingAnAdapterWaitsForTheGenerationThatUsesIt() throws Exception {
        try (Model m = Model.load(TinyModels.tinyModel())) {
            LoraAdapter a = m.loadAdapter(dev.coleta.testing.TestAdapters.randomAdapter(TinyModels.tinyModel(),
                    TinyModels.dir().resolve("concurrency-adapter.gguf"), 4, 7, 0.01f));
            Session s = m.newSession(SessionOptions.defaults().withContextSize(4096).withThreads(1));
            s.setAdapter(a, 1.0f);
            CountDownLatch generating = new CountDownLatch(1);
            AtomicInteger pieces = new AtomicInteger();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Generation> r = pool.submit(() -> s.generate("Hello", LONG, piece -> {
                pieces.incrementAndGet();
                generating.countDown();
                return true;
            }));
            assertTrue(generating.await(2, TimeUnit.MINUTES));
            a.close(); // waits until the generation has left the session, then detaches and frees
            int atClose = pieces.get();
            assertEquals(3000, r.get().generatedTokens());
            assertEquals(atClose, pieces.get(), "text was still generated after the adapter's close returned");
            assertTrue(s.adapters().isEmpty());
            pool.shutdown();
        }
    }
}
