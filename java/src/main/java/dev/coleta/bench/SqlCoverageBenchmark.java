package dev.coleta.bench;

import dev.coleta.grammar.Grammar;
import dev.coleta.nl2sql.Schema;
import dev.coleta.nl2sql.SpiderImport;
import dev.coleta.nl2sql.SqlGrammar;
import dev.coleta.nl2sql.SqlGrammarOptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many Spider gold queries the SQL grammar accepts, each against the grammar of its own
 * database (built from Spider's {@code tables.json}, as {@code coleta grammar sql} builds it),
 * judged by llama.cpp's grammar engine, and what one accept check costs. Usage:
 *
 * <pre>java -cp coleta.jar dev.coleta.bench.SqlCoverageBenchmark DIR [--show-rejected] [--rounds N]</pre>
 *
 * where DIR holds {@code evaluation_examples/gold.txt} (one {@code query<TAB>db_id} a line) and
 * {@code tables.json}, as the public repository taoyds/test-suite-sql-eval does. Queries are
 * checked as written; Spider's own spacing ({@code a  =  "x"}, {@code a ,  b}) is part of the
 * text. The timing part times {@link Grammar#accepts} (which parses the grammar each call) on
 * the gold queries and on the hand-written queries of {@code hospital_1} (15 tables) shipped with
 * this class. Not a test: the times depend on the machine.
 */
public final class SqlCoverageBenchmark {
    /** A gold query and its database. */
    record Gold(String db, String sql) {
    }

    /** CPU time of this thread, which runs the native check: robust to other processes on the machine. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SqlCoverageBenchmark DIR [--show-rejected] [--rounds N]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        boolean show = false;
        int rounds = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--show-rejected" -> show = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Schema> schemas = SpiderImport.schemas(dir.resolve("tables.json"));
        List<Gold> gold = readGold(dir.resolve("evaluation_examples/gold.txt"));
        SqlGrammarOptions options = SqlGrammarOptions.defaults();

        Map<String, Grammar> grammars = new LinkedHashMap<>();
        Map<String, int[]> perDb = new TreeMap<>();
        List<Gold> rejected = new ArrayList<>();
        List<Long> goldTimes = new ArrayList<>();
        for (Gold g : gold) {
            Schema schema = schemas.get(g.db());
            if (schema == null) throw new IllegalArgumentException("gold names database " + g.db() + ", which tables.json lacks");
            Grammar grammar = grammars.computeIfAbsent(g.db(), d -> SqlGrammar.grammar(schema, options));
            long t0 = System.nanoTime();
            boolean ok = grammar.accepts(g.sql());
            goldTimes.add(System.nanoTime() - t0);
            int[] c = perDb.computeIfAbsent(g.db(), d -> new int[2]);
            c[1]++;
            if (ok) c[0]++;
            else rejected.add(g);
        }
        int accepted = gold.size() - rejected.size();
        System.out.printf("Spider gold (%s): %d / %d accepted, %.1f %%%n", dir.resolve("evaluation_examples/gold.txt"),
                accepted, gold.size(), 100.0 * accepted / gold.size());
        for (var e : perDb.entrySet()) {
            System.out.printf("  %-24s %4d / %4d  (%d tables, grammar %d bytes)%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                    schemas.get(e.getKey()).tables().size(), grammars.get(e.getKey()).text().length());
        }
        if (show) for (Gold g : rejected) System.out.println("  rejected  " + g.db() + "\t" + g.sql());

        // Timing: the gold queries again (warm), then hospital_1's queries.
        List<Long> warm = new ArrayList<>();
        List<Long> warmCpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Gold g : gold) {
                Grammar grammar = grammars.get(g.db());
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                grammar.accepts(g.sql());
                warm.add(System.nanoTime() - t0);
                warmCpu.add(CPU.getCurrentThreadCpuTime() - c0);
            }
        }
        System.out.printf("machine: %d processors, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("accept check, gold queries on their own databases: wall " + percentiles(warm) + "; CPU " + percentiles(warmCpu));
        String big = "hospital_1";
        Schema bigSchema = schemas.get(big);
        if (bigSchema == null) {
            System.out.println("(tables.json has no " + big + ": 15-table timing skipped)");
            return;
        }
        long tb = System.nanoTime();
        Grammar bigGrammar = SqlGrammar.grammar(bigSchema, options);
        double buildMs = (System.nanoTime() - tb) / 1e6;
        List<String> queries = hospitalQueries();
        int ok = 0;
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String q : queries) {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                boolean a = bigGrammar.accepts(q);
                times.add(System.nanoTime() - t0);
                cpu.add(CPU.getCurrentThreadCpuTime() - c0);
                if (r == 0 && a) ok++;
                if (r == 0 && !a && show) System.out.println("  rejected  " + big + "\t" + q);
            }
        }
        System.out.printf("accept check, %s (%d tables, %d columns, grammar %d bytes, built and parsed in %.0f ms): "
                        + "%d / %d accepted;%n  wall %s%n  CPU  %s%n", big, bigSchema.tables().size(),
                bigSchema.tables().stream().mapToInt(t -> t.columns().size()).sum(), bigGrammar.text().length(), buildMs,
                ok, queries.size(), percentiles(times), percentiles(cpu));
    }

    static List<Gold> readGold(Path file) throws IOException {
        List<Gold> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            int tab = line.lastIndexOf('\t');
            if (tab < 0) throw new IllegalArgumentException(file + ": line without a tab: " + line);
            out.add(new Gold(line.substring(tab + 1).strip(), line.substring(0, tab).strip()));
        }
        return out;
    }

    private static List<String> hospitalQueries() throws IOException {
        try (InputStream in = SqlCoverageBenchmark.class.getResourceAsStream("hospital_1.sql")) {
            if (in == null) throw new IllegalStateException("missing resource dev/coleta/bench/hospital_1.sql");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    private static String percentiles(List<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return String.format("n=%d, p50 %.2f ms, p99 %.2f ms, max %.2f ms", a.length, a[a.length / 2] / 1e6,
                a[Math.min(a.length - 1, (int) Math.ceil(a.length * 0.99) - 1)] / 1e6, a[a.length - 1] / 1e6);
    }
}
