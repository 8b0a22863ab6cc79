package dev.coleta.nl2sql;

import dev.coleta.nl2sql.Domains.Col;
import dev.coleta.nl2sql.Domains.Kind;
import dev.coleta.nl2sql.Domains.TableSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * Question/SQL pairs over a {@link SyntheticDatabase}: one template per SQL construct, each
 * with several phrasings, literals drawn from the rows actually in the database. The SQL is
 * written in the dialect of {@link SqlGrammar} (upper-case keywords, single spaces, joins with
 * T1/T2 aliases or table names).
 */
public final class QuestionGenerator {
    /** A question and its SQL, before it is tied to a database file. */
    public record Pair(String question, String sql, String difficulty, String construct) {
    }

    private final SyntheticDatabase db;
    private final Random random;
    private final List<Function<TableSpec, Pair>> templates = new ArrayList<>();

    public QuestionGenerator(SyntheticDatabase db, long seed) {
        this.db = db;
        this.random = new Random(seed);
        templates.add(this::listColumn);
        templates.add(this::countAll);
        templates.add(this::distinctCategory);
        templates.add(this::whereEquals);
        templates.add(this::whereCompare);
        templates.add(this::like);
        templates.add(this::inList);
        templates.add(this::between);
        templates.add(this::isNull);
        templates.add(this::andOrNot);
        templates.add(this::aggregate);
        templates.add(this::countDistinct);
        templates.add(this::groupBy);
        templates.add(this::having);
        templates.add(this::topK);
        templates.add(this::offset);
        templates.add(this::join);
        templates.add(this::joinGroup);
        templates.add(this::inSubquery);
        templates.add(this::notInSubquery);
        templates.add(this::exists);
        templates.add(this::scalarSubquery);
        templates.add(this::setOperation);
        templates.add(this::expression);
        templates.add(this::function);
    }

    /** Number of templates (constructs) this generator knows. */
    public int templateCount() {
        return templates.size();
    }

    /** A pair from template {@code t} (modulo the count), trying tables until one fits. */
    public Pair next(int t) {
        List<TableSpec> tables = db.domain().tables();
        int start = random.nextInt(tables.size());
        for (int k = 0; k < templates.size(); k++) {
            Function<TableSpec, Pair> f = templates.get((t + k) % templates.size());
            for (int i = 0; i < tables.size(); i++) {
                Pair p = f.apply(tables.get((start + i) % tables.size()));
                if (p != null) return p;
            }
        }
        throw new IllegalStateException("no template fits domain " + db.domain().name());
    }

    // ---------------------------------------------------------------- helpers

