package dev.coleta.scrape.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.scrape.Schemas;
import dev.coleta.scrape.config.ConfigApplier;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
            assertTrue(p.template() <= 3, p.id());
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

    /** The class Javadoc: templates 0-3 make the train split, 4-5 the test split; generated pages draw from their split's. */
    @Test
    void splitTemplatesAreTheDocumentedDisjointHalves() {
        assertEquals(List.of(0, 1, 2, 3), Arrays.stream(PageGenerator.Split.TRAIN.templates()).boxed().toList());
        assertEquals(List.of(4, 5), Arrays.stream(PageGenerator.Split.TEST.templates()).boxed().toList());
        int[] copy = PageGenerator.Split.TEST.templates();
        copy[0] = 0;
        assertEquals(4, PageGenerator.Split.TEST.templates()[0], "a copy: the split cannot be changed through it");
        for (PageGenerator.Split split : PageGenerator.Split.values()) {
            Set<Integer> seen = new TreeSet<>();
            for (GeneratedPage p : PageGenerator.generate(40, 9, split)) seen.add(p.template());
            assertEquals(Arrays.stream(split.templates()).boxed().collect(Collectors.toCollection(TreeSet::new)),
                    seen, split + ": 40 pages use every template of the split and no other");
        }
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
