package dev.coleta.scrape.data;

import org.jsoup.nodes.Entities;

/** A tiny HTML writer for the generators: escaped text and attributes, balanced by the caller. */
final class Html {
    private final StringBuilder sb = new StringBuilder(16384);

    /** Opens {@code tag} with attribute name/value pairs (null values are skipped; "" gives a bare attribute). */
    Html open(String tag, String... attrs) {
        sb.append('<').append(tag);
        for (int i = 0; i + 1 < attrs.length; i += 2) {
            if (attrs[i + 1] == null) continue;
            sb.append(' ').append(attrs[i]);
            if (!attrs[i + 1].isEmpty()) sb.append("=\"").append(Entities.escape(attrs[i + 1])).append('"');
        }
        sb.append('>');
        return this;
    }

    Html close(String tag) {
        sb.append("</").append(tag).append('>');
        return this;
    }

    Html text(String s) {
        sb.append(Entities.escape(s));
        return this;
    }

    /** Element with text content. */
    Html el(String tag, String text, String... attrs) {
        return open(tag, attrs).text(text).close(tag);
    }

    Html raw(String s) {
        sb.append(s);
        return this;
    }

    Html nl() {
        sb.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
