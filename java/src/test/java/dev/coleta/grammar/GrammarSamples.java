package dev.coleta.grammar;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.GrammarException;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SqlGrammar;
import dev.coleta.nl2sql.SqlGrammarOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper for {@link GrammarAutomatonIT}, also run in a child JVM: generations of a model
 * under a JSON Schema and the shop database's loose and strict SQL grammars, greedy and sampled
 * (temperature 1 with top-k 40, and with no top-k), printed one JSON string per line by
 * {@link #main}.
 */
public final class GrammarSamples {
    static final String SCHEMA = """
            {"type":"object","properties":{
              "title":{"type":"string","maxLength":40},
              "price":{"type":"number"},
              "currency":{"enum":["EUR","USD","BRL"]},
              "tags":{"type":"array","items":{"type":"string","maxLength":12},"maxItems":3}},
             "required":["title","price","currency","tags"]}""";

    private GrammarSamples() {
    }

    /** The grammars by name. */
    static Map<String, Grammar> grammars(Path shopDdl) throws Exception {
        Map<String, Grammar> g = new LinkedHashMap<>();
        g.put("json", Grammar.jsonSchema(SCHEMA));
        var schema = SchemaReader.fromDdlFile(shopDdl);
        g.put("sql-loose", SqlGrammar.grammar(schema, SqlGrammarOptions.defaults()));
        g.put("sql-strict", SqlGrammar.grammar(schema, SqlGrammarOptions.defaults().withStrict(true)));
        return g;
    }

    static List<Sampling> samplings() {
        return List.of(Sampling.greedy(),
                Sampling.defaults().withTemperature(1f).withSeed(1),
                Sampling.defaults().withTemperature(1f).withSeed(2),
                Sampling.defaults().withTemperature(1f).withTopK(0).withTopP(1f).withMinP(0f).withSeed(3));
    }

    /** Every grammar's generations, in the order of {@link #samplings}, one session. */
    static List<String> generate(Path model, Path shopDdl) throws Exception {
        List<String> out = new ArrayList<>();
        try (Model m = Model.load(model); Session s = m.newSession(SessionOptions.defaults().withContextSize(1024))) {
            for (Grammar grammar : grammars(shopDdl).values()) {
                for (Sampling sampling : samplings()) out.add(generate(s, grammar, sampling));
            }
        }
        return out;
    }

    static String generate(Session s, Grammar grammar, Sampling sampling) {
        try {
            Generation g = s.generate("Answer: ", GenerateOptions.defaults().withMaxTokens(300).withGrammar(grammar).withSampling(sampling));
            return g.stopReason() + " " + g.text();
        } catch (GrammarException e) { // not complete within maxTokens: the same in both ways too
            return "incomplete: " + e.getMessage();
        }
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String text : generate(Path.of(args[0]), Path.of(args[1]))) System.out.println(json.writeValueAsString(text));
    }
}
