package dev.coleta.scrape.html;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * The compact text view of a cleaned page that {@code scrape} shows the model: values need no
 * markup, so the page becomes lines of text in a Markdown-like form, with only what a value
 * can be read from kept besides the text: link targets ({@code [text](href)}) and images
 * ({@code ![alt](src)}); a link inside running prose (a paragraph whose text is mostly not
 * links) is written as its text, since its target is no value. Headings start with {@code #}, list items with {@code - }, table
 * cells are joined with {@code  | }, every block element starts a new line, and adjacent
 * elements with nothing between them are a space apart. Iterative, like the cleaner.
 */
public final class TextView {
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final Set<String> CELLS = Set.of("td", "th");

    private TextView() {
    }

    /** The text view of a page: its title as the first line ({@code # title}), then its body. */
    public static String page(org.jsoup.nodes.Document doc) {
        String title = doc.title().strip();
        String body = of(doc.body());
        return title.isEmpty() ? body : "# " + title + "\n" + body;
    }

    /** The text view of {@code root} and everything under it. */
    public static String of(Element root) {
        StringBuilder out = new StringBuilder();
        // Where each open link's text starts (links nest in tag soup).
        Deque<Integer> links = new ArrayDeque<>();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    appendText(out, t.text());
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    // Adjacent inline elements with nothing between them (<em>177</em><em>2021-06-06</em>)
                    // are separate values as often as not; a space keeps them apart.
                    if (e.previousSibling() instanceof Element) space(out);
                    if (tag.equals("br")) {
                        newline(out);
                    } else if (tag.equals("img")) {
                        String src = e.attr("src");
                        if (!src.isEmpty()) {
                            space(out);
                            out.append("![").append(e.attr("alt").trim()).append("](").append(src).append(')');
                        } else if (!e.attr("alt").isBlank()) {
                            appendText(out, e.attr("alt"));
                        }
                    } else if (CELLS.contains(tag)) {
                        if (e.elementSiblingIndex() > 0) out.append(" |");
                    } else if (e.isBlock() || tag.equals("tr")) {
                        newline(out);
                        if (HEADINGS.contains(tag)) out.append("#".repeat(tag.charAt(1) - '0')).append(' ');
                        else if (tag.equals("li")) out.append("- ");
                    }
                    if (tag.equals("a") && hasTarget(e)) {
                        space(out);
                        out.append('[');
                        links.push(out.length());
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (!(node instanceof Element e)) return;
                String tag = e.normalName();
                if (tag.equals("a") && hasTarget(e) && !links.isEmpty()) {
                    trimTrailingSpace(out);
                    int start = Math.min(links.pop(), out.length());
                    String href = e.attr("href").trim();
                    String text = out.substring(start).strip();
                    if (text.isEmpty() || text.equals(href)) {
                        // A link whose text is its target (or that has none) is written once, bare.
                        out.setLength(start - 1);
                        out.append(href);
                    } else {
                        out.append("](").append(href).append(')');
                    }
                } else if ((e.isBlock() || tag.equals("tr")) && !CELLS.contains(tag)) {
                    newline(out);
                }
            }
        }, root);
        return collapseBlankLines(out.toString());
    }

    private static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile("!\\[([^\\]\n]*)\\]\\(([^)\\s]*)\\)");
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("\\[([^\\]\n]*)\\]\\(([^)\\s]*)\\)");
    private static final java.util.regex.Pattern CELL = java.util.regex.Pattern.compile("(?:^|\\s)\\|(?:\\s|$)");
    private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern.compile("^(?:#{1,6} |- )");
    private static final char CUT = '\u0000';

    /**
     * The text pieces of a text view (or a chunk of one), its markup taken back out: each
     * line without its heading or list prefix, cut at table cells (not in headings, where
     * {@code |} is text, as in titles), link texts and targets and image alts and sources
     * each a piece of their own. What a value can be copied from (page-grounded scrape).
     */
    public static java.util.List<String> segments(String view) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : view.split("\n")) {
            boolean heading = line.startsWith("#");
            StringBuilder rest = new StringBuilder(PREFIX.matcher(line).replaceFirst(""));
            for (java.util.regex.Pattern p : new java.util.regex.Pattern[] {IMAGE, LINK}) {
                java.util.regex.Matcher m = p.matcher(rest.toString());
                StringBuilder kept = new StringBuilder();
                int at = 0;
                while (m.find()) {
                    kept.append(rest, at, m.start()).append(CUT);
                    for (int g = 1; g <= 2; g++) for (String piece : m.group(g).split(String.valueOf(CUT))) out.add(piece);
                    at = m.end();
                }
                kept.append(rest, at, rest.length());
                rest = kept;
            }
            for (String piece : rest.toString().split(String.valueOf(CUT))) {
                if (heading) out.add(piece);
                else out.addAll(java.util.Arrays.asList(CELL.split(piece)));
            }
        }
        java.util.List<String> segments = new java.util.ArrayList<>();
        for (String s : out) {
            String t = s.strip();
            if (!t.isEmpty() && !segments.contains(t)) segments.add(t);
        }
        return segments;
    }

    private static boolean hasTarget(Element a) {
        String href = a.attr("href").trim().toLowerCase(Locale.ROOT);
        return !href.isEmpty() && !href.startsWith("#") && !inProse(a);
    }

    /** Whether {@code a} sits in a paragraph whose text is at least two thirds outside links. */
    private static boolean inProse(Element a) {
        Element p = a.closest("p");
        if (p == null) return false;
        int all = p.text().length();
        int links = 0;
        for (Element l : p.select("a")) links += l.text().length();
        return all >= 80 && links * 3 <= all;
    }

    private static void appendText(StringBuilder out, String text) {
        String t = text.replaceAll("[\\s\\u00A0]+", " ");
        if (t.isEmpty()) return;
        if (t.equals(" ")) {
            space(out);
            return;
        }
        if (t.startsWith(" ")) {
            space(out);
            t = t.substring(1);
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\n' && t.startsWith(" ")) t = t.stripLeading();
        out.append(t);
    }

    private static void space(StringBuilder out) {
        if (out.length() == 0) return;
        char last = out.charAt(out.length() - 1);
        if (last != ' ' && last != '\n' && last != '[' && last != '(') out.append(' ');
    }

    private static void newline(StringBuilder out) {
        trimTrailingSpace(out);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
    }

    private static void trimTrailingSpace(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
    }

    private static String collapseBlankLines(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (String line : s.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.equals("-") || l.equals("|")) continue;
            sb.append(l).append('\n');
        }
        return sb.toString().trim();
    }
}
