package dev.coleta.cli;

import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlData;
import dev.coleta.nl2sql.Nl2SqlEvaluator;
import dev.coleta.nl2sql.Nl2SqlExample;
import dev.coleta.nl2sql.SpiderImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code coleta eval nl2sql --model FILE --data FILE}: execution accuracy, exact match and
 * validity by difficulty. {@code --data} is a JSON Lines file from {@code coleta data nl2sql},
 * or Spider's questions JSON together with {@code --spider-db DIR} (and optionally
 * {@code --spider-tables tables.json}).
 */
@Command(name = "nl2sql", mixinStandardHelpOptions = true,
        description = "Evaluate a model on question/SQL pairs: execution accuracy, exact match, validity.")
public final class EvalNl2SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelMixin model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSON Lines from 'coleta data nl2sql', or Spider questions JSON with --spider-db.")
    Path data;

    @Option(names = "--spider-db", paramLabel = "DIR", description = "Spider's database folder (DIR/<db_id>/<db_id>.sqlite).")
    Path spiderDb;

    @Option(names = "--spider-tables", paramLabel = "FILE", description = "Spider's tables.json, to check db_ids (optional).")
    Path spiderTables;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N examples.")
    Integer limit;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the full report (every outcome) as JSON.")
    Path json;

    @Mixin
    Nl2SqlMixin sqlOptions;

    @Override
    public Integer call() throws Exception {
        if (spiderTables != null && spiderDb == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--spider-tables needs --spider-db");
        }
        List<Nl2SqlExample> examples = load(data, spiderDb, spiderTables);
        if (limit != null) {
            if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1");
            examples = examples.subList(0, Math.min(limit, examples.size()));
        }
        Nl2SqlEvaluator.Report report;
        try (OpenModel m = model.open()) {
            Nl2Sql nl2sql = new Nl2Sql(m, sqlOptions.options());
            report = Nl2SqlEvaluator.evaluate(examples, e -> nl2sql.sql(e.db(), e.question()));
        }
        if (json != null) Files.writeString(json, report.json());
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static List<Nl2SqlExample> load(Path data, Path spiderDb, Path spiderTables) {
        if (spiderDb != null) return SpiderImport.read(data, spiderDb, spiderTables);
        if (spiderTables != null) throw new IllegalArgumentException("--spider-tables needs --spider-db");
        return Nl2SqlData.read(data);
    }
}
