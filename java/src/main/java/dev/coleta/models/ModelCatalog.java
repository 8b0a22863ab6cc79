package dev.coleta.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.ColetaException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalogue of downloadable models (models/catalog.json, packaged as a jar resource). */
public final class ModelCatalog {
    /** One entry; {@code sha256} is null where the catalogue does not know it. */
    public record Entry(String name, URI url, String sha256, String promptFormat, String description) {
    }

    private final List<Entry> entries;

    private ModelCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalogue packaged in the jar. */
    public static ModelCatalog packaged() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream("/dev/coleta/models/catalog.json")) {
            if (in == null) throw new ColetaException("model catalogue missing from the jar");
            return parse(in);
        } catch (IOException e) {
            throw new ColetaException("cannot read the model catalogue: " + e.getMessage(), e);
        }
    }

    static ModelCatalog parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<Entry> list = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            JsonNode sha = m.get("sha256");
            list.add(new Entry(m.get("name").asText(), URI.create(m.get("url").asText()),
                    sha == null || sha.isNull() ? null : sha.asText(), m.path("promptFormat").asText(null), m.path("description").asText("")));
        }
        return new ModelCatalog(list);
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
