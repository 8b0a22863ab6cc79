package dev.coleta.tune;

import java.util.Locale;

/** The three data-collection tasks that {@link Tuner} trains an adapter for. */
public enum TuneTask {
    NL2SQL("nl2sql"), SCRAPE("scrape"), SCRAPE_CONFIG("scrape-config");

    private final String id;

    TuneTask(String id) {
        this.id = id;
    }

    /** The task's name on the command line and in file names. */
    public String id() {
        return id;
    }

    public static TuneTask parse(String s) {
        for (TuneTask t : values()) if (t.id.equals(s.trim().toLowerCase(Locale.ROOT))) return t;
        throw new IllegalArgumentException("unknown task '" + s + "': use nl2sql, scrape or scrape-config");
    }
}
