package dev.coleta.scrape.html;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.nodes.XmlDeclaration;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reduces a page to what extraction needs: visible text and the attributes selectors use.
 *
 * <p>Removes scripts, styles, SVG and other embedded content, comments, hidden elements,
 * boilerplate (navigation, footers, cookie banners, ads), attributes other than {@link #KEPT}
 * and {@code data-*}, utility classes, empty elements and wrapper chains; collapses
 * whitespace. Every step walks the tree iteratively (Jsoup's traversors or plain loops), so
 * pages nested thousands of levels deep cannot overflow the stack. The input document is not
 * modified.
 */
public final class HtmlCleaner {
    /**
     * Attributes kept besides short {@code data-*} ones: the ones selectors and extracted values
     * use. Tooltips ({@code title}) go: they repeat or decorate the text, and the raw page,
     * where configurations run, still has them.
     */
    public static final Set<String> KEPT = Set.of("id", "class", "href", "src", "alt", "itemprop",
            "itemscope", "itemtype", "datetime", "content");

    private static final String REMOVED_TAGS = "script, style, head noscript, template, svg, math, iframe, object, embed, "
            + "canvas, audio, video, link, meta, base, head > :not(title), input[type=hidden]";
    private static final String BOILERPLATE_TAGS = "nav, footer, aside, form, button, select, dialog, "
            + "[role=navigation], [role=contentinfo], [role=complementary], [role=dialog], [role=search], [role=banner]";
    /** Whole class/id tokens (split on - and _) that mark boilerplate blocks. */
    private static final Pattern BOILERPLATE_WORD = Pattern.compile(
            "(?:^|[-_])(?:cookie|cookies|consent|gdpr|ad|ads|advert|advertisement|sponsor|sponsored|promo|newsletter|"
                    + "popup|modal|breadcrumb|breadcrumbs|share|social|skip|banner|navbar|topbar|sidebar|"
                    + "footer|foot|copyright|masthead|subnav|topnav|navigation|toolbar|related|recommended|recommendations|"
                    + "popular|trending|outbrain|taboola)(?:[-_]|$)");
    /** Class/id words that mark link lists as content (a product's tags), which rails must not take. */
    private static final Pattern CONTENT_LIST_WORD = Pattern.compile(
            "(?i)(?:^|[-_])(?:tags?|keywords?|ingredients?|authors?|genres?|topics?)(?:[-_]|$)");
    private static final Set<String> RAIL_TAGS = Set.of("ul", "ol", "dl", "table", "tbody", "div", "section", "header",
            "p", "td", "menu", "center");
    private static final Pattern HIDDEN_STYLE = Pattern.compile("(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden");
    /**
     * Presentational utility classes (Tailwind/Bootstrap style): an optional responsive or
     * state prefix, then either a bare utility word ({@code flex}) or a utility stem with at
     * least one value that is a number or a design keyword ({@code px-4}, {@code text-center},
     * {@code col-md-6}). Requiring such a value keeps semantic names like {@code text-title}
     * or {@code size} intact.
     */
    private static final String UTILITY_VALUE = "(?:-?[a-z]*[0-9][a-z0-9./%]*|\\[[^\\]]*\\]|sm|md|lg|xl|[2-9]xl|xs|auto|full|screen|none|"
            + "center|between|around|evenly|start|end|left|right|top|bottom|white|black|bold|semibold|medium|light|"
            + "normal|wrap|nowrap|row|col|column|hidden|block|flex|inline|muted|primary|secondary|transparent|gray|"
            + "grey|red|blue|green|yellow|slate|zinc|neutral|stretch|baseline|base|tight|snug|relaxed|loose|wide|"
            + "wider|pointer|italic|underline|lowercase|uppercase|fluid|fit|min|max|x|y|solid|dashed|cover|contain|"
            + "ellipsis|clip|visible|scroll|sticky|fixed|absolute|relative|grow|shrink|reverse|dark|body|emphasis)";
    private static final Pattern UTILITY = Pattern.compile("(?:[a-z0-9]+:)*(?:"
            + "(?:flex|grid|block|inline|inline-block|inline-flex|hidden|relative|absolute|fixed|sticky|static|"
            + "container|container-fluid|truncate|uppercase|lowercase|capitalize|italic|underline|antialiased|"
            + "clearfix|sr-only|visible|invisible|row|shadow|rounded|border|grow|shrink|transition|ring|outline)"
            + "|-?(?:p|px|py|pt|pb|pl|pr|ps|pe|m|mx|my|mt|mb|ml|mr|ms|me|w|h|min-w|min-h|max-w|max-h|size|gap|gap-x|"
            + "gap-y|space-x|space-y|text|bg|border|border-[trblxy]|rounded|shadow|font|leading|tracking|flex|grid|"
            + "grid-cols|grid-rows|col|col-span|row-span|items|justify|self|content|place|opacity|z|overflow|cursor|"
            + "transition|duration|ease|ring|outline|fill|stroke|order|basis|grow|shrink|inset|top|left|right|bottom|"
            + "d|float|align|line-clamp|aspect|object|divide|translate|scale|rotate|fw|fs|lh|g|gx|gy|mw|mh|vh|vw|"
            + "whitespace|break|decoration|list|from|to|via|hover|focus|display|position)"
            + "(?:-" + UTILITY_VALUE + ")+)");
    private static final Set<String> VOID_WITH_DATA = Set.of("img", "br", "hr", "td", "th", "area", "time");
    private static final Set<String> WRAPPERS = Set.of("div", "span", "section", "main");

    private HtmlCleaner() {
    }

    /** Cleans with {@link CleanOptions#defaults()}. */
    public static CleanPage clean(Document page) {
        return clean(page, CleanOptions.defaults());
    }

    /** Cleans a copy of {@code page}. */
    public static CleanPage clean(Document page, CleanOptions options) {
        Document doc = page.clone();
        doc.outputSettings().prettyPrint(false).indentAmount(0);
        removeNonContent(doc);
        doc.select(REMOVED_TAGS).remove();
        // Content inside <noscript> in the body is what a reader without scripts sees (often the
        // only copy of a value on pages that render with JavaScript): keep it, drop the wrapper.
        doc.body().select("noscript").unwrap();
        removeHidden(doc);
        if (options.dropBoilerplate()) {
            removeBoilerplate(doc);
            removeRails(doc);
        }
        filterAttributes(doc, options);
        collapseWhitespace(doc);
        removeEmpty(doc);
        unwrapWrapperChains(doc);
        unwrapBareElements(doc);
        String text = TextView.page(doc);
        // The check searches both spellings: the text view spaces adjacent elements apart, Jsoup's text does not.
        String normalized = PageText.normalize(text) + "\n" + PageText.of(doc);
        Document view = doc.clone();
        shortenTargets(view);
        String title = view.title();
        String html = (title.isEmpty() ? "" : "<title>" + org.jsoup.nodes.Entities.escape(title) + "</title>\n")
                + view.body().html().trim();
        return new CleanPage(doc, html, text, normalized);
    }

    /** Longest link or image target kept whole in the HTML view. */
    static final int MAX_TARGET = 48;

    /**
     * Cuts link and image targets in {@code doc} (a copy for the HTML view) to their path, without
     * query or fragment, at most {@link #MAX_TARGET} characters ending in {@code ...}: scrape-config
     * chooses selectors on this view and reads values from the raw page, so a URL's tail is
     * only tokens; the text view, whose URLs are values, keeps them whole.
     */
    static void shortenTargets(Document doc) {
        for (Element e : doc.select("[href], [src]")) {
            for (String k : new String[] {"href", "src"}) {
                if (!e.hasAttr(k)) continue;
                String v = e.attr(k);
                int cut = v.length();
                for (char c : new char[] {'?', '#', ';'}) {
                    int i = v.indexOf(c);
                    if (i > 0 && i < cut) cut = i;
                }
                String s = v.substring(0, cut);
                if (s.length() > MAX_TARGET) s = s.substring(0, MAX_TARGET - 3) + "...";
                if (!s.equals(v)) e.attr(k, s);
            }
        }
    }

    private static void removeNonContent(Document doc) {
        List<Node> doomed = new ArrayList<>();
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof Comment || node instanceof DocumentType || node instanceof XmlDeclaration
                    || node instanceof DataNode) {
                doomed.add(node);
            }
        }, doc);
        doomed.forEach(Node::remove);
    }

    private static void removeHidden(Document doc) {
        List<Element> doomed = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            if (e.hasAttr("hidden") || "true".equalsIgnoreCase(e.attr("aria-hidden"))
                    || HIDDEN_STYLE.matcher(e.attr("style")).find()) {
                doomed.add(e);
            }
        }
        removeAll(doomed);
    }

    private static void removeBoilerplate(Document doc) {
        doc.select(BOILERPLATE_TAGS).remove();
        List<Element> doomed = new ArrayList<>();
        for (Element e : doc.body().getAllElements()) {
            if (e == doc.body()) continue;
            if (isBoilerplateName(e.id()) || e.classNames().stream().anyMatch(HtmlCleaner::isBoilerplateName)) doomed.add(e);
        }
        removeAll(doomed);
    }

    /**
     * Removes link rails: blocks whose text is almost all plain links. A block is a rail when
     * it holds at least four links, at least 80 % of them plain (only text inside), and outside
     * its links at most 4 letters or digits per link (a heading, separators). Menus (short
     * link texts, at most 14 letters or digits on average) always go; lists of longer links
     * (headlines: "related", "most popular") go only when the page has an article (three or
     * more paragraphs of prose under one parent), since on a portal or a listing such lists
     * are the content. Cards wrapped in a link (image, name and price inside) are not plain;
     * lists whose class or id names tags, keywords, ingredients, authors, genres
     * or topics are content; blocks holding microdata ({@code itemprop}) or the page's h1
     * stay, and so does any block holding more than a third of the page's text: a rail is
     * beside the content, never the page itself. Outermost rails go first.
     */
    private static void removeRails(Document doc) {
        Map<Element, Block> stats = blockStats(doc.body());
        int page = stats.get(doc.body()).alnum;
        boolean article = hasArticle(doc);
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof Element e && e != doc.body() && RAIL_TAGS.contains(e.normalName())) {
                    Block b = stats.get(e);
                    if (b != null && b.isRail(article) && b.alnum * 3 <= page) return FilterResult.REMOVE;
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                return FilterResult.CONTINUE;
            }
        }, doc.body());
    }

    /** What {@link #removeRails} weighs about one element and everything under it. */
    private static final class Block {
        int links;
        int plainLinks;
        int linkAlnum;
        int linkWeight;
        int alnum;
        /** Holds microdata or an h1, or has a content-list name itself or above. */
        boolean keep;

        boolean isRail(boolean article) {
            if (keep || links < 4 || plainLinks * 5 < links * 4) return false;
            if (alnum - linkAlnum > 4 * links) return false;
            return article || linkWeight <= 16 * links;
        }
    }

    /**
     * Per-element link and text counts in one pass (children before parents), so that pages
     * nested thousands deep cost linear time; a link's text is counted where its text nodes are.
     */
    private static Map<Element, Block> blockStats(Element root) {
        Map<Element, Block> stats = new IdentityHashMap<>();
        Deque<Boolean> named = new ArrayDeque<>();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element e) {
                    boolean above = !named.isEmpty() && named.peek();
                    named.push(above || CONTENT_LIST_WORD.matcher(e.id()).find() || CONTENT_LIST_WORD.matcher(e.className()).find());
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof TextNode t) {
                    Element parent = t.parent();
                    if (parent == null) return;
                    Block b = stats.computeIfAbsent(parent, k -> new Block());
                    b.alnum += alnum(t.text());
                    return;
                }
                if (!(node instanceof Element e)) return;
                boolean inNamed = named.pop();
                Block b = stats.computeIfAbsent(e, k -> new Block());
                if (inNamed || e.hasAttr("itemprop") || e.normalName().equals("h1")) b.keep = true;
                if (e.normalName().equals("a") && e.hasAttr("href")) {
                    b.links++;
                    boolean plain = true;
                    for (Element c : e.children()) if (c.childrenSize() > 0 || c.normalName().equals("img")) plain = false;
                    if (plain) b.plainLinks++;
                    b.linkAlnum = b.alnum;
                    b.linkWeight = weight(e.text());
                }
                Element parent = e.parent();
                if (parent != null) {
                    Block p = stats.computeIfAbsent(parent, k -> new Block());
                    p.links += b.links;
                    p.plainLinks += b.plainLinks;
                    p.linkAlnum += b.linkAlnum;
                    p.linkWeight += b.linkWeight;
                    p.alnum += b.alnum;
                    p.keep |= b.keep;
                }
            }
        }, root);
        return stats;
    }

    /** Whether one element has three or more prose paragraphs (80+ letters or digits, mostly not links). */
    static boolean hasArticle(Document doc) {
        Map<Element, Integer> prose = new IdentityHashMap<>();
        for (Element p : doc.body().select("p")) {
            int n = alnum(p.text());
            if (n < 80 || p.parent() == null) continue;
            int links = 0;
            for (Element a : p.select("a")) links += alnum(a.text());
            if (links * 2 > n) continue;
            if (prose.merge(p.parent(), 1, Integer::sum) >= 3) return true;
        }
        return false;
    }

    /**
     * Letters and digits, counting each Han, Hiragana, Katakana or Hangul character as three:
     * such a character carries about what three Latin letters do, so a Japanese headline and
     * an English one weigh alike and a menu's short words stay short in both.
     */
    private static int weight(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c)) continue;
            Character.UnicodeScript sc = Character.UnicodeScript.of(c);
            n += sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
                    || sc == Character.UnicodeScript.KATAKANA || sc == Character.UnicodeScript.HANGUL ? 3 : 1;
        }
        return n;
    }

    private static int alnum(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (Character.isLetterOrDigit(s.charAt(i))) n++;
        return n;
    }

    static boolean isBoilerplateName(String name) {
        // camelCase words count as words too: "singleAd", "TopAd", "relatedLinks".
        return !name.isEmpty() && BOILERPLATE_WORD.matcher(name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)).find();
    }

    static boolean isUtilityClass(String name) {
        return UTILITY.matcher(name).matches();
    }

    /** Removes elements, skipping those already detached with an ancestor. */
    private static void removeAll(List<Element> doomed) {
        for (Element e : doomed) if (e.parent() != null) e.remove();
    }

    private static void filterAttributes(Document doc, CleanOptions options) {
        for (Element e : doc.getAllElements()) {
            List<String> drop = new ArrayList<>();
            for (Attribute a : e.attributes()) {
                String k = a.getKey().toLowerCase(Locale.ROOT);
                String v = a.getValue();
                boolean keep = (KEPT.contains(k) || k.startsWith("data-")) && v.length() <= options.maxAttributeLength();
                if (keep && (k.equals("href") || k.equals("src"))) {
                    String lv = v.trim().toLowerCase(Locale.ROOT);
                    keep = !lv.startsWith("javascript:") && !lv.startsWith("data:");
                }
                if (!keep) drop.add(a.getKey());
            }
            drop.forEach(e::removeAttr);
            if (options.dropUtilityClasses() && e.hasAttr("class")) {
                Set<String> kept = new LinkedHashSet<>();
                for (String c : e.classNames()) if (!isUtilityClass(c)) kept.add(c);
                if (kept.isEmpty()) e.removeAttr("class");
                else e.classNames(kept);
            }
        }
    }

    private static void collapseWhitespace(Document doc) {
        List<TextNode> texts = new ArrayList<>();
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof TextNode t) texts.add(t);
        }, doc);
        for (TextNode t : texts) {
            String s = t.getWholeText().replaceAll("[\\s\\u00A0]+", " ");
            if (s.equals(" ") && isBetweenBlocks(t)) t.remove();
            else t.text(s);
        }
    }

    private static boolean isBetweenBlocks(TextNode t) {
        Node prev = t.previousSibling();
        Node next = t.nextSibling();
        boolean prevBlock = prev == null || (prev instanceof Element p && p.isBlock());
        boolean nextBlock = next == null || (next instanceof Element n && n.isBlock());
        return prevBlock && nextBlock;
    }

    /** Removes, bottom-up, elements with no content and no attribute carrying a value. */
    private static void removeEmpty(Document doc) {
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element e && e != doc.body() && e.parent() != null
                        && !VOID_WITH_DATA.contains(e.normalName()) && isEmpty(e)) {
                    return FilterResult.REMOVE;
                }
                return FilterResult.CONTINUE;
            }
        }, doc.body());
    }

    private static boolean isEmpty(Element e) {
        if (e.hasAttr("href") || e.hasAttr("src") || e.hasAttr("content") || e.hasAttr("datetime")) return false;
        for (Node c : e.childNodes()) {
            if (c instanceof Element) return false;
            if (c instanceof TextNode t && !t.isBlank()) return false;
        }
        return true;
    }

    /**
     * Unwraps elements that say nothing a selector or a value can use: links without a target
     * and tags HTML does not define ({@code <nyt_text>}), when they carry no attribute.
     */
    private static void unwrapBareElements(Document doc) {
        List<Element> bare = new ArrayList<>();
        for (Element e : doc.body().getAllElements()) {
            if (e == doc.body() || e.attributesSize() > 0) continue;
            if (e.normalName().equals("a") || !e.tag().isKnownTag()) bare.add(e);
        }
        for (Element e : bare) if (e.parent() != null) e.unwrap();
    }

    /**
     * Unwraps attribute-less div/span/section elements whose only content is one element:
     * they add tokens and no meaning. (Wrappers with several children stay, since removing
     * them would fuse their children's text.)
     */
    private static void unwrapWrapperChains(Document doc) {
        List<Element> wrappers = new ArrayList<>();
        for (Element e : doc.body().getAllElements()) {
            if (e == doc.body() || !WRAPPERS.contains(e.normalName()) || e.attributesSize() > 0) continue;
            if (e.childNodeSize() == 1 && e.childNode(0) instanceof Element) wrappers.add(e);
        }
        for (Element e : wrappers) if (e.parent() != null) e.unwrap();
    }
}
