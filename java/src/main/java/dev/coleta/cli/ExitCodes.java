package dev.coleta.cli;

/** The CLI's exit codes. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed at run time: a model that does not load, a decode error, ... */
    public static final int FAILURE = 1;
    /** The command line itself is wrong: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** An input file is missing, unreadable or malformed. */
    public static final int BAD_INPUT = 3;

    private ExitCodes() {
    }
}
