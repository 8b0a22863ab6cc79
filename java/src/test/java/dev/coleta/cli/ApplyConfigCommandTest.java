package dev.coleta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplyConfigCommandTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer server;
    private String base;
    private GeneratedPage served;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void start() throws IOException {
        served = PageGenerator.page(dev.coleta.scrape.data.SiteType.CALENDAR, 4, 5, "srv");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/page", ex -> {
            byte[] b = served.html().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.createContext("/huge", ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] block = "<p>padding padding padding padding padding padding padding</p>\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; i < 1000; i++) o.write(block);
            } catch (IOException expected) {
                // the client hung up at its limit
            }
        });
        server.createContext("/slow", ex -> {
            try {
                ex.sendResponseHeaders(200, 0);
                OutputStream o = ex.getResponseBody();
                o.write("<html><body><p>".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                Thread.sleep(6000);
                o.close();
            } catch (IOException | InterruptedException expected) {
                // the client gave up
            }
        });
        server.createContext("/agent", ex -> {
            agents.add(ex.getRequestHeaders().getFirst("User-Agent"));
            byte[] b = served.html().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reproducesGoldValuesFromFiles() throws Exception {
        for (GeneratedPage p : PageGenerator.generate(9, 77, PageGenerator.Split.TEST)) {
            Path html = Files.writeString(dir.resolve(p.id() + ".html"), p.html());
            Path config = Files.writeString(dir.resolve(p.id() + ".json"), p.config().toJson());
            Run r = run("apply-config", "--config", config.toString(), "--html", html.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(p.configGold(), M.readTree(r.out()), p.id());
            assertEquals(p.config().item() != null, M.readTree(r.out()).isArray());
        }
    }

    @Test
    void fetchesUrlsWithinLimits() throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), served.config().toJson());
        Run ok = run("apply-config", "--config", config.toString(), "--url", base + "/page");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(served.configGold(), M.readTree(ok.out()));

        Run huge = run("apply-config", "--config", config.toString(), "--url", base + "/huge", "--max-bytes", "1000000");
        assertEquals(ExitCodes.BAD_INPUT, huge.code());
        assertTrue(huge.err().contains("over the limit of 1000000 bytes"), huge.err());

        // The server closes the page after 6 s; without the 700 ms limit the run would get a
        // truncated page and exit 0. The preemptive bound only keeps a hang from stalling the build.
        Run slow = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run("apply-config", "--config", config.toString(), "--url", base + "/slow", "--timeout-ms", "700"));
        assertEquals(ExitCodes.BAD_INPUT, slow.code());
        assertTrue(slow.err().contains("700 ms"), slow.err());
    }

    final java.util.List<String> agents = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void userAgentIsSentAsGiven() throws Exception {
        Path config = Files.writeString(dir.resolve("c.json"), served.config().toJson());
        Run named = run("apply-config", "--config", config.toString(), "--url", base + "/agent", "--user-agent", "coleta-test/9 (+loopback)");
        assertEquals(0, named.code(), named.err());
        Run plain = run("apply-config", "--config", config.toString(), "--url", base + "/agent");
        assertEquals(0, plain.code(), plain.err());
        assertEquals(java.util.List.of("coleta-test/9 (+loopback)", "coleta/0.1 (+https://github.com/coleta)"), agents);
    }

    @Test
    void badInputIsOneLineAndExitCodeThree() throws Exception {
        Path html = Files.writeString(dir.resolve("p.html"), "<html><body><p class=\"a\">x</p></body></html>");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"item\": null}");
        Path empty = Files.write(dir.resolve("empty.html"), new byte[0]);
        Path good = Files.writeString(dir.resolve("good.json"), "{\"item\":null,\"fields\":{\"a\":{\"selector\":\".a\",\"attr\":\"text\"}}}");
        Run r1 = run("apply-config", "--config", bad.toString(), "--html", html.toString());
        assertEquals(ExitCodes.BAD_INPUT, r1.code());
        assertTrue(r1.err().startsWith("coleta: error: ") && r1.err().contains("fields"), r1.err());
        Run r2 = run("apply-config", "--config", good.toString(), "--html", empty.toString());
        assertEquals(ExitCodes.BAD_INPUT, r2.code());
        assertTrue(r2.err().contains("empty"), r2.err());
        Run r3 = run("apply-config", "--config", good.toString(), "--html", html.toString(), "--url", "http://127.0.0.1:1/");
        assertEquals(ExitCodes.BAD_INPUT, r3.code());
        Run r4 = run("apply-config", "--config", good.toString(), "--url", "file:///etc/passwd");
        assertEquals(ExitCodes.BAD_INPUT, r4.code());
        assertTrue(r4.err().contains("http and https"), r4.err());
        Run r5 = run("apply-config", "--config", good.toString(), "--html", html.toString());
        assertEquals(0, r5.code(), r5.err());
        assertEquals("{\"a\":\"x\"}", M.readTree(r5.out()).toString());
    }
}
