package dev.coleta.nl2sql;

import dev.coleta.nl2sql.Domains.Col;
import dev.coleta.nl2sql.Domains.Domain;
import dev.coleta.nl2sql.Domains.Kind;
import dev.coleta.nl2sql.Domains.TableSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Training schemas drawn at random: tables named after arbitrary things, columns named after
 * arbitrary attributes, foreign keys between them. Seven hand-made domains let a small model
 * learn their names by heart; hundreds of drawn ones leave it one way to write the right name:
 * copy it from the question and the schema in its prompt, which is what an unseen database
 * asks of it. Every other drawn schema names its tables and columns with invented words
 * ("dovaki", plural "dovakis"; column "merota"): a name seen in no other schema, which only
 * copying can write (docs/EXPERIMENTS.md E16).
 *
 * <p>No table, column or category value that only the test split's domains use is ever drawn,
 * so the test schemas stay unseen ({@link #testOnlyWords()}). Deterministic by seed.
 */
public final class RandomDomains {
    /** Things a table can hold: singular, plural. */
    private static final String[][] ENTITIES = {
            {"lantern", "lanterns"}, {"harbor", "harbors"}, {"bicycle", "bicycles"}, {"garden", "gardens"},
            {"volcano", "volcanoes"}, {"kettle", "kettles"}, {"planet", "planets"}, {"bridge", "bridges"},
            {"tractor", "tractors"}, {"festival", "festivals"}, {"museum", "museums"}, {"painting", "paintings"},
            {"warehouse", "warehouses"}, {"parcel", "parcels"}, {"vessel", "vessels"}, {"island", "islands"},
            {"orchard", "orchards"}, {"beehive", "beehives"}, {"telescope", "telescopes"}, {"satellite", "satellites"},
            {"recipe", "recipes"}, {"ingredient", "ingredients"}, {"vineyard", "vineyards"}, {"bottle", "bottles"},
            {"tournament", "tournaments"}, {"referee", "referees"}, {"climber", "climbers"}, {"summit", "summits"},
            {"trail", "trails"}, {"cabin", "cabins"}, {"ferry", "ferries"}, {"route", "routes"},
            {"station", "stations"}, {"train", "trains"}, {"ticket", "tickets"}, {"passenger", "passengers"},
            {"invoice", "invoices"}, {"supplier", "suppliers"}, {"shipment", "shipments"}, {"pallet", "pallets"},
            {"sensor", "sensors"}, {"reading", "readings"}, {"device", "devices"}, {"firmware", "firmwares"},
            {"course", "courses"}, {"lesson", "lessons"}, {"tutor", "tutors"}, {"exam", "exams"},
            {"patent", "patents"}, {"inventor", "inventors"}, {"company", "companies"}, {"office", "offices"},
            {"library", "libraries"}, {"shelf", "shelves"}, {"magazine", "magazines"}, {"issue", "issues"},
            {"farm", "farms"}, {"animal", "animals"}, {"crop", "crops"}, {"harvest", "harvests"},
            {"hotel", "hotels"}, {"room", "rooms"}, {"guest", "guests"}, {"booking", "bookings"},
            {"bakery", "bakeries"}, {"cake", "cakes"}, {"baker", "bakers"}, {"oven", "ovens"},
            {"gallery", "galleries"}, {"sculpture", "sculptures"}, {"artist", "artists"}, {"exhibit", "exhibits"},
            {"clinic", "clinics"}, {"nurse", "nurses"}, {"visit", "visits"}, {"vaccine", "vaccines"},
            {"park", "parks"}, {"ranger", "rangers"}, {"tree", "trees"}, {"bird", "birds"},
            {"concert", "concerts"}, {"band", "bands"}, {"song", "songs"}, {"venue", "venues"},
            {"robot", "robots"}, {"factory", "factories"}, {"part", "parts"}, {"worker", "workers"},
            {"spaceship", "spaceships"}, {"pilot", "pilots"}, {"mission", "missions"}, {"crew", "crews"},
            {"market", "markets"}, {"stall", "stalls"}, {"vendor", "vendors"}, {"fruit", "fruits"},
            {"school", "schools"}, {"teacher", "teachers"}, {"pupil", "pupils"}, {"classroom", "classrooms"},
            {"garage", "garages"}, {"car", "cars"}, {"mechanic", "mechanics"}, {"repair", "repairs"},
            {"castle", "castles"}, {"knight", "knights"}, {"dragon", "dragons"}, {"quest", "quests"},
            {"podcast", "podcasts"}, {"episode", "episodes"}, {"host", "hosts"}, {"sponsor", "sponsors"},
            {"charity", "charities"}, {"donor", "donors"}, {"campaign", "campaigns"}, {"grant", "grants"},
            {"aquarium", "aquariums"}, {"fish", "fishes"}, {"tank", "tanks"}, {"diver", "divers"},
            {"mine", "mines"}, {"mineral", "minerals"}, {"miner", "miners"}, {"tunnel", "tunnels"},
            {"theater", "theaters"}, {"play", "plays"}, {"actor", "actors"}, {"costume", "costumes"},
            {"league", "leagues"}, {"club", "clubs"}, {"coach", "coaches"}, {"trophy", "trophies"},
            {"blog", "blogs"}, {"post", "posts"}, {"comment", "comments"}, {"author", "authors"},
            {"vault", "vaults"}, {"coin", "coins"}, {"collector", "collectors"}, {"auction", "auctions"}};
    private static final String[] PERSON_COLS = {"name", "owner", "contact", "founder", "holder", "keeper",
            "captain", "full_name", "manager_name", "nickname", "organizer", "inspector_name"};
    private static final String[] TITLE_COLS = {"name", "title", "label", "brand", "model", "code_name", "headline", "motto"};
    private static final String[] PLACE_COLS = {"city", "town", "location", "hometown", "home_city", "base_city", "region", "origin"};
    private static final String[] INT_COLS = {"weight", "height", "capacity", "floors", "seats", "wins", "points", "copies",
            "visitors", "level", "quantity", "speed", "length_km", "depth", "members", "pages", "floor", "lives",
            "year_built", "batch", "volume", "priority", "votes", "laps"};
    private static final String[] REAL_COLS = {"cost", "amount", "width", "balance", "discount", "revenue", "temperature",
            "altitude", "weight_kg", "fee", "salary", "price", "tax", "distance_km", "area", "humidity"};
    private static final String[] DATE_COLS = {"created_date", "opened_date", "due_date", "start_date", "visit_date",
            "renewal_date", "launch_date", "signup_date", "end_date", "checked_date", "hire_date", "birth_date"};
    private static final String[] CATEGORY_COLS = {"color", "size", "status", "tier", "kind", "shape", "flavor", "mood",
            "material", "grade", "season", "region_code", "style", "channel", "segment", "type", "fuel", "language"};
    private static final String[][] CATEGORY_VALUES = {
            {"red", "green", "blue", "yellow", "black"}, {"small", "medium", "large"}, {"open", "closed", "pending"},
            {"gold", "silver", "bronze"}, {"north", "south", "east", "west"}, {"round", "square", "oval"},
            {"sweet", "sour", "salty", "bitter"}, {"calm", "busy", "quiet"}, {"wood", "steel", "glass", "stone"},
            {"spring", "summer", "autumn", "winter"}, {"basic", "plus", "pro"}, {"online", "phone", "store"},
            {"electric", "diesel", "petrol"}, {"English", "Portuguese", "Swahili", "Hindi"}, {"A", "B", "C"},
            {"new", "used", "refurbished"}, {"yes", "no"}, {"low", "high"}};

    private static final Set<String> TEST_ONLY = computeTestOnly();

    private RandomDomains() {
    }

    /**
     * Names and category values that the test split's domains use and the training domains do
     * not; drawn schemas never use them.
     */
    public static Set<String> testOnlyWords() {
        return TEST_ONLY;
    }

    private static Set<String> computeTestOnly() {
        Set<String> train = words(Domains.split("train"));
        Set<String> test = words(Domains.split("test"));
        test.removeAll(train);
        return Set.copyOf(test);
    }

    private static Set<String> words(List<Domain> domains) {
        Set<String> out = new HashSet<>();
        for (Domain d : domains) {
            for (TableSpec t : d.tables()) {
                out.add(t.name());
                out.add(t.singular());
                out.add(t.plural());
                for (Col c : t.cols()) {
                    out.add(c.name());
                    if (c.kind() == Kind.CATEGORY) out.addAll(c.values());
                }
            }
        }
        return out;
    }

    /** {@code count} schemas named {@code gen0, gen1, ...}, drawn from {@code seed}. */
    public static List<Domain> generate(int count, long seed) {
        if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
        List<Domain> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(domain("gen" + i, new SplittableRandom(seed * 1_000_003L + i), i % 2 == 1));
        return out;
    }

    private static Domain domain(String name, SplittableRandom r, boolean invented) {
        int nTables = 2 + r.nextInt(3);
        List<String[]> entities = new ArrayList<>();
        Set<String> used = new HashSet<>();
        while (entities.size() < nTables) {
            String[] e;
            if (invented) {
                String w = inventedWord(r);
                e = new String[] {w, w + "s"};
            } else {
                e = ENTITIES[r.nextInt(ENTITIES.length)];
            }
            if (allowed(e[0]) && allowed(e[1]) && used.add(e[0])) entities.add(e);
        }
        List<TableSpec> tables = new ArrayList<>();
        for (int i = 0; i < nTables; i++) {
            String[] e = entities.get(i);
            Set<String> names = new LinkedHashSet<>();
            List<Col> cols = new ArrayList<>();
            cols.add(Domains.id());
            names.add("id");
            if (r.nextInt(2) == 0) add(cols, names, Domains.person(pick(PERSON_COLS, r, invented)));
            else add(cols, names, Domains.title(pick(TITLE_COLS, r, invented)));
            if (i > 0) {
                // each later table refers to one or two earlier ones: joins have a path
                int parents = 1 + (i > 1 && r.nextInt(3) == 0 ? 1 : 0);
                for (int p = 0; p < parents; p++) {
                    TableSpec parent = tables.get(r.nextInt(tables.size()));
                    add(cols, names, Domains.fk(parent.singular() + "_id", parent.name()));
                }
            }
            int attrs = 2 + r.nextInt(3);
            for (int a = 0; a < attrs; a++) add(cols, names, attribute(r, invented));
            tables.add(new TableSpec(e[1], e[0], e[1], 8 + r.nextInt(30), cols));
        }
        return new Domain(name, tables);
    }

    private static Col attribute(SplittableRandom r, boolean invented) {
        return switch (r.nextInt(7)) {
            case 0 -> Domains.place(pick(PLACE_COLS, r, invented), r.nextInt(3) == 0 ? 0.1 : 0);
            case 1 -> {
                int lo = r.nextInt(3) == 0 ? 1900 + r.nextInt(80) : r.nextInt(20);
                yield Domains.num(pick(INT_COLS, r, invented), lo, lo + 10 + r.nextInt(400));
            }
            case 2 -> {
                double lo = r.nextInt(100);
                yield Domains.real(pick(REAL_COLS, r, invented), lo, lo + 20 + r.nextInt(5000), r.nextInt(4) == 0 ? 0.1 : 0);
            }
            case 3 -> {
                int from = 1990 + r.nextInt(30);
                yield Domains.date(pick(DATE_COLS, r, invented), from, from + 1 + r.nextInt(5));
            }
            default -> {
                String[] values = CATEGORY_VALUES[r.nextInt(CATEGORY_VALUES.length)];
                List<String> allowedValues = new ArrayList<>();
                for (String v : values) if (allowed(v)) allowedValues.add(v);
                yield Domains.cat(pick(CATEGORY_COLS, r, invented), r.nextInt(4) == 0 ? 0.1 : 0, allowedValues.toArray(String[]::new));
            }
        };
    }

    /** Adds {@code c} unless its name is taken in the table or belongs to the test split. */
    private static void add(List<Col> cols, Set<String> names, Col c) {
        if (allowed(c.name()) && c.values().stream().allMatch(v -> c.kind() == Kind.FK || allowed(v)) && names.add(c.name())) cols.add(c);
    }

    private static boolean allowed(String word) {
        return !TEST_ONLY.contains(word);
    }

    private static String pick(String[] pool, SplittableRandom r) {
        return pool[r.nextInt(pool.length)];
    }

    /** A word from the pool, or an invented one; the pool's draw happens either way. */
    private static String pick(String[] pool, SplittableRandom r, boolean invented) {
        String w = pick(pool, r);
        return invented ? inventedWord(r) : w;
    }

    private static final String CONSONANTS = "bdfgklmnprstvz";
    private static final String VOWELS = "aeiou";

    /** Three consonant-vowel syllables ("dovaki"): no SQL keyword, no English word of this pool. */
    static String inventedWord(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 3; i++) {
            sb.append(CONSONANTS.charAt(r.nextInt(CONSONANTS.length()))).append(VOWELS.charAt(r.nextInt(VOWELS.length())));
        }
        return sb.toString();
    }
}
