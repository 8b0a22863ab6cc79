package dev.coleta.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.coleta.GrammarException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Coleta's JSON Schema to GBNF converter.
 *
 * <p>How a schema becomes a grammar: each schema is first <em>flattened</em> into a list of
 * alternatives, each a single object of plain keywords: {@code $ref} targets and {@code allOf}
 * members are merged into the schema keyword by keyword (types intersect, bounds tighten,
 * {@code required} unites, properties merge, {@code additionalProperties} of one side
 * constrains the other side's properties), {@code anyOf} and {@code oneOf} distribute over
 * the rest. Each alternative then becomes GBNF per JSON type. A schema that is only a
 * {@code $ref} becomes a named rule, so recursive schemas stay finite.
 *
 * <p>The grammar never accepts a value the schema rejects. Where the full language has no
 * practical GBNF form the grammar narrows it, documented here: object properties appear in the
 * order the schema declares them ($ref and allOf members' properties first), properties beyond
 * the declared ones come after them; a string spells each character one way (the escapes JSON
 * writers use) and holds no DEL, surrogate or code point above U+10FFFF (llama.cpp decodes
 * those from invalid UTF-8); integers are written without fraction or exponent, bounded
 * numbers without exponent; a number that must avoid listed values ({@code not: {enum}}) is
 * written as an integer; a {@code maxLength} or {@code maxItems} above {@value #MAX_REPEAT}
 * counts as {@value #MAX_REPEAT}. {@code oneOf} is exact: alternatives that may overlap are
 * made exclusive by negating the others, where that negation has a form ({@code type},
 * {@code required}, {@code enum}/{@code const}, a one-class {@code pattern}, and
 * {@code anyOf}/{@code allOf}/{@code not} of those); {@code dependencies} split into "absent"
 * or "present with its dependants". Keywords that would constrain but have no grammar form
 * here ({@code not} of other forms, {@code if} with {@code then}/{@code else},
 * {@code uniqueItems}, {@code multipleOf}, {@code propertyNames}, {@code contains}, ...) are
 * refused with the keyword and its schema path. Keywords the specification does not define,
 * and annotations, constrain nothing and are ignored, except a near miss of a keyword or
 * format ({@code maxLenght}, {@code date-tme}): a typo that would silently drop a constraint
 * is an error that names it.
 */
final class JsonSchemaConverter {
    /** Repetition counts above this are capped (narrowing): llama.cpp expands x{0,n} into n rules. */
    static final int MAX_REPEAT = 1000;
    private static final int MAX_ALTERNATIVES = 64;
    private static final int MAX_DEPTH = 48;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final Set<String> TYPES = Set.of("null", "boolean", "object", "array", "number", "integer", "string");
    // Keywords of the specification (drafts 3 to 2020-12) that constrain and that this converter cannot enforce.
    private static final Set<String> UNSUPPORTED = Set.of("contains", "minContains", "maxContains", "propertyNames", "unevaluatedProperties", "unevaluatedItems",
            "$dynamicRef", "$recursiveRef", "extends", "disallow", "divisibleBy");
    // Formats this converter enforces; other formats of the specification are refused, and
    // formats it does not define (int32, url, ...) are annotations, as the specification says.
    private static final Set<String> STANDARD_FORMATS = Set.of("date-time", "date", "time", "duration", "email", "idn-email",
            "hostname", "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uuid",
            "uri-template", "json-pointer", "relative-json-pointer", "regex");
    private static final Set<String> OBJECT_KEYS = Set.of("properties", "additionalProperties", "patternProperties", "required",
            "minProperties", "maxProperties");
    private static final Set<String> ARRAY_KEYS = Set.of("items", "prefixItems", "minItems", "maxItems", "uniqueItems");
    private static final Set<String> STRING_KEYS = Set.of("minLength", "maxLength", "$patterns", "format");
    private static final Set<String> NUMBER_KEYS = Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");

    private final JsonNode root;
    private final JsonSchemaOptions options;
    private final boolean draft3;
    private final Map<String, String> rules = new LinkedHashMap<>();
    private final Map<String, String> memo = new HashMap<>();
    private final Deque<String> flattening = new ArrayDeque<>();
    private int depth;
    private int counter;

    private JsonSchemaConverter(JsonNode root, JsonSchemaOptions options) {
        this.root = root;
        this.options = options;
        this.draft3 = root.path("$schema").asText("").contains("draft-03");
    }

    /** GBNF text whose start rule {@code root} holds the JSON values {@code schema} accepts. */
    static String convert(JsonNode schema, JsonSchemaOptions options) {
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new GrammarException("JSON schema must be an object, got " + schema.getNodeType());
        }
        JsonSchemaConverter c = new JsonSchemaConverter(schema, options);
        if (c.draft3) throw new GrammarException("JSON schema draft 3 ($schema " + schema.get("$schema") + ") is not supported; use draft 4 or later");
        c.helper("ws", "| \" \" | \"\\n\" [ \\t]{0,20}");
        String top = c.ruleFor(schema, "#", "value");
        StringBuilder sb = new StringBuilder("root ::= ").append(top).append('\n');
        for (Map.Entry<String, String> e : c.rules.entrySet()) sb.append(e.getKey()).append(" ::= ").append(e.getValue()).append('\n');
        return sb.toString();
    }

    private static GrammarException refuse(String path, String what) {
        return new GrammarException("JSON schema " + what + " at " + path);
    }

    // ---- rules ----

    private String define(String hint, String body) {
        // Generated names are "s<n>-<hint>"; fixed helpers never look like that.
        String base = hint.replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("^-+|-+$", "").toLowerCase(Locale.ROOT);
        if (base.length() > 40) base = base.substring(0, 40);
        String name = "s" + (++counter) + (base.isEmpty() ? "" : "-" + base);
        rules.put(name, body);
        return name;
    }

    /** A fixed helper rule, defined once. */
    private String helper(String name, String body) {
        rules.putIfAbsent(name, body);
        return name;
    }

    /** The name of a rule holding the values {@code schema} accepts. */
    private String ruleFor(JsonNode schema, String path, String hint) {
        if (schema.isBoolean() && schema.booleanValue() || schema.isObject() && schema.isEmpty()) return any(options.bounded() ? JsonSchemaOptions.ANY_DEPTH : -1);
        String ref = bareRef(schema);
        String key;
        if (ref != null) {
            Target t = resolve(ref, path);
            key = "ref:" + t.path();
            String done = memo.get(key);
            if (done != null) return done;
            String name = define(hint(t.path()), "\"\"");
            memo.put(key, name);
            try {
                rules.put(name, expression(t.node(), t.path()));
            } catch (GrammarException e) {
                memo.remove(key);
                rules.remove(name);
                throw e;
            }
            return name;
        }
        key = schema.toString();
        String done = memo.get(key);
        if (done != null) return done;
        if (++depth > 200) throw refuse(path, "nests too deeply");
        String name = define(hint, "\"\"");
        memo.put(key, name);
        try {
            rules.put(name, expression(schema, path));
            return name;
        } catch (GrammarException e) {
            memo.remove(key);
            rules.remove(name);
            throw e;
        } finally {
            depth--;
        }
    }

    private static String hint(String path) {
        int i = path.lastIndexOf('/');
        return i >= 0 ? path.substring(i + 1) : "schema";
    }

    /** The target of a schema that is only a $ref (annotations aside), else null. */
    private static String bareRef(JsonNode s) {
        if (!s.isObject() || !s.has("$ref") || !s.get("$ref").isTextual()) return null;
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("$ref") && constrains(k)) return null;
        }
        return s.get("$ref").textValue();
    }

    private static boolean constrains(String keyword) {
        return TYPES_KEYS.contains(keyword) || UNSUPPORTED.contains(keyword) || keyword.equals("if") || keyword.equals("then")
                || keyword.equals("else");
    }

    private static final Set<String> TYPES_KEYS = Set.of("type", "enum", "const", "properties", "required", "additionalProperties",
            "patternProperties", "items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "minLength",
            "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
            "minProperties", "maxProperties", "allOf", "anyOf", "oneOf", "$ref", "not", "dependencies", "dependentRequired",
            "dependentSchemas");

    /** A GBNF expression for the values of {@code schema}. */
    private String expression(JsonNode schema, String path) {
        List<ObjectNode> alts = flatten(schema, path, 0);
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectNode alt : alts) {
            String e = emit(alt, path);
            if (e != null && seen.add(e)) out.add(e);
        }
        if (out.isEmpty()) throw refuse(path, "schema admits no value");
        return String.join(" | ", out);
    }

    // ---- $ref ----

    private record Target(JsonNode node, String path) {
    }

    private Target resolve(String ref, String path) {
        String r = ref;
        String rootId = root.path("$id").asText(root.path("id").asText(""));
        int hash = r.indexOf('#');
        String base = hash < 0 ? r : r.substring(0, hash);
        if (!base.isEmpty()) {
            String rid = rootId.contains("#") ? rootId.substring(0, rootId.indexOf('#')) : rootId;
            if (!base.equals(rid)) {
                JsonNode byId = findId(root, base, 0);
                if (byId == null) throw refuse(path, "$ref '" + ref + "' points outside the schema (remote references are not fetched)");
                if (hash < 0 || hash == r.length() - 1) return new Target(byId, "#id:" + base);
                throw refuse(path, "$ref '" + ref + "' into a schema named by id is not supported");
            }
        }
        String frag = hash < 0 ? "" : r.substring(hash + 1);
        if (frag.isEmpty()) return new Target(root, "#");
        if (!frag.startsWith("/")) {
            JsonNode anchored = findAnchor(root, frag, 0);
            if (anchored == null) throw refuse(path, "$ref '" + ref + "' names no anchor in the schema");
            return new Target(anchored, "#" + frag);
        }
        JsonNode n = root;
        for (String part : frag.substring(1).split("/", -1)) {
            String p = URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8).replace("~1", "/").replace("~0", "~");
            if (n.isArray() && p.matches("\\d+")) n = n.path(Integer.parseInt(p));
            else n = n.path(p);
            if (n.isMissingNode()) throw refuse(path, "$ref '" + ref + "' points to nothing");
        }
        return new Target(n, "#" + frag);
    }

    private static JsonNode findAnchor(JsonNode n, String name, int d) {
        if (d > 64 || !n.isContainerNode()) return null;
        if (n.isObject() && (name.equals(n.path("$anchor").asText(null)) || ("#" + name).equals(n.path("$id").asText(null))
                || ("#" + name).equals(n.path("id").asText(null)))) return n;
        for (JsonNode c : n) {
            JsonNode f = findAnchor(c, name, d + 1);
            if (f != null) return f;
        }
        return null;
    }

    private static JsonNode findId(JsonNode n, String id, int d) {
        if (d > 64 || !n.isContainerNode()) return null;
        if (n.isObject() && d > 0 && (id.equals(n.path("$id").asText(null)) || id.equals(n.path("id").asText(null)))) return n;
        for (JsonNode c : n) {
            JsonNode f = findId(c, id, d + 1);
            if (f != null) return f;
        }
        return null;
    }

    // ---- flattening: $ref, allOf, anyOf, oneOf ----

    private List<ObjectNode> flatten(JsonNode s, String path, int d) {
        if (d > MAX_DEPTH) throw refuse(path, "nests allOf/$ref too deeply");
        if (s.isBoolean()) return s.booleanValue() ? List.of(F.objectNode()) : List.of();
        if (!s.isObject()) throw refuse(path, "schema must be an object or a boolean");
        ObjectNode base = normalize((ObjectNode) s, path);
        // The referenced and allOf schemas merge first, so that their properties come before
        // the schema's own in the property order (as JSONSchemaBench's instances have them).
        List<ObjectNode> acc = List.of(F.objectNode());
        JsonNode ref = s.get("$ref");
        if (ref != null) {
            if (!ref.isTextual()) throw refuse(path, "'$ref' must be a string");
            Target t = resolve(ref.textValue(), path);
            if (flattening.contains(t.path())) throw refuse(path, "$ref '" + ref.textValue() + "' merges into itself (recursive allOf)");
            flattening.push(t.path());
            try {
                acc = cross(acc, flatten(t.node(), t.path(), d + 1), path);
            } finally {
                flattening.pop();
            }
        }
        JsonNode allOf = s.get("allOf");
        if (allOf != null) {
            int i = 0;
            for (JsonNode sub : array(allOf, path, "allOf")) acc = cross(acc, flatten(sub, path + "/allOf/" + i++, d + 1), path);
        }
        acc = cross(acc, List.of(base), path);
        JsonNode anyOf = s.get("anyOf");
        if (anyOf != null) {
            List<ObjectNode> alts = new ArrayList<>();
            int i = 0;
            for (JsonNode sub : array(anyOf, path, "anyOf")) alts.addAll(flatten(sub, path + "/anyOf/" + i++, d + 1));
            acc = cross(acc, alts, path);
        }
        JsonNode oneOf = s.get("oneOf");
        if (oneOf != null) {
            List<List<ObjectNode>> groups = new ArrayList<>();
            int i = 0;
            for (JsonNode sub : array(oneOf, path, "oneOf")) groups.add(cross(acc, flatten(sub, path + "/oneOf/" + i++, d + 1), path));
            // Exactly one: alternative a holds and every alternative b that may overlap it does not.
            List<ObjectNode> all = new ArrayList<>();
            for (int a = 0; a < groups.size(); a++) {
                List<ObjectNode> only = groups.get(a);
                for (int b = 0; b < groups.size(); b++) {
                    if (a == b || allDisjoint(groups.get(a), groups.get(b))) continue;
                    List<ObjectNode> notB;
                    try {
                        notB = negate(oneOf.get(b), path + "/oneOf/" + b, d + 1);
                    } catch (GrammarException e) {
                        throw refuse(path, "'oneOf' alternatives " + Math.min(a, b) + " and " + Math.max(a, b)
                                + " may both match one value, and a grammar cannot reject values that match two; use anyOf if that is meant");
                    }
                    only = cross(only, notB, path);
                }
                all.addAll(only);
            }
            acc = all;
        }
        // dependencies {a: [b]} / {a: {schema}}: either a is absent, or a, b (or the schema) hold
        for (String dk : new String[] {"dependencies", "dependentRequired", "dependentSchemas"}) {
            JsonNode deps = s.get(dk);
            if (deps == null) continue;
            if (!deps.isObject()) throw refuse(path, "'" + dk + "' must be an object");
            for (Map.Entry<String, JsonNode> e : deps.properties()) {
                ObjectNode absent = F.objectNode();
                absent.putObject("properties").put(e.getKey(), false);
                ObjectNode present = F.objectNode();
                ArrayNode req = present.putArray("required").add(e.getKey());
                if (e.getValue().isArray()) e.getValue().forEach(req::add);
                else present.putArray("allOf").add(e.getValue());
                List<ObjectNode> alts = new ArrayList<>(flatten(absent, path + "/" + dk, d + 1));
                alts.addAll(flatten(present, path + "/" + dk + "/" + e.getKey(), d + 1));
                acc = cross(acc, alts, path);
            }
        }
        JsonNode not = s.get("not");
        if (not != null) acc = cross(acc, negate(not, path + "/not", d + 1), path);
        if (acc.size() > MAX_ALTERNATIVES) throw refuse(path, "combines into more than " + MAX_ALTERNATIVES + " alternatives");
        return acc;
    }

    private boolean allDisjoint(List<ObjectNode> xs, List<ObjectNode> ys) {
        for (ObjectNode x : xs) for (ObjectNode y : ys) if (!disjoint(x, y)) return false;
        return true;
    }

    private static final List<String> ALL_TYPES = List.of("null", "boolean", "object", "array", "number", "string");

    /**
     * The complement of {@code not}'s schema as flat alternatives, for the forms that have one:
     * types, required properties, string enums, and anyOf/allOf of those.
     */
    private List<ObjectNode> negate(JsonNode n, String path, int d) {
        if (d > MAX_DEPTH) throw refuse(path, "nests 'not' too deeply");
        if (isTrue(n)) return List.of();
        if (n.isBoolean()) return List.of(F.objectNode());
        if (!n.isObject()) throw refuse(path, "'not' must be a schema");
        List<String> keys = new ArrayList<>();
        for (String k : (Iterable<String>) n::fieldNames) if (constrains(k)) keys.add(k);
        GrammarException cannot = refuse(path, "keyword 'not' is not supported by the grammar converter in this form (it cannot be enforced)");
        if (keys.size() != 1) {
            // not(A and B) = not A or not B
            if (keys.stream().allMatch(k -> k.equals("type") || k.equals("required") || k.equals("enum") || k.equals("const") || k.equals("pattern"))) {
                List<ObjectNode> out = new ArrayList<>();
                for (String k : keys) out.addAll(negate(F.objectNode().set(k, n.get(k)), path, d + 1));
                return out;
            }
            throw cannot;
        }
        String k = keys.get(0);
        JsonNode v = n.get(k);
        switch (k) {
            case "type" -> {
                Set<String> ts = new LinkedHashSet<>();
                if (v.isTextual()) ts.add(v.textValue());
                else v.forEach(t -> ts.add(t.asText()));
                if (ts.contains("integer") && !ts.contains("number")) throw cannot; // "a number with a fraction" has no clean form
                ArrayNode rest = F.arrayNode();
                for (String t : ALL_TYPES) if (!ts.contains(t)) rest.add(t);
                ObjectNode o = F.objectNode();
                o.set("type", rest);
                return List.of(o);
            }
            case "required" -> {
                List<ObjectNode> out = new ArrayList<>();
                for (JsonNode r : v) {
                    // 'required' holds for every non-object, so its negation is an object without r
                    ObjectNode o = F.objectNode();
                    o.putArray("type").add("object");
                    o.putObject("properties").put(r.asText(), false);
                    out.add(o);
                }
                if (out.isEmpty()) return List.of();
                return out;
            }
            case "enum", "const" -> {
                JsonNode vals = k.equals("const") ? F.arrayNode().add(v) : v;
                ArrayNode strings = F.arrayNode(), numbers = F.arrayNode();
                boolean noNull = false, noTrue = false, noFalse = false;
                for (JsonNode x : vals) {
                    if (x.isTextual()) strings.add(x);
                    else if (x.isNumber()) numbers.add(x);
                    else if (x.isNull()) noNull = true;
                    else if (x.isBoolean()) {
                        if (x.booleanValue()) noTrue = true;
                        else noFalse = true;
                    } else throw cannot;
                }
                List<ObjectNode> out = new ArrayList<>();
                ObjectNode containers = F.objectNode();
                ArrayNode ct = containers.putArray("type").add("object").add("array");
                if (!noNull) ct.add("null");
                out.add(containers);
                if (!(noTrue && noFalse)) {
                    ObjectNode b = F.objectNode();
                    b.putArray("type").add("boolean");
                    if (noTrue || noFalse) b.putArray("enum").add(!noTrue);
                    out.add(b);
                }
                ObjectNode str = F.objectNode();
                str.putArray("type").add("string");
                if (!strings.isEmpty()) str.set("$notEnum", strings);
                out.add(str);
                ObjectNode num = F.objectNode();
                num.putArray("type").add("number");
                if (!numbers.isEmpty()) num.set("$notEnum", numbers);
                out.add(num);
                return out;
            }
            case "pattern" -> {
                // not "contains a character of C": every character outside C
                CharSet c = v.isTextual() ? RegexGrammar.singleClassSearch(v.textValue()) : null;
                if (c == null) throw cannot;
                ObjectNode o = F.objectNode();
                o.putArray("type").add("string");
                o.putArray("$patterns").add("^" + c.complement().regexClass() + "*$");
                return List.of(o);
            }
            case "anyOf" -> {
                List<ObjectNode> acc = List.of(F.objectNode());
                for (JsonNode x : v) acc = cross(acc, negate(x, path, d + 1), path);
                return acc;
            }
            case "allOf" -> {
                List<ObjectNode> out = new ArrayList<>();
                for (JsonNode x : v) out.addAll(negate(x, path, d + 1));
                return out;
            }
            case "not" -> {
                return flatten(v, path, d + 1);
            }
            default -> throw cannot;
        }
    }

    private static ArrayNode array(JsonNode n, String path, String kw) {
        if (!n.isArray() || n.isEmpty()) throw refuse(path, "'" + kw + "' must be a non-empty array");
        return (ArrayNode) n;
    }

    private List<ObjectNode> cross(List<ObjectNode> a, List<ObjectNode> b, String path) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode x : a) {
            for (ObjectNode y : b) {
                ObjectNode m = merge(x, y, path);
                if (m != null) out.add(m);
                if (out.size() > MAX_ALTERNATIVES) throw refuse(path, "combines into more than " + MAX_ALTERNATIVES + " alternatives");
            }
        }
        return out;
    }

    /**
     * The constraining keywords of one schema object in a normal form (type as an array, const
     * as enum, draft-4 boolean exclusive bounds as numbers, tuple items as prefixItems,
     * patterns as a list); refuses keywords it cannot enforce.
     */
    private ObjectNode normalize(ObjectNode s, String path) {
        ObjectNode n = F.objectNode();
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (UNSUPPORTED.contains(k)) {
                throw refuse(path, "keyword '" + k + "' is not supported by the grammar converter (it cannot be enforced)");
            }
            switch (k) {
                case "if" -> {
                    if (s.has("then") || s.has("else")) {
                        throw refuse(path, "keyword 'if' is not supported by the grammar converter (it cannot be enforced)");
                    }
                }
                case "type" -> {
                    ArrayNode types = F.arrayNode();
                    if (v.isTextual()) types.add(v.textValue());
                    else if (v.isArray()) {
                        for (JsonNode t : v) {
                            if (!t.isTextual()) throw refuse(path, "'type' must name types (schemas inside 'type' are draft 3)");
                            types.add(t.textValue());
                        }
                    } else throw refuse(path, "'type' must be a string or an array of strings");
                    for (JsonNode t : types) {
                        if (!TYPES.contains(t.textValue())) throw refuse(path, "type '" + t.textValue() + "' is not a JSON Schema type");
                    }
                    n.set("type", types);
                }
                case "const" -> n.set("enum", F.arrayNode().add(v));
                case "enum" -> {
                    if (!v.isArray()) throw refuse(path, "'enum' must be an array");
                    n.set("enum", n.has("enum") ? intersectValues((ArrayNode) n.get("enum"), (ArrayNode) v) : v);
                }
                case "pattern" -> {
                    if (!v.isTextual()) throw refuse(path, "'pattern' must be a string");
                    n.set("$patterns", F.arrayNode().add(v));
                }
                case "minimum", "maximum", "multipleOf" -> {
                    if (!v.isNumber()) throw refuse(path, "'" + k + "' must be a number");
                    n.set(k, v);
                }
                case "exclusiveMinimum", "exclusiveMaximum" -> {
                    if (v.isBoolean()) { // draft 4: a flag on minimum/maximum
                        String bound = k.equals("exclusiveMinimum") ? "minimum" : "maximum";
                        if (v.booleanValue() && s.has(bound)) n.set(k, s.get(bound));
                    } else if (v.isNumber()) {
                        n.set(k, v);
                    } else throw refuse(path, "'" + k + "' must be a number");
                }
                case "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties" -> {
                    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() != Math.floor(v.asDouble())) {
                        throw refuse(path, "'" + k + "' must be a non-negative integer");
                    }
                    n.put(k, v.asLong() > Integer.MAX_VALUE ? Integer.MAX_VALUE : v.asInt());
                }
                case "format" -> {
                    if (!v.isTextual()) throw refuse(path, "'format' must be a string");
                    String near = nearest(v.textValue(), STANDARD_FORMATS);
                    if (near != null) throw refuse(path, "format '" + v.textValue() + "' is unknown; did you mean '" + near + "'?");
                    n.set(k, v);
                }
                case "required" -> {
                    if (v.isArray()) {
                        for (JsonNode r : v) if (!r.isTextual()) throw refuse(path, "'required' must list property names");
                        n.set(k, v);
                    } else if (!v.isBoolean()) {
                        throw refuse(path, "'required' must be an array of property names");
                    }
                    // a boolean 'required' is draft 3, refused above; elsewhere it means nothing
                }
                case "properties", "patternProperties" -> {
                    if (!v.isObject()) throw refuse(path, "'" + k + "' must be an object");
                    n.set(k, v);
                }
                case "additionalProperties" -> {
                    if (!v.isObject() && !v.isBoolean()) throw refuse(path, "'additionalProperties' must be a schema");
                    n.set(k, v);
                }
                case "items" -> {
                    if (!v.isArray() && !v.isObject() && !v.isBoolean()) throw refuse(path, "'items' must be a schema");
                    if (v.isArray()) {
                        n.set("prefixItems", v);
                        n.set("items", s.has("additionalItems") ? s.get("additionalItems") : F.booleanNode(true));
                    } else {
                        n.set("items", v);
                    }
                }
                case "prefixItems" -> {
                    if (!v.isArray()) throw refuse(path, "'prefixItems' must be an array");
                    n.set("prefixItems", v);
                }
                case "uniqueItems" -> {
                    if (v.asBoolean(false)) n.put("uniqueItems", true);
                }
                default -> {
                    // Annotations ($id, title, description, examples, default, readOnly, x-*,
                    // javaType, ...) and keywords outside the specification constrain nothing,
                    // but a near miss of a constraining keyword is most likely a typo that would
                    // silently drop a constraint.
                    String near = k.startsWith("_") || k.startsWith("x-") || k.startsWith("$") || k.startsWith("@") ? null : nearest(k, TYPES_KEYS);
                    if (near != null) throw refuse(path, "keyword '" + k + "' is unknown; did you mean '" + near + "'?");
                }
            }
        }
        return n;
    }

    private static ArrayNode intersectValues(ArrayNode a, ArrayNode b) {
        ArrayNode out = F.arrayNode();
        for (JsonNode x : a) for (JsonNode y : b) if (sameValue(x, y)) {
            out.add(x);
            break;
        }
        return out;
    }

    /** JSON equality with numbers compared by value (1 == 1.0). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!sameValue(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode o = b.get(e.getKey());
                if (o == null || !sameValue(e.getValue(), o)) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Both schemas' constraints at once (allOf); null when no value can satisfy both. */
    private ObjectNode merge(ObjectNode a, ObjectNode b, String path) {
        ObjectNode m = a.deepCopy();
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            JsonNode mine = m.get(k);
            if (mine == null) {
                m.set(k, v);
                continue;
            }
            switch (k) {
                case "type" -> {
                    ArrayNode t = F.arrayNode();
                    for (JsonNode x : mine) {
                        for (JsonNode y : v) {
                            String xs = x.textValue(), ys = y.textValue();
                            String r = xs.equals(ys) ? xs : (xs.equals("number") && ys.equals("integer")) || (xs.equals("integer") && ys.equals("number")) ? "integer" : null;
                            if (r != null && !contains(t, r)) t.add(r);
                        }
                    }
                    if (t.isEmpty()) return null;
                    m.set("type", t);
                }
                case "enum" -> {
                    ArrayNode vals = intersectValues((ArrayNode) mine, (ArrayNode) v);
                    if (vals.isEmpty()) return null;
                    m.set("enum", vals);
                }
                case "minimum", "exclusiveMinimum" -> {
                    if (v.decimalValue().compareTo(mine.decimalValue()) > 0) m.set(k, v);
                }
                case "maximum", "exclusiveMaximum" -> {
                    if (v.decimalValue().compareTo(mine.decimalValue()) < 0) m.set(k, v);
                }
                case "minLength", "minItems", "minProperties" -> m.put(k, Math.max(mine.asInt(), v.asInt()));
                case "maxLength", "maxItems", "maxProperties" -> m.put(k, Math.min(mine.asInt(), v.asInt()));
                case "$notEnum" -> {
                    for (JsonNode p : v) {
                        boolean has = false;
                        for (JsonNode x : mine) if (sameValue(x, p)) has = true;
                        if (!has) ((ArrayNode) mine).add(p);
                    }
                }
                case "$patterns" -> {
                    for (JsonNode p : v) if (!contains((ArrayNode) mine, p.textValue())) ((ArrayNode) mine).add(p);
                }
                case "required" -> {
                    for (JsonNode p : v) if (!contains((ArrayNode) mine, p.asText())) ((ArrayNode) mine).add(p);
                }
                case "properties", "patternProperties" -> {
                    ObjectNode props = ((ObjectNode) mine).deepCopy();
                    for (Map.Entry<String, JsonNode> pe : v.properties()) {
                        JsonNode old = props.get(pe.getKey());
                        props.set(pe.getKey(), old == null ? pe.getValue() : both(old, pe.getValue()));
                    }
                    m.set(k, props);
                }
                case "additionalProperties", "items" -> m.set(k, both(mine, v));
                case "prefixItems" -> {
                    if (mine.size() != v.size()) throw refuse(path, "allOf of tuples of different lengths is not supported");
                    ArrayNode t = F.arrayNode();
                    for (int i = 0; i < v.size(); i++) t.add(both(mine.get(i), v.get(i)));
                    m.set(k, t);
                }
                default -> {
                    if (!sameValue(mine, v)) throw refuse(path, "allOf with two different '" + k + "' values is not supported");
                }
            }
        }
        // additionalProperties and patternProperties of one side constrain the properties that
        // only the other side declares.
        crossProperties(m, a, b, path);
        crossProperties(m, b, a, path);
        return m;
    }

    /** A word of {@code known} one or two edits from {@code word} (not equal, not case-only), or null. */
    static String nearest(String word, Set<String> known) {
        if (word.length() < 5 || known.contains(word)) return null;
        for (String k : known) {
            if (k.equalsIgnoreCase(word)) continue; // readonly, maxlength...: a different spelling, not a slip
            if (Math.abs(k.length() - word.length()) <= 2 && distance(word, k) <= (k.length() >= 8 ? 2 : 1)) return k;
        }
        return null;
    }

    /** Optimal string alignment distance (edits and adjacent swaps). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static boolean contains(ArrayNode arr, String s) {
        for (JsonNode x : arr) if (x.asText().equals(s)) return true;
        return false;
    }

    private static JsonNode both(JsonNode a, JsonNode b) {
        if (a.isBoolean() && a.booleanValue() || a.isObject() && a.isEmpty()) return b;
        if (b.isBoolean() && b.booleanValue() || b.isObject() && b.isEmpty()) return a;
        if (a.isBoolean() || b.isBoolean()) return F.booleanNode(false);
        if (a.equals(b)) return a;
        ObjectNode o = F.objectNode();
        o.putArray("allOf").add(a).add(b);
        return o;
    }

    private void crossProperties(ObjectNode m, ObjectNode mine, ObjectNode other, String path) {
        JsonNode props = mine.get("properties");
        boolean otherAdd = other.has("additionalProperties") && !isTrue(other.get("additionalProperties"));
        boolean otherPat = other.has("patternProperties");
        if (mine.has("patternProperties") && (otherAdd || otherPat && !mine.get("patternProperties").equals(other.get("patternProperties")))) {
            if (otherAdd || otherPat) {
                throw refuse(path, "allOf mixing patternProperties with another side's additionalProperties or patternProperties is not supported");
            }
        }
        if (props == null || !(otherAdd || otherPat)) return;
        ObjectNode merged = (ObjectNode) m.get("properties");
        JsonNode otherProps = other.path("properties");
        for (Map.Entry<String, JsonNode> e : props.properties()) {
            if (otherProps.has(e.getKey())) continue;
            JsonNode c = constraintFor(other, e.getKey(), path);
            if (c != null) merged.set(e.getKey(), both(merged.get(e.getKey()), c));
        }
    }

    /** What an object schema demands of an undeclared property {@code name}; null when nothing. */
    private static JsonNode constraintFor(ObjectNode s, String name, String path) {
        JsonNode out = null;
        boolean matched = false;
        JsonNode pats = s.get("patternProperties");
        if (pats != null) {
            for (Map.Entry<String, JsonNode> p : pats.properties()) {
                if (javaRegex(p.getKey(), path).matcher(name).find()) {
                    matched = true;
                    out = out == null ? p.getValue() : both(out, p.getValue());
                }
            }
        }
        if (!matched && s.has("additionalProperties") && !isTrue(s.get("additionalProperties"))) out = s.get("additionalProperties");
        return out;
    }

    private static Pattern javaRegex(String pattern, String path) {
        RegexGrammar.parse(pattern); // refuses what ECMA and Java might read differently (lookaround, ...)
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw refuse(path, "pattern '" + pattern + "' cannot be read: " + e.getDescription());
        }
    }

    private static boolean isTrue(JsonNode s) {
        return s.isBoolean() && s.booleanValue() || s.isObject() && s.isEmpty();
    }

    /** Whether no value satisfies both flat schemas (conservative: false when unsure). */
    private boolean disjoint(ObjectNode x, ObjectNode y) {
        Set<String> tx = types(x), ty = types(y);
        Set<String> common = new LinkedHashSet<>(tx);
        common.retainAll(ty);
        if (common.isEmpty()) return true;
        if (x.has("enum") && y.has("enum") && intersectValues((ArrayNode) x.get("enum"), (ArrayNode) y.get("enum")).isEmpty()) return true;
        if (x.has("enum") || y.has("enum")) {
            ObjectNode withEnum = x.has("enum") ? x : y, other = withEnum == x ? y : x;
            boolean any = false;
            for (JsonNode v : withEnum.get("enum")) if (mayAccept(other, v)) any = true;
            if (!any) return true;
        }
        if (common.equals(Set.of("object"))) {
            return objectsDisjoint(x, y) || objectsDisjoint(y, x);
        }
        if (common.stream().allMatch(t -> t.equals("integer") || t.equals("number"))) {
            return rangesDisjoint(x, y);
        }
        return false;
    }

    private boolean rangesDisjoint(ObjectNode x, ObjectNode y) {
        BigDecimal xmax = upper(x), ymin = lower(y), ymax = upper(y), xmin = lower(x);
        return xmax != null && ymin != null && xmax.compareTo(ymin) < 0 || ymax != null && xmin != null && ymax.compareTo(xmin) < 0;
    }

    private static BigDecimal lower(ObjectNode s) {
        BigDecimal a = s.has("minimum") ? s.get("minimum").decimalValue() : null;
        BigDecimal b = s.has("exclusiveMinimum") ? s.get("exclusiveMinimum").decimalValue() : null;
        return a == null ? b : b == null ? a : a.max(b);
    }

    private static BigDecimal upper(ObjectNode s) {
        BigDecimal a = s.has("maximum") ? s.get("maximum").decimalValue() : null;
        BigDecimal b = s.has("exclusiveMaximum") ? s.get("exclusiveMaximum").decimalValue() : null;
        return a == null ? b : b == null ? a : a.min(b);
    }

    /** x requires a property that y forbids or gives disjoint values. */
    private boolean objectsDisjoint(ObjectNode x, ObjectNode y) {
        for (JsonNode r : x.path("required")) {
            String name = r.asText();
            JsonNode yp = y.path("properties").get(name);
            if (yp == null) {
                JsonNode c = constraintFor(y, name, "#");
                if (c != null && c.isBoolean() && !c.booleanValue()) return true;
                continue;
            }
            if (yp.isBoolean() && !yp.booleanValue()) return true;
            JsonNode xp = x.path("properties").get(name);
            if (xp == null) continue;
            List<ObjectNode> xs, ys;
            try {
                xs = flatten(xp, "#", 0);
                ys = flatten(yp, "#", 0);
            } catch (GrammarException e) {
                continue;
            }
            boolean all = true;
            for (ObjectNode a : xs) for (ObjectNode b : ys) if (!disjoint(a, b)) all = false;
            if (all) return true;
        }
        return false;
    }

    /** A cheap over-approximation of whether {@code s} accepts {@code v}. */
    private static boolean mayAccept(ObjectNode s, JsonNode v) {
        if (!types(s).contains(typeOf(v)) && !(typeOf(v).equals("integer") && types(s).contains("number"))) {
            return v.isNumber() && types(s).contains("integer") && v.decimalValue().stripTrailingZeros().scale() <= 0;
        }
        if (s.has("enum")) {
            boolean in = false;
            for (JsonNode e : s.get("enum")) if (sameValue(e, v)) in = true;
            return in;
        }
        return true;
    }

    private static String typeOf(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isBoolean()) return "boolean";
        if (v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0) return "integer";
        if (v.isNumber()) return "number";
        if (v.isTextual()) return "string";
        if (v.isArray()) return "array";
        return "object";
    }

    private static Set<String> types(ObjectNode s) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode t = s.get("type");
        if (t == null) {
            out.addAll(List.of("null", "boolean", "object", "array", "number", "integer", "string"));
            return out;
        }
        for (JsonNode x : t) {
            out.add(x.textValue());
            if (x.textValue().equals("number")) out.add("integer");
        }
        return out;
    }

    // ---- emission of one flat alternative ----

    /** GBNF for the values of a flat schema, null when it admits none. */
    private String emit(ObjectNode s, String path) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode t = s.get("type");
        if (t != null) {
            for (JsonNode x : t) types.add(x.textValue());
        } else if (options.bounded() && !s.has("enum")) {
            // Generation narrows a typeless schema to the types its keywords speak of (an enum
            // is finite already).
            for (String k : (Iterable<String>) s::fieldNames) {
                if (OBJECT_KEYS.contains(k)) types.add("object");
                if (ARRAY_KEYS.contains(k)) types.add("array");
                if (STRING_KEYS.contains(k)) types.add("string");
                if (NUMBER_KEYS.contains(k)) types.add("number");
            }
            if (types.isEmpty() && !s.has("enum")) return any(JsonSchemaOptions.ANY_DEPTH);
        }
        if (types.isEmpty() && t == null) types.addAll(List.of("null", "boolean", "object", "array", "number", "string"));
        if (types.contains("number")) types.remove("integer");
        if (s.has("enum")) return enumValues(s, types, path);
        List<String> alts = new ArrayList<>();
        for (String type : types) {
            String e = switch (type) {
                case "null" -> "\"null\"";
                case "boolean" -> "(\"true\" | \"false\")";
                case "integer", "number" -> number(s, type.equals("integer"), path);
                case "string" -> string(s, path);
                case "array" -> array(s, path);
                case "object" -> object(s, path);
                default -> throw new IllegalStateException(type);
            };
            if (e != null) alts.add(e);
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    private String enumValues(ObjectNode s, Set<String> types, String path) {
        ObjectNode rest = s.deepCopy();
        rest.remove("enum");
        rest.remove("type");
        JsonNode excluded = rest.remove("$notEnum");
        List<String> alts = new ArrayList<>();
        for (JsonNode v : s.get("enum")) {
            String vt = typeOf(v);
            boolean typed = types.contains(vt) || vt.equals("integer") && types.contains("number");
            if (!typed) continue;
            boolean out = false;
            if (excluded != null) for (JsonNode x : excluded) if (sameValue(x, v)) out = true;
            if (out) continue;
            if (!rest.isEmpty() && !validates(rest, v, path)) continue;
            alts.add(literal(v));
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    /** Whether {@code v} satisfies the keywords beside an enum, checked by an independent validator. */
    private boolean validates(ObjectNode rest, JsonNode v, String path) {
        ObjectNode schema = rest.deepCopy();
        JsonNode pats = schema.remove("$patterns");
        if (pats != null) {
            ArrayNode all = schema.putArray("allOf");
            for (JsonNode p : pats) all.addObject().set("pattern", p);
        }
        for (String k : new String[] {"definitions", "$defs"}) if (root.has(k)) schema.set(k, root.get(k));
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema).validate(v).isEmpty();
        } catch (RuntimeException e) {
            throw refuse(path, "enum beside other keywords that cannot be checked (" + e.getMessage() + ")");
        }
    }

    /** A JSON value exactly, with the whitespace the grammar allows between tokens. */
    private String literal(JsonNode v) {
        if (v.isObject()) {
            if (v.isEmpty()) return "\"{\" ws \"}\"";
            List<String> kvs = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) kvs.add(stringLiteral(e.getKey()) + " ws \":\" ws " + literal(e.getValue()));
            return "(\"{\" ws " + String.join(" ws \",\" ws ", kvs) + " ws \"}\")";
        }
        if (v.isArray()) {
            if (v.isEmpty()) return "\"[\" ws \"]\"";
            List<String> items = new ArrayList<>();
            for (JsonNode x : v) items.add(literal(x));
            return "(\"[\" ws " + String.join(" ws \",\" ws ", items) + " ws \"]\")";
        }
        if (v.isTextual()) return stringLiteral(v.textValue());
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            // 1, 1.0 and 1e0 are one value; accept the plain spellings.
            String plain = d.stripTrailingZeros().toPlainString();
            if (d.stripTrailingZeros().scale() <= 0) return "(\"" + plain + "\" (\".\" \"0\"+)?)";
            return "\"" + plain + "\"";
        }
        return "\"" + v + "\"";
    }

    /** A JSON string literal in GBNF, spelled the way JSON writers spell it. */
    static String stringLiteral(String s) {
        StringBuilder sb = new StringBuilder("\"\\\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\\\\\"");
                case '\\' -> sb.append("\\\\\\\\");
                case '\n' -> sb.append("\\\\n");
                case '\r' -> sb.append("\\\\r");
                case '\t' -> sb.append("\\\\t");
                case '\b' -> sb.append("\\\\b");
                case '\f' -> sb.append("\\\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\\\u%04x", c));
                    else if (c < 0x7F) sb.append((char) c);
                    else sb.append(CharSet.esc(c));
                }
            }
        });
        return sb.append("\\\"\"").toString();
    }

    // ---- numbers ----

    private String number(ObjectNode s, boolean integer, String path) {
        if (s.has("multipleOf")) {
            BigDecimal m = s.get("multipleOf").decimalValue();
            if (m.compareTo(BigDecimal.ONE) == 0) integer = true;
            else throw refuse(path, "keyword 'multipleOf' is not supported by the grammar converter (it cannot be enforced)");
        }
        BigDecimal min = null, max = null;
        boolean exMin = false, exMax = false;
        if (s.has("minimum")) min = s.get("minimum").decimalValue();
        if (s.has("exclusiveMinimum")) {
            BigDecimal e = s.get("exclusiveMinimum").decimalValue();
            if (min == null || e.compareTo(min) >= 0) {
                min = e;
                exMin = true;
            }
        }
        if (s.has("maximum")) max = s.get("maximum").decimalValue();
        if (s.has("exclusiveMaximum")) {
            BigDecimal e = s.get("exclusiveMaximum").decimalValue();
            if (max == null || e.compareTo(max) <= 0) {
                max = e;
                exMax = true;
            }
        }
        if (min != null && min.abs().compareTo(BigDecimal.TEN.pow(60)) > 0) min = min.signum() < 0 ? null : min;
        if (max != null && max.abs().compareTo(BigDecimal.TEN.pow(60)) > 0) max = max.signum() > 0 ? null : max;
        JsonNode excluded = s.get("$notEnum");
        List<BigInteger> holes = new ArrayList<>();
        if (excluded != null) {
            for (JsonNode x : excluded) {
                if (x.isNumber() && x.decimalValue().stripTrailingZeros().scale() <= 0) holes.add(x.decimalValue().toBigIntegerExact());
            }
        }
        if (excluded != null && excluded.size() > 0) {
            // not {enum: [numbers]}: integers around the excluded values (narrowing "number" to integers)
            return integerRangesWithout(min, exMin, max, exMax, holes);
        }
        String body = NumberGrammar.number(min, exMin, max, exMax, integer);
        if (body == null) return null;
        if (min == null && max == null) return helper(integer ? "integer" : "number", body);
        return body;
    }

    private static String integerRangesWithout(BigDecimal min, boolean exMin, BigDecimal max, boolean exMax, List<BigInteger> holes) {
        BigInteger lo = min == null ? null : exMin ? min.setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact().add(BigInteger.ONE)
                : min.setScale(0, java.math.RoundingMode.CEILING).toBigIntegerExact();
        BigInteger hi = max == null ? null : exMax ? max.setScale(0, java.math.RoundingMode.CEILING).toBigIntegerExact().subtract(BigInteger.ONE)
                : max.setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact();
        List<BigInteger> sorted = holes.stream().distinct().sorted().toList();
        List<String> alts = new ArrayList<>();
        BigInteger from = lo;
        for (BigInteger h : sorted) {
            if (lo != null && h.compareTo(lo) < 0 || hi != null && h.compareTo(hi) > 0) continue;
            BigInteger to = h.subtract(BigInteger.ONE);
            if (from == null || from.compareTo(to) <= 0) {
                String g = NumberGrammar.number(from == null ? null : new BigDecimal(from), false, new BigDecimal(to), false, true);
                if (g != null) alts.add(g);
            }
            from = h.add(BigInteger.ONE);
        }
        if (from == null || hi == null || from.compareTo(hi) <= 0) {
            String g = NumberGrammar.number(from == null ? null : new BigDecimal(from), false, hi == null ? null : new BigDecimal(hi), false, true);
            if (g != null) alts.add(g);
        }
        if (alts.isEmpty()) return null;
        return alts.size() == 1 ? alts.get(0) : "(" + String.join(" | ", alts) + ")";
    }

    // ---- strings ----

    private String charRule() {
        // No DEL, surrogates or code points above U+10FFFF: llama.cpp decodes those from
        // invalid UTF-8 (C1 BF, ED A0 80, F4 90 80 80), which no JSON reader turns back into them.
        return helper("char", "[^\"\\\\\\x00-\\x1F\\x7F\\uD800-\\uDFFF\\U00110000-\\U001FFFFF] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" ([0-9a-cA-Ce-fE-F] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))");
    }

    private String string(ObjectNode s, String path) {
        int minLen = s.path("minLength").asInt(0);
        Integer maxLen = s.has("maxLength") ? s.get("maxLength").asInt() : null;
        if (maxLen != null && maxLen < minLen) return null;
        JsonNode pats = s.get("$patterns");
        String format = s.has("format") ? s.get("format").textValue() : null;
        JsonNode excluded = s.get("$notEnum");
        if (excluded != null) {
            ArrayNode texts = F.arrayNode();
            excluded.forEach(x -> {
                if (x.isTextual()) texts.add(x);
            });
            excluded = texts.isEmpty() ? null : texts;
        }
        if (excluded != null) {
            if (pats != null || format != null && format(format, path) != null || minLen > 0 || maxLen != null) {
                throw refuse(path, "keyword 'not' with an enum beside other string keywords is not supported (it cannot be enforced)");
            }
            Set<String> names = new LinkedHashSet<>();
            excluded.forEach(x -> names.add(x.textValue()));
            return keyOutside(names);
        }
        String fmt = format == null ? null : format(format, path);
        if (pats != null && pats.size() > 1) {
            throw refuse(path, "two patterns at once (allOf) are not supported: '" + pats.get(0).textValue() + "' and '" + pats.get(1).textValue() + "'");
        }
        if (pats != null && fmt != null) throw refuse(path, "'pattern' together with 'format' is not supported");
        if (pats != null) {
            String p = pats.get(0).textValue();
            String body;
            try {
                body = RegexGrammar.toGbnf(p, options.bounded(), "char-canon");
                if (minLen > 0 || maxLen != null) {
                    int[] l = RegexGrammar.searchLengths(p, options.bounded());
                    boolean fits = l[0] >= minLen && (maxLen == null || (l[1] >= 0 && l[1] <= maxLen));
                    if (!fits) {
                        body = RegexGrammar.toGbnfWithLengths(p, minLen, maxLen);
                        if (body == null) {
                            throw refuse(path, "'pattern' '" + p + "' together with 'minLength'/'maxLength' is not supported"
                                    + " (the pattern must be anchored and vary in length through one repeated character)");
                        }
                        if (body.isEmpty()) return null;
                    }
                }
            } catch (GrammarException e) {
                if (e.getMessage().startsWith("JSON schema")) throw e;
                throw refuse(path, e.getMessage());
            }
            helper("char-canon", CharSet.JSON_RAW.union(CharSet.range(0, 0x1F)).union(CharSet.of('"')).union(CharSet.of('\\')).jsonChar());
            return "(\"\\\"\" " + body + " \"\\\"\")";
        }
        if (fmt != null) {
            if (minLen > 0 || maxLen != null) {
                int[] l = FORMAT_LENGTHS.getOrDefault(format, new int[] {0, -1});
                boolean fits = l[0] >= minLen && (maxLen == null || (l[1] >= 0 && l[1] <= maxLen));
                if (!fits) throw refuse(path, "'format' together with 'minLength'/'maxLength' is not supported");
            }
            return "(\"\\\"\" " + fmt + " \"\\\"\")";
        }
        if (maxLen == null && options.bounded()) maxLen = Math.max(minLen, options.maxLength());
        if (minLen > MAX_REPEAT) throw refuse(path, "minLength above " + MAX_REPEAT + " is not supported");
        if (maxLen != null && maxLen > MAX_REPEAT) maxLen = MAX_REPEAT;
        if (options.freeText() != null) {
            FreeText.Gbnf g = options.freeText().strings(minLen, maxLen == null ? Integer.MAX_VALUE : maxLen);
            if (g != null) {
                g.rules().forEach(this::helper);
                return g.expression();
            }
        }
        String c = charRule();
        String rep = maxLen == null ? (minLen == 0 ? c + "*" : minLen == 1 ? c + "+" : c + "{" + minLen + ",}")
                : maxLen == 0 ? "" : c + "{" + minLen + "," + maxLen + "}";
        if (maxLen == null && minLen == 0) return helper("string", "\"\\\"\" " + c + "* \"\\\"\"");
        return "(\"\\\"\" " + rep + (rep.isEmpty() ? "" : " ") + "\"\\\"\")";
    }

    private static final Map<String, int[]> FORMAT_LENGTHS = Map.of("date", new int[] {10, 10}, "uuid", new int[] {36, 36});

    /** GBNF (without quotes) for a format the converter enforces; null for formats that constrain nothing. */
    private String format(String f, String path) {
        String d2 = "[0-9]{2}";
        return switch (f) {
            case "date" -> helper("date", "[0-9]{4} \"-\" (\"0\" [13578] \"-\" day31 | \"1\" [02] \"-\" day31 | \"0\" [469] \"-\" day30 | \"11\" \"-\" day30 | \"02\" \"-\" day28)")
                    + dayRules();
            case "time" -> helper("time", "([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] (\".\" [0-9]+)? ([Zz] | [+-] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9])");
            case "date-time" -> {
                format("date", path);
                format("time", path);
                yield helper("date-time", "date [Tt] time");
            }
            case "uuid" -> helper("uuid", "[0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12}");
            case "ipv4" -> {
                helper("ipv4-octet", "\"25\" [0-5] | \"2\" [0-4] [0-9] | \"1\" [0-9] [0-9] | [1-9] [0-9] | [0-9]");
                yield helper("ipv4", "ipv4-octet \".\" ipv4-octet \".\" ipv4-octet \".\" ipv4-octet");
            }
            case "email" -> {
                helper("email-atom", "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
                helper("dns-label", "[A-Za-z0-9] ([A-Za-z0-9-]{0,61} [A-Za-z0-9])?");
                yield helper("email", "email-atom (\".\" email-atom)* \"@\" dns-label (\".\" dns-label)+");
            }
            case "hostname" -> {
                helper("dns-label", "[A-Za-z0-9] ([A-Za-z0-9-]{0,61} [A-Za-z0-9])?");
                // at most 4 labels of at most 63 characters: the 253-character limit holds.
                yield helper("hostname", "dns-label (\".\" dns-label){0,2}");
            }
            case "uri", "uri-reference" -> {
                helper("uri-unreserved", "[A-Za-z0-9._~!$&'()*+,;=-] | \"%\" [0-9a-fA-F] [0-9a-fA-F]");
                helper("uri-pchar", "uri-unreserved | [:@]");
                helper("uri-authority", "((uri-unreserved | \":\")* \"@\")? uri-unreserved* (\":\" [0-9]*)?");
                helper("uri-tail", "(\"?\" (uri-pchar | [/?])*)? (\"#\" (uri-pchar | [/?])*)?");
                helper("uri", "[A-Za-z] [A-Za-z0-9+.-]* \":\" (\"//\" uri-authority (\"/\" uri-pchar*)* | (\"/\" | uri-pchar) (uri-pchar | \"/\")* | ) uri-tail");
                if (f.equals("uri")) yield "uri";
                // relative reference: a first segment without ':' so it cannot read as a scheme
                yield helper("uri-reference", "uri | (\"//\" uri-authority (\"/\" uri-pchar*)* | \"/\" (uri-pchar | \"/\")* | (uri-unreserved | \"@\")+ (\"/\" uri-pchar*)* | ) uri-tail");
            }
            default -> {
                if (STANDARD_FORMATS.contains(f)) {
                    throw refuse(path, "format '" + f + "' is not supported by the grammar converter (it cannot be enforced)");
                }
                yield null; // formats outside the specification are annotations
            }
        };
    }

    private String dayRules() {
        helper("day31", "\"0\" [1-9] | [12] [0-9] | \"3\" [01]");
        helper("day30", "\"0\" [1-9] | [12] [0-9] | \"30\"");
        helper("day28", "\"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8]");
        return "";
    }

    // ---- arrays ----

    private String array(ObjectNode s, String path) {
        List<JsonNode> prefix = new ArrayList<>();
        s.path("prefixItems").forEach(prefix::add);
        JsonNode rest = s.has("items") ? s.get("items") : F.booleanNode(true);
        int min = s.path("minItems").asInt(0);
        Integer max = s.has("maxItems") ? s.get("maxItems").asInt() : null;
        if (rest.isBoolean() && !rest.booleanValue()) max = max == null ? prefix.size() : Math.min(max, prefix.size());
        if (max == null && options.bounded()) max = Math.max(Math.max(min, prefix.size()), options.maxItems());
        if (max != null && max < min) return null;
        if (s.path("uniqueItems").asBoolean(false) && (max == null || max > 1)) {
            throw refuse(path, "keyword 'uniqueItems' is not supported by the grammar converter (it cannot be enforced)");
        }
        if (min > MAX_REPEAT) throw refuse(path, "minItems above " + MAX_REPEAT + " is not supported");
        if (max != null && max > MAX_REPEAT) max = MAX_REPEAT;
        // elements: e_0 .. e_{k-1} from prefixItems, the rest from items
        List<String> elems = new ArrayList<>();
        for (int i = 0; i < prefix.size() && (max == null || i < max); i++) {
            elems.add(ruleFor(prefix.get(i), path + "/prefixItems/" + i, hint(path) + "-item-" + i));
        }
        String restRule = max != null && max <= prefix.size() ? null : ruleFor(rest, path + "/items", hint(path) + "-item");
        if (elems.isEmpty() && restRule == null) return min == 0 ? "\"[\" ws \"]\"" : null;
        // tail(i): what may follow after i elements
        String tail = "";
        if (restRule != null) {
            int rmin = Math.max(0, min - elems.size());
            Integer rmax = max == null ? null : max - elems.size();
            if (elems.isEmpty()) {
                if (rmin > 0) rmin--;
                if (rmax != null) rmax--;
                String more = rep("(ws \",\" ws " + restRule + ")", rmin, rmax);
                String nonEmpty = "\"[\" ws " + restRule + (more.isEmpty() ? "" : " " + more) + " ws \"]\"";
                if (min == 0) return "(\"[\" ws \"]\" | " + nonEmpty + ")";
                return "(" + nonEmpty + ")";
            }
            tail = rep("(ws \",\" ws " + restRule + ")", rmin, rmax);
        }
        // prefix elements, from the last one back
        for (int i = elems.size() - 1; i >= 1; i--) {
            String step = "ws \",\" ws " + elems.get(i) + (tail.isEmpty() ? "" : " " + tail);
            tail = i >= min ? "(" + step + ")?" : "(" + step + ")";
        }
        String nonEmpty = "\"[\" ws " + elems.get(0) + (tail.isEmpty() ? "" : " " + tail) + " ws \"]\"";
        if (min == 0) return "(\"[\" ws \"]\" | " + nonEmpty + ")";
        return "(" + nonEmpty + ")";
    }

    private static String rep(String x, int min, Integer max) {
        if (max != null && max == 0) return "";
        if (max == null) return min == 0 ? x + "*" : min == 1 ? x + "+" : x + "{" + min + ",}";
        if (min == 0 && max == 1) return x + "?";
        if (min == max) return min == 1 ? x : x + "{" + min + "}";
        return x + "{" + min + "," + max + "}";
    }

    // ---- objects ----

    private record Prop(String name, String rule, boolean required) {
    }

    private String object(ObjectNode s, String path) {
        JsonNode props = s.path("properties");
        Set<String> required = new LinkedHashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        JsonNode pats = s.get("patternProperties");
        if (pats != null && pats.isEmpty()) pats = null;
        JsonNode add = s.get("additionalProperties");
        // Declared properties, in schema order, then required names the schema does not declare.
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : props.properties()) declared.put(e.getKey(), e.getValue());
        for (String r : required) {
            if (!declared.containsKey(r)) {
                JsonNode c = constraintFor(s, r, path);
                declared.put(r, c == null ? F.booleanNode(true) : c);
            }
        }
        List<Prop> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : declared.entrySet()) {
            String name = e.getKey();
            JsonNode schema = e.getValue();
            if (pats != null) {
                for (Map.Entry<String, JsonNode> p : pats.properties()) {
                    if (javaRegex(p.getKey(), path).matcher(name).find()) schema = both(schema, p.getValue());
                }
            }
            boolean req = required.contains(name);
            if (schema.isBoolean() && !schema.booleanValue()) {
                if (req) return null;
                continue;
            }
            String valueRule;
            try {
                valueRule = ruleFor(schema, path + "/properties/" + name, hint(path) + "-" + name);
            } catch (GrammarException ex) {
                if (!req && ex.getMessage().contains("admits no value")) continue;
                throw ex;
            }
            list.add(new Prop(name, define(hint(path) + "-" + name + "-kv", stringLiteral(name) + " ws \":\" ws " + valueRule), req));
        }
        // Properties beyond the declared ones.
        String extra = null;
        boolean extrasAllowed;
        if (pats != null) {
            if (add != null && !(add.isBoolean() && !add.booleanValue())) {
                // keys matching no pattern would need the complement of a regular expression
                throw refuse(path, "'patternProperties' beside 'additionalProperties' other than false is not supported");
            }
            // absent additionalProperties: only keys matching a pattern (narrowing)
            List<String> keyAlts = new ArrayList<>();
            String firstSchema = null;
            for (Map.Entry<String, JsonNode> p : pats.properties()) {
                for (String name : declared.keySet()) {
                    if (javaRegex(p.getKey(), path).matcher(name).find()) {
                        throw refuse(path, "'patternProperties' pattern '" + p.getKey() + "' also matches the declared property '" + name + "', which a grammar cannot keep apart");
                    }
                }
                String vs = p.getValue().toString();
                if (firstSchema != null && !firstSchema.equals(vs)) {
                    throw refuse(path, "several 'patternProperties' with different schemas are not supported (a key may match more than one)");
                }
                firstSchema = vs;
                String keyBody;
                try {
                    keyBody = RegexGrammar.toGbnf(p.getKey(), options.bounded(), "char-canon");
                } catch (GrammarException ex) {
                    throw refuse(path, ex.getMessage().replaceFirst("^JSON schema ", ""));
                }
                helper("char-canon", CharSet.JSON_RAW.union(CharSet.range(0, 0x1F)).union(CharSet.of('"')).union(CharSet.of('\\')).jsonChar());
                keyAlts.add(keyBody);
            }
            JsonNode vschema = pats.elements().next();
            if (!(vschema.isBoolean() && !vschema.booleanValue())) {
                String value = ruleFor(vschema, path + "/patternProperties", hint(path) + "-pattern-value");
                extra = define(hint(path) + "-pattern-kv", "\"\\\"\" (" + String.join(" | ", keyAlts) + ") \"\\\"\" ws \":\" ws " + value);
            }
        } else {
            boolean open = add == null ? !options.bounded() || declared.isEmpty() : !(add.isBoolean() && !add.booleanValue());
            if (open) {
                String value = add == null || isTrue(add) ? any(options.bounded() ? JsonSchemaOptions.ANY_DEPTH - 1 : -1)
                        : ruleFor(add, path + "/additionalProperties", hint(path) + "-extra-value");
                extra = define(hint(path) + "-extra-kv", keyOutside(declared.keySet()) + " ws \":\" ws " + value);
            }
        }
        extrasAllowed = extra != null;
        int minP = s.path("minProperties").asInt(0);
        Integer maxP = s.has("maxProperties") ? s.get("maxProperties").asInt() : null;
        long nRequired = list.stream().filter(Prop::required).count();
        Integer extraMax = options.bounded() ? Integer.valueOf(options.maxItems()) : null;
        int extraMin = 0;
        boolean nonEmpty = false;
        if (list.isEmpty()) {
            extraMin = minP;
            if (maxP != null) extraMax = extraMax == null ? maxP : Math.min(extraMax, maxP);
            if (extraMax != null && extraMax < extraMin) return null;
            if (!extrasAllowed && minP > 0) return null;
        } else {
            if (maxP != null) {
                if (maxP < nRequired) return null;
                if (maxP == nRequired) {
                    // room for the required properties only
                    list.removeIf(p -> !p.required());
                    extra = null;
                } else if (extra != null) {
                    if (list.size() != nRequired) {
                        throw refuse(path, "'maxProperties' " + maxP + " beside optional and additional properties is not supported");
                    }
                    int room = (int) (maxP - nRequired);
                    extraMax = extraMax == null ? room : Math.min(extraMax, room);
                } else if (maxP < list.size()) {
                    throw refuse(path, "'maxProperties' " + maxP + " below the number of properties the object may have is not supported");
                }
            }
            if (minP > nRequired) {
                if (minP == 1) nonEmpty = true;
                else throw refuse(path, "'minProperties' " + minP + " above the required properties is not supported");
            }
        }
        if (list.isEmpty() && extra == null && nonEmpty) return null;
        return objectBody(list, extra, extraMin, extraMax, nonEmpty, hint(path));
    }

    /**
     * The object in declared order with optional properties skippable, extras after them:
     * N(i) is "a non-empty run starting at property i", R(i) "the rest after something was written".
     */
    private String objectBody(List<Prop> list, String extra, int extraMin, Integer extraMax, boolean nonEmpty, String hint) {
        int n = list.size();
        String sep = "ws \",\" ws ";
        if (n == 0) {
            if (extra == null) return "\"{\" ws \"}\"";
            int first = Math.max(0, extraMin - 1);
            Integer more = extraMax == null ? null : extraMax - 1;
            if (more != null && more < 0) return "\"{\" ws \"}\"";
            String tail = rep("(" + sep + extra + ")", first, more);
            String body = "\"{\" ws " + extra + (tail.isEmpty() ? "" : " " + tail) + " ws \"}\"";
            return extraMin == 0 ? "(\"{\" ws \"}\" | " + body + ")" : "(" + body + ")";
        }
        String extrasTail = extra == null ? "" : rep("(" + sep + extra + ")", 0, extraMax);
        // R(n): extras after at least one property
        String[] r = new String[n + 1];
        r[n] = extrasTail;
        for (int i = n - 1; i >= 0; i--) {
            Prop p = list.get(i);
            String next = r[i + 1].isEmpty() ? "" : " " + r[i + 1];
            String step = "(" + sep + p.rule() + ")" + (p.required() ? "" : "?");
            String body = step + next;
            // name R(i) so the grammar stays linear in the number of properties
            r[i] = i == 0 ? body : define(hint + "-after-" + i, body);
        }
        // N(i): a non-empty run starting at i
        String[] nn = new String[n + 1];
        nn[n] = extra == null ? null : extra + (extrasTail.isEmpty() ? "" : " " + rep("(" + sep + extra + ")", 0, extraMax == null ? null : extraMax - 1));
        boolean laterRequired = false;
        for (int i = n - 1; i >= 0; i--) {
            Prop p = list.get(i);
            String rest = r[i + 1];
            String start = p.rule() + (rest.isEmpty() ? "" : " " + rest);
            List<String> alts = new ArrayList<>();
            alts.add(start);
            if (!p.required() && nn[i + 1] != null) alts.add(nn[i + 1]);
            nn[i] = define(hint + "-from-" + i, String.join(" | ", alts));
            laterRequired |= p.required();
        }
        String full = "\"{\" ws " + nn[0] + " ws \"}\"";
        if (laterRequired || nonEmpty) return "(" + full + ")";
        return "(\"{\" ws \"}\" | " + full + ")";
    }

    /** A JSON string that is none of {@code names}, one spelling per string (a trie of the names, complemented). */
    private String keyOutside(Set<String> names) {
        String c = helper("char-canon", CharSet.JSON_RAW.union(CharSet.range(0, 0x1F)).union(CharSet.of('"')).union(CharSet.of('\\')).jsonChar());
        if (names.isEmpty()) return helper("key", "\"\\\"\" " + c + keyRepeat() + " \"\\\"\"");
        String memoKey = "keyout:" + names;
        String done = memo.get(memoKey);
        if (done != null) return done;
        String body = "\"\\\"\" " + notIn(new ArrayList<>(names), 0, c) + " \"\\\"\"";
        String name = define("key-other", body);
        memo.put(memoKey, name);
        return name;
    }

    /** Strings s (chars after position {@code at} of a common prefix) such that prefix+s is not in {@code names}. */
    private String notIn(List<String> names, int at, String anyChar) {
        // names all share the same prefix of length `at` (in code points)
        boolean terminal = false;
        TreeMap<Integer, List<String>> byNext = new TreeMap<>();
        for (String s : names) {
            int[] cps = s.codePoints().toArray();
            if (cps.length == at) terminal = true;
            else byNext.computeIfAbsent(cps[at], k -> new ArrayList<>()).add(s);
        }
        List<String> alts = new ArrayList<>();
        if (!terminal) alts.add("\"\""); // stop here: the prefix itself is not a name
        CharSet used = CharSet.empty();
        for (int cp : byNext.keySet()) used = used.union(CharSet.of(cp));
        String others = CharSet.JSON_RAW.union(CharSet.range(0, 0x1F)).union(CharSet.of('"')).union(CharSet.of('\\')).minus(used).jsonChar();
        if (others != null) alts.add(others + " " + anyChar + keyRepeat());
        for (Map.Entry<Integer, List<String>> e : byNext.entrySet()) {
            String ch = CharSet.of(e.getKey()).jsonChar();
            String sub = notIn(e.getValue(), at + 1, anyChar);
            String rule = define("key-other-" + at, sub);
            alts.add(ch + " " + rule);
        }
        return "(" + String.join(" | ", alts) + ")";
    }

    /** Repetition of key characters: free, or bounded by maxLength when generating. */
    private String keyRepeat() {
        return options.bounded() ? "{0," + options.maxLength() + "}" : "*";
    }

    // ---- any value ----

    /** Any JSON value; depth -1 is unbounded, else nesting up to {@code depth} containers. */
    private String any(int depth) {
        String str = options.bounded() ? "\"\\\"\" " + charRule() + "{0," + options.maxLength() + "} \"\\\"\"" : "\"\\\"\" " + charRule() + "* \"\\\"\"";
        helper("number", NumberGrammar.number(null, false, null, false, false));
        String scalar = helper("any-scalar", "\"null\" | \"true\" | \"false\" | number | " + str);
        if (depth == 0) return scalar;
        String name = depth < 0 ? "any" : "any-" + depth;
        if (rules.containsKey(name)) return name;
        rules.put(name, "\"\"");
        String inner = depth < 0 ? "any" : any(depth - 1);
        String key = keyOutside(Set.of());
        String more = options.bounded() ? "{0," + (options.maxItems() - 1) + "}" : "*";
        String arr = "\"[\" ws (" + inner + " (ws \",\" ws " + inner + ")" + more + " ws)? \"]\"";
        String obj = "\"{\" ws (" + key + " ws \":\" ws " + inner + " (ws \",\" ws " + key + " ws \":\" ws " + inner + ")" + more + " ws)? \"}\"";
        rules.put(name, scalar + " | " + arr + " | " + obj);
        return name;
    }
}