    private static String q(String name) {
        return SqlNames.quoteIfNeeded(name);
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private Col first(TableSpec t, Kind... kinds) {
        for (Col c : t.cols()) for (Kind k : kinds) if (c.kind() == k) return c;
        return null;
    }

    private Col any(TableSpec t, Kind... kinds) {
        List<Col> cs = new ArrayList<>();
        for (Col c : t.cols()) for (Kind k : kinds) if (c.kind() == k) cs.add(c);
        return cs.isEmpty() ? null : cs.get(random.nextInt(cs.size()));
    }

    private Col label(TableSpec t) {
        return first(t, Kind.PERSON, Kind.TITLE);
    }

    private Object sample(TableSpec t, Col c) {
        List<Object> vs = db.rows(t.name()).stream().map(r -> r.get(c.name())).filter(Objects::nonNull).toList();
        return vs.get(random.nextInt(vs.size()));
    }

    private static String lit(Object v) {
        if (v instanceof Long l) return l.toString();
        if (v instanceof Double d) return String.valueOf(d);
        return SqlNames.literal(String.valueOf(v));
    }

    private static String say(Object v) {
        return String.valueOf(v);
    }

    /** A child table with a foreign key to a different table, with that key. */
    private record Link(TableSpec child, Col fk, TableSpec parent) {
    }

    private Link link(TableSpec t) {
        List<Link> ls = new ArrayList<>();
        for (TableSpec c : db.domain().tables()) {
            for (Col col : c.cols()) {
                if (col.kind() == Kind.FK && !col.values().get(0).equals(c.name())
                        && (c == t || col.values().get(0).equals(t.name()))) {
                    ls.add(new Link(c, col, db.domain().tables().stream().filter(x -> x.name().equals(col.values().get(0))).findFirst().orElseThrow()));
                }
            }
        }
        return ls.isEmpty() ? null : ls.get(random.nextInt(ls.size()));
    }

    // ---------------------------------------------------------------- templates

    private Pair listColumn(TableSpec t) {
        Col c = any(t, Kind.PERSON, Kind.TITLE, Kind.PLACE, Kind.CATEGORY);
        if (c == null) return null;
        String question = pick("List the %s of all %s.", "What are the %s of the %s?", "Show the %s of every one of the %s.")
                .formatted(c.phrase(), t.plural());
        return new Pair(question, "SELECT " + q(c.name()) + " FROM " + q(t.name()), "easy", "select");
    }

    private Pair countAll(TableSpec t) {
        String question = pick("How many %s are there?", "Count the %s.", "What is the total number of %s?").formatted(t.plural());
        return new Pair(question, "SELECT COUNT(*) FROM " + q(t.name()), "easy", "count");
    }

    private Pair distinctCategory(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE);
        if (c == null) return null;
        String question = pick("What are the distinct %s values of the %s?", "List the different %s of %s.",
                "Which %s values occur among the %s, without repeats?").formatted(c.phrase(), t.plural());
        return new Pair(question, "SELECT DISTINCT " + q(c.name()) + " FROM " + q(t.name()), "easy", "distinct");
    }

