package dev.coleta.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the CLI's tests from drifting behind its options: every option of every command (walked
 * from {@link Main#commandLine()}'s spec) must appear, as a string literal, in some test source
 * file that also names its command as a string literal ({@code "merge"} for {@code lora merge}),
 * that is, in a test that runs that command with that option. Options that cannot run here
 * are listed in {@link #UNTESTABLE} with the reason.
 */
class CliCoverageTest {
    /** "command path option" -> why no test here can exercise it. Keep this short and justified. */
    static final Map<String, String> UNTESTABLE = Map.ofEntries(
            // --gpu-layers offloads to a CUDA device; CI builds and runs the CPU backend only
            Map.entry("* --gpu-layers", "needs a CUDA build and a GPU"));

    /** Options picocli adds to every command (mixinStandardHelpOptions); --version is tested on the root only. */
    static boolean standardHelp(CommandSpec cmd, OptionSpec o) {
        if (o.usageHelp()) return true;
        return o.versionHelp() && cmd.parent() != null;
    }

    static List<String> testSources() throws IOException {
        Path root = Path.of("src/test/java");
        assertTrue(Files.isDirectory(root), "tests run from java/: " + root.toAbsolutePath());
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (f.getFileName().toString().equals("CliCoverageTest.java")) continue; // this file names every option
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    static void walk(CommandLine cl, List<CommandSpec> out) {
        out.add(cl.getCommandSpec());
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == cl.getCommandSpec()) walk(sub, out); // aliases map to the same spec
        }
    }

    /** The names of the commands that share {@code option} with {@code cmd} through a mixin, or just {@code cmd}'s name. */
    static List<String> sharers(List<CommandSpec> all, CommandSpec cmd, String option) {
        List<String> names = new ArrayList<>();
        if (cmd.parent() == null) return names;
        names.add(cmd.name());
        for (Map.Entry<String, CommandSpec> m : cmd.mixins().entrySet()) {
            if (m.getValue().findOption(option) == null) continue;
            Class<?> mixinType = m.getValue().userObject().getClass();
            for (CommandSpec other : all) {
                if (other.parent() == null) continue;
                boolean shares = other.mixins().values().stream().anyMatch(x -> x.userObject().getClass() == mixinType);
                if (shares) names.add(other.name());
            }
        }
        return names;
    }

    @Test
    void everyOptionOfEveryCommandIsNamedInATestOfThatCommand() throws IOException {
        List<String> sources = testSources();
        List<CommandSpec> commands = new ArrayList<>();
        walk(Main.commandLine(), commands);
        assertTrue(commands.size() > 20, "walked the command tree: " + commands.size());
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> usedAllowances = new TreeSet<>();
        for (CommandSpec cmd : new TreeSet<CommandSpec>((a, b) -> a.qualifiedName().compareTo(b.qualifiedName())) {{ addAll(commands); }}) {
            String path = cmd.qualifiedName(" ").replaceFirst("^coleta ?", "");
            String name = cmd.parent() == null ? null : cmd.name();
            for (OptionSpec o : cmd.options()) {
                if (standardHelp(cmd, o)) continue;
                String option = o.longestName();
                String key = path + " " + option;
                if (UNTESTABLE.containsKey(key)) {
                    usedAllowances.add(key);
                    continue;
                }
                if (UNTESTABLE.containsKey("* " + option)) {
                    usedAllowances.add("* " + option);
                    continue;
                }
                // An option from a mixin (ModelMixin, the page source) is one piece of code shared by
                // several commands: a test through any command that has the mixin exercises it.
                List<String> commandNames = sharers(commands, cmd, option);
                boolean named = sources.stream().anyMatch(s -> s.contains("\"" + option + "\"")
                        && (name == null || commandNames.stream().anyMatch(n -> s.contains("\"" + n + "\""))));
                if (!named) missing.add(key.strip());
            }
        }
        assertEquals(new TreeSet<>(), missing, "options no test runs with their command; test them, or justify them in UNTESTABLE");
        assertEquals(new TreeSet<>(UNTESTABLE.keySet()), usedAllowances, "UNTESTABLE entries that no longer match an option");
    }
}
