package dev.coleta.train;

import java.nio.file.Path;

/**
 * Test helper run in a child JVM by {@link ResumeIT}: trains with {@link ResumeIT#OPTIONS} and
 * sends itself SIGKILL from the progress listener once step {@code args[3]} is logged, so the
 * kill lands at a known step rather than whenever a polling parent gets to it.
 */
public final class KillAtStep {
    private KillAtStep() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int killAt = Integer.parseInt(args[3]);
        new Trainer(ResumeIT.OPTIONS, p -> {
            if (p.step() == killAt) kill9();
        }).train(model, data, out);
        System.exit(3); // not reached when the kill works; the parent checks the exit status
    }

    private static void kill9() {
        try {
            new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(Long.MAX_VALUE); // SIGKILL is asynchronous: never return to the trainer
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
