package dev.coleta.javallama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.coleta.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code coleta scrape --backend java-llama.cpp}: the CLI's tasks on the second backend, and what it refuses. */
class JavaLlamaCliIT {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void scrapeRunsOnJavaLlamaCpp(@TempDir Path dir) throws Exception {
        Path model = TestModel.path();
        String schemaText = """
                {"type":"object","properties":{"title":{"type":["string","null"],"maxLength":30}},"required":["title"],"additionalProperties":false}""";
        Path schema = Files.writeString(dir.resolve("s.json"), schemaText);
        Path html = Files.writeString(dir.resolve("p.html"), "<html><body><h1>Little Meadow</h1><p>12.99</p></body></html>");
        Run r = run("scrape", "--backend", "java-llama.cpp", "--model", model.toString(), "--schema", schema.toString(), "--html", html.toString(),
                "--ctx", "1024", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText).validate(new ObjectMapper().readTree(r.out()));
        assertTrue(errors.isEmpty(), errors + " in " + r.out());

        Run temp = run("scrape", "--backend", "java-llama.cpp", "--temp", "0.7", "--model", model.toString(), "--schema", schema.toString(),
                "--html", html.toString());
        assertNotEquals(0, temp.code());
        assertTrue(temp.err().contains("--temp needs --backend coleta"), temp.err());
        Run beams = run("scrape", "--backend", "java-llama.cpp", "--beams", "4", "--model", model.toString(), "--schema", schema.toString(),
                "--html", html.toString());
        assertEquals(2, beams.code(), beams.err());
        assertTrue(beams.err().contains("--beams needs --backend coleta"), beams.err());
        Run unknown = run("scrape", "--backend", "nope", "--model", model.toString(), "--schema", schema.toString(), "--html", html.toString());
        assertNotEquals(0, unknown.code());
        assertTrue(unknown.err().contains("unknown backend 'nope'"), unknown.err());
    }
}
