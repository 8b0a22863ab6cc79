package dev.coleta.scrape.config;

import java.util.Objects;

/**
 * How one field is read: the first element matching {@code selector} (inside the item, or in
 * the page when the configuration has no item), and {@code attr}: {@code text} for its
 * visible text, else the named attribute ({@code href}, {@code src}, ...).
 */
public record FieldRule(String selector, String attr) {
    public FieldRule {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(attr, "attr");
        if (selector.isBlank()) throw new IllegalArgumentException("selector is blank");
        if (attr.isBlank()) throw new IllegalArgumentException("attr is blank (use \"text\" for the element's text)");
    }

    public static FieldRule text(String selector) {
        return new FieldRule(selector, "text");
    }
}
