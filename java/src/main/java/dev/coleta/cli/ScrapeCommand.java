package dev.coleta.cli;

import dev.coleta.GrammarException;
import dev.coleta.grammar.JsonSchemas;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import org.jsoup.nodes.Document;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code coleta scrape}: a page and a JSON Schema in, JSON valid against the schema out. */
@Command(name = "scrape", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Extract JSON matching a JSON Schema from a web page (stdout).")
public final class ScrapeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelMixin model;

    static final class SchemaSource {
        @Option(names = "--schema", paramLabel = "FILE", description = "JSON Schema of the result.")
        Path file;
        @Option(names = "--schema-class", paramLabel = "CLASS", description = "Java record or class (on the class path) to derive the schema from.")
        String className;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    SchemaSource schema;

    @Mixin
    ScrapeCliSupport.PageSource page;

    @Option(names = "--item-selector", paramLabel = "CSS", description = "Repeated items to split long pages by (default: detected).")
    String itemSelector;

    @Option(names = "--on-hallucination", paramLabel = "null|error|keep", defaultValue = "null",
            description = {"A string absent from the page: null where the schema allows null, else its array element dropped where",
                    "minItems allows, else an error naming the field (null); always an error (error); kept and flagged by --stats (keep).",
                    "Default ${DEFAULT-VALUE}. The output always validates against the schema as written."})
    String onHallucination;

    @Option(names = "--stats", description = "Print chunks, tokens and hallucination counts to stderr.")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        String schemaJson = schemaText();
        ScrapeOptions.Hallucinations policy = switch (onHallucination.toLowerCase(Locale.ROOT)) {
            case "null" -> ScrapeOptions.Hallucinations.NULL;
            case "error" -> ScrapeOptions.Hallucinations.ERROR;
            case "keep" -> ScrapeOptions.Hallucinations.KEEP;
            default -> throw new IllegalArgumentException("--on-hallucination must be null, error or keep, got '" + onHallucination + "'");
        };
        Document doc = page.load();
        ScrapeOptions options = ScrapeOptions.defaults().withHallucinations(policy).withItemSelector(itemSelector);
        try (OpenModel m = model.open()) {
            ScrapeResult r = new Scraper(m, options).scrape(doc, schemaJson);
            spec.commandLine().getOut().println(ScrapeCliSupport.pretty(r.value()));
            spec.commandLine().getOut().flush();
            if (stats) {
                spec.commandLine().getErr().printf("chunks %d  page tokens %d  strings %d  hallucinated %d %s  dropped items %d%n",
                        r.chunks(), r.pageTokens(), r.stringValues(), r.hallucinated().size(), r.hallucinated(), r.droppedItems());
            }
        }
        return ExitCodes.OK;
    }

    private String schemaText() throws Exception {
        if (schema.file != null) return Files.readString(schema.file, StandardCharsets.UTF_8);
        Class<?> type;
        try {
            type = Class.forName(schema.className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + schema.className + " is not on the class path");
        }
        try {
            return JsonSchemas.fromClass(type).toString();
        } catch (RuntimeException e) {
            throw new GrammarException("cannot derive a JSON Schema from " + schema.className + ": " + e.getMessage());
        }
    }
}
