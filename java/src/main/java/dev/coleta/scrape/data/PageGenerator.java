package dev.coleta.scrape.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.config.FieldRule;
import dev.coleta.scrape.config.ScrapeConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Writes synthetic web pages of every {@link SiteType} with gold data and a gold
 * configuration. Each page has realistic random content and markup noise: utility classes,
 * nested wrappers, inline scripts and styles, SVG icons, hidden elements, comments, a
 * cookie banner, navigation, ads and a footer.
 *
 * <p>A page's {@link Style} decides class naming, tags and nesting. Six fixed templates exist:
 * 4-5 make the test split; 0-3 were the train split's until fixed templates proved too few for
 * a model to learn to read class names off the page (it memorised them instead). Every training
 * page now gets a {@linkplain #PROCEDURAL procedural} style drawn from pools of class-naming
 * parts and tags, half of them with invented affixes, which never yields the test templates'
 * class names (docs/EXPERIMENTS.md E19, E21); {@link #page} still writes templates 0-3. Output
 * depends only on the seed.
 */
public final class PageGenerator {
    /** Number of fixed markup templates per site type. */
    public static final int TEMPLATES = 6;
    /**
     * The template number of a page with a procedural style, drawn from its seed: training
     * pages only, never the test templates' class names.
     */
    public static final int PROCEDURAL = -1;
    /** Largest item count in a list page; schemas allow this many. */
    public static final int MAX_ITEMS = 24;
    /** maxLength of every string in the generated schemas. */
    public static final int MAX_STRING = 200;

    /** Which styles a split draws from. */
    public enum Split {
        /**
         * Procedural styles only (docs/EXPERIMENTS.md E21: every task's test loss lower than with
         * a quarter of the pages in templates 0-3).
         */
        TRAIN,
        /** Fixed templates 4-5 only. */
        TEST(4, 5);

        /** The fixed templates; none for a split of procedural styles. */
        private final int[] templates;

        Split(int... templates) {
            this.templates = templates;
        }

        /** The fixed templates the split draws from (a copy; none for the train split). */
        public int[] templates() {
            return templates.clone();
        }

        /** Whether the split draws {@link #PROCEDURAL} styles (the train split, for every page). */
        public boolean procedural() {
            return templates.length == 0;
        }

        /** {@code "train"} or {@code "test"}, any case. */
        public static Split parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "train" -> TRAIN;
                case "test" -> TEST;
                default -> throw new IllegalArgumentException("split must be train or test, got '" + s + "'");
            };
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PageGenerator() {
    }

    /**
     * {@code n} pages cycling through the site types, styles drawn from the split: on the train
     * split a procedural style for every page, on the test split one of its templates.
     */
    public static List<GeneratedPage> generate(int n, long seed, Split split) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        List<GeneratedPage> out = new ArrayList<>(n);
        SiteType[] sites = SiteType.values();
        int[] templates = split.templates;
        for (int i = 0; i < n; i++) {
            long pageSeed = seed * 1_000_003L + i;
            // SplittableRandom mixes its seed: java.util.Random's first draw from consecutive seeds
            // keeps the same high bits, which gave nearly every page of a call the same template.
            // The test split takes the first draw alone, as it always has, so its pages stay as they were.
            int template = split.procedural() ? PROCEDURAL : templates[new SplittableRandom(pageSeed).nextInt(templates.length)];
            out.add(page(sites[i % sites.length], template, pageSeed, "p" + i));
        }
        return out;
    }

    /**
     * One page of the given kind and template: a fixed template 0..{@code TEMPLATES - 1}, or
     * {@link #PROCEDURAL} for a style drawn from {@code seed}. A page's site, template and seed
     * make it again.
     */
    public static GeneratedPage page(SiteType site, int template, long seed, String tag) {
        if (template != PROCEDURAL && (template < 0 || template >= TEMPLATES)) {
            throw new IllegalArgumentException("template must be 0.." + (TEMPLATES - 1) + " or PROCEDURAL (" + PROCEDURAL
                    + "), got " + template);
        }
        // The style draws from its own stream: the content's Random(seed) must not shift with it.
        Style style = template == PROCEDURAL ? Style.random(new SplittableRandom(seed ^ STYLE_SALT)) : Style.of(template);
        Random rnd = new Random(seed);
        Content c = new Content(rnd);
        Writer w = new Writer(site, template, style, c);
        String id = site.name().toLowerCase(Locale.ROOT) + "-t" + (template == PROCEDURAL ? "p" : template) + "-" + tag + "-s" + seed;
        return switch (site) {
            case LISTING -> w.list("product", "products", List.of(
                    Field.titleLink("name", "name", "url", c::product, x -> "/p/" + c.slug(x) + "-" + c.hex(4)),
                    Field.text("price", "price", c::price),
                    Field.image("image", "thumb", () -> "https://cdn.shop.example/img/" + c.hex(12) + ".jpg")), 4, 16, id);
            case CARDS -> w.list("member", "people", List.of(
                    Field.image("photo", "avatar", () -> "/team/" + c.hex(8) + ".webp"),
                    Field.text("name", "name", c::person),
                    Field.text("role", "role", c::role),
                    Field.linkText("email", "email", () -> c.pick(List.of("ana", "joao", "li", "sam", "kim")) + "." + c.hex(3) + "@example.org",
                            v -> "mailto:" + v)), 3, 12, id);
            case FORUM -> w.list("thread", "threads", List.of(
                    Field.titleLink("title", "subject", "url", c::topic, x -> "/t/" + c.slug(x) + "/" + c.number(1000, 99999)),
                    Field.linkText("author", "starter", c::person, v -> "/u/" + c.slug(v)),
                    Field.text("replies", "replies", () -> c.number(0, 480)),
                    Field.text("last_post", "lastpost", c::date)), 5, 20, id);
            case MENU -> w.list("dish", "dishes", List.of(
                    Field.text("dish", "dish-name", c::dish),
                    Field.text("description", "desc", () -> c.sentence(6, 14)),
                    Field.text("price", "cost", c::price)), 4, 14, id);
            case CALENDAR -> w.list("event", "events", List.of(
                    Field.titleLink("event", "event-title", "url", c::event, x -> "/events/" + c.slug(x) + "-" + c.number(1, 999)),
                    Field.text("date", "when", c::date),
                    Field.text("venue", "where", c::venue)), 3, 15, id);
            case MICRODATA -> w.microdata(id);
            case TABLE -> w.table(id);
            case ARTICLE -> w.article(id);
            case DEFINITIONS -> w.definitions(id);
        };
    }

    /** Mixed into a page seed for its procedural style, so style and content draw unrelated streams. */
    private static final long STYLE_SALT = 0x5A17_E5EE_D0C0_FFEEL;

    /** How a class name joins a block ({@code product}) and a base ({@code unit-price}). */
    private enum Naming {
        /** {@code unit-price} */
        BASE,
        /** {@code product__unit-price} */
        BEM,
        /** {@code product-unit-price} */
        KEBAB,
        /** {@code productUnitPrice} */
        BLOCK_CAMEL,
        /** {@code unitPrice} */
        CAMEL,
        /** {@code product_unit_price} */
        SNAKE,
        /** {@code ProductUnitPrice} */
        PASCAL;

        String join(String block, String base) {
            return switch (this) {
                case BASE -> base;
                case BEM -> block + "__" + base;
                case KEBAB -> block + "-" + base;
                case BLOCK_CAMEL -> block + camel(base);
                case CAMEL -> {
                    String c = camel(base);
                    yield Character.toLowerCase(c.charAt(0)) + c.substring(1);
                }
                case SNAKE -> block + "_" + base.replace('-', '_');
                case PASCAL -> camel(block) + camel(base);
            };
        }
    }

    /**
     * The markup choices of one page: class naming ({@code prefix + naming + suffix}), the tags
     * of list pages, wrapper depth, and one choice per single-record or special site type.
     *
     * @param wrapBase     wrapper divs around blocks before the random extra one (0-2)
     * @param cardTag      the microdata product card's tag
     * @param rowHeader    whether table rows start with a {@code th} (the city) instead of a {@code td}
     * @param headlineTag  the article headline's tag
     * @param groupedSpecs whether each dt/dd pair of the definition list sits in its own div
     */
    private record Style(String prefix, Naming naming, String suffix, String listTag, String itemTag, String titleTag,
                         String textTag, int wrapBase, String cardTag, boolean rowHeader, String headlineTag,
                         boolean groupedSpecs) {
        /*
         * Pools of procedural styles. The test templates' naming must never appear in training,
         * so "pg-" (template 5) is no prefix and "-fld" (template 4) no suffix. Prefixes avoid
         * utility stems (m-, p-, d-, g-, w-, my-...) and suffixes avoid utility values (-4, -sm,
         * -full...): HtmlCleaner drops classes that read as utilities, and a semantic class it
         * dropped would vanish from the cleaned page the model chooses selectors on. Every part
         * is a CSS identifier piece, so names need no escaping: a letter first, then [A-Za-z0-9_-].
         */
        private static final List<String> PREFIXES = List.of("", "c-", "x-", "ui-", "js-", "app-", "o-", "s-", "v-", "tw-", "site-");
        private static final List<String> SUFFIXES = List.of("", "-el", "-box", "_v2", "-ui", "-cmp", "-node", "__el");
        private static final List<String> LIST_TAGS = List.of("div", "section", "ul", "ol");
        /** Items of a div or section list; ul and ol lists hold li items. */
        private static final List<String> BLOCK_ITEM_TAGS = List.of("div", "article", "section");
        private static final List<String> TITLE_TAGS = List.of("h2", "h3", "h4", "h5", "div", "span", "strong", "p");
        private static final List<String> TEXT_TAGS = List.of("span", "p", "div", "em", "strong", "small");
        private static final List<String> CARD_TAGS = List.of("div", "article", "section");

        /** The fixed template {@code t} (0-5), exactly as pages were written before procedural styles. */
        static Style of(int t) {
            return switch (t) {
                case 0 -> new Style("", Naming.BASE, "", "div", "div", "h3", "span", 0, "div", false, "h1", false);
                case 1 -> new Style("c-", Naming.BASE, "", "ul", "li", "h2", "p", 1, "article", false, "h1", false);
                case 2 -> new Style("", Naming.BEM, "", "div", "article", "h4", "div", 2, "div", false, "h1", false);
                case 3 -> new Style("", Naming.BLOCK_CAMEL, "", "div", "div", "h3", "span", 0, "article", false, "h1", true);
                case 4 -> new Style("", Naming.BASE, "-fld", "div", "section", "h2", "strong", 1, "div", false, "h1", false);
                case 5 -> new Style("pg-", Naming.KEBAB, "", "ol", "li", "div", "em", 2, "article", true, "h2", true);
                default -> throw new IllegalArgumentException("template must be 0.." + (TEMPLATES - 1) + ", got " + t);
            };
        }

        /**
         * A procedural training style. Every other one invents its prefix, its suffix or both
         * (two consonant-vowel syllables, "kovi-price", "price-dula"): pools of fixed affixes can
         * be learnt by heart and stripped, while an invented one must be read off the page, as
         * the test templates' must (docs/EXPERIMENTS.md E19). The invention is drawn after
         * every other part, so the parts drawn from the pools stay as they were.
         */
        static Style random(SplittableRandom r) {
            String listTag = pick(r, LIST_TAGS);
            String itemTag = listTag.equals("ul") || listTag.equals("ol") ? "li" : pick(r, BLOCK_ITEM_TAGS);
            Naming naming = Naming.values()[r.nextInt(Naming.values().length)];
            String prefix = pick(r, PREFIXES);
            String suffix = pick(r, SUFFIXES);
            String titleTag = pick(r, TITLE_TAGS);
            String textTag = pick(r, TEXT_TAGS);
            int wrapBase = r.nextInt(3);
            String cardTag = pick(r, CARD_TAGS);
            boolean rowHeader = r.nextBoolean();
            String headlineTag = r.nextBoolean() ? "h1" : "h2";
            boolean groupedSpecs = r.nextBoolean();
            if (r.nextBoolean()) {
                int where = r.nextInt(3); // 0: prefix, 1: suffix, 2: both
                prefix = where == 1 ? "" : inventedAffix(r) + "-";
                suffix = where == 0 ? "" : "-" + inventedAffix(r);
            }
            return new Style(prefix, naming, suffix, listTag, itemTag, titleTag, textTag, wrapBase, cardTag, rowHeader,
                    headlineTag, groupedSpecs);
        }

        private static final String CONSONANTS = "bdfgklmnprstvz";
        private static final String VOWELS = "aeiou";

        /**
         * Two consonant-vowel syllables: a CSS identifier, never "pg" or "fld" (the test
         * templates' affixes have no vowel), and never one of the words that make HtmlCleaner
         * read a class as a utility and drop it ("text-base", "size-..."): the only words of this
         * shape among its utility stems and values.
         */
        private static String inventedAffix(SplittableRandom r) {
            while (true) {
                StringBuilder sb = new StringBuilder(4);
                for (int i = 0; i < 2; i++) {
                    sb.append(CONSONANTS.charAt(r.nextInt(CONSONANTS.length()))).append(VOWELS.charAt(r.nextInt(VOWELS.length())));
                }
                String a = sb.toString();
                if (!a.equals("base") && !a.equals("size")) return a;
            }
        }

        private static String pick(SplittableRandom r, List<String> pool) {
            return pool.get(r.nextInt(pool.size()));
        }

        /** The class name for a semantic base name within a block. */
        String cls(String block, String base) {
            return prefix + naming.join(block, base) + suffix;
        }
    }

    /** "dish-name" -> "DishName". */
    private static String camel(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("[-_]")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /** How a field is written. */
    enum Kind { TEXT, TITLE_LINK, LINK_TEXT, IMAGE }

    /** A field spec: json key, class base, kind, value source, and for links the href (and its key). */
    record Field(String key, String base, Kind kind, java.util.function.Supplier<String> value,
                 String hrefKey, Function<String, String> href) {
        static Field text(String key, String base, java.util.function.Supplier<String> v) {
            return new Field(key, base, Kind.TEXT, v, null, null);
        }

        static Field titleLink(String key, String base, String hrefKey, java.util.function.Supplier<String> v, Function<String, String> href) {
            return new Field(key, base, Kind.TITLE_LINK, v, hrefKey, href);
        }

        static Field linkText(String key, String base, java.util.function.Supplier<String> v, Function<String, String> href) {
            return new Field(key, base, Kind.LINK_TEXT, v, null, href);
        }

        static Field image(String key, String base, java.util.function.Supplier<String> src) {
            return new Field(key, base, Kind.IMAGE, src, null, null);
        }

        List<String> keys() {
            return hrefKey == null ? List.of(key) : List.of(key, hrefKey);
        }
    }

    /** Writes one page in one style. */
    private static final class Writer {
        private final SiteType site;
        /** The template number the page records: 0-5, or {@link #PROCEDURAL}. */
        private final int t;
        private final Style style;
        private final Content c;
        private final Html h = new Html();

        Writer(SiteType site, int t, Style style, Content c) {
            this.site = site;
            this.t = t;
            this.style = style;
            this.c = c;
        }

        /** The style's class name for a semantic base name within a block. */
        String cls(String block, String base) {
            return style.cls(block, base);
        }

        /** Random utility classes, as CSS frameworks sprinkle them. */
        String util() {
            String[] pool = {"flex", "items-center", "justify-between", "px-4", "py-2", "mt-3", "mb-1", "text-sm",
                    "text-gray-600", "font-semibold", "rounded-lg", "shadow-md", "bg-white", "md:flex", "hover:bg-gray-50",
                    "gap-2", "w-full", "col-md-6", "d-flex", "text-center", "border", "p-3"};
            int n = c.between(1, 4);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(pool[c.between(0, pool.length - 1)]);
            return sb.toString();
        }

        String with(String semantic) {
            return c.chance(0.7) ? semantic + " " + util() : util() + " " + semantic;
        }

        String messy(String v) {
            return c.chance(0.3) ? "\n        " + v + "\n      " : v;
        }

        // ---- page frame ------------------------------------------------------------------

        void head(String title) {
            h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
            h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
            h.open("meta", "name", "description", "content", "Best deals and news from " + c.brand());
            h.open("meta", "property", "og:image", "content", "https://cdn.example/og/" + c.hex(16) + ".png");
            h.el("title", title);
            h.open("link", "rel", "stylesheet", "href", "/assets/app." + c.hex(8) + ".css");
            h.open("link", "rel", "preload", "href", "/fonts/inter-var.woff2", "as", "font");
            h.raw("<style>");
            for (int i = 0; i < c.between(40, 70); i++) {
                h.raw(".x" + c.hex(5) + "{margin:" + c.between(0, 32) + "px " + c.between(0, 32) + "px;color:#" + c.hex(6)
                        + ";font-family:Inter,system-ui,-apple-system,Segoe UI,Roboto,sans-serif;transition:all .2s ease-in-out}\n");
            }
            h.raw("</style>");
            h.raw("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());"
                    + "gtag('config','G-" + c.hex(10).toUpperCase(Locale.ROOT) + "',{anonymize_ip:true,page_path:location.pathname});</script>");
            h.raw("<script type=\"application/json\" id=\"__NEXT_DATA__\">{\"props\":{\"pageProps\":{\"build\":\"" + c.hex(32)
                    + "\",\"flags\":{\"newCheckout\":true,\"abTest\":\"" + c.hex(6) + "\"}}},\"page\":\"/\",\"buildId\":\"" + c.hex(20) + "\"}</script>");
            h.raw("</head>\n<body class=\"" + util() + "\">");
        }

        void chrome() {
            if (c.chance(0.8)) {
                h.open("div", "id", "cookie-consent", "class", "fixed bottom-0 w-full", "role", "dialog");
                h.el("p", "We use cookies to improve your experience. By continuing you agree to our policy.");
                h.el("button", "Accept all", "class", "btn btn-primary", "onclick", "acceptCookies()");
                h.el("button", "Settings", "class", "btn");
                h.close("div");
            }
            h.open("header", "class", with("site-header"));
            h.open("a", "href", "/", "class", "logo", "aria-label", "Home");
            svg(c.between(3, 6));
            h.close("a");
            h.open("nav", "class", "main-nav").open("ul");
            for (String s : List.of("Home", "Shop", "Deals", "Blog", "About us", "Contact", "Help")) {
                h.open("li", "class", util()).el("a", s, "href", "/" + c.slug(s), "data-track", "nav-" + c.slug(s)).close("li");
            }
            h.close("ul").close("nav");
            h.open("form", "action", "/search", "class", "search").open("input", "type", "search", "name", "q", "placeholder", "Search…")
                    .el("button", "Go", "type", "submit").close("form");
            h.close("header").nl();
        }

        void svg(int paths) {
            h.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\">");
            for (int i = 0; i < paths; i++) {
                h.raw("<path fill=\"currentColor\" d=\"M" + c.between(0, 24) + "." + c.between(0, 99) + " " + c.between(0, 24)
                        + "c" + c.between(0, 9) + ".1-" + c.between(0, 9) + ".3 " + c.between(0, 9) + ".5-" + c.between(0, 9)
                        + "l" + c.between(0, 9) + " " + c.between(0, 9) + "a4.5 4.5 0 0 1 " + c.between(0, 9) + "." + c.between(0, 9)
                        + " 2.2z\"/>");
            }
            h.raw("</svg>");
        }

        void ad() {
            h.open("div", "class", "ad-slot ad-300x250 " + util(), "data-ad-unit", "/" + c.hex(6) + "/home");
            h.el("span", "Advertisement", "class", "ad-label");
            h.raw("<iframe src=\"https://ads.example/serve?u=" + c.hex(16) + "\" width=\"300\" height=\"250\"></iframe>");
            h.raw("<script>(adsbygoogle=window.adsbygoogle||[]).push({slot:'" + c.hex(10) + "'});</script>");
            h.close("div");
        }

        void hiddenNoise() {
            switch (c.between(0, 2)) {
                case 0 -> h.el("span", "Out of stock", "style", "display:none", "class", "badge");
                case 1 -> h.el("div", "Loading…", "hidden", "", "class", "spinner");
                default -> h.raw("<template><div class=\"tmpl\">{{ item.name }}</div></template>");
            }
        }

        /** Client-side state as frameworks inline it: the page's data again, plus tracking ids (inside a script). */
        void state(JsonNode data) {
            h.raw("<script>window.__INITIAL_STATE__={\"session\":\"" + c.hex(24) + "\",\"experiments\":[\"" + c.hex(6)
                    + "\",\"" + c.hex(6) + "\"],\"data\":" + data.toString().replace("</", "<\\/") + "};</script>");
        }

        void footer() {
            h.open("aside", "class", "sidebar " + util()).el("h4", "Newsletter")
                    .el("p", "Get weekly updates from " + c.brand() + ".").close("aside");
            h.open("footer", "class", with("site-footer"));
            for (String s : List.of("Privacy", "Terms", "Careers", "Press", "Accessibility", "Sitemap")) {
                h.el("a", s, "href", "/" + c.slug(s), "class", "footer-link " + util());
            }
            h.el("p", "© 2026 " + c.brand() + " Ltd. All rights reserved.");
            h.close("footer");
            h.raw("<script src=\"/assets/vendor." + c.hex(8) + ".js\" defer></script>");
            h.raw("<script>document.querySelectorAll('[data-track]').forEach(function(e){e.addEventListener('click',"
                    + "function(){navigator.sendBeacon('/t',JSON.stringify({id:e.dataset.track,ts:Date.now()}))})});</script>");
            h.raw("<!-- rendered in " + c.between(3, 90) + " ms by node-" + c.hex(4) + " -->");
            h.raw("</body></html>");
        }

        /** Attribute-less wrappers (removed by cleaning) and utility-class wrappers (kept only as plain divs). */
        int wrap() {
            int depth = style.wrapBase() + c.between(0, 1);
            for (int i = 0; i < depth; i++) h.open("div", "class", c.chance(0.5) ? util() : null);
            return depth;
        }

        void unwrap(int depth) {
            for (int i = 0; i < depth; i++) h.close("div");
        }

        // ---- list pages ------------------------------------------------------------------

        GeneratedPage list(String block, String listKey, List<Field> fields, int minItems, int maxItems, String id) {
            head(camel(listKey) + " | " + c.brand() + " " + c.city());
            chrome();
            String listTag = style.listTag();
            String itemTag = style.itemTag();
            String titleTag = style.titleTag();
            String textTag = style.textTag();
            h.open("main", "id", "content", "class", util());
            h.el("h1", camel(listKey) + " in " + c.city(), "class", "page-title");
            h.el("p", c.sentence(8, 16), "class", "intro");
            int outer = wrap();
            h.open(listTag, "class", with(cls(block, "list")), "data-testid", "results");
            ArrayNode items = F.arrayNode();
            int n = c.between(minItems, maxItems);
            for (int i = 0; i < n; i++) {
                if (i > 0 && i % c.between(3, 6) == 0 && itemTag.equals("div")) ad();
                if (c.chance(0.3)) h.raw("<!-- item " + i + " -->");
                h.open(itemTag, "class", with(cls(block, "item")), "data-id", c.hex(6), "style", "order:" + i,
                        "onclick", "track(" + i + ")");
                ObjectNode rec = F.objectNode();
                for (Field f : fields) {
                    int inner = c.chance(0.5) ? wrap() : 0;
                    String v = f.value().get();
                    String cl = with(cls(block, f.base()));
                    switch (f.kind()) {
                        case TEXT -> {
                            if (c.chance(0.3)) h.el("span", camel(f.key()) + ":", "class", "label " + util()).raw(" ");
                            h.el(textTag, messy(v), "class", cl);
                            rec.put(f.key(), v);
                        }
                        case TITLE_LINK -> {
                            String href = f.href().apply(v);
                            h.open(titleTag, "class", cl).el("a", messy(v), "href", href, "title", c.chance(0.5) ? v : null,
                                    "data-track", "item-" + i).close(titleTag);
                            rec.put(f.key(), v);
                            rec.put(f.hrefKey(), href);
                        }
                        case LINK_TEXT -> {
                            h.el("a", v, "class", cl, "href", f.href().apply(v), "rel", "nofollow");
                            rec.put(f.key(), v);
                        }
                        case IMAGE -> {
                            h.open("img", "class", cl, "src", v, "alt", "", "loading", "lazy", "width", "320", "height", "240",
                                    "srcset", v + " 1x, " + v.replace(".", "@2x.") + " 2x");
                            rec.put(f.key(), v);
                        }
                    }
                    unwrap(inner);
                }
                if (c.chance(0.6)) svg(c.between(2, 5));
                if (c.chance(0.4)) hiddenNoise();
                h.el("button", "Save", "class", "btn-save " + util(), "aria-label", "Save for later");
                h.close(itemTag).nl();
                items.add(rec);
            }
            h.close(listTag);
            unwrap(outer);
            h.close("main");
            state(items);
            footer();
            List<String> keys = new ArrayList<>();
            Map<String, FieldRule> rules = new LinkedHashMap<>();
            for (Field f : fields) {
                keys.addAll(f.keys());
                String sel = "." + cls(block, f.base());
                switch (f.kind()) {
                    case TEXT, LINK_TEXT -> rules.put(f.key(), FieldRule.text(sel));
                    case TITLE_LINK -> {
                        rules.put(f.key(), FieldRule.text(sel));
                        rules.put(f.hrefKey(), new FieldRule(sel + " a", "href"));
                    }
                    case IMAGE -> rules.put(f.key(), new FieldRule("img" + sel, "src"));
                }
            }
            ObjectNode gold = F.objectNode();
            gold.set(listKey, items);
            ScrapeConfig config = new ScrapeConfig("." + cls(block, "item"), rules);
            return new GeneratedPage(id, site, t, h.toString(), listSchema(listKey, keys), gold, config, items, keys);
        }

        GeneratedPage microdata(String id) {
            head("Catalogue — " + c.brand());
            chrome();
            h.open("main", "class", util());
            h.el("h1", "Catalogue");
            int outer = wrap();
            ArrayNode items = F.arrayNode();
            int n = c.between(3, 12);
            String block = "product";
            for (int i = 0; i < n; i++) {
                String name = c.product();
                String brand = c.brand();
                String price = c.price();
                String url = "/item/" + c.slug(name) + "-" + c.hex(5);
                h.open(style.cardTag(), "class", with(cls(block, "card")), "itemscope", "", "itemtype", "https://schema.org/Product");
                h.open("a", "itemprop", "url", "href", url).el("span", name, "itemprop", "name", "class", util()).close("a");
                int inner = wrap();
                h.open("div", "itemprop", "brand", "itemscope", "", "itemtype", "https://schema.org/Brand")
                        .el("span", brand, "itemprop", "name").close("div");
                unwrap(inner);
                h.open("div", "itemprop", "offers", "itemscope", "", "itemtype", "https://schema.org/Offer")
                        .el("span", price, "itemprop", "price", "class", with("amount"))
                        .open("meta", "itemprop", "priceCurrency", "content", "EUR").close("div");
                svg(c.between(2, 4));
                h.close(style.cardTag()).nl();
                ObjectNode rec = F.objectNode();
                rec.put("name", name);
                rec.put("brand", brand);
                rec.put("price", price);
                rec.put("url", url);
                items.add(rec);
            }
            unwrap(outer);
            h.close("main");
            state(items);
            footer();
            Map<String, FieldRule> rules = new LinkedHashMap<>();
            // The product's own name is the first itemprop=name; the brand's is inside itemprop=brand.
            rules.put("name", FieldRule.text("[itemprop=url] [itemprop=name]"));
            rules.put("brand", FieldRule.text("[itemprop=brand] [itemprop=name]"));
            rules.put("price", FieldRule.text("[itemprop=price]"));
            rules.put("url", new FieldRule("[itemprop=url]", "href"));
            List<String> keys = List.of("name", "brand", "price", "url");
            ObjectNode gold = F.objectNode();
            gold.set("products", items);
            return new GeneratedPage(id, site, t, h.toString(), listSchema("products", keys), gold,
                    new ScrapeConfig("." + cls(block, "card"), rules), items, keys);
        }

        GeneratedPage table(String id) {
            head("Cities — open data portal");
            chrome();
            h.open("main", "class", util());
            h.el("h1", "Largest cities by population");
            h.el("p", c.sentence(10, 20));
            if (c.chance(0.5)) ad();
            int outer = wrap();
            String tcls = cls("data", "table");
            h.open("table", "class", with(tcls));
            h.open("thead").open("tr");
            for (String col : List.of("City", "Country", "Population", "Founded")) h.el("th", col, "scope", "col");
            h.close("tr").close("thead").open("tbody");
            ArrayNode items = F.arrayNode();
            int n = c.between(5, MAX_ITEMS);
            boolean rowHeader = style.rowHeader();
            for (int i = 0; i < n; i++) {
                String city = c.city();
                String country = c.country();
                String pop = c.grouped(20_000, 30_000_000);
                String founded = c.number(800, 1950);
                h.open("tr", "class", i % 2 == 0 ? "even" : "odd");
                if (rowHeader) h.el("th", city, "scope", "row");
                else h.el("td", messy(city));
                h.el("td", country).el("td", pop, "class", "num").el("td", founded, "class", "num");
                h.close("tr");
                ObjectNode rec = F.objectNode();
                rec.put("city", city);
                rec.put("country", country);
                rec.put("population", pop);
                rec.put("founded", founded);
                items.add(rec);
            }
            h.close("tbody").close("table");
            unwrap(outer);
            h.close("main");
            state(items);
            footer();
            Map<String, FieldRule> rules = new LinkedHashMap<>();
            rules.put("city", FieldRule.text(rowHeader ? "th" : "td:nth-child(1)"));
            rules.put("country", FieldRule.text("td:nth-child(2)"));
            rules.put("population", FieldRule.text("td:nth-child(3)"));
            rules.put("founded", FieldRule.text("td:nth-child(4)"));
            List<String> keys = List.of("city", "country", "population", "founded");
            ObjectNode gold = F.objectNode();
            gold.set("rows", items);
            return new GeneratedPage(id, site, t, h.toString(), listSchema("rows", keys), gold,
                    new ScrapeConfig("table." + tcls + " tbody tr", rules), items, keys);
        }

        GeneratedPage article(String id) {
            String headline = c.pick(List.of("Council approves", "Scientists discover", "Local team wins", "Storm hits",
                    "New museum opens in")) + " " + c.city();
            String author = c.person();
            String date = c.date();
            String summary = c.sentence(12, 24);
            String image = "https://news.example/media/" + c.hex(10) + ".jpg";
            head(headline + " - The " + c.city() + " Post");
            chrome();
            h.open("main", "class", util());
            int outer = wrap();
            h.open("article", "class", with(cls("story", "article")));
            h.el(style.headlineTag(), messy(headline), "class", with(cls("story", "headline")));
            h.open("div", "class", "meta " + util());
            if (c.chance(0.5)) h.raw("By ");
            h.el("a", author, "class", cls("story", "byline"), "href", "/authors/" + c.slug(author), "rel", "author");
            h.raw(" · ");
            h.el("time", date, "class", cls("story", "date"), "datetime", "2026-01-01T10:00:00Z");
            h.close("div");
            h.open("div", "class", "share-buttons");
            for (String s : List.of("Facebook", "X", "LinkedIn")) h.el("a", s, "href", "https://share.example/" + s);
            h.close("div");
            h.open("figure", "class", util()).open("img", "class", cls("story", "hero"), "src", image, "alt", headline)
                    .el("figcaption", "Photo: " + c.person()).close("figure");
            h.el("p", summary, "class", with(cls("story", "lead")));
            for (int i = 0; i < c.between(3, 8); i++) {
                h.el("p", c.sentence(15, 35));
                if (i == 1) ad();
            }
            h.close("article");
            h.open("section", "class", "related-stories").el("h3", "Related");
            for (int i = 0; i < 4; i++) h.open("div", "class", "teaser").el("a", c.sentence(4, 8), "href", "/n/" + c.hex(6)).close("div");
            h.close("section");
            unwrap(outer);
            h.close("main");
            footer();
            Map<String, FieldRule> rules = new LinkedHashMap<>();
            rules.put("headline", FieldRule.text("." + cls("story", "headline")));
            rules.put("author", FieldRule.text("." + cls("story", "byline")));
            rules.put("published", FieldRule.text("." + cls("story", "date")));
            rules.put("summary", FieldRule.text("." + cls("story", "lead")));
            rules.put("image", new FieldRule("img." + cls("story", "hero"), "src"));
            ObjectNode gold = F.objectNode();
            gold.put("headline", headline).put("author", author).put("published", date).put("summary", summary).put("image", image);
            List<String> keys = List.copyOf(rules.keySet());
            return new GeneratedPage(id, site, t, h.toString(), objectSchema(keys), gold,
                    new ScrapeConfig(null, rules), gold.deepCopy(), keys);
        }

        GeneratedPage definitions(String id) {
            String product = c.product();
            head(product + " — specifications");
            chrome();
            h.open("main", "class", util());
            h.el("h1", product, "class", with(cls("spec", "product")));
            h.el("p", c.sentence(10, 20));
            int outer = wrap();
            String dl = cls("spec", "sheet");
            h.open("dl", "class", with(dl));
            List<String[]> rows = List.of(
                    new String[] {"brand", "Brand", c.brand()},
                    new String[] {"model", "Model", c.hex(2).toUpperCase(Locale.ROOT) + "-" + c.number(100, 9999)},
                    new String[] {"weight", "Weight", c.number(1, 40) + "." + c.number(0, 9) + " kg"},
                    new String[] {"color", "Colour", c.pick(List.of("Graphite", "Sand", "Forest green", "Off-white", "Navy"))},
                    new String[] {"warranty", "Warranty", c.number(1, 5) + " years"});
            boolean grouped = style.groupedSpecs();
            ObjectNode gold = F.objectNode();
            gold.put("product", product);
            Map<String, FieldRule> rules = new LinkedHashMap<>();
            rules.put("product", FieldRule.text("h1." + cls("spec", "product")));
            int k = 1;
            for (String[] r : rows) {
                if (grouped) h.open("div", "class", "spec-row");
                h.el("dt", r[1]).el("dd", messy(r[2]));
                if (grouped) h.close("div");
                gold.put(r[0], r[2]);
                rules.put(r[0], FieldRule.text(grouped ? "dl." + dl + " > div:nth-of-type(" + k + ") dd" : "dl." + dl + " dd:nth-of-type(" + k + ")"));
                k++;
            }
            h.close("dl");
            unwrap(outer);
            h.close("main");
            footer();
            List<String> keys = List.copyOf(rules.keySet());
            return new GeneratedPage(id, site, t, h.toString(), objectSchema(keys), gold,
                    new ScrapeConfig(null, rules), gold.deepCopy(), keys);
        }
    }

    static ObjectNode stringSchema() {
        ObjectNode s = F.objectNode();
        s.putArray("type").add("string").add("null");
        s.put("maxLength", MAX_STRING);
        return s;
    }

    static ObjectNode objectSchema(List<String> keys) {
        ObjectNode o = F.objectNode();
        o.put("type", "object");
        ObjectNode props = o.putObject("properties");
        ArrayNode req = o.putArray("required");
        for (String k : keys) {
            props.set(k, stringSchema());
            req.add(k);
        }
        o.put("additionalProperties", false);
        return o;
    }

    static ObjectNode listSchema(String listKey, List<String> keys) {
        ObjectNode root = F.objectNode();
        root.put("type", "object");
        ObjectNode arr = root.putObject("properties").putObject(listKey);
        arr.put("type", "array");
        arr.set("items", objectSchema(keys));
        arr.put("maxItems", MAX_ITEMS);
        root.putArray("required").add(listKey);
        root.put("additionalProperties", false);
        return root;
    }

    /** The JSON-lines form of a page for {@code coleta data scrape|scrape-config}. */
    public static ObjectNode toJson(GeneratedPage p) {
        ObjectNode o = F.objectNode();
        o.put("id", p.id());
        o.put("site", p.site().name().toLowerCase(Locale.ROOT));
        o.put("template", p.template());
        ArrayNode fs = o.putArray("fields");
        p.fields().forEach(fs::add);
        o.put("html", p.html());
        o.set("schema", p.schema());
        o.set("gold", p.gold());
        o.set("config", p.config().toJsonNode());
        o.set("config_gold", p.configGold());
        return o;
    }

    /** Reads {@link #toJson} back (for evaluation). */
    public static GeneratedPage fromJson(JsonNode o) {
        List<String> fields = new ArrayList<>();
        o.path("fields").forEach(f -> fields.add(f.asText()));
        return new GeneratedPage(o.path("id").asText(), SiteType.valueOf(o.path("site").asText().toUpperCase(Locale.ROOT)),
                o.path("template").asInt(), o.path("html").asText(), (ObjectNode) o.get("schema"), (ObjectNode) o.get("gold"),
                ScrapeConfig.parse(o.get("config").toString()), o.get("config_gold"), fields);
    }
}
