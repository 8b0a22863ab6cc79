package dev.coleta.cli;

import dev.coleta.nl2sql.Nl2SqlData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta data nl2sql --out FILE --n N --seed N [--split train|test] [--random-domains N]}. */
@Command(name = "nl2sql", mixinStandardHelpOptions = true,
        description = "Generate SQLite databases and question/SQL pairs (JSON Lines; databases in FILE.dbs).")
public final class DataNl2SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON Lines file.")
    Path out;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Number of examples.")
    int n;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}); same seed, same data.")
    long seed;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test",
            description = "train: seven domains; test: three other domains never seen in training (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--random-domains", defaultValue = "0", paramLabel = "N",
            description = "Also draw N random schemas (train split only), so names must be copied from the prompt (default ${DEFAULT-VALUE}).")
    int randomDomains;

    @Override
    public Integer call() {
        if (!split.equals("train") && !split.equals("test")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--split must be train or test, got '" + split + "'");
        }
        if (n < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--n must be at least 1, got " + n);
        if (randomDomains < 0) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--random-domains must be >= 0, got " + randomDomains);
        if (randomDomains > 0 && !split.equals("train")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--random-domains is for the train split only");
        }
        Nl2SqlData.Written w = Nl2SqlData.write(out, n, seed, split, randomDomains);
        spec.commandLine().getOut().printf("wrote %d examples to %s (databases in %s; %d constructs)%n",
                w.examples(), w.file(), w.databases(), w.byConstruct().size());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
