package dev.coleta.train;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The projections a LoRA adapter is trained on; codes are the shim's bits. The seven per-layer
 * projections are the default ({@link #PROJECTIONS}, "all"); {@link #OUTPUT}, the output
 * projection ({@code output.weight}), is opt-in as in PEFT: it gives an adapter direct control of
 * the logits, which a small or freshly created model needs to learn anything quickly.
 */
public enum Target {
    Q(1, "attn_q"), K(1 << 1, "attn_k"), V(1 << 2, "attn_v"), O(1 << 3, "attn_output"),
    GATE(1 << 4, "ffn_gate"), UP(1 << 5, "ffn_up"), DOWN(1 << 6, "ffn_down"), OUTPUT(1 << 7, "output");

    /** The seven projections of every layer: what "all" means. */
    public static final Set<Target> PROJECTIONS = java.util.Collections.unmodifiableSet(EnumSet.range(Q, DOWN));

    private final int bit;
    private final String tensor;

    Target(int bit, String tensor) {
        this.bit = bit;
        this.tensor = tensor;
    }

    /** The bit of this target in {@code coleta_trainer_new}'s {@code targets}. */
    public int bit() {
        return bit;
    }

    /** The GGUF tensor name part ({@code blk.N.<tensor>.weight}, or {@code output.weight}). */
    public String tensor() {
        return tensor;
    }

    public static int bits(Set<Target> targets) {
        int b = 0;
        for (Target t : targets) b |= t.bit;
        return b;
    }

    /** Parses a comma-separated list such as {@code q,k,v,o,gate,up,down,output}, {@code all} or {@code all,output}. */
    public static Set<Target> parseList(String list) {
        if (list == null || list.isBlank()) throw new IllegalArgumentException("targets must not be empty");
        Set<Target> out = EnumSet.noneOf(Target.class);
        for (String part : list.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.equals("ALL")) {
                out.addAll(PROJECTIONS);
                continue;
            }
            try {
                out.add(Target.valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown LoRA target '" + part.trim() + "'; use q, k, v, o, gate, up, down, output or all");
            }
        }
        return out;
    }
}
