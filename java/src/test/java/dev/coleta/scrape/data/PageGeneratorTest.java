package dev.coleta.scrape.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.scrape.Schemas;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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

    @Test
    void goldIsValidAgainstItsSchema() {
        for (GeneratedPage p : PageGenerator.generate(45, 3, PageGenerator.Split.TEST)) {
            assertEquals(List.of(), Schemas.validate(p.schema(), p.gold()), p.id());
        }
    }

    /** The acceptance test: every gold configuration of the test split reproduces its gold values. */
    @Test
    void applyingGoldConfigsReproducesGoldOnTheWholeTestSplit() {
        List<GeneratedPage> pages = PageGenerator.generate(180, 2026, PageGenerator.Split.TEST);
        for (GeneratedPage p : pages) {
            CleanPage clean = HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id()));
            JsonNode got = ConfigApplier.apply(p.config(), clean.document());
            assertEquals(p.configGold(), got, p.id() + "\n" + p.config().toJson());
        }
    }

    @Test
    void roundTripsThroughJson() {
        for (GeneratedPage p : PageGenerator.generate(9, 5, PageGenerator.Split.TRAIN)) {
            GeneratedPage back = PageGenerator.fromJson(PageGenerator.toJson(p));
            assertEquals(p, back);
        }
    }
}
