package dev.coleta.nl2sql;

import java.util.List;

/**
 * The synthetic databases' schemas: ten domains with three to four tables each, foreign keys,
 * nullable columns, a column named {@code order} and one named {@code OrderDate}. The last
 * three domains form the test split: their schemas never appear in training data.
 */
public final class Domains {
    /** What a column holds, which decides its values and the questions asked about it. */
    public enum Kind { ID, PERSON, TITLE, PLACE, CATEGORY, INT, REAL, DATE, FK }

    /**
     * @param values   categories for CATEGORY; the referenced table for FK
     * @param min      lower bound for INT/REAL, first year for DATE
     * @param max      upper bound for INT/REAL, last year for DATE
     * @param nullRate share of NULL values
     */
    public record Col(String name, Kind kind, List<String> values, double min, double max, double nullRate) {
        public Col {
            values = List.copyOf(values);
        }

        /** The column's name as words, for questions. */
        public String phrase() {
            return Domains.phrase(name);
        }
    }

    public record TableSpec(String name, String singular, String plural, int rows, List<Col> cols) {
        public TableSpec {
            cols = List.copyOf(cols);
        }
    }

    public record Domain(String name, List<TableSpec> tables) {
        public Domain {
            tables = List.copyOf(tables);
        }
    }

    private Domains() {
    }

    /** A name as lower-case words: {@code ShelfId} and {@code shelf_id} are "shelf id". */
    public static String phrase(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }

    static Col id() {
        return new Col("id", Kind.ID, List.of(), 0, 0, 0);
    }

    static Col person(String name) {
        return new Col(name, Kind.PERSON, List.of(), 0, 0, 0);
    }

    static Col title(String name) {
        return new Col(name, Kind.TITLE, List.of(), 0, 0, 0);
    }

    static Col place(String name, double nulls) {
        return new Col(name, Kind.PLACE, List.of(), 0, 0, nulls);
    }

    static Col cat(String name, double nulls, String... values) {
        return new Col(name, Kind.CATEGORY, List.of(values), 0, 0, nulls);
    }

    static Col num(String name, int min, int max) {
        return new Col(name, Kind.INT, List.of(), min, max, 0);
    }

    static Col real(String name, double min, double max, double nulls) {
        return new Col(name, Kind.REAL, List.of(), min, max, nulls);
    }

    static Col date(String name, int fromYear, int toYear) {
        return new Col(name, Kind.DATE, List.of(), fromYear, toYear, 0);
    }

    static Col fk(String name, String table) {
        return new Col(name, Kind.FK, List.of(table), 0, 0, 0);
    }

    static TableSpec table(String name, String singular, String plural, int rows, Col... cols) {
        return new TableSpec(name, singular, plural, rows, List.of(cols));
    }

