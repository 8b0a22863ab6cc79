package dev.coleta.scrape.html;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeTraversor;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The normalised text of a page, for checking that extracted strings really occur in it. */
public final class PageText {
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00A0\\u2000-\\u200B\\u202F\\u205F\\u3000]+");

    private PageText() {
    }

    /** NFKC, lower case, every whitespace run one space, trimmed. */
    public static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return SPACE.matcher(n).replaceAll(" ").trim();
    }

    /**
     * Visible text (Jsoup's {@code text()}, which spaces block elements apart and joins inline
     * ones) followed by every attribute value except class and id, normalised; iterative.
     */
    public static String of(Element root) {
        StringBuilder sb = new StringBuilder(root.text());
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof Element e) {
                for (Attribute a : e.attributes()) {
                    if (!a.getKey().equals("class") && !a.getKey().equals("id")) sb.append(' ').append(a.getValue());
                }
            }
        }, root);
        return normalize(sb.toString());
    }
}
