package dev.coleta.scrape.html;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a cleaned page, in one of its views (HTML or text), into pieces that each fit a token
 * budget.
 *
 * <p>By items first: when the page has repeated items (given as a CSS selector, or detected
 * as the largest group of siblings with the same tag and classes), every chunk is the page
 * with only a run of consecutive items kept, so each chunk still carries the headings
 * around the list. Otherwise, or when the page around the items alone is over budget, by
 * size: the view cut at tag (HTML) or line (text) boundaries into pieces that fit.
 */
public final class Chunker {
    private static final String MARK = "data-coleta-chunk-item";

    private Chunker() {
    }

    /** The view a chunk is written in. */
    public enum View {
        /** Compact HTML ({@link CleanPage#html()}): for scrape-config, whose selectors need markup. */
        HTML,
        /** The text view ({@link CleanPage#text()}): for scrape, whose values need none. */
        TEXT
    }

    /** The HTML chunks of a cleaned page; a page that fits is one chunk (its whole HTML). */
    public static List<String> chunks(CleanPage page, String itemSelector, int budget, TokenCounter counter) {
        return chunks(page, itemSelector, budget, counter, View.HTML);
    }

    /** The chunks of a cleaned page in {@code view}; a page that fits is one chunk (the whole view). */
    public static List<String> chunks(CleanPage page, String itemSelector, int budget, TokenCounter counter, View view) {
        if (budget < 16) throw new IllegalArgumentException("chunk budget must be >= 16 tokens, got " + budget);
        String whole = view == View.HTML ? page.html() : page.text();
        if (counter.count(whole) <= budget) return List.of(whole);
        Document doc = page.document().clone();
        List<Element> items = itemSelector != null ? select(doc, itemSelector) : detectItems(doc);
        if (items.size() >= 2) {
            List<String> byItems = byItems(doc, items, budget, counter, view);
            if (byItems != null) return byItems;
        }
        if (view == View.TEXT) return bySize(whole, budget, counter, '\n');
        HtmlCleaner.shortenTargets(doc);
        return bySize(doc.body().html().trim(), budget, counter, '<');
    }

    private static List<Element> select(Document doc, String selector) {
        try {
            Elements found = doc.select(selector);
            // Only outermost matches: a nested match is already inside its ancestor's chunk.
            // One traversal that knows whether it is inside a match keeps this linear.
            java.util.Set<Element> matched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            matched.addAll(found);
            List<Element> outer = new ArrayList<>();
            int[] inside = {0};
            org.jsoup.select.NodeTraversor.traverse(new org.jsoup.select.NodeVisitor() {
                @Override
                public void head(org.jsoup.nodes.Node node, int depth) {
                    if (node instanceof Element e && matched.contains(e)) {
                        if (inside[0] == 0) outer.add(e);
                        inside[0]++;
                    }
                }

                @Override
                public void tail(org.jsoup.nodes.Node node, int depth) {
                    if (node instanceof Element e && matched.contains(e)) inside[0]--;
                }
            }, doc);
            return outer;
        } catch (Selector.SelectorParseException e) {
            throw new IllegalArgumentException("item selector '" + selector + "' is not valid CSS: " + e.getMessage(), e);
        }
    }

    /**
     * The largest group (at least 3) of sibling elements with the same tag, weighted by their
     * text so that repeated empty spacers lose against real items; empty if none. Classes are
     * ignored: alternating row classes ({@code even}/{@code odd}) or "featured" items must not
     * split one list into two groups.
     */
    public static List<Element> detectItems(Document doc) {
        List<Element> best = List.of();
        long bestScore = 0;
        for (Element parent : doc.body().getAllElements()) {
            if (parent.childrenSize() < 3) continue;
            Map<String, List<Element>> groups = new HashMap<>();
            for (Element c : parent.children()) {
                groups.computeIfAbsent(c.normalName(), k -> new ArrayList<>()).add(c);
            }
            for (List<Element> g : groups.values()) {
                if (g.size() < 3) continue;
                long text = 0;
                for (Element e : g) text += e.text().length();
                long score = (long) g.size() * Math.max(1, text / g.size()) * g.size();
                if (score > bestScore) {
                    bestScore = score;
                    best = g;
                }
            }
        }
        return best;
    }

    /** Null when the page around the items is itself over budget. */
    private static List<String> byItems(Document doc, List<Element> items, int budget, TokenCounter counter, View view) {
        int[] sizes = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Element item = items.get(i);
            if (view == View.HTML) {
                Document one = Document.createShell("");
                one.body().appendChild(item.clone());
                HtmlCleaner.shortenTargets(one);
                sizes[i] = counter.count(one.body().html());
            } else {
                sizes[i] = counter.count(TextView.of(item));
            }
        }
        for (int i = 0; i < items.size(); i++) items.get(i).attr(MARK, Integer.toString(i));
        int skeleton = counter.count(render(doc, -1, -1, view));
        if (skeleton >= budget / 2) return null;
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < items.size()) {
            int end = start + 1;
            int used = skeleton + sizes[start];
            while (end < items.size() && used + sizes[end] <= budget) used += sizes[end++];
            String piece = render(doc, start, end, view);
            if (used > budget) chunks.addAll(bySize(piece, budget, counter, view == View.HTML ? '<' : '\n'));
            else chunks.add(piece);
            start = end;
        }
        return chunks;
    }

    /** The page with only items [from, to) kept (none for -1), marks removed, in {@code view}. */
    private static String render(Document doc, int from, int to, View view) {
        Document copy = doc.clone();
        for (Element e : copy.select("[" + MARK + "]")) {
            int i = Integer.parseInt(e.attr(MARK));
            if (i < from || i >= to) e.remove();
            else e.removeAttr(MARK);
        }
        if (view == View.TEXT) return TextView.page(copy);
        HtmlCleaner.shortenTargets(copy);
        String title = copy.title();
        return (title.isEmpty() ? "" : "<title>" + org.jsoup.nodes.Entities.escape(title) + "</title>\n") + copy.body().html().trim();
    }

    /**
     * Size-based split of a serialised view: cut greedily before a {@code boundary} character
     * ({@code <} for HTML, a newline for text; else at spaces, else anywhere) so each piece
     * fits. Linear in the page: no subtree is serialised or counted twice, whatever the
     * nesting depth.
     */
    static List<String> bySize(String html, int budget, TokenCounter counter, char boundary) {
        List<String> chunks = new ArrayList<>();
        int total = Math.max(1, counter.count(html));
        double charsPerToken = Math.max(0.5, (double) html.length() / total);
        int at = 0;
        while (at < html.length()) {
            int want = (int) Math.max(1, budget * charsPerToken * 0.9);
            while (true) {
                int end = cutPoint(html, at, Math.min(html.length(), at + want), boundary);
                String piece = html.substring(at, end);
                if (counter.count(piece) <= budget || end - at <= 1) {
                    chunks.add(piece);
                    at = end;
                    break;
                }
                want = Math.max(1, (end - at) * 3 / 4);
            }
        }
        return chunks;
    }

    private static int cutPoint(String html, int from, int limit, char boundary) {
        if (limit >= html.length()) return html.length();
        int tag = html.lastIndexOf(boundary, limit);
        if (tag > from) return tag;
        int space = html.lastIndexOf(' ', limit);
        if (space > from) return space;
        return limit;
    }
}
