package dev.coleta.tune;

import dev.coleta.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table (also printed by the CLI) and the report: report.md with PNG charts. */
public final class TuneReport {
    private TuneReport() {
    }

    /** A fixed-width table: one row per task and variant. */
    public static String table(List<TaskScore> scores) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s %-8s %5s %7s  %-46s %7s %8s %8s%n", "task", "variant", "n", "valid",
                "accuracy", "halluc", "tok/s", "train s"));
        for (TaskScore s : scores) {
            sb.append(String.format(Locale.ROOT, "%-14s %-8s %5d %7.3f  %-46s %7s %8.0f %8s%n", s.task().id(), s.variant(),
                    s.examples(), s.validity(), metrics(s), Double.isNaN(s.hallucination()) ? "-" : String.format(Locale.ROOT, "%.3f", s.hallucination()),
                    s.tokensPerSecond(), s.trainSeconds() > 0 ? String.format(Locale.ROOT, "%.0f", s.trainSeconds()) : "-"));
        }
        return sb.toString();
    }

    /** The first two metrics and the test loss. */
    private static String metrics(TaskScore s) {
        List<String> parts = new ArrayList<>();
        int k = 0;
        for (var e : s.metrics().entrySet()) {
            boolean loss = e.getKey().equals("test_loss");
            if (loss || k++ < 2) parts.add(abbreviate(e.getKey()) + " " + String.format(Locale.ROOT, "%.3f", e.getValue()));
        }
        return String.join(", ", parts);
    }

    private static String abbreviate(String metric) {
        return switch (metric) {
            case "execution_accuracy" -> "exec";
            case "exact_match" -> "exact";
            case "test_loss" -> "loss";
            default -> metric;
        };
    }

    /** Writes report.md and accuracy.png into {@code out}; returns the report's path. */
    static Path write(Path out, TuneOptions options, List<TaskScore> scores) throws IOException {
        boolean charts = dev.coleta.io.OptionalDependencies.charts(); // optional dependency: the CLI has it
        if (charts) writeChart(scores, out.resolve("accuracy.png"));
        StringBuilder md = new StringBuilder("# Coleta tune report\n\n");
        md.append("Seed ").append(options.seed()).append(", budget ").append(options.budget().toMinutes()).append(" min, ")
                .append(options.threads()).append(" threads. ")
                .append(options.model() == null ? "Base created and crammed by Coleta." : "Base: " + options.model() + ".")
                .append("\n\nPlan: ").append(options.plan().describe()).append(".\n\n");
        md.append("## Results on the test split\n\n");
        if (options.tasks().contains(TuneTask.SCRAPE)) {
            md.append(options.scrapeGrounded() ? "scrape is evaluated with page-grounded strings (every free-text value a span of the page's text).\n\n"
                    : "scrape is evaluated without page-grounded strings (free-text values may be any characters).\n\n");
        }
        md.append("| task | variant | n | validity | metrics | hallucination | tok/s | train s |\n|---|---|---|---|---|---|---|---|\n");
        for (TaskScore s : scores) {
            StringBuilder m = new StringBuilder();
            for (var e : s.metrics().entrySet()) {
                if (m.length() > 0) m.append(", ");
                m.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.3f", e.getValue()));
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %s | %s | %.0f | %s |%n", s.task().id(), s.variant(), s.examples(),
                    s.validity(), m, Double.isNaN(s.hallucination()) ? "-" : String.format(Locale.ROOT, "%.3f", s.hallucination()),
                    s.tokensPerSecond(), s.trainSeconds() > 0 ? String.format(Locale.ROOT, "%.0f", s.trainSeconds()) : "-"));
        }
        md.append(charts ? "\n![accuracy per task](accuracy.png)\n\n## Loss curves\n\n"
                : "\n(No charts: org.knowm.xchart:xchart is not on the classpath.)\n\n## Loss curves\n\n");
        Path cram = out.resolve("base").resolve("base.gguf.loss.png");
        if (Files.isRegularFile(cram)) md.append("Cramming (full training on the mixture of the three tasks):\n\n![cram](base/base.gguf.loss.png)\n\n");
        for (TuneTask t : options.tasks().stream().sorted().toList()) {
            String rel = "adapters/" + t.id() + ".gguf.loss.png";
            if (Files.isRegularFile(out.resolve(rel))) md.append("Adapter ").append(t.id()).append(":\n\n![").append(t.id()).append("](").append(rel).append(")\n\n");
        }
        md.append("## Files\n\n`data/` datasets and recorded training prompts; `base/` the created (`init.gguf`) and crammed (`base.gguf`) "
                + "base; `adapters/` one LoRA per task with its step log; `eval/` one JSON per evaluation.\n");
        Path report = out.resolve("report.md");
        String text = md.toString();
        AtomicFiles.write(report, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        return report;
    }

    private static void writeChart(List<TaskScore> scores, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title("Headline metric per task (test split)")
                .xAxisTitle("task").yAxisTitle("score").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        for (String variant : List.of("base", "adapter")) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (TaskScore s : scores) {
                if (!s.variant().equals(variant)) continue;
                x.add(s.task().id() + " (" + abbreviate(s.primaryName()) + ")");
                y.add(s.primary());
            }
            if (!x.isEmpty()) chart.addSeries(variant, x, y);
        }
        if (chart.getSeriesMap().isEmpty()) return;
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
