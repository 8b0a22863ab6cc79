package dev.coleta.io;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.logging.Logger;

/**
 * Libraries the CLI ships but the library does not require (optional Maven dependencies):
 * XChart draws loss and accuracy PNGs when it is on the classpath; without it, training and
 * tuning write the same logs and reports without pictures. Internal.
 */
public final class OptionalDependencies {
    private static final Logger LOG = Logger.getLogger("dev.coleta");
    private static final boolean XCHART = present("org.knowm.xchart.XYChart");
    private static volatile Boolean charts;

    private OptionalDependencies() {
    }

    /** Whether org.knowm.xchart:xchart is on the classpath. */
    public static boolean xchart() {
        return XCHART;
    }

    /**
     * Whether PNG charts can be drawn: XChart is on the classpath and this Java runtime draws
     * text. A headless runtime without its font libraries (Debian's openjdk-17-jre-headless on
     * a machine without libharfbuzz, e.g. arm64 under qemu-user) fails on the first string it
     * draws, after training has written its weights; then the charts are left out, once said.
     */
    public static boolean charts() {
        Boolean c = charts;
        if (c == null) {
            c = XCHART && canDraw(OptionalDependencies::drawText);
            charts = c;
        }
        return c;
    }

    /** Runs {@code draw}; false (and one warning) when the runtime cannot: a missing native library, no fonts. */
    static boolean canDraw(Runnable draw) {
        try {
            draw.run();
            return true;
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw e;
        } catch (RuntimeException | Error e) { // UnsatisfiedLinkError, AWTError, InternalError, HeadlessException
            LOG.warning("no PNG charts: this Java runtime cannot draw text (" + e
                    + "); logs and reports are written without pictures");
            return false;
        }
    }

    private static void drawText() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("loss 0.5", 1, 12);
        } finally {
            g.dispose();
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, OptionalDependencies.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
