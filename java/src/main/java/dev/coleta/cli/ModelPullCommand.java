package dev.coleta.cli;

import dev.coleta.ColetaException;
import dev.coleta.models.DownloadListener;
import dev.coleta.models.DownloadProgress;
import dev.coleta.models.DownloadResult;
import dev.coleta.models.Downloader;
import dev.coleta.models.ModelCatalog;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code coleta model pull} (alias {@code model download}): a catalogue model or any URL,
 * resumable and checksum-verified.
 */
@Command(name = "pull", aliases = "download", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Download a model from the catalogue (models/catalog.json) or a URL, verifying its sha256.",
                "An interrupted download keeps FILE.part and the next pull resumes it (HTTP Range); the file appears"
                        + " under its name only once complete and verified. A checksum mismatch deletes the download."})
public final class ModelPullCommand implements Callable<Integer> {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|URL", description = "Catalogue name (see --list) or http(s) URL.")
    String what;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Directory to save into, as NAME.gguf for a catalogue model or under the URL's file name"
                    + " (default: $COLETA_CACHE/models, else ~/.cache/coleta/models).")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "The file to save, instead of a name in --dir.")
    Path out;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected sha256 (overrides the catalogue's; needed for a URL).")
    String sha256;

    @Option(names = "--no-verify", description = "Save without checking a checksum (not recommended).")
    boolean noVerify;

    @Option(names = "--list", description = "List the catalogue.")
    boolean list;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Read the catalogue from this file (same format as models/catalog.json) instead of the packaged one.")
    Path catalogFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up when no data arrives for this long; the partial file is kept for a later resume (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        ModelCatalog catalog = catalogFile == null ? ModelCatalog.packaged() : readCatalog();
        if (list) {
            for (ModelCatalog.Entry e : catalog.entries()) {
                o.printf("%-32s %s%n    %s (sha256: %s)%n", e.name(), e.description(), e.url(), e.sha256() == null ? "not recorded" : e.sha256());
            }
            o.flush();
            return ExitCodes.OK;
        }
        if (what == null) throw usage("NAME|URL is required (or --list)");
        if (dir != null && out != null) throw usage("--dir and --out exclude each other");
        if (sha256 != null && noVerify) throw usage("--sha256 and --no-verify exclude each other");
        if (timeoutSeconds <= 0) throw usage("--timeout must be positive: " + timeoutSeconds);
        if (sha256 != null && !SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("--sha256 must be 64 hex digits: " + sha256);

        URI url;
        String expected = sha256;
        String fileName;
        if (what.startsWith("http://") || what.startsWith("https://")) {
            url = URI.create(what);
            if (expected == null && !noVerify) throw new IllegalArgumentException("a URL needs --sha256 HEX (from its publisher) or --no-verify");
            fileName = out == null ? Downloader.fileName(url) : null;
        } else {
            ModelCatalog.Entry e = catalog.find(what)
                    .orElseThrow(() -> new IllegalArgumentException("no model named '" + what + "' in the catalogue; see --list"));
            url = e.url();
            if (expected == null) expected = e.sha256();
            if (expected == null && !noVerify) {
                throw new IllegalArgumentException("the catalogue records no sha256 for '" + what + "'; give --sha256 HEX (from its publisher) or --no-verify");
            }
            fileName = e.fileName();
        }
        Path target = out != null ? out : (dir != null ? dir : Downloader.defaultDirectory()).resolve(fileName);

        PrintWriter err = spec.commandLine().getErr();
        ProgressBar[] bar = new ProgressBar[1];
        DownloadListener listener = quiet ? DownloadListener.NONE : p -> {
            if (bar[0] == null) bar[0] = bar(err, target.getFileName().toString(), p);
            bar[0].stepTo(p.bytes());
        };
        DownloadResult r;
        try {
            r = new Downloader(Duration.ofSeconds(30), Duration.ofSeconds(timeoutSeconds)).download(url, target, expected, !noVerify, listener);
        } finally {
            if (bar[0] != null) {
                bar[0].close();
                err.println();
                err.flush();
            }
        }
        String how = r.verified() ? "verified" : "not verified";
        if (r.alreadyPresent()) {
            o.printf("already present: %s (sha256 %s, %s)%n", r.file(), r.sha256(), how);
        } else {
            if (r.resumedFrom() > 0) o.printf("resumed: %d of %d bytes were kept from an earlier attempt%n", r.resumedFrom(), r.bytes());
            o.printf("saved %s (sha256 %s, %s)%n", r.file(), r.sha256(), how);
        }
        o.flush();
        return ExitCodes.OK;
    }

    /** A --catalog file that is missing or malformed is bad input (exit 3), not a failure while running. */
    private ModelCatalog readCatalog() {
        try {
            return ModelCatalog.read(catalogFile);
        } catch (ColetaException e) {
            throw new IllegalArgumentException("--catalog: " + e.getMessage(), e);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static ProgressBar bar(PrintWriter err, String name, DownloadProgress first) {
        return new ProgressBarBuilder().setTaskName(name).setInitialMax(first.totalKnown() ? first.totalBytes() : -1)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MiB", 1 << 20).showSpeed()
                // the bar's speed and ETA count only what this attempt fetches
                .startsFrom(first.bytes(), Duration.ZERO)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r');
                    err.print(line);
                    err.flush();
                }, 120)).build();
    }
}
