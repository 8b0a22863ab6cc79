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

import java.util.ArrayList;
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
    /** Attributes kept besides {@code data-*}: the ones selectors and extracted values use. */
    public static final Set<String> KEPT = Set.of("id", "class", "href", "src", "alt", "title", "itemprop",
            "itemscope", "itemtype", "datetime", "content");

    private static final String REMOVED_TAGS = "script, style, noscript, template, svg, math, iframe, object, embed, "
            + "canvas, audio, video, link, meta, base, head > :not(title), input[type=hidden]";
    private static final String BOILERPLATE_TAGS = "nav, footer, aside, form, button, select, dialog, "
            + "[role=navigation], [role=contentinfo], [role=complementary], [role=dialog], [role=search], [role=banner]";
    /** Whole class/id tokens (split on - and _) that mark boilerplate blocks. */
    private static final Pattern BOILERPLATE_WORD = Pattern.compile(
            "(?:^|[-_])(?:cookie|cookies|consent|gdpr|ad|ads|advert|advertisement|sponsor|sponsored|promo|newsletter|"
                    + "popup|modal|breadcrumb|breadcrumbs|share|social|skip|banner|navbar|topbar|sidebar)(?:[-_]|$)");
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
        removeHidden(doc);
        if (options.dropBoilerplate()) removeBoilerplate(doc);
        filterAttributes(doc, options);
        collapseWhitespace(doc);
        removeEmpty(doc);
        unwrapWrapperChains(doc);
        String title = doc.title();
        String html = (title.isEmpty() ? "" : "<title>" + org.jsoup.nodes.Entities.escape(title) + "</title>\n")
                + doc.body().html().trim();
        return new CleanPage(doc, html, PageText.of(doc));
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

    static boolean isBoilerplateName(String name) {
        return !name.isEmpty() && BOILERPLATE_WORD.matcher(name.toLowerCase(Locale.ROOT)).find();
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
