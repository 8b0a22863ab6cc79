package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The test corpora under src/test/resources/nl2sql and the schemas and databases they run on. */
final class Corpus {
    record Query(String schema, String sql) {
    }

    private static final Map<String, Grammar> GRAMMARS = new HashMap<>();
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    private Corpus() {
    }

    static String resource(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/nl2sql/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource nl2sql/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Query> queries(String file) {
        List<Query> out = new ArrayList<>();
        for (String line : resource("corpus/" + file).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int tab = line.indexOf('\t');
            out.add(new Query(line.substring(0, tab), line.substring(tab + 1)));
        }
        return out;
    }

    static synchronized Schema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> SchemaReader.fromDdl(resource("schemas/" + n + ".sql")));
    }

    static synchronized Grammar grammar(String name) {
        return GRAMMARS.computeIfAbsent(name, n -> SqlGrammar.grammar(schema(n)));
    }

    /** The synthetic database of a domain, written once into {@code dir}. */
    static Path database(Path dir, String domain) {
        Path f = dir.resolve(domain + ".sqlite");
        if (!f.toFile().exists()) {
            Domains.Domain d = Domains.ALL.stream().filter(x -> x.name().equals(domain)).findFirst().orElseThrow();
            SyntheticDatabase.generate(d, 1).write(f);
        }
        return f;
    }
}
