package dev.coleta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.gguf.TinyModel;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import org.jsoup.nodes.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much cleaning shrinks real pages, and whether it keeps their values. For every page
 * named in a values file (a JSON object: page file name to the list of values a user would
 * extract from it, chosen by hand from the rendered page), prints the raw page's tokens, the
 * tokens of the two cleaned views (HTML for scrape-config, text for scrape) and their ratios,
 * and checks that each value occurs in both views exactly (case and punctuation kept; only
 * runs of whitespace are made one space). Tokens are the Llama 2 tokenizer's (the vocabulary
 * tiny models use; no weights are loaded). Usage:
 *
 * <pre>java -cp coleta.jar dev.coleta.bench.CleanBenchmark --pages DIR --values FILE</pre>
 *
 * Exits 1 when a value is lost. Not a test: the pages are not ours to commit (scripts/bench-clean.sh
 * takes them from a jsoup checkout).
 */
public final class CleanBenchmark {
    public static void main(String[] args) throws Exception {
        Path pages = null;
        Path values = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pages" -> pages = Path.of(args[++i]);
                case "--values" -> values = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (pages == null || values == null) throw new IllegalArgumentException("usage: --pages DIR --values FILE");
        JsonNode spec = new ObjectMapper().readTree(Files.readString(values));
        long raw = 0;
        long html = 0;
        long text = 0;
        int checked = 0;
        List<String> lost = new ArrayList<>();
        try (Model vocab = Model.load(TinyModel.packagedVocab(), ModelOptions.defaults().withVocabOnly(true))) {
            System.out.printf("%-24s %8s %8s %6s %8s %6s %7s%n", "page", "raw", "html", "ratio", "text", "ratio", "values");
            for (Map.Entry<String, JsonNode> e : spec.properties()) {
                Path file = pages.resolve(e.getKey());
                Document doc = HtmlPages.load(file, HtmlPages.DEFAULT_MAX_BYTES);
                CleanPage c = HtmlCleaner.clean(doc);
                // The raw page as the model would otherwise read it: the file's text.
                int r = vocab.tokenize(new String(Files.readAllBytes(file), doc.charset()), false).length;
                int h = vocab.tokenize(c.html(), false).length;
                int t = vocab.tokenize(c.text(), false).length;
                String rawText = squeeze(doc.text());
                String htmlText = squeeze(c.document().text());
                String textView = squeeze(c.text());
                int kept = 0;
                for (JsonNode v : e.getValue()) {
                    String value = squeeze(v.asText());
                    if (!rawText.contains(value)) throw new IllegalArgumentException(values + ": '" + v.asText()
                            + "' is not visible text of " + e.getKey() + " (the values file must hold the page's own values)");
                    boolean inText = textView.contains(value);
                    boolean inHtml = htmlText.contains(value) || squeeze(c.html()).contains(value);
                    if (inText && inHtml) kept++;
                    else lost.add(e.getKey() + ": '" + v.asText() + "' missing from the " + (inText ? "HTML" : inHtml ? "text" : "HTML and text") + " view");
                }
                checked += e.getValue().size();
                raw += r;
                html += h;
                text += t;
                System.out.printf("%-24s %8d %8d %5.1fx %8d %5.1fx %3d/%-3d%n", e.getKey(), r, h, (double) r / h, t, (double) r / t,
                        kept, e.getValue().size());
            }
        }
        System.out.printf("%-24s %8d %8d %5.1fx %8d %5.1fx %3d/%-3d%n", "overall", raw, html, (double) raw / html, text,
                (double) raw / text, checked - lost.size(), checked);
        lost.forEach(l -> System.out.println("lost: " + l));
        System.out.println(lost.isEmpty() ? "every value kept" : lost.size() + " values lost");
        if (!lost.isEmpty()) System.exit(1);
    }

    private static String squeeze(String s) {
        return s.replaceAll("[\\s\\u00A0]+", " ").strip();
    }
}
