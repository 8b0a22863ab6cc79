package dev.coleta.cli;

import java.nio.file.Path;

/** A {@code --lora FILE[:SCALE]} argument. */
public record LoraSpec(Path path, float scale) {
    /** Parses FILE or FILE:SCALE; a colon followed by something that is not a number stays part of the path. */
    public static LoraSpec parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--lora needs FILE[:SCALE]");
        int i = spec.lastIndexOf(':');
        if (i > 0 && i < spec.length() - 1) {
            try {
                float scale = Float.parseFloat(spec.substring(i + 1));
                if (!Float.isFinite(scale)) throw new IllegalArgumentException("--lora scale must be finite: " + spec);
                return new LoraSpec(Path.of(spec.substring(0, i)), scale);
            } catch (NumberFormatException notAScale) {
                // e.g. a path with a colon in it
            }
        }
        return new LoraSpec(Path.of(spec), 1.0f);
    }
}
