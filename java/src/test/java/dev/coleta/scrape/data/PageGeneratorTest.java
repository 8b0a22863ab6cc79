package dev.coleta.scrape.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.scrape.Schemas;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.config.ConfigGrammar;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageGeneratorTest {
    @Test
    void sameSeedSamePagesOtherSeedOtherPages() {
        List<GeneratedPage> a = PageGenerator.generate(18, 7, PageGenerator.Split.TRAIN);
        List<GeneratedPage> b = PageGenerator.generate(18, 7, PageGenerator.Split.TRAIN);
        List<GeneratedPage> c = PageGenerator.generate(18, 8, PageGenerator.Split.TRAIN);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).html(), b.get(i).html());
            assertEquals(a.get(i).gold(), b.get(i).gold());
            assertNotEquals(a.get(i).html(), c.get(i).html());
        }
    }

    @Test
    void splitsUseDisjointTemplatesAndCoverEverySiteType() {
        Set<SiteType> sites = EnumSet.noneOf(SiteType.class);
        for (GeneratedPage p : PageGenerator.generate(60, 1, PageGenerator.Split.TRAIN)) {
            assertTrue(p.template() == PageGenerator.PROCEDURAL || p.template() >= 0 && p.template() <= 3, p.id());
            sites.add(p.site());
        }
        for (GeneratedPage p : PageGenerator.generate(60, 1, PageGenerator.Split.TEST)) assertTrue(p.template() >= 4, p.id());
        assertEquals(EnumSet.allOf(SiteType.class), sites);
    }

    /** "Output depends only on the seed": not on the default locale either (numbers, prices, dates). */
    @Test
    void outputDoesNotDependOnTheDefaultLocale() {
        Locale old = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ROOT);
            List<GeneratedPage> root = PageGenerator.generate(30, 4, PageGenerator.Split.TRAIN);
            for (Locale l : List.of(Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("tr-TR"))) {
                Locale.setDefault(l);
                List<GeneratedPage> other = PageGenerator.generate(30, 4, PageGenerator.Split.TRAIN);
                for (int i = 0; i < root.size(); i++) {
                    assertEquals(root.get(i).html(), other.get(i).html(), l + ": " + root.get(i).id());
                    assertEquals(root.get(i).gold(), other.get(i).gold(), l + ": " + root.get(i).id());
                }
            }
        } finally {
            Locale.setDefault(old);
        }
    }

    /**
     * The class Javadoc: the train split draws procedural styles only, templates 4-5 make the test
     * split; generated pages draw from their split's.
     */
    @Test
    void splitTemplatesAreTheDocumentedDisjointHalves() {
        assertEquals(List.of(), Arrays.stream(PageGenerator.Split.TRAIN.templates()).boxed().toList());
        assertEquals(List.of(4, 5), Arrays.stream(PageGenerator.Split.TEST.templates()).boxed().toList());
        assertTrue(PageGenerator.Split.TRAIN.procedural());
        assertFalse(PageGenerator.Split.TEST.procedural());
        int[] copy = PageGenerator.Split.TEST.templates();
        copy[0] = 0;
        assertEquals(4, PageGenerator.Split.TEST.templates()[0], "a copy: the split cannot be changed through it");
        for (PageGenerator.Split split : PageGenerator.Split.values()) {
            Set<Integer> seen = new TreeSet<>();
            int n = split.procedural() ? 120 : 40;
            for (GeneratedPage p : PageGenerator.generate(n, 9, split)) seen.add(p.template());
            Set<Integer> expected = Arrays.stream(split.templates()).boxed().collect(Collectors.toCollection(TreeSet::new));
            if (split.procedural()) expected.add(PageGenerator.PROCEDURAL);
            assertEquals(expected, seen, split + ": " + n + " pages use every template of the split and no other");
        }
    }

    /** A page's site, template and seed make it again, procedural styles included. */
    @Test
    void pagesAreMadeAgainFromSiteTemplateAndSeed() {
        List<GeneratedPage> pages = PageGenerator.generate(27, 3, PageGenerator.Split.TRAIN);
        for (int i = 0; i < pages.size(); i++) {
            GeneratedPage p = pages.get(i);
            assertEquals(p, PageGenerator.page(p.site(), p.template(), 3 * 1_000_003L + i, "p" + i), p.id());
        }
        assertThrows(IllegalArgumentException.class, () -> PageGenerator.page(SiteType.MENU, 6, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> PageGenerator.page(SiteType.MENU, -2, 1, "x"));
    }

    /**
     * Training markup is diverse and never the test split's: no class of a train page is named
     * the way templates 4 ({@code base-fld}) and 5 ({@code pg-block-base}) name theirs, and
     * 450 pages show well over a hundred class-naming schemes and many tag choices.
     */
    @Test
    void trainPagesAreDiverseAndNeverUseTheTestNaming() {
        List<GeneratedPage> pages = PageGenerator.generate(450, 1, PageGenerator.Split.TRAIN);
        Set<String> schemes = new TreeSet<>();
        Set<String> itemTags = new TreeSet<>();
        for (GeneratedPage p : pages) {
            for (org.jsoup.nodes.Element e : HtmlPages.parse(p.html(), p.id()).select("[class]")) {
                for (String name : e.classNames()) {
                    assertFalse(name.contains("-fld") || name.startsWith("pg-"), p.id() + ": test-split class " + name);
                }
            }
            schemes.add(namingScheme(p));
            if (p.config().item() != null && p.site() != SiteType.TABLE) {
                itemTags.add(HtmlPages.parse(p.html(), p.id()).select(p.config().item()).first().normalName());
            }
        }
        System.out.printf("450 train pages: %d class-naming schemes, item tags %s%n", schemes.size(), itemTags);
        assertTrue(schemes.size() > 100, schemes.size() + " schemes: " + schemes);
        assertTrue(itemTags.containsAll(List.of("div", "li", "article", "section")), itemTags.toString());
        for (GeneratedPage p : PageGenerator.generate(45, 1, PageGenerator.Split.TEST)) {
            assertTrue(Set.of("{x}-fld", "pg-{b}-{x}").contains(namingScheme(p)), p.id() + ": " + namingScheme(p));
        }
    }

    /**
     * Every other procedural style invents its affixes: two consonant-vowel syllables before or
     * after the name (or both), new on nearly every page, so they cannot be learnt from a pool;
     * the other half keep the pools' affixes. Pages of the fixed templates never have one.
     */
    @Test
    void halfTheProceduralStylesInventTheirAffixes() {
        java.util.regex.Pattern invented = java.util.regex.Pattern.compile("(?:[bdfgklmnprstvz][aeiou]){2}");
        int procedural = 0;
        int withInvented = 0;
        Set<String> affixes = new TreeSet<>();
        List<GeneratedPage> pages = new java.util.ArrayList<>(PageGenerator.generate(400, 5, PageGenerator.Split.TRAIN));
        for (SiteType site : SiteType.values()) {
            for (int t = 0; t < PageGenerator.TEMPLATES; t++) pages.add(PageGenerator.page(site, t, 77 + t, "fixed"));
        }
        for (GeneratedPage p : pages) {
            String scheme = namingScheme(p);
            String[] parts = scheme.replaceAll("\\{[bBxX]}", " ").split("[ _-]+");
            // "site" (a pool prefix) has the same shape
            List<String> found = Arrays.stream(parts).filter(x -> invented.matcher(x).matches() && !x.equals("site")).toList();
            if (p.template() != PageGenerator.PROCEDURAL) {
                assertEquals(List.of(), found, p.id() + ": " + scheme);
                continue;
            }
            procedural++;
            if (!found.isEmpty()) {
                withInvented++;
                affixes.addAll(found);
                for (String a : found) assertTrue(scheme.startsWith(a + "-") || scheme.endsWith("-" + a), p.id() + ": " + scheme);
            }
        }
        assertTrue(withInvented > procedural * 0.4 && withInvented < procedural * 0.6, withInvented + " of " + procedural);
        assertTrue(affixes.size() > withInvented, affixes.size() + " distinct affixes on " + withInvented + " pages");
    }

    /**
     * A page's class naming with its block and base abstracted: {@code x-{b}__{x}-el}, capitals
     * kept ({@code {B}{X}}). The probe is a class whose block and base each site type fixes.
     */
    private static String namingScheme(GeneratedPage p) {
        String[] blockBase = switch (p.site()) {
            case LISTING -> new String[] {"product", "item"};
            case CARDS -> new String[] {"member", "item"};
            case FORUM -> new String[] {"thread", "item"};
            case MENU -> new String[] {"dish", "item"};
            case CALENDAR -> new String[] {"event", "item"};
            case MICRODATA -> new String[] {"product", "card"};
            case TABLE -> new String[] {"data", "table"};
            case ARTICLE -> new String[] {"story", "headline"};
            case DEFINITIONS -> new String[] {"spec", "product"};
        };
        String selector = switch (p.site()) {
            case ARTICLE -> p.config().fields().get("headline").selector();
            case DEFINITIONS -> p.config().fields().get("product").selector();
            default -> p.config().item();
        };
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.([A-Za-z0-9_-]+)").matcher(selector);
        assertTrue(m.find(), p.id() + ": no class in " + selector);
        String name = m.group(1);
        // block first: for DEFINITIONS the base "product" must not be taken for a block
        name = name.replace(blockBase[0], "{b}").replace(capital(blockBase[0]), "{B}");
        return name.replace(blockBase[1], "{x}").replace(capital(blockBase[1]), "{X}");
    }

    private static String capital(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    /**
     * Procedural class names work wherever today's do: each class a gold selector names is a CSS
     * identifier that cleaning keeps (HtmlCleaner drops utility-looking classes), every gold
     * selector still finds its element on the cleaned page, the configuration grammar built
     * from the cleaned page accepts the gold configuration, and the cleaned page keeps every
     * gold value.
     */
    @Test
    void goldSelectorsOfTrainPagesSurviveCleaning() {
        java.util.regex.Pattern cls = java.util.regex.Pattern.compile("\\.([^\\s.>:\\[]+)");
        int procedural = 0;
        for (GeneratedPage p : PageGenerator.generate(90, 31, PageGenerator.Split.TRAIN)) {
            if (p.template() == PageGenerator.PROCEDURAL) procedural++;
            CleanPage c = HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id()));
            List<String> selectors = new java.util.ArrayList<>();
            if (p.config().item() != null) selectors.add(p.config().item());
            p.config().fields().values().forEach(r -> selectors.add(r.selector()));
            for (String sel : selectors) {
                java.util.regex.Matcher m = cls.matcher(sel);
                while (m.find()) {
                    assertTrue(m.group(1).matches("[A-Za-z_][A-Za-z0-9_-]*"), p.id() + ": not a CSS identifier: " + m.group(1));
                    assertFalse(c.document().getElementsByClass(m.group(1)).isEmpty(), p.id() + ": cleaning dropped ." + m.group(1));
                }
                if (p.config().item() == null || sel.equals(p.config().item())) {
                    assertFalse(c.document().select(sel).isEmpty(), p.id() + ": " + sel + " finds nothing on the cleaned page");
                } else {
                    assertFalse(c.document().select(p.config().item()).first().select(sel).isEmpty(), p.id() + ": " + sel);
                }
            }
            String gold = p.config().toJson();
            assertTrue(ConfigGrammar.grammar(c.document(), p.fields()).accepts(gold), p.id() + " rejects " + gold);
            List<JsonNode> values = new java.util.ArrayList<>(List.of(p.gold()));
            while (!values.isEmpty()) {
                JsonNode v = values.remove(values.size() - 1);
                if (v.isTextual()) assertTrue(c.contains(v.asText()), p.id() + ": cleaning lost gold value " + v);
                v.elements().forEachRemaining(values::add);
            }
        }
        assertTrue(procedural > 40, "procedural pages checked: " + procedural);
    }

    @Test
    void goldIsValidAgainstItsSchema() {
        for (GeneratedPage p : PageGenerator.generate(45, 3, PageGenerator.Split.TEST)) {
            assertEquals(List.of(), Schemas.validate(p.schema(), p.gold()), p.id());
        }
    }

    /**
     * The acceptance test: every gold configuration reproduces its gold values on the raw page
     * (where apply-config runs it), the verifier accepts it there without a problem, and the
     * page's generation grammar (built from the cleaned page) accepts it.
     */
    @Test
    void applyingGoldConfigsReproducesGoldOnTheRawPages() {
        List<GeneratedPage> pages = new java.util.ArrayList<>(PageGenerator.generate(180, 2026, PageGenerator.Split.TEST));
        pages.addAll(PageGenerator.generate(72, 2027, PageGenerator.Split.TRAIN));
        for (SiteType site : SiteType.values()) {
            for (int t = 0; t < 4; t++) pages.add(PageGenerator.page(site, t, 3000 + t, "fixed" + t)); // no split draws them now
        }
        for (GeneratedPage p : pages) {
            var raw = HtmlPages.parse(p.html(), p.id());
            JsonNode got = ConfigApplier.apply(p.config(), raw);
            assertEquals(p.configGold(), got, p.id() + "\n" + p.config().toJson());
            var v = dev.coleta.scrape.config.ConfigVerifier.verify(p.config(), raw);
            assertTrue(v.accepted() && v.problems().isEmpty(), p.id() + ": " + v.problems());
        }
    }

    /**
     * The test split is fixed markup: these digests were taken from the generator before
     * procedural training styles existed, so any change to a test page (or to a page drawn
     * through a fixed template) shows here.
     */
    @Test
    void testPagesAndFixedTemplatesAreUnchanged() throws Exception {
        assertEquals("92426ea3cf2f7c5e47362168f5412d23c266fb85a0b4995ac73dab855c676080", digest(PageGenerator.generate(27, 1, PageGenerator.Split.TEST)), "test split");
        List<GeneratedPage> fixed = new java.util.ArrayList<>();
        for (SiteType site : SiteType.values()) {
            for (int t = 0; t < PageGenerator.TEMPLATES; t++) fixed.add(PageGenerator.page(site, t, 500 + t, "fixed"));
        }
        assertEquals("386bf955111e9d34f4e9cdd3f120c01186d66daf23e2f6cc2f8fb29f6abf7b3a", digest(fixed), "pages drawn through templates 0-5");
    }

    private static String digest(List<GeneratedPage> pages) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        for (GeneratedPage p : pages) {
            md.update(PageGenerator.toJson(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) '\n');
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    @Test
    void roundTripsThroughJson() {
        for (GeneratedPage p : PageGenerator.generate(9, 5, PageGenerator.Split.TRAIN)) {
            GeneratedPage back = PageGenerator.fromJson(PageGenerator.toJson(p));
            assertEquals(p, back);
        }
    }
}
