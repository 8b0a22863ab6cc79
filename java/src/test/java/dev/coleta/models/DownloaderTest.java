package dev.coleta.models;

import dev.coleta.ColetaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads from a server on loopback: verified, atomic, resumable with HTTP Range, and
 * nothing left behind that looks complete.
 */
class DownloaderTest {
    static final int SIZE = 300_000; // several 64 KiB blocks
    static final int HALF = 100_000;

    @TempDir
    Path dir;
    LoopbackFileServer server;
    final byte[] body = randomBytes(SIZE, 1);
    Path out;
    Path part;

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b); // no repeats, so bytes at a wrong offset cannot pass
        return b;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @BeforeEach
    void start() throws Exception {
        server = LoopbackFileServer.serving(body);
        out = dir.resolve("m.gguf");
        part = dir.resolve("m.gguf.part");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Downloader downloader() {
        return new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /**
     * After an interrupted download: the part holds a prefix of the file, as much as reached
     * this side before the cut (up to HALF; the client may drop its last unread buffer).
     */
    private long keptPrefix() throws Exception {
        byte[] kept = Files.readAllBytes(part);
        assertTrue(kept.length > 0 && kept.length <= HALF, "kept " + kept.length + " bytes");
        assertArrayEquals(Arrays.copyOf(body, kept.length), kept, "the part is a prefix of the file");
        return kept.length;
    }

    private List<String> files() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void verifiedDownloadLandsAtomicallyAndReportsProgress() throws Exception {
        List<DownloadProgress> events = new ArrayList<>();
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, events::add);
        assertEquals(new DownloadResult(out, sha(body), SIZE, 0, true, false), r);
        assertArrayEquals(body, Files.readAllBytes(out));
        assertEquals(List.of("m.gguf"), files(), "no .part file left");
        assertEquals(List.of(""), server.ranges(), "a fresh download asks for the whole file");

        assertEquals(new DownloadProgress(0, SIZE, 0), events.get(0));
        assertEquals(new DownloadProgress(SIZE, SIZE, 0), events.get(events.size() - 1));
        for (int i = 1; i < events.size(); i++) assertTrue(events.get(i).bytes() > events.get(i - 1).bytes(), "grows: " + events);
    }

    @Test
    void checksumMismatchSavesNothingAndNamesBothSums() throws Exception {
        String wrong = "0".repeat(64);
        ColetaException e = assertThrows(ColetaException.class,
                () -> downloader().download(server.url("/model.gguf"), out, wrong, true, null));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 " + wrong + ", got " + sha(body)), e.getMessage());
        assertEquals(List.of(), files(), "neither the file nor its .part");
    }

    @Test
    void interruptedDownloadKeepsItsPartAndResumesWithRange() throws Exception {
        server.cutNextResponseAfter(HALF);
        ColetaException e = assertThrows(ColetaException.class,
                () -> downloader().download(server.url("/model.gguf"), out, sha(body), true, null));
        long kept = keptPrefix();
        assertTrue(e.getMessage().contains("stopped after " + kept + " of " + SIZE + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(part + " is kept"), e.getMessage());
        assertFalse(Files.exists(out), "the target never exists half-written");

        List<DownloadProgress> events = new ArrayList<>();
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, events::add);
        assertEquals(List.of("", "bytes=" + kept + "-"), server.ranges(), "the second request asks only for the rest");
        assertEquals(kept, r.resumedFrom());
        assertEquals(sha(body), r.sha256());
        assertArrayEquals(body, Files.readAllBytes(out));
        assertEquals(List.of("m.gguf"), files());
        assertEquals(new DownloadProgress(kept, SIZE, kept), events.get(0), "progress starts from the kept bytes");
        assertEquals(new DownloadProgress(SIZE, SIZE, kept), events.get(events.size() - 1));
    }

    @Test
    void interruptedChunkedDownloadOfUnknownLengthResumes() throws Exception {
        server.chunked().cutNextResponseAfter(HALF);
        ColetaException e = assertThrows(ColetaException.class,
                () -> downloader().download(server.url("/model.gguf"), out, null, false, null));
        long kept = keptPrefix();
        assertTrue(e.getMessage().contains("stopped after " + kept + " bytes"), e.getMessage());

        DownloadResult r = downloader().download(server.url("/model.gguf"), out, null, false, null);
        assertEquals(List.of("", "bytes=" + kept + "-"), server.ranges());
        assertEquals(kept, r.resumedFrom());
        assertEquals(sha(body), r.sha256(), "the sha256 covers the kept bytes too");
        assertFalse(r.verified());
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void serverThatIgnoresRangeStartsOverFromZero() throws Exception {
        server.cutNextResponseAfter(HALF);
        assertThrows(ColetaException.class, () -> downloader().download(server.url("/model.gguf"), out, sha(body), true, null));
        long kept = keptPrefix();
        server.ignoreRanges();
        List<DownloadProgress> events = new ArrayList<>();
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, events::add);
        assertEquals(List.of("", "bytes=" + kept + "-"), server.ranges(), "asked for the rest, was sent everything");
        assertEquals(0, r.resumedFrom());
        assertEquals(new DownloadProgress(0, SIZE, 0), events.get(0));
        assertArrayEquals(body, Files.readAllBytes(out), "the whole body replaced the part instead of being appended");
        assertEquals(List.of("m.gguf"), files());
    }

    @Test
    void serverThatIgnoresRangeReplacesAPartLongerThanItsFile() throws Exception {
        Files.write(part, randomBytes(SIZE + 5_000, 4)); // left by a bigger file of the same name
        server.ignoreRanges();
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, null, false, null);
        assertEquals(List.of("bytes=" + (SIZE + 5_000) + "-"), server.ranges());
        assertEquals(0, r.resumedFrom());
        assertArrayEquals(body, Files.readAllBytes(out), "no stale bytes after the new body");
    }

    @Test
    void contentRangeThatDoesNotMatchStartsOverFromZero() throws Exception {
        server.cutNextResponseAfter(HALF);
        assertThrows(ColetaException.class, () -> downloader().download(server.url("/model.gguf"), out, sha(body), true, null));
        long kept = keptPrefix();
        server.shiftRanges(-10); // a 206 from 10 bytes earlier: appending it would duplicate 10 bytes
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, null);
        assertEquals(List.of("", "bytes=" + kept + "-", ""), server.ranges(), "the mismatched 206 is dropped for a plain GET");
        assertEquals(0, r.resumedFrom());
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void partThatIsAlreadyWholeIsFinishedOn416() throws Exception {
        Files.write(part, body); // an earlier attempt got everything but stopped before the rename
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, null);
        assertEquals(List.of("bytes=" + SIZE + "-"), server.ranges());
        assertEquals(new DownloadResult(out, sha(body), SIZE, SIZE, true, false), r);
        assertArrayEquals(body, Files.readAllBytes(out));
        assertEquals(List.of("m.gguf"), files());
    }

    @Test
    void partLongerThanTheFileStartsOverOn416() throws Exception {
        byte[] longer = Arrays.copyOf(body, SIZE + 5_000); // the server's file changed and shrank
        Files.write(part, longer);
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, null);
        assertEquals(List.of("bytes=" + (SIZE + 5_000) + "-", ""), server.ranges());
        assertEquals(0, r.resumedFrom());
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void corruptedPartIsRejectedAfterResumeAndRemoved() throws Exception {
        byte[] wrongStart = Arrays.copyOf(body, HALF);
        wrongStart[1234] ^= 1; // one flipped bit in the kept bytes: every byte fetched is right
        Files.write(part, wrongStart);
        ColetaException e = assertThrows(ColetaException.class,
                () -> downloader().download(server.url("/model.gguf"), out, sha(body), true, null));
        byte[] whatWasAssembled = body.clone();
        whatWasAssembled[1234] ^= 1;
        assertTrue(e.getMessage().contains("expected sha256 " + sha(body) + ", got " + sha(whatWasAssembled)), e.getMessage());
        assertTrue(e.getMessage().contains(HALF + " of them from an earlier attempt"), e.getMessage());
        assertEquals(List.of("bytes=" + HALF + "-"), server.ranges());
        assertEquals(List.of(), files(), "the corrupted part is deleted: resuming it would fail again");

        downloader().download(server.url("/model.gguf"), out, sha(body), true, null);
        assertEquals("", server.ranges().get(1), "the next attempt starts from scratch");
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void stalledTransferIsGivenUpAndKeepsItsPart() throws Exception {
        server.stallNextResponseAfter(HALF);
        Downloader impatient = new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(1));
        ColetaException e = assertThrows(ColetaException.class,
                () -> impatient.download(server.url("/model.gguf"), out, sha(body), true, null));
        assertTrue(e.getMessage().contains("no data for"), e.getMessage());
        long kept = keptPrefix();
        assertFalse(Files.exists(out));

        DownloadResult r = impatient.download(server.url("/model.gguf"), out, sha(body), true, null);
        assertEquals(kept, r.resumedFrom());
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void slowButSteadyTransferOutlivesTheStallTimeout() throws Exception {
        // 30 pieces 50 ms apart: about 1.5 s in all, never silent for anywhere near 1 s. A
        // stall timeout that limited the whole download (as HttpClient's request timeout
        // would, if it covered the body) fails this.
        server.trickle(30, 50);
        Downloader d = new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(1));
        DownloadResult r = d.download(server.url("/model.gguf"), out, sha(body), true, null);
        assertArrayEquals(body, Files.readAllBytes(out));
        assertEquals(0, r.resumedFrom());
    }

    @Test
    void unverifiedDownloadStillReportsTheSha256() throws Exception {
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, "not even hex", false, null);
        assertFalse(r.verified());
        assertEquals(sha(body), r.sha256());
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void targetWithTheExpectedSha256IsNotFetchedAgain() throws Exception {
        Files.write(out, body);
        DownloadResult r = downloader().download(server.url("/model.gguf"), out, sha(body), true, null);
        assertTrue(r.alreadyPresent());
        assertEquals(List.of(), server.ranges(), "no request at all");

        byte[] old = randomBytes(1000, 2);
        Files.write(out, old);
        DownloadResult replaced = downloader().download(server.url("/model.gguf"), out, sha(body), true, null);
        assertFalse(replaced.alreadyPresent());
        assertArrayEquals(body, Files.readAllBytes(out));
    }

    @Test
    void failedDownloadLeavesAnExistingTargetAlone() throws Exception {
        byte[] old = randomBytes(1000, 2);
        Files.write(out, old);
        server.body(randomBytes(SIZE, 3)); // not what the sha256 promises
        assertThrows(ColetaException.class, () -> downloader().download(server.url("/model.gguf"), out, sha(body), true, null));
        assertArrayEquals(old, Files.readAllBytes(out));
        assertEquals(List.of("m.gguf"), files());
    }

    @Test
    void secondDownloadOfTheSameTargetIsRefusedWhileTheFirstHoldsThePart() throws Exception {
        Files.write(part, Arrays.copyOf(body, HALF));
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            ColetaException e = assertThrows(ColetaException.class,
                    () -> downloader().download(server.url("/model.gguf"), out, sha(body), true, null));
            assertTrue(e.getMessage().contains("in progress"), e.getMessage());
        }
        assertEquals(List.of(), server.ranges());
        assertArrayEquals(Arrays.copyOf(body, HALF), Files.readAllBytes(part), "the other download's part is untouched");
    }

    @Test
    void httpErrorsAndBadArguments() throws Exception {
        Downloader d = downloader();
        assertTrue(assertThrows(ColetaException.class, () -> d.download(server.url("/missing"), out, null, false, null))
                .getMessage().contains("HTTP 404"));
        assertEquals(List.of(), files(), "no empty .part left by a failed request");

        Files.write(part, Arrays.copyOf(body, HALF));
        ColetaException e = assertThrows(ColetaException.class, () -> d.download(server.url("/missing"), out, null, false, null));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("kept to resume"), e.getMessage());
        assertEquals(HALF, Files.size(part), "an HTTP error keeps what an earlier attempt fetched");

        URI gone = server.url("/model.gguf");
        server.close(); // nothing listens on that port any more
        ColetaException refused = assertThrows(ColetaException.class, () -> d.download(gone, out, null, false, null));
        assertFalse(refused.getMessage().contains("null"), refused.getMessage());
        assertTrue(refused.getMessage().contains(part + " is kept to resume"), refused.getMessage());
        assertEquals(HALF, Files.size(part));

        assertThrows(IllegalArgumentException.class, () -> d.download(URI.create("file:///etc/passwd"), out, null, false, null));
        assertThrows(IllegalArgumentException.class, () -> d.download(gone, dir, null, false, null), "a directory as target");
        assertThrows(IllegalArgumentException.class, () -> d.download(server.url("/model.gguf"), out, null, true, null));
        assertThrows(IllegalArgumentException.class, () -> d.download(server.url("/model.gguf"), out, "abc", true, null));
        assertThrows(IllegalArgumentException.class, () -> new Downloader(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Downloader(Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    }

    @Test
    void fileNamesComeFromTheUrlsLastSegment() {
        assertEquals("llama-2-7b.Q4_K_M.gguf", Downloader.fileName(URI.create("https://h/TheBloke/x/resolve/main/llama-2-7b.Q4_K_M.gguf?download=1")));
        assertThrows(IllegalArgumentException.class, () -> Downloader.fileName(URI.create("https://h/")));
        assertThrows(IllegalArgumentException.class, () -> Downloader.fileName(URI.create("https://h/a/..")));
        assertThrows(IllegalArgumentException.class, () -> Downloader.fileName(URI.create("https://h/a%20b.gguf")));
        assertEquals(Path.of("/x/m.gguf.part"), Downloader.partFile(Path.of("/x/m.gguf")));
    }

    @Test
    void catalogueIsPackagedAndWellFormed() {
        ModelCatalog c = ModelCatalog.packaged();
        assertTrue(c.entries().size() >= 3);
        for (ModelCatalog.Entry e : c.entries()) {
            assertTrue(e.url().getScheme().equals("https"), e.name());
            assertTrue(e.sha256() == null || e.sha256().matches("[0-9a-f]{64}"), e.name());
        }
        assertTrue(c.find("llama-2-7b-chat-q4_k_m").isPresent());
        assertEquals("llama-2-7b-chat-q4_k_m.gguf", c.find("llama-2-7b-chat-q4_k_m").orElseThrow().fileName());
    }

    @Test
    void catalogueFileWithABadEntryIsRefusedNamingTheFile() throws Exception {
        Path bad = dir.resolve("catalog.json");
        Files.writeString(bad, "{\"models\": [{\"name\": \"m\", \"url\": \"https://h/m.gguf\", \"sha256\": \"XYZ\"}]}");
        ColetaException e = assertThrows(ColetaException.class, () -> ModelCatalog.read(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("sha256"), e.getMessage());
        Files.writeString(bad, "{\"models\": [{\"name\": \"../m\", \"url\": \"https://h/m.gguf\"}]}");
        assertThrows(ColetaException.class, () -> ModelCatalog.read(bad));
    }

    /** FIPS 180-2 test vectors, the last one longer than the reader's buffer. */
    @Test
    void sha256OfMatchesTheStandardVectors() throws Exception {
        Path abc = Files.write(dir.resolve("abc"), "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Downloader.sha256Of(abc));
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Downloader.sha256Of(empty));
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        Path a = Files.write(dir.resolve("million-a"), million);
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Downloader.sha256Of(a));
    }

    @Test
    void progressKnowsTheTotalOnlyWhenTheServerSaysIt() throws Exception {
        List<DownloadProgress> sized = new ArrayList<>();
        downloader().download(server.url("/model.gguf"), out, null, false, sized::add);
        assertFalse(sized.isEmpty());
        assertTrue(sized.stream().allMatch(DownloadProgress::totalKnown), "Content-Length given: " + sized);
        Files.delete(out);
        server.chunked();
        List<DownloadProgress> chunked = new ArrayList<>();
        downloader().download(server.url("/model.gguf"), out, null, false, chunked::add);
        assertFalse(chunked.isEmpty());
        assertTrue(chunked.stream().noneMatch(DownloadProgress::totalKnown), "chunked, no length: " + chunked);
        assertEquals(-1, chunked.get(0).totalBytes());
        assertFalse(new DownloadProgress(0, -1, 0).totalKnown());
        assertTrue(new DownloadProgress(0, 0, 0).totalKnown(), "an empty file's size is known");
    }

    /** {@code $COLETA_CACHE}, else {@code ~/.cache/coleta}; models go in its {@code models} folder. */
    @Test
    void defaultDirectoryIsModelsInColetasCache() {
        String env = System.getenv("COLETA_CACHE");
        Path cache = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "coleta");
        assertEquals(cache, dev.coleta.llama.NativeLibrary.cacheRoot());
        assertEquals(cache.resolve("models"), Downloader.defaultDirectory());
    }
}