    public static final List<Domain> ALL = List.of(
            new Domain("shop", List.of(
                    table("customers", "customer", "customers", 18, id(), person("name"), place("city", 0.1),
                            cat("segment", 0, "retail", "business", "student"), date("signup_date", 2018, 2024)),
                    table("products", "product", "products", 14, id(), title("name"),
                            cat("category", 0, "books", "garden", "toys", "kitchen", "music"), real("price", 2, 300, 0), num("stock", 0, 120)),
                    table("orders", "order", "orders", 40, id(), fk("customer_id", "customers"), fk("product_id", "products"),
                            num("quantity", 1, 9), date("OrderDate", 2021, 2024), cat("status", 0, "paid", "shipped", "cancelled")))),
            new Domain("school", List.of(
                    table("students", "student", "students", 20, id(), person("name"), num("grade", 1, 12), place("city", 0)),
                    table("courses", "course", "courses", 10, id(), title("title"),
                            cat("department", 0, "math", "history", "biology", "art"), num("credits", 1, 6)),
                    table("enrollments", "enrollment", "enrollments", 45, id(), fk("student_id", "students"), fk("course_id", "courses"),
                            real("score", 20, 100, 0.15)))),
            new Domain("library", List.of(
                    table("authors", "author", "authors", 12, id(), person("name"),
                            cat("country", 0, "France", "Brazil", "Japan", "Canada", "Nigeria"), num("birth_year", 1920, 1995)),
                    table("books", "book", "books", 25, id(), title("title"), cat("genre", 0, "mystery", "poetry", "history", "science"),
                            num("pages", 80, 900), fk("author_id", "authors"), num("published_year", 1950, 2023)),
                    table("loans", "loan", "loans", 40, id(), fk("book_id", "books"), person("member_name"), date("loan_date", 2022, 2024),
                            cat("returned", 0.1, "yes", "no")))),
            new Domain("hospital", List.of(
                    table("doctors", "doctor", "doctors", 10, id(), person("name"),
                            cat("specialty", 0, "cardiology", "pediatrics", "neurology", "surgery"), real("salary", 60000, 250000, 0)),
                    table("patients", "patient", "patients", 22, id(), person("name"), num("age", 1, 95), place("city", 0.1)),
                    table("appointments", "appointment", "appointments", 45, id(), fk("doctor_id", "doctors"), fk("patient_id", "patients"),
                            date("appointment_date", 2023, 2024), real("fee", 20, 400, 0)))),
            new Domain("music", List.of(
                    table("artists", "artist", "artists", 10, id(), person("name"), cat("country", 0, "UK", "USA", "Sweden", "Mali"),
                            num("formed_year", 1960, 2020)),
                    table("albums", "album", "albums", 18, id(), title("title"), fk("artist_id", "artists"), num("year", 1965, 2024),
                            real("rating", 1, 5, 0.1)),
                    table("tracks", "track", "tracks", 50, id(), title("title"), fk("album_id", "albums"), num("duration_seconds", 90, 600),
                            num("order", 1, 14)))),
            new Domain("hr", List.of(
                    table("departments", "department", "departments", 6, id(), title("name"), real("budget", 50000, 900000, 0),
                            place("location", 0)),
                    table("employees", "employee", "employees", 30, id(), person("name"), fk("department_id", "departments"),
                            real("salary", 30000, 180000, 0), date("hire_date", 2010, 2024), fk("manager_id", "employees"),
                            cat("title", 0.05, "engineer", "analyst", "manager", "clerk")))),
            new Domain("flights", List.of(
                    table("airports", "airport", "airports", 10, id(), title("name"), place("city", 0), cat("country", 0, "Spain", "Peru", "Kenya", "India")),
                    table("airlines", "airline", "airlines", 6, id(), title("name"), cat("alliance", 0.2, "Star", "Oneworld", "SkyTeam")),
                    table("flights", "flight", "flights", 40, id(), fk("airline_id", "airlines"), fk("origin_id", "airports"),
                            num("distance", 150, 9000), real("price", 40, 1500, 0), date("departure_date", 2024, 2025)))),
            // ---- test split: schemas never seen in training
            new Domain("movies", List.of(
                    table("studios", "studio", "studios", 8, id(), title("name"), place("city", 0)),
                    table("movies", "movie", "movies", 24, id(), title("title"), fk("studio_id", "studios"), num("release_year", 1970, 2024),
                            real("budget", 1, 250, 0.1), cat("genre", 0, "drama", "comedy", "horror", "animation")),
                    table("reviews", "review", "reviews", 50, id(), fk("movie_id", "movies"), person("reviewer"), num("stars", 1, 5)))),
            new Domain("restaurants", List.of(
                    table("restaurants", "restaurant", "restaurants", 12, id(), title("name"),
                            cat("cuisine", 0, "thai", "italian", "mexican", "ethiopian"), place("city", 0), real("rating", 1, 5, 0.1)),
                    table("dishes", "dish", "dishes", 40, id(), fk("restaurant_id", "restaurants"), title("name"), real("price", 3, 60, 0),
                            cat("vegetarian", 0, "yes", "no")),
                    table("inspections", "inspection", "inspections", 30, id(), fk("restaurant_id", "restaurants"),
                            date("inspection_date", 2020, 2024), num("score", 40, 100)))),
            new Domain("sports", List.of(
                    table("teams", "team", "teams", 8, id(), title("name"), place("city", 0), num("founded", 1880, 2010)),
                    table("players", "player", "players", 40, id(), person("name"), fk("team_id", "teams"),
                            cat("position", 0, "goalkeeper", "defender", "midfielder", "forward"), num("age", 17, 39), num("goals", 0, 30)),
                    table("matches", "match", "matches", 30, id(), fk("home_team_id", "teams"), fk("away_team_id", "teams"),
                            date("match_date", 2023, 2024), num("home_score", 0, 6), num("away_score", 0, 6)))));

    /**
     * A naming variant of {@code d}, drawn from {@code seed}, so that training sees more schemas
     * than domains: table names singular or plural (singular "order" and "match" need quotes),
     * column names snake_case or PascalCase ("SignupDate"). Primary keys stay {@code id}.
     */
    public static Domain variant(Domain d, long seed) {
        java.util.Random r = new java.util.Random(seed * 1_000_003L + d.name().hashCode());
        boolean singular = r.nextBoolean();
        boolean pascal = r.nextInt(3) == 0;
        java.util.Map<String, String> tables = new java.util.HashMap<>();
        for (TableSpec t : d.tables()) tables.put(t.name(), singular ? t.singular().replace(' ', '_') : t.name());
        List<TableSpec> out = new java.util.ArrayList<>();
        for (TableSpec t : d.tables()) {
            List<Col> cols = new java.util.ArrayList<>();
            for (Col c : t.cols()) {
                String name = pascal && c.kind() != Kind.ID ? pascal(c.name()) : c.name();
                List<String> values = c.kind() == Kind.FK ? List.of(tables.get(c.values().get(0))) : c.values();
                cols.add(new Col(name, c.kind(), values, c.min(), c.max(), c.nullRate()));
            }
            out.add(new TableSpec(tables.get(t.name()), t.singular(), t.plural(), t.rows(), cols));
        }
        return new Domain(d.name(), out);
    }

    /** A snake_case name in PascalCase: {@code signup_date} is {@code SignupDate}. */
    public static String pascal(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    /** The domains of a split: "train" (first seven) or "test" (last three). */
    public static List<Domain> split(String split) {
        return switch (split) {
            case "train" -> ALL.subList(0, 7);
            case "test" -> ALL.subList(7, ALL.size());
            case "all" -> ALL;
            default -> throw new IllegalArgumentException("split must be train, test or all, got " + split);
        };
    }
}
