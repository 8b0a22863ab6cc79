package dev.coleta.scrape.data;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Random but plausible content: names, products, prices, dates, places, sentences. */
final class Content {
    private static final List<String> FIRST = List.of("Ana", "João", "Maria", "Lucas", "Sofia", "Chen", "Amara", "Olga",
            "Pedro", "Lena", "Tomás", "Yuki", "Fatima", "Noah", "Émilie", "Rahul", "Zoë", "Ivan", "Grace", "Mateo");
    private static final List<String> LAST = List.of("Silva", "Oliveira", "Müller", "Kowalski", "Nakamura", "Okafor",
            "García", "Dubois", "Rossi", "Novak", "Haddad", "Jensen", "O'Brien", "Santos", "Kim", "Petrov", "Costa");
    private static final List<String> ADJ = List.of("Compact", "Wireless", "Organic", "Vintage", "Ultra", "Smart",
            "Classic", "Ergonomic", "Portable", "Premium", "Handmade", "Solar", "Quiet", "Rugged", "Slim", "Deluxe");
    private static final List<String> NOUN = List.of("Kettle", "Headphones", "Backpack", "Desk Lamp", "Coffee Grinder",
            "Notebook", "Blender", "Running Shoes", "Tent", "Monitor Stand", "Water Bottle", "Keyboard", "Umbrella",
            "Chair", "Speaker", "Camera Bag", "Cutting Board", "Jacket");
    private static final List<String> BRAND = List.of("Acme", "Nordvik", "Lumos", "Tessera", "Orbital", "Kazu", "Verde",
            "Halden", "Brio", "Quanta", "Maré");
    private static final List<String> CITY = List.of("Lisbon", "Porto", "São Paulo", "Kraków", "Osaka", "Lagos",
            "Montréal", "Zürich", "Nairobi", "Valparaíso", "Reykjavík", "Hanoi", "Tbilisi", "Austin", "Bergen");
    private static final List<String> COUNTRY = List.of("Portugal", "Brazil", "Poland", "Japan", "Nigeria", "Canada",
            "Switzerland", "Kenya", "Chile", "Iceland", "Vietnam", "Georgia", "United States", "Norway");
    private static final List<String> ROLE = List.of("Head of Design", "Data Engineer", "Product Manager", "CTO",
            "Support Lead", "Research Scientist", "Marketing Director", "Backend Developer", "Office Manager");
    private static final List<String> TOPIC = List.of("How do I reset the router after a firmware update?",
            "Best budget lenses for street photography", "Sourdough starter smells like acetone",
            "Is the 2024 model worth the upgrade?", "Weekly thread: show your desk setup",
            "Help: Python venv not activating on Windows", "Recommendations for a quiet mechanical keyboard",
            "Trail report: Serra da Estrela in November", "Why does my bike chain keep slipping?",
            "Migrating from MySQL 5.7 to 8.0 — gotchas?", "Favourite podcasts about urban planning");
    private static final List<String> DISH = List.of("Grilled Octopus", "Mushroom Risotto", "Bacalhau à Brás",
            "Ramen Tonkotsu", "Caesar Salad", "Beef Wellington", "Pastel de Nata", "Falafel Plate", "Margherita Pizza",
            "Pad Thai", "Crème Brûlée", "Tuna Tartare", "Vegetable Curry", "Lamb Tagine");
    private static final List<String> EVENT = List.of("Jazz Night", "Open Source Meetup", "Farmers Market",
            "Poetry Slam", "Marathon Expo", "Film Festival Opening", "Ceramics Workshop", "Startup Pitch Day",
            "Chess Tournament", "Choir Concert", "Photography Walk", "Wine Tasting");
    private static final List<String> VENUE = List.of("Town Hall", "Riverside Park", "The Blue Note", "Central Library",
            "Warehouse 9", "Museum Garden", "Community Centre", "Harbour Pavilion", "Old Cinema");
    private static final List<String> WORDS = List.of("the", "city", "council", "announced", "new", "plans", "for",
            "public", "transport", "which", "residents", "said", "would", "change", "daily", "life", "after", "years",
            "of", "debate", "about", "costs", "and", "benefits", "across", "several", "districts", "while", "experts",
            "remain", "cautious", "regarding", "timelines", "budget", "community", "groups", "welcomed", "decision");
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");

    private final Random rnd;

    Content(Random rnd) {
        this.rnd = rnd;
    }

    <T> T pick(List<T> xs) {
        return xs.get(rnd.nextInt(xs.size()));
    }

    int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    String person() {
        return pick(FIRST) + " " + pick(LAST);
    }

    String product() {
        return pick(BRAND) + " " + pick(ADJ) + " " + pick(NOUN) + (chance(0.3) ? " " + pick(List.of("Pro", "Mini", "X2", "& Case", "2.0")) : "");
    }

    String brand() {
        return pick(BRAND);
    }

    String price() {
        int cents = between(199, 99999);
        return switch (rnd.nextInt(3)) {
            case 0 -> String.format(Locale.ROOT, "$%d.%02d", cents / 100, cents % 100);
            case 1 -> String.format(Locale.ROOT, "€%d,%02d", cents / 100, cents % 100);
            default -> String.format(Locale.ROOT, "R$ %d,%02d", cents / 100, cents % 100);
        };
    }

    String date() {
        int y = between(2019, 2026);
        int m = rnd.nextInt(12);
        int d = between(1, 28);
        return switch (rnd.nextInt(3)) {
            case 0 -> String.format(Locale.ROOT, "%d-%02d-%02d", y, m + 1, d);
            case 1 -> d + " " + MONTHS.get(m) + " " + y;
            default -> MONTHS.get(m) + " " + d + ", " + y;
        };
    }

    String city() {
        return pick(CITY);
    }

    String country() {
        return pick(COUNTRY);
    }

    String role() {
        return pick(ROLE);
    }

    String topic() {
        return pick(TOPIC);
    }

    String dish() {
        return pick(DISH);
    }

    String event() {
        return pick(EVENT);
    }

    String venue() {
        return pick(VENUE) + ", " + pick(CITY);
    }

    String number(int lo, int hi) {
        return Integer.toString(between(lo, hi));
    }

    String grouped(int lo, int hi) {
        return String.format(Locale.ROOT, "%,d", between(lo, hi));
    }

    String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    String sentence(int minWords, int maxWords) {
        int n = between(minWords, maxWords);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String w = pick(WORDS);
            if (i == 0) w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            sb.append(i == 0 ? "" : " ").append(w);
        }
        return sb.append('.').toString();
    }

    String hex(int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) sb.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        return sb.toString();
    }
}
