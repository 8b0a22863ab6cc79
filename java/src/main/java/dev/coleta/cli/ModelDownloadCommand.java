package dev.coleta.cli;

import dev.coleta.models.Downloader;
import dev.coleta.models.ModelCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code coleta model download}: a catalogue model or any URL, checksum-verified. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a model from the catalogue (models/catalog.json) or a URL, verifying its sha256.")
public final class ModelDownloadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|URL", description = "Catalogue name or http(s) URL.")
    String what;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to save the file.")
    Path out;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected sha256 (overrides the catalogue's).")
    String sha256;

    @Option(names = "--no-verify", description = "Save without checking a checksum (not recommended).")
    boolean noVerify;

    @Option(names = "--list", description = "List the catalogue.")
    boolean list;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "Whole-download time limit (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        ModelCatalog catalog = ModelCatalog.packaged();
        if (list) {
            for (ModelCatalog.Entry e : catalog.entries()) {
                o.printf("%-32s %s%n    %s (sha256: %s)%n", e.name(), e.description(), e.url(), e.sha256() == null ? "not recorded" : e.sha256());
            }
            o.flush();
            return ExitCodes.OK;
        }
        if (what == null || out == null) throw new CommandLine.ParameterException(spec.commandLine(), "NAME|URL and --out are required (or --list)");
        URI url;
        String expected = sha256;
        if (what.startsWith("http://") || what.startsWith("https://")) {
            url = URI.create(what);
        } else {
            ModelCatalog.Entry e = catalog.find(what)
                    .orElseThrow(() -> new IllegalArgumentException("no model named '" + what + "' in the catalogue; see --list"));
            url = e.url();
            if (expected == null) expected = e.sha256();
        }
        String got = new Downloader(Duration.ofSeconds(30), Duration.ofSeconds(timeoutSeconds)).download(url, out, expected, !noVerify, null);
        o.printf("saved %s (sha256 %s%s)%n", out, got, noVerify ? ", not verified" : ", verified");
        o.flush();
        return ExitCodes.OK;
    }
}
