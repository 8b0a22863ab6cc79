package dev.coleta.nl2sql;

import dev.coleta.nl2sql.Domains.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaLinkerTest {
    private static Schema.Column col(String name) {
        return new Schema.Column(name, "TEXT", name.equals("id"), List.of());
    }

    private static Schema.Table table(String name, List<String> cols, Schema.ForeignKey... fks) {
        return new Schema.Table(name, cols.stream().map(SchemaLinkerTest::col).toList(), List.of(fks));
    }

    /** studio <- movie <- review -> reviewer; category stands alone. */
    private static final Schema FILMS = new Schema(List.of(
            table("studio", List.of("id", "name", "city")),
            table("movie", List.of("id", "title", "studio_id", "release_year"), new Schema.ForeignKey("studio_id", "studio", "id")),
            table("reviewer", List.of("id", "name")),
            table("review", List.of("id", "movie_id", "reviewer_id", "stars"),
                    new Schema.ForeignKey("movie_id", "movie", "id"), new Schema.ForeignKey("reviewer_id", "reviewer", "id")),
            table("categories", List.of("id", "label"))));

    private static List<String> tables(Schema s) {
        return s.tables().stream().map(Schema.Table::name).toList();
    }

    @Test
    void aQuestionKeepsTheTablesItNamesInSchemaOrder() {
        assertEquals(List.of("studio"), tables(SchemaLinker.link(FILMS, "Show the city of every one of the studios.")));
        assertEquals(List.of("movie"), tables(SchemaLinker.link(FILMS, "How many movies are there?")));
        assertEquals(List.of("categories"), tables(SchemaLinker.link(FILMS, "List every category label.")));
        // a column of two words names its table; the studio table is named as well
        assertEquals(List.of("studio", "movie"), tables(SchemaLinker.link(FILMS, "How many different studio id values are there?")));
        assertEquals(List.of("movie"), tables(SchemaLinker.link(FILMS, "Which release year is the most common?")));
    }

    @Test
    void theTablesJoiningTheNamedOnesAreKeptWithTheirForeignKeys() {
        Schema s = SchemaLinker.link(FILMS, "Which reviewers rated movies of the studio called Apex?");
        assertEquals(List.of("studio", "movie", "reviewer", "review"), tables(s));
        Schema two = SchemaLinker.link(FILMS, "For each movie, count its reviews.");
        assertEquals(List.of("movie", "review"), tables(two));
        // review's foreign key to the dropped reviewer table goes; the one to movie stays
        Schema.Table review = two.table("review").orElseThrow();
        assertEquals(List.of("movie"), review.foreignKeys().stream().map(Schema.ForeignKey::refTable).toList());
        assertEquals(4, review.columns().size(), "every column of a kept table stays");
    }

    @Test
    void aQuestionThatNamesNothingKeepsTheWholeSchema() {
        assertSame(FILMS, SchemaLinker.link(FILMS, "What is the answer?"));
        // one-word columns name their tables only when no table is named
        // (the tables joining them come along: studio <- movie <- review -> reviewer)
        assertEquals(List.of("studio", "movie", "reviewer", "review"), tables(SchemaLinker.link(FILMS, "Give every name.")));
        assertEquals(List.of("studio"), tables(SchemaLinker.link(FILMS, "Give every city.")));
        assertEquals(List.of("reviewer"), tables(SchemaLinker.link(FILMS, "Give the name of every reviewer.")));
    }

    @Test
    void severalQuestionsKeepTheUnionOfTheirTables() {
        assertEquals(List.of("studio", "categories"), tables(SchemaLinker.link(FILMS, List.of("Count the studios.", "List the categories."))));
        assertSame(FILMS, SchemaLinker.link(FILMS, List.of("Count the studios.", "What is the answer?")));
    }

    @Test
    void pluralsAndNameSpellings() {
        assertTrue(SchemaLinker.forms("categories").contains("category"));
        assertTrue(SchemaLinker.forms("Movies").contains("movie"));
        assertTrue(SchemaLinker.forms("matches").contains("match"));
        assertTrue(SchemaLinker.forms("boxes").contains("box"));
        assertEquals(java.util.Set.of("class"), SchemaLinker.forms("class"));
        assertEquals(java.util.Set.of("bus"), SchemaLinker.forms("bus"));
        assertEquals(List.of("release", "years"), SchemaLinker.nameWords("ReleaseYears"));
        assertEquals(List.of("studio", "id"), SchemaLinker.nameWords("studio_id"));
        assertTrue(SchemaLinker.words("How many MATCHES, per home-team?").containsAll(List.of("how", "match", "home", "team")));
        // a plural table name and a singular question word meet, and the other way round
        Schema plural = new Schema(List.of(table("statuses", List.of("id", "label")), table("box", List.of("id"))));
        assertEquals(List.of("statuses"), tables(SchemaLinker.link(plural, "Which status has the longest label?")));
        assertEquals(List.of("box"), tables(SchemaLinker.link(plural, "How many boxes are there?")));
    }

    /**
     * On every construct over the hand-made schemas (the test split's among them) and drawn ones,
     * the linked schema's strict grammar still accepts the gold query, and linking drops tables.
     */
    @Test
    void goldQueriesStayInTheLinkedGrammar(@TempDir Path dir) {
        List<Domain> domains = new ArrayList<>(Domains.ALL);
        domains.addAll(RandomDomains.generate(8, 11));
        SqlGrammarOptions strict = SqlGrammarOptions.defaults().withStrict(true);
        int questions = 0, kept = 0, all = 0;
        List<String> lost = new ArrayList<>();
        for (Domain d : domains) {
            SyntheticDatabase db = SyntheticDatabase.generate(d, 5);
            Path f = dir.resolve(d.name() + ".sqlite");
            db.write(f);
            Schema schema = SchemaReader.fromDatabase(f.toString());
            QuestionGenerator qg = new QuestionGenerator(db, 5);
            for (int i = 0; i < qg.templateCount(); i++) {
                QuestionGenerator.Pair e = qg.next(i);
                Schema linked = SchemaLinker.link(schema, e.question());
                questions++;
                kept += linked.tables().size();
                all += schema.tables().size();
                if (!SqlGrammar.grammar(linked, strict).accepts(e.sql())) lost.add(d.name() + ": " + e.question() + " -> " + e.sql());
            }
        }
        assertTrue(lost.isEmpty(), lost.size() + " of " + questions + " gold queries left the linked grammar:\n" + String.join("\n", lost));
        assertTrue(kept < 0.75 * all, "linking kept " + kept + " of " + all + " tables");
    }
}
