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
 * Splits a cleaned page into pieces of HTML that each fit a token budget.
 *
 * <p>By items first: when the page has repeated items (given as a CSS selector, or detected
 * as the largest group of siblings with the same tag and classes), every chunk is the page
 * with only a run of consecutive items kept, so each chunk still carries the headings
 * around the list. Otherwise, or when the page around the items alone is over budget, by
 * size: the body's HTML cut at tag boundaries into pieces that fit.
 */
public final class Chunker {
    private static final String MARK = "data-coleta-chunk-item";

    private Chunker() {
    }

    /** The chunks of a cleaned page; a page that fits is one chunk (its whole HTML). */
    public static List<String> chunks(CleanPage page, String itemSelector, int budget, TokenCounter counter) {
        if (budget < 16) throw new IllegalArgumentException("chunk budget must be >= 16 tokens, got " + budget);
        if (counter.count(page.html()) <= budget) return List.of(page.html());
        Document doc = page.document().clone();
        List<Element> items = itemSelector != null ? select(doc, itemSelector) : detectItems(doc);
        if (items.size() >= 2) {
            List<String> byItems = byItems(doc, items, budget, counter);
            if (byItems != null) return byItems;
        }
        return bySize(doc.body(), budget, counter);
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
    private static List<String> byItems(Document doc, List<Element> items, int budget, TokenCounter counter) {
        for (int i = 0; i < items.size(); i++) items.get(i).attr(MARK, Integer.toString(i));
        int[] sizes = new int[items.size()];
        for (int i = 0; i < items.size(); i++) sizes[i] = counter.count(withoutMark(items.get(i).outerHtml()));
        int skeleton = counter.count(render(doc, -1, -1));
        if (skeleton >= budget / 2) return null;
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < items.size()) {
            int end = start + 1;
            int used = skeleton + sizes[start];
            while (end < items.size() && used + sizes[end] <= budget) used += sizes[end++];
            String html = render(doc, start, end);
            if (used > budget) {
                Document single = org.jsoup.Jsoup.parseBodyFragment(html);
                single.outputSettings().prettyPrint(false);
                chunks.addAll(bySize(single.body(), budget, counter));
            } else {
                chunks.add(html);
            }
            start = end;
        }
        return chunks;
    }

    /** The page with only items [from, to) kept (none for -1), marks removed. */
    private static String render(Document doc, int from, int to) {
        Document copy = doc.clone();
        for (Element e : copy.select("[" + MARK + "]")) {
            int i = Integer.parseInt(e.attr(MARK));
            if (i < from || i >= to) e.remove();
            else e.removeAttr(MARK);
        }
        String title = copy.title();
        return (title.isEmpty() ? "" : "<title>" + org.jsoup.nodes.Entities.escape(title) + "</title>\n") + copy.body().html().trim();
    }

    private static String withoutMark(String html) {
        return html.replaceAll(" " + MARK + "=\"\\d+\"", "");
    }

    /**
     * Size-based split of {@code root}'s HTML, serialised once: cut greedily at tag starts
     * (else at spaces, else anywhere) so each piece fits. Linear in the page: no subtree is
     * serialised or counted twice, whatever the nesting depth.
     */
    static List<String> bySize(Element root, int budget, TokenCounter counter) {
        String html = root.html().trim();
        List<String> chunks = new ArrayList<>();
        int total = Math.max(1, counter.count(html));
        double charsPerToken = Math.max(0.5, (double) html.length() / total);
        int at = 0;
        while (at < html.length()) {
            int want = (int) Math.max(1, budget * charsPerToken * 0.9);
            while (true) {
                int end = cutPoint(html, at, Math.min(html.length(), at + want));
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

    private static int cutPoint(String html, int from, int limit) {
        if (limit >= html.length()) return html.length();
        int tag = html.lastIndexOf('<', limit);
        if (tag > from) return tag;
        int space = html.lastIndexOf(' ', limit);
        if (space > from) return space;
        return limit;
    }
}
