package dev.coleta.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.ColetaException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalogue of downloadable models (models/catalog.json, packaged as a jar resource). */
public final class ModelCatalog {
    /** One entry; {@code sha256} is null where the catalogue does not know it. */
    public record Entry(String name, URI url, String sha256, String promptFormat, String description) {
        /** The file a pull saves this model to: {@code NAME.gguf}, so the name typed finds the file. */
        public String fileName() {
            return name + ".gguf";
        }
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

    /** A catalogue file in the format of models/catalog.json (e.g. one listing a local mirror). */
    public static ModelCatalog read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new ColetaException("cannot read the model catalogue " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ColetaException("model catalogue " + file + ": " + e.getMessage(), e);
        }
    }

    static ModelCatalog parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<Entry> list = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            String name = m.path("name").asText("");
            String url = m.path("url").asText("");
            JsonNode sha = m.get("sha256");
            if (name.isEmpty() || url.isEmpty()) throw new IllegalArgumentException("every model needs a \"name\" and a \"url\": " + m);
            // names become file names
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) throw new IllegalArgumentException("model name '" + name + "' is not a plain file name");
            if (sha != null && !sha.isNull() && !sha.asText().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("model '" + name + "': sha256 must be 64 lower-case hex digits or null");
            }
            list.add(new Entry(name, URI.create(url),
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
