package dev.coleta.tune;

import dev.coleta.scrape.FakeModel;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.Scraper;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlPages;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Grounding never blocks a value a chunk shows: in the context tune uses (1,024 tokens, long
 * pages in chunks), every chunk's gold ({@link ChunkGold}, what of the page's gold that chunk
 * shows) is accepted by that chunk's grounded grammar, except values the chunk shows only
 * inside another word. Those are ChunkGold's own slips (it matches normalised substrings: a
 * reply count "202" inside a date "2022-...", "CTO" inside "Director"), so the right answer
 * there is null, which the grounded grammar allows.
 */
class GroundedChunkGoldTest {
    @Test
    void everyChunksGoldIsAcceptedByItsGroundedGrammar() {
        int calls = 0, chunked = 0, refusedFree = 0, artefacts = 0;
        List<String> refused = new ArrayList<>();
        java.util.Set<String> insideWords = new java.util.TreeSet<>();
        for (SiteType site : SiteType.values()) {
            for (int template = 0; template < PageGenerator.TEMPLATES; template++) {
                GeneratedPage p = PageGenerator.page(site, template, 70 + template, "chunk-gold");
                List<String> answers = new ArrayList<>();
                List<String> chunks = new ArrayList<>();
                java.util.function.Function<String, String> gold = page -> {
                    String a = ChunkGold.restrict(p.gold(), page).toString();
                    answers.add(a);
                    chunks.add(page);
                    return a;
                };
                FakeModel free = new FakeModel(1024, gold);
                new Scraper(free, ScrapeOptions.defaults().withGrounded(false)).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                int n = answers.size();
                FakeModel grounded = new FakeModel(1024, gold);
                new Scraper(grounded, ScrapeOptions.defaults().withGrounded(true)).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                if (n > 1) chunked++;
                for (int i = 0; i < n; i++) {
                    calls++;
                    String answer = answers.get(n + i);
                    // a gold the ungrounded grammar refuses too (too long for the answer's bounds) is no loss of grounding
                    if (!free.grammars.get(i).accepts(answers.get(i))) {
                        refusedFree++;
                        continue;
                    }
                    if (grounded.grammars.get(i).accepts(answer)) continue;
                    // which values: those the chunk does not show as written
                    List<String> bad = new ArrayList<>();
                    String chunk = chunks.get(n + i);
                    java.util.List<com.fasterxml.jackson.databind.JsonNode> stack = new ArrayList<>();
                    try {
                        stack.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    while (!stack.isEmpty()) {
                        var v = stack.remove(stack.size() - 1);
                        if (v.isTextual()) {
                            var one = dev.coleta.grammar.Grammar.jsonSchema("{\"type\":\"string\"}", dev.coleta.grammar.JsonSchemaOptions.defaults()
                                    .withFreeText(dev.coleta.grammar.TextSpans.of(dev.coleta.scrape.html.TextView.segments(chunk))));
                            // refused: then the chunk must not show it as a word of its own, set off by whitespace,
                            // brackets, quotes or a colon ("7" in "5.7" or ".../5-7-to-8" is none)
                            if (!one.accepts(v.toString())) {
                                if (java.util.regex.Pattern.compile("(?<=^|[\\s(\\[{\"':|])" + java.util.regex.Pattern.quote(v.asText())
                                        + "(?=$|[\\s)\\]}\"'|]|[.,;:!?]+(?:\\s|$))", java.util.regex.Pattern.MULTILINE)
                                        .matcher(chunk).find()) {
                                    bad.add(v.asText());
                                } else {
                                    insideWords.add(v.asText());
                                }
                            }
                        } else v.forEach(stack::add);
                    }
                    if (!bad.isEmpty()) refused.add(p.id() + " chunk " + i + ": " + bad);
                    else artefacts++;
                }
            }
        }
        System.out.printf("grounded grammars accept %d of %d chunk golds that the free grammar accepts (%d pages in chunks; %d golds too long for either);"
                + " %d refused golds hold values the chunk shows only inside other words: %s%n",
                calls - refusedFree - refused.size() - artefacts, calls - refusedFree, chunked, refusedFree, artefacts, insideWords);
        refused.forEach(System.out::println);
        assertEquals(List.of(), refused);
    }
}
