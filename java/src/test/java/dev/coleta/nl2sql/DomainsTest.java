package dev.coleta.nl2sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class DomainsTest {
    static String phrase(String name) {
        return new Domains.Col(name, Domains.Kind.INT, List.of(), 0, 1, 0).phrase();
    }

    @Test
    void phraseSpellsColumnNamesAsWords() {
        assertEquals("city", phrase("city"));
        assertEquals("signup date", phrase("signup_date"));
        assertEquals("order date", phrase("OrderDate"));
        assertEquals("birth year", phrase("birthYear"));
        assertEquals("unit price usd", phrase("unitPriceUSD"));
    }

    @Test
    void pascalJoinsSnakeCaseWordsCapitalised() {
        assertEquals("SignupDate", Domains.pascal("signup_date"));
        assertEquals("City", Domains.pascal("city"));
        assertEquals("UnitPriceUsd", Domains.pascal("unit__price_usd"));
        assertEquals("signup date", phrase(Domains.pascal("signup_date")), "phrase reads it back");
    }

    /** What the question generator writes: the shop domain's columns, as words. */
    @Test
    void phrasesOfARealDomain() {
        Domains.Domain shop = Domains.ALL.stream().filter(d -> d.name().equals("shop")).findFirst().orElseThrow();
        Domains.TableSpec orders = shop.tables().stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow();
        assertEquals(List.of("id", "customer id", "product id", "quantity", "order date", "status"),
                orders.cols().stream().map(Domains.Col::phrase).toList());
    }

    @Test
    void aGeneratedDatabaseKeepsItsDomain() {
        for (Domains.Domain d : Domains.ALL) {
            SyntheticDatabase db = SyntheticDatabase.generate(d, 3);
            assertSame(d, db.domain());
            for (Domains.TableSpec t : db.domain().tables()) {
                // every row has the domain's columns, in order
                List<String> columns = t.cols().stream().map(Domains.Col::name).toList();
                for (var row : db.rows(t.name())) assertEquals(columns, List.copyOf(row.keySet()), d.name() + "." + t.name());
            }
        }
    }
}
