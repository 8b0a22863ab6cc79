package dev.coleta.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Draws the loss curve (train and, when present, eval loss per step) as a PNG. */
final class LossPlot {
    private LossPlot() {
    }

    static void write(List<TrainProgress> steps, Path png) throws IOException {
        List<Double> x = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> ex = new ArrayList<>();
        List<Double> eval = new ArrayList<>();
        for (TrainProgress p : steps) {
            x.add((double) p.step());
            train.add(p.trainLoss());
            if (!Double.isNaN(p.evalLoss())) {
                ex.add((double) p.step());
                eval.add(p.evalLoss());
            }
        }
        if (x.isEmpty()) return;
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Loss per unmasked token")
                .xAxisTitle("step").yAxisTitle("loss").build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.addSeries("train", x, train).setMarker(SeriesMarkers.NONE);
        if (!eval.isEmpty()) chart.addSeries("eval", ex, eval).setMarker(SeriesMarkers.CIRCLE);
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
