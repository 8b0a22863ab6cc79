package dev.coleta.cli;

import dev.coleta.models.LoopbackFileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code coleta model pull} in-process against a server on loopback: exit codes, output and files. */
class ModelPullCommandTest {
    static final int SIZE = 300_000;

    @TempDir
    Path dir;
    LoopbackFileServer server;
    final byte[] body = bytes(SIZE, 7);
    String sha;
    String url;

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @BeforeEach
    void start() throws Exception {
        server = LoopbackFileServer.serving(body);
        sha = sha(body);
        url = server.url("/files/tiny.Q8_0.gguf").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> files() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The one line the error handler writes, after whatever the progress bar left on stderr. */
    private static String errorLine(CliHarness.Result r) {
        return r.err().lines().filter(l -> l.startsWith("coleta: error: ")).reduce((a, b) -> b).orElse("(no error line in: " + r.err() + ")");
    }

    @Test
    void pullsAUrlIntoTheDirectoryUnderItsFileNameWithAProgressBar() throws Exception {
        CliHarness.Result r = CliHarness.run("model", "pull", url, "--sha256", sha.toUpperCase(), "--dir", dir.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        Path file = dir.resolve("tiny.Q8_0.gguf");
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(List.of("tiny.Q8_0.gguf"), files());
        assertTrue(r.out().contains("saved " + file + " (sha256 " + sha + ", verified)"), r.out());
        assertTrue(r.err().contains("tiny.Q8_0.gguf") && r.err().contains("100%"), "progress bar on stderr: " + r.err());

        CliHarness.Result again = CliHarness.run("model", "pull", url, "--sha256", sha, "--dir", dir.toString(), "--quiet");
        assertEquals(ExitCodes.OK, again.exitCode(), again.err());
        assertTrue(again.out().contains("already present: " + file), again.out());
        assertEquals(1, server.ranges().size(), "a verified file in place is not fetched again");
        assertEquals("", again.err(), "--quiet: nothing on stderr");
    }

    @Test
    void corruptedDownloadIsRejectedRemovedAndNamesBothSums() throws Exception {
        byte[] corrupted = body.clone();
        corrupted[SIZE / 2] ^= 0x40;
        server.body(corrupted);
        CliHarness.Result r = CliHarness.run("model", "pull", url, "--sha256", sha, "--dir", dir.toString(), "--quiet");
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        String line = errorLine(r);
        assertTrue(line.startsWith("coleta: error: checksum mismatch for " + url + ": expected sha256 " + sha + ", got " + sha(corrupted)), line);
        assertEquals(List.of(), files(), "neither the file nor its .part");
        assertEquals("", r.out());
    }

    @Test
    void interruptedPullFailsKeepingThePartAndTheNextPullResumesIt() throws Exception {
        server.cutNextResponseAfter(SIZE / 3);
        CliHarness.Result r = CliHarness.run("model", "pull", url, "--sha256", sha, "--dir", dir.toString());
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(errorLine(r).contains("download again to resume"), errorLine(r));
        assertEquals(List.of("tiny.Q8_0.gguf.part"), files(), "only the part, never the target");
        byte[] kept = Files.readAllBytes(dir.resolve("tiny.Q8_0.gguf.part"));
        assertTrue(kept.length > 0 && kept.length <= SIZE / 3, "kept " + kept.length);
        assertArrayEquals(Arrays.copyOf(body, kept.length), kept);

        CliHarness.Result resumed = CliHarness.run("model", "pull", url, "--sha256", sha, "--dir", dir.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertEquals(List.of("", "bytes=" + kept.length + "-"), server.ranges());
        assertTrue(resumed.out().contains("resumed: " + kept.length + " of " + SIZE + " bytes were kept"), resumed.out());
        assertArrayEquals(body, Files.readAllBytes(dir.resolve("tiny.Q8_0.gguf")));
        assertEquals(List.of("tiny.Q8_0.gguf"), files());
    }

    @Test
    void downloadIsTheSameCommand() throws Exception {
        CliHarness.Result r = CliHarness.run("model", "download", url, "--sha256", sha, "--dir", dir.toString(), "--quiet");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertArrayEquals(body, Files.readAllBytes(dir.resolve("tiny.Q8_0.gguf")));
        assertTrue(r.out().contains("(sha256 " + sha + ", verified)"), r.out());
        CliHarness.Result unverified = CliHarness.run("model", "download", url, "--no-verify", "--out", dir.resolve("u.gguf").toString(), "--quiet");
        assertEquals(ExitCodes.OK, unverified.exitCode(), unverified.err());
        assertTrue(unverified.out().contains("not verified"), unverified.out());
    }

    @Test
    void noVerifySavesAndSaysSo() throws Exception {
        Path out = dir.resolve("sub/named.gguf");
        CliHarness.Result r = CliHarness.run("model", "pull", url, "--no-verify", "--out", out.toString(), "--quiet");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertArrayEquals(body, Files.readAllBytes(out));
        assertTrue(r.out().contains("saved " + out + " (sha256 " + sha + ", not verified)"), r.out());
    }

    @Test
    void catalogueNamesPullAsNameDotGgufWithTheCataloguesSha256() throws Exception {
        Path catalog = dir.resolve("catalog.json");
        Files.writeString(catalog, """
                {"models": [
                  {"name": "tiny-q8", "url": "%s", "sha256": "%s", "description": "test"},
                  {"name": "tiny-nosum", "url": "%s", "sha256": null}
                ]}""".formatted(url, sha, url));
        Path models = dir.resolve("models");
        CliHarness.Result r = CliHarness.run("model", "pull", "tiny-q8", "--catalog", catalog.toString(), "--dir", models.toString(), "--quiet");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertArrayEquals(body, Files.readAllBytes(models.resolve("tiny-q8.gguf")));
        assertTrue(r.out().contains(", verified)"), r.out());

        // the catalogue's sha256 is what the body is checked against
        server.body(bytes(SIZE, 8));
        Files.delete(models.resolve("tiny-q8.gguf"));
        CliHarness.Result bad = CliHarness.run("model", "pull", "tiny-q8", "--catalog", catalog.toString(), "--dir", models.toString(), "--quiet");
        assertEquals(ExitCodes.FAILURE, bad.exitCode());
        assertTrue(errorLine(bad).contains("expected sha256 " + sha), errorLine(bad));

        CliHarness.Result noSum = CliHarness.run("model", "pull", "tiny-nosum", "--catalog", catalog.toString(), "--dir", models.toString());
        assertEquals(ExitCodes.BAD_INPUT, noSum.exitCode());
        assertTrue(errorLine(noSum).contains("records no sha256 for 'tiny-nosum'") && errorLine(noSum).contains("--no-verify"), errorLine(noSum));

        CliHarness.Result list = CliHarness.run("model", "pull", "--list", "--catalog", catalog.toString());
        assertEquals(ExitCodes.OK, list.exitCode(), list.err());
        assertTrue(list.out().contains("tiny-q8") && list.out().contains("sha256: " + sha) && list.out().contains("sha256: not recorded"), list.out());
        assertEquals(2, server.ranges().size(), "only the two pulls that passed their checks made requests");
    }

    @Test
    void refusalsBeforeAnyRequest() throws Exception {
        CliHarness.Result noSum = CliHarness.run("model", "pull", url, "--dir", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, noSum.exitCode());
        assertEquals("coleta: error: a URL needs --sha256 HEX (from its publisher) or --no-verify", errorLine(noSum));

        CliHarness.Result badSum = CliHarness.run("model", "pull", url, "--sha256", "abc", "--dir", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, badSum.exitCode());
        assertTrue(errorLine(badSum).contains("--sha256 must be 64 hex digits"), errorLine(badSum));

        CliHarness.Result unknown = CliHarness.run("model", "pull", "no-such-model", "--dir", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode());
        assertTrue(errorLine(unknown).contains("no model named 'no-such-model'"), errorLine(unknown));

        CliHarness.Result unnamed = CliHarness.run("model", "pull", server.url("/").toString(), "--no-verify", "--dir", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, unnamed.exitCode());
        assertTrue(errorLine(unnamed).contains("cannot name a file after the URL"), errorLine(unnamed));

        CliHarness.Result noCatalog = CliHarness.run("model", "pull", "x", "--catalog", dir.resolve("none.json").toString());
        assertEquals(ExitCodes.BAD_INPUT, noCatalog.exitCode());
        assertTrue(errorLine(noCatalog).startsWith("coleta: error: --catalog: cannot read the model catalogue"), errorLine(noCatalog));

        for (String[] args : List.of(
                new String[]{"model", "pull"},
                new String[]{"model", "pull", url, "--sha256", sha, "--no-verify"},
                new String[]{"model", "pull", url, "--no-verify", "--dir", dir.toString(), "--out", dir.resolve("x").toString()},
                new String[]{"model", "pull", url, "--no-verify", "--timeout", "0"})) {
            CliHarness.Result r = CliHarness.run(args);
            assertEquals(ExitCodes.USAGE, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(errorLine(r).endsWith("(see 'coleta model pull --help')"), errorLine(r));
        }
        assertEquals(List.of(), server.ranges(), "no request was made");
        assertEquals(List.of(), files());
    }

    @Test
    void httpErrorIsAFailureNamingTheStatus() throws Exception {
        CliHarness.Result r = CliHarness.run("model", "pull", server.url("/missing").toString(), "--no-verify", "--out",
                dir.resolve("m.gguf").toString(), "--quiet");
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(errorLine(r).contains("HTTP 404"), errorLine(r));
        assertEquals(List.of(), files());
    }

    @Test
    void downloadIsAnAliasThatStillTakesOut() throws Exception {
        Path out = dir.resolve("m.gguf");
        CliHarness.Result r = CliHarness.run("model", "download", url, "--sha256", sha, "--out", out.toString(), "--quiet");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertArrayEquals(body, Files.readAllBytes(out));
        assertFalse(Files.exists(dir.resolve("tiny.Q8_0.gguf")), "--out wins over the URL's name");

        Path unverified = dir.resolve("u.gguf");
        CliHarness.Result u = CliHarness.run("model", "download", url, "--no-verify", "--out", unverified.toString());
        assertEquals(ExitCodes.OK, u.exitCode(), u.err());
        assertArrayEquals(body, Files.readAllBytes(unverified));
        assertTrue(u.out().contains("not verified"), u.out());
        assertTrue(u.err().contains("100%"), "progress bar: " + u.err());
    }
}