    private Pair whereEquals(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE, Kind.PERSON, Kind.TITLE);
        Col l = label(t);
        if (c == null || l == null) return null;
        Col out = c == l ? any(t, Kind.INT, Kind.REAL, Kind.DATE, Kind.CATEGORY, Kind.PLACE) : l;
        if (out == null) out = l;
        Object v = sample(t, c);
        String question = pick("What is the %s of the %s whose %s is %s?", "Give the %s of %s with %s %s.",
                "Find the %s for every %s where the %s equals %s.").formatted(out.phrase(),
                question2(t), c.phrase(), say(v));
        return new Pair(question, "SELECT " + q(out.name()) + " FROM " + q(t.name()) + " WHERE " + q(c.name()) + " = " + lit(v),
                "easy", "where-eq");
    }

    private String question2(TableSpec t) {
        return random.nextBoolean() ? t.singular() : t.plural();
    }

    private Pair whereCompare(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL, Kind.DATE);
        Col l = label(t);
        if (n == null || l == null) return null;
        Object v = sample(t, n);
        String[][] ops = {{">", "greater than", "after"}, {"<", "less than", "before"}, {">=", "at least", "on or after"},
                {"<=", "at most", "on or before"}};
        String[] op = ops[random.nextInt(ops.length)];
        String words = n.kind() == Kind.DATE ? op[2] : op[1];
        String question = pick("Which %s have a %s %s %s? Give their %s and %s.", "List the %s with %s %s %s, showing %s and %s.")
                .formatted(t.plural(), n.phrase(), words, say(v), l.phrase(), n.phrase());
        return new Pair(question, "SELECT " + q(l.name()) + ", " + q(n.name()) + " FROM " + q(t.name()) + " WHERE " + q(n.name())
                + " " + op[0] + " " + lit(v), "easy", "where-cmp");
    }

    private Pair like(TableSpec t) {
        Col l = label(t);
        if (l == null) return null;
        String v = String.valueOf(sample(t, l));
        boolean prefix = random.nextBoolean();
        String part = prefix ? v.substring(0, 1) : v.substring(v.lastIndexOf(' ') + 1);
        String pattern = prefix ? part + "%" : "%" + part + "%";
        String question = prefix
                ? pick("Which %s have a %s starting with %s?", "List the %s whose %s begins with the letter %s.").formatted(t.plural(), l.phrase(), part)
                : pick("Which %s have a %s containing '%s'?", "Find the %s whose %s includes the word %s.").formatted(t.plural(), l.phrase(), part);
        return new Pair(question, "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(l.name()) + " LIKE "
                + SqlNames.literal(pattern), "medium", "like");
    }

    private Pair inList(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE);
        Col l = label(t);
        if (c == null || l == null) return null;
        Object a = sample(t, c);
        Object b = sample(t, c);
        if (a.equals(b)) return null;
        boolean not = random.nextInt(3) == 0;
        String question = (not ? pick("Which %s have a %s other than %s and %s?", "List the %s whose %s is neither %s nor %s.")
                : pick("Which %s have a %s of %s or %s?", "List the %s whose %s is one of %s and %s."))
                .formatted(t.plural(), c.phrase(), say(a), say(b));
        return new Pair(question, "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(c.name()) + (not ? " NOT IN (" : " IN (")
                + lit(a) + ", " + lit(b) + ")", "medium", "in-list");
    }

    private Pair between(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL, Kind.DATE);
        Col l = label(t);
        if (n == null || l == null) return null;
        Object a = sample(t, n);
        Object b = sample(t, n);
        if (String.valueOf(a).compareTo(String.valueOf(b)) > 0 && !(a instanceof Number)
                || a instanceof Number x && b instanceof Number y && x.doubleValue() > y.doubleValue()) {
            Object z = a;
            a = b;
            b = z;
        }
        String question = pick("Which %s have a %s between %s and %s?", "List the %s of %s whose %s lies between %s and %s.");
        question = question.startsWith("Which") ? question.formatted(t.plural(), n.phrase(), say(a), say(b))
                : question.formatted(l.phrase(), t.plural(), n.phrase(), say(a), say(b));
        return new Pair(question, "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(n.name()) + " BETWEEN " + lit(a)
                + " AND " + lit(b), "medium", "between");
    }

    private Pair isNull(TableSpec t) {
        Col c = null;
        for (Col x : t.cols()) if (x.nullRate() > 0 || x.kind() == Kind.FK && x.values().get(0).equals(t.name())) c = x;
        Col l = label(t);
        if (c == null || l == null) return null;
        boolean not = random.nextBoolean();
        String question = (not ? pick("Which %s have a known %s?", "List the %s whose %s is recorded.")
                : pick("Which %s have no %s?", "List the %s whose %s is missing.")).formatted(t.plural(), c.phrase());
        return new Pair(question, "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(c.name()) + (not ? " IS NOT NULL" : " IS NULL"),
                "medium", "is-null");
    }

    private Pair andOrNot(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE);
        Col n = any(t, Kind.INT, Kind.REAL);
        Col l = label(t);
        if (c == null || n == null || l == null) return null;
        Object v = sample(t, c);
        Object x = sample(t, n);
        return switch (random.nextInt(3)) {
            case 0 -> new Pair(pick("Which %s have %s %s and a %s above %s?", "List the %s with %s %s whose %s exceeds %s.")
                    .formatted(t.plural(), c.phrase(), say(v), n.phrase(), say(x)),
                    "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(c.name()) + " = " + lit(v) + " AND " + q(n.name()) + " > " + lit(x),
                    "medium", "and");
            case 1 -> new Pair(pick("Which %s either have %s %s or a %s below %s?", "List the %s with %s %s or with %s under %s.")
                    .formatted(t.plural(), c.phrase(), say(v), n.phrase(), say(x)),
                    "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(c.name()) + " = " + lit(v) + " OR " + q(n.name()) + " < " + lit(x),
                    "medium", "or");
            default -> new Pair(pick("Which %s do not have %s %s?", "List the %s whose %s is not %s.").formatted(t.plural(), c.phrase(), say(v)),
                    "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE NOT " + q(c.name()) + " = " + lit(v), "medium", "not");
        };
    }

    private Pair aggregate(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL);
        if (n == null) return null;
        String[][] fs = {{"AVG", "average"}, {"SUM", "total"}, {"MIN", "smallest"}, {"MAX", "largest"}};
        String[] f = fs[random.nextInt(fs.length)];
        boolean alias = random.nextBoolean();
        String question = pick("What is the %s %s of all %s?", "Compute the %s %s over the %s.").formatted(f[1], n.phrase(), t.plural());
        return new Pair(question, "SELECT " + f[0] + "(" + q(n.name()) + ")" + (alias ? " AS " + f[1] + "_" + n.name().toLowerCase(Locale.ROOT) : "")
                + " FROM " + q(t.name()), "easy", "aggregate");
    }

    private Pair countDistinct(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE, Kind.FK);
        if (c == null) return null;
        String question = pick("How many different %s values are there among the %s?", "Count the distinct %s of %s.")
                .formatted(c.phrase(), t.plural());
        return new Pair(question, "SELECT COUNT(DISTINCT " + q(c.name()) + ") FROM " + q(t.name()), "medium", "count-distinct");
    }

    private Pair groupBy(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE);
        if (c == null) return null;
        Col n = any(t, Kind.INT, Kind.REAL);
        if (n != null && random.nextBoolean()) {
            return new Pair(pick("What is the average %s of %s for each %s?", "For every %3$s, give the mean %1$s of the %2$s.")
                    .formatted(n.phrase(), t.plural(), c.phrase()),
                    "SELECT " + q(c.name()) + ", AVG(" + q(n.name()) + ") FROM " + q(t.name()) + " GROUP BY " + q(c.name()), "medium", "group-by");
        }
        return new Pair(pick("How many %s are there for each %s?", "Count the %s per %s.").formatted(t.plural(), c.phrase()),
                "SELECT " + q(c.name()) + ", COUNT(*) FROM " + q(t.name()) + " GROUP BY " + q(c.name()), "medium", "group-by");
    }

    private Pair having(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE);
        if (c == null) return null;
        int k = 1 + random.nextInt(4);
        return new Pair(pick("Which %s values are shared by more than %d %s?", "List the %s that have more than %d %s.")
                .formatted(c.phrase(), k, t.plural()),
                "SELECT " + q(c.name()) + " FROM " + q(t.name()) + " GROUP BY " + q(c.name()) + " HAVING COUNT(*) > " + k, "hard", "having");
    }

    private Pair topK(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL, Kind.DATE);
        Col l = label(t);
        if (n == null || l == null) return null;
        int k = 1 + random.nextInt(5);
        boolean desc = random.nextBoolean();
        String adj = n.kind() == Kind.DATE ? (desc ? "latest" : "earliest") : (desc ? "highest" : "lowest");
        String question = k == 1 ? pick("Which %s has the %s %s?", "Name the %s with the %s %s.").formatted(t.singular(), adj, n.phrase())
                : pick("List the %d %s with the %s %s.", "Show the top %d %s by %s %s.").formatted(k, t.plural(), adj, n.phrase());
        return new Pair(question, "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " ORDER BY " + q(n.name()) + (desc ? " DESC" : " ASC")
                + " LIMIT " + k, "medium", "order-limit");
    }

    private Pair offset(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL);
        Col l = label(t);
        if (n == null || l == null) return null;
        int k = 2 + random.nextInt(3);
        String question = pick("Sorted by %1$s from highest to lowest, which %2$d %3$s come after the first %4$d?",
                "Skip the %4$d %3$s with the highest %1$s and list the next %2$d.").formatted(n.phrase(), k, t.plural(), k);
        return new Pair(question, "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " ORDER BY " + q(n.name()) + " DESC LIMIT " + k + " OFFSET " + k,
                "hard", "offset");
    }

    private Pair join(TableSpec t) {
        Link k = link(t);
        if (k == null) return null;
        Col cl = label(k.child()) != null ? label(k.child()) : any(k.child(), Kind.INT, Kind.REAL, Kind.DATE);
        Col pl = label(k.parent());
        if (cl == null || pl == null) return null;
        String question = pick("List each %s's %s together with the %s of its %s.", "For every %s, show its %s and the %s of the related %s.")
                .formatted(k.child().singular(), cl.phrase(), pl.phrase(), k.parent().singular());
        String sql = random.nextBoolean()
                ? "SELECT T1." + q(cl.name()) + ", T2." + q(pl.name()) + " FROM " + q(k.child().name()) + " AS T1 JOIN " + q(k.parent().name())
                + " AS T2 ON T1." + q(k.fk().name()) + " = T2.id"
                : "SELECT " + q(k.child().name()) + "." + q(cl.name()) + ", " + q(k.parent().name()) + "." + q(pl.name()) + " FROM "
                + q(k.child().name()) + " JOIN " + q(k.parent().name()) + " ON " + q(k.child().name()) + "." + q(k.fk().name()) + " = "
                + q(k.parent().name()) + ".id";
        return new Pair(question, sql, "medium", "join");
    }

    private Pair joinGroup(TableSpec t) {
        Link k = link(t);
        if (k == null) return null;
        Col pl = label(k.parent());
        if (pl == null) return null;
        boolean order = random.nextBoolean();
        String question = order
                ? pick("Which %s has the most %s? Give its %s.", "Name the %s with the largest number of %s (its %s).")
                .formatted(k.parent().singular(), k.child().plural(), pl.phrase())
                : pick("How many %s does each %s have? Show the %s and the count.", "For each %s, count its %s.")
                .formatted(k.child().plural(), k.parent().singular(), pl.phrase());
        if (!order && question.startsWith("For each")) {
            question = "For each %s, count its %s.".formatted(k.parent().singular(), k.child().plural());
        }
        String base = " FROM " + q(k.child().name()) + " AS T1 JOIN " + q(k.parent().name()) + " AS T2 ON T1." + q(k.fk().name())
                + " = T2.id GROUP BY T2.id";
        return order
                ? new Pair(question, "SELECT T2." + q(pl.name()) + base + " ORDER BY COUNT(*) DESC LIMIT 1", "extra", "join-group-order")
                : new Pair(question, "SELECT T2." + q(pl.name()) + ", COUNT(*)" + base, "hard", "join-group");
    }

    private Pair inSubquery(TableSpec t) {
        Link k = link(t);
        if (k == null) return null;
        Col pl = label(k.parent());
        Col cc = any(k.child(), Kind.CATEGORY, Kind.INT, Kind.REAL, Kind.PLACE, Kind.DATE);
        if (pl == null || cc == null) return null;
        Object v = sample(k.child(), cc);
        String op = cc.kind() == Kind.CATEGORY || cc.kind() == Kind.PLACE ? " = " : " > ";
        String rel = op.equals(" = ") ? "with %s %s".formatted(cc.phrase(), say(v)) : "with %s above %s".formatted(cc.phrase(), say(v));
        String question = pick("Which %s have at least one %s %s? Give their %s.", "List the %s of %s that have a %s %s.");
        question = question.startsWith("Which") ? question.formatted(k.parent().plural(), k.child().singular(), rel, pl.phrase())
                : question.formatted(pl.phrase(), k.parent().plural(), k.child().singular(), rel);
        return new Pair(question, "SELECT " + q(pl.name()) + " FROM " + q(k.parent().name()) + " WHERE id IN (SELECT " + q(k.fk().name())
                + " FROM " + q(k.child().name()) + " WHERE " + q(cc.name()) + op + lit(v) + ")", "hard", "in-subquery");
    }

    private Pair notInSubquery(TableSpec t) {
        Link k = link(t);
        if (k == null) return null;
        Col pl = label(k.parent());
        if (pl == null) return null;
        return new Pair(pick("Which %s have no %s at all?", "List the %s without any %s.").formatted(k.parent().plural(), k.child().plural()),
                "SELECT " + q(pl.name()) + " FROM " + q(k.parent().name()) + " WHERE id NOT IN (SELECT " + q(k.fk().name()) + " FROM "
                        + q(k.child().name()) + " WHERE " + q(k.fk().name()) + " IS NOT NULL)", "hard", "not-in-subquery");
    }

    private Pair exists(TableSpec t) {
        Link k = link(t);
        if (k == null) return null;
        Col pl = label(k.parent());
        Col cn = any(k.child(), Kind.INT, Kind.REAL);
        if (pl == null || cn == null) return null;
        Object v = sample(k.child(), cn);
        return new Pair(pick("Which %s have some %s with %s over %s?", "Find the %s for which a %s with %s greater than %s exists.")
                .formatted(k.parent().plural(), k.child().singular(), cn.phrase(), say(v)),
                "SELECT " + q(pl.name()) + " FROM " + q(k.parent().name()) + " WHERE EXISTS (SELECT * FROM " + q(k.child().name()) + " WHERE "
                        + q(k.child().name()) + "." + q(k.fk().name()) + " = " + q(k.parent().name()) + ".id AND " + q(cn.name()) + " > " + lit(v) + ")",
                "extra", "exists");
    }

    private Pair scalarSubquery(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL);
        Col l = label(t);
        if (n == null || l == null) return null;
        boolean above = random.nextBoolean();
        return new Pair(pick("Which %s have a %s %s the average?", "List the %s whose %s is %s the mean over all of them.")
                .formatted(t.plural(), n.phrase(), above ? "above" : "below"),
                "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " WHERE " + q(n.name()) + (above ? " > " : " < ") + "(SELECT AVG("
                        + q(n.name()) + ") FROM " + q(t.name()) + ")", "hard", "scalar-subquery");
    }

    private Pair setOperation(TableSpec t) {
        Col c = any(t, Kind.CATEGORY, Kind.PLACE);
        Col n = any(t, Kind.INT, Kind.REAL);
        if (c == null || n == null) return null;
        Object x = sample(t, n);
        Object y = sample(t, n);
        int op = random.nextInt(3);
        String sql = "SELECT " + q(c.name()) + " FROM " + q(t.name()) + " WHERE " + q(n.name()) + " > " + lit(x)
                + (op == 0 ? " UNION " : op == 1 ? " INTERSECT " : " EXCEPT ")
                + "SELECT " + q(c.name()) + " FROM " + q(t.name()) + " WHERE " + q(n.name()) + " < " + lit(y);
        String question = switch (op) {
            case 0 -> "Which %s values have %s with a %s above %s or below %s?".formatted(c.phrase(), t.plural(), n.phrase(), say(x), say(y));
            case 1 -> "Which %s values have both %s with a %s above %s and %s with a %s below %s?"
                    .formatted(c.phrase(), t.plural(), n.phrase(), say(x), t.plural(), n.phrase(), say(y));
            default -> "Which %s values have %s with a %s above %s but none with a %s below %s?"
                    .formatted(c.phrase(), t.plural(), n.phrase(), say(x), n.phrase(), say(y));
        };
        return new Pair(question, sql, "extra", op == 0 ? "union" : op == 1 ? "intersect" : "except");
    }

    private Pair expression(TableSpec t) {
        Col n = any(t, Kind.INT, Kind.REAL);
        if (n == null) return null;
        return new Pair(pick("What is the difference between the highest and the lowest %s of the %s?",
                "By how much does the largest %s exceed the smallest among %s?").formatted(n.phrase(), t.plural()),
                "SELECT MAX(" + q(n.name()) + ") - MIN(" + q(n.name()) + ") AS spread FROM " + q(t.name()), "medium", "expression");
    }

    private Pair function(TableSpec t) {
        Col l = label(t);
        if (l == null) return null;
        if (random.nextBoolean()) {
            return new Pair(pick("Show the %s of every %s in upper case.", "List all %s %s in capital letters.").formatted(l.phrase(), t.singular()),
                    "SELECT UPPER(" + q(l.name()) + ") FROM " + q(t.name()), "medium", "function");
        }
        return new Pair(pick("Which %s has the longest %s?", "Name the %s whose %s has the most characters.").formatted(t.singular(), l.phrase()),
                "SELECT " + q(l.name()) + " FROM " + q(t.name()) + " ORDER BY LENGTH(" + q(l.name()) + ") DESC LIMIT 1", "medium", "function");
    }
}
