package dev.coleta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.grammar.Grammar;
import dev.coleta.grammar.JsonSchemas;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.llama.TextGenerator;
import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlOptions;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.scrape.config.ScrapeConfig;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.train.LoraMerge;
import dev.coleta.train.Quantization;
import dev.coleta.train.TrainOptions;
import dev.coleta.train.TrainResult;
import dev.coleta.train.Trainer;
import dev.coleta.tune.TuneOptions;
import dev.coleta.tune.TuneResult;
import dev.coleta.tune.Tuner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Coleta's front door: one static method per thing the library does, in the spirit of
 * {@code Jsoup}. Each is a short path through the idiomatic API it names (which stays public
 * for finer control: {@link Model}, {@link Session}, {@link Scraper}, {@link Nl2Sql},
 * {@link Trainer} and their option records).
 *
 * <pre>{@code
 * try (Model model = Coleta.load(Path.of("model.gguf"));
 *      Session session = Coleta.session(model)) {
 *     JsonNode product = Coleta.scrape(session, html, schemaJson).value();
 *     String sql = Coleta.sql(session, "shop.db", "How many books cost more than 10 euros?");
 * }
 * }</pre>
 *
 * Anything that takes a {@link TextGenerator} also runs on the java-llama.cpp backend
 * (module coleta-javallama), where Coleta's native library is not available.
 */
public final class Coleta {
    private Coleta() {
    }

    /** Loads a GGUF model (Llama family) with default options: CPU, memory-mapped. */
    public static Model load(Path model) {
        return Model.load(model);
    }

    /** Loads a GGUF model with {@code options} (GPU layers, mmap, vocabulary only). */
    public static Model load(Path model, ModelOptions options) {
        return Model.load(model, options);
    }

    /** A session (context) on {@code model} with default options; one per thread. */
    public static Session session(Model model) {
        return Objects.requireNonNull(model, "model").newSession(SessionOptions.defaults());
    }

    /** HTML to JSON that validates against {@code schemaJson}, with default options. */
    public static ScrapeResult scrape(TextGenerator model, String html, String schemaJson) {
        Objects.requireNonNull(html, "html");
        return scrape(model, Jsoup.parse(html), schemaJson, ScrapeOptions.defaults());
    }

    /** A parsed page to JSON that validates against {@code schemaJson}. */
    public static ScrapeResult scrape(TextGenerator model, Document page, String schemaJson, ScrapeOptions options) {
        return new Scraper(model, options).scrape(page, schemaJson);
    }

    /** A CSS-selector configuration for {@code fields} of {@code page}, verified on the page. */
    public static ConfigGenerator.Result scrapeConfig(TextGenerator model, Document page, List<String> fields) {
        return new ConfigGenerator(model, CleanOptions.defaults()).generate(page, fields);
    }

    /** Runs a configuration on a raw page with Jsoup alone (no model). */
    public static JsonNode applyConfig(String configJson, Document page) {
        return ConfigApplier.apply(ScrapeConfig.parse(configJson), page);
    }

    /** One read-only SELECT answering {@code question} over {@code db} (a JDBC URL or SQLite file), checked by the SQL guard. */
    public static String sql(TextGenerator model, String db, String question) {
        return sql(model, db, question, Nl2SqlOptions.defaults());
    }

    /** As {@link #sql(TextGenerator, String, String)}, with options (output budget, sample values, grammar). */
    public static String sql(TextGenerator model, String db, String question, Nl2SqlOptions options) {
        return new Nl2Sql(model, options).sql(db, question);
    }

    /** A grammar from a JSON Schema: every output it allows validates against the schema. */
    public static Grammar jsonSchema(String schemaJson) {
        return Grammar.jsonSchema(schemaJson);
    }

    /** A JSON Schema for a Java type (a record or bean), the one used by scrape and LangChain4j. */
    public static String jsonSchema(Class<?> type) {
        return JsonSchemas.fromClass(type).toString();
    }

    /** Trains a LoRA adapter (or, with {@link TrainOptions#full()}, the whole model) on a JSONL dataset. */
    public static TrainResult train(Path model, Path data, Path out, TrainOptions options) {
        return new Trainer(options).train(model, data, out);
    }

    /** Merges adapters, each with its scale, into a copy of the base model. */
    public static void merge(Path model, List<LoraMerge.Scaled> adapters, Path out) {
        LoraMerge.merge(model, adapters, out);
    }

    /** Writes {@code in} quantized to {@code type}. */
    public static void quantize(Path in, Path out, Quantization.Type type) {
        Quantization.quantize(in, out, type, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The main job: creates and crams a base, tunes one adapter per task, evaluates and reports. */
    public static TuneResult tune(TuneOptions options) {
        return new Tuner(options).run();
    }

    /** The native library's version line (shim and llama.cpp), or why it cannot load. */
    public static String version() {
        return NativeLibrary.isAvailable() ? NativeLibrary.version() : "native library not available on this platform";
    }
}
