package dev.coleta.io;

/**
 * Libraries the CLI ships but the library does not require (optional Maven dependencies):
 * XChart draws loss and accuracy PNGs when it is on the classpath; without it, training and
 * tuning write the same logs and reports without pictures. Internal.
 */
public final class OptionalDependencies {
    private static final boolean XCHART = present("org.knowm.xchart.XYChart");

    private OptionalDependencies() {
    }

    /** Whether org.knowm.xchart:xchart is on the classpath. */
    public static boolean xchart() {
        return XCHART;
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
