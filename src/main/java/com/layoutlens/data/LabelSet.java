package com.layoutlens.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A label schema, kept as data so that another one (CORD, FUNSD...) can be loaded from a
 * JSON file: the entity types and the "outside" label in a fixed order (the order of
 * confusion-matrix rows, {@link #labels()}), the tagging {@link Scheme} that turns types into
 * tags ({@link #tags()}: {@code O, B-COMPANY, I-COMPANY, ...} for BIO), and which key-file field
 * each type extracts.
 *
 * <p>Label files and models carry tags. {@link #contains} accepts the outside label, a type, and
 * a type with any scheme's prefix ({@code B- I- E- S- L- U-}): gold written in another scheme of
 * the same types is read and converted ({@link Chunks#convert}); a tag of an unknown type is not.
 * {@link #indexOf} gives a tag's type index, so word-level figures are computed on types.
 */
public final class LabelSet implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The schemas built in, by name: each {@code /labelsets/NAME.json} on the class path. */
    public static final List<String> BUILT_IN = List.of("sroie", "sroie-bio", "sroie-iobes", "funsd", "cord");

    private static final LabelSet SROIE = loadResource("/labelsets/sroie.json");

    private static final List<String> ALL_PREFIXES = List.of("B", "I", "E", "S", "L", "U");

    private final String name;
    private final String outside;
    private final List<String> labels;
    private final Map<String, Integer> indexOf;
    private final Map<String, String> fieldOf;
    private final Scheme scheme;
    private final List<String> tags;
    private final Map<String, Integer> tagIndex;

    /** An IO schema. */
    public LabelSet(String name, String outside, List<String> labels, Map<String, String> fieldOf) {
        this(name, outside, labels, fieldOf, Scheme.IO);
    }

    public LabelSet(String name, String outside, List<String> labels, Map<String, String> fieldOf, Scheme scheme) {
        if (!labels.contains(outside)) {
            throw new IllegalArgumentException("label set '" + name + "': the outside label '" + outside
                    + "' is not among its labels " + labels);
        }
        this.name = name;
        this.outside = outside;
        this.labels = List.copyOf(labels);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (idx.put(labels.get(i), i) != null) {
                throw new IllegalArgumentException("label set '" + name + "': label '" + labels.get(i) + "' twice");
            }
        }
        this.indexOf = Collections.unmodifiableMap(idx);
        for (String l : fieldOf.keySet()) {
            if (!idx.containsKey(l)) {
                throw new IllegalArgumentException("label set '" + name + "': field for unknown label '" + l + "'");
            }
        }
        this.fieldOf = Collections.unmodifiableMap(new LinkedHashMap<>(fieldOf));
        this.scheme = scheme;
        List<String> t = new ArrayList<>();
        t.add(outside);
        for (String l : labels) {
            if (l.equals(outside)) {
                continue;
            }
            if (scheme == Scheme.IO) {
                t.add(l);
            } else {
                for (String p : scheme.prefixes()) {
                    t.add(p + "-" + l);
                }
            }
        }
        this.tags = List.copyOf(t);
        Map<String, Integer> ti = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            ti.put(t.get(i), i);
        }
        this.tagIndex = Collections.unmodifiableMap(ti);
    }

    /** This schema's types with another scheme, named {@code NAME-SCHEME} ({@code sroie-bio}), or this one. */
    public LabelSet withScheme(Scheme other) {
        if (other == scheme) {
            return this;
        }
        String base = name;
        for (Scheme s : Scheme.values()) {
            if (base.endsWith("-" + s.id())) {
                base = base.substring(0, base.length() - s.id().length() - 1);
            }
        }
        return new LabelSet(other == Scheme.IO ? base : base + "-" + other.id(), outside, labels, fieldOf, other);
    }

    /**
     * A built-in schema by name ({@link #BUILT_IN}), or null.
     */
    public static LabelSet builtIn(String name) {
        if (name.equals("sroie")) {
            return SROIE;
        }
        return BUILT_IN.contains(name) ? loadResource("/labelsets/" + name + ".json") : null;
    }

    /**
     * The schema a {@code --schema} value names: a built-in name, else a JSON file.
     *
     * @throws IOException naming the file and why, or the built-in names when it is neither
     */
    public static LabelSet resolve(String nameOrFile) throws IOException {
        LabelSet b = builtIn(nameOrFile.trim());
        if (b != null) {
            return b;
        }
        Path p = Path.of(nameOrFile);
        if (!Files.exists(p)) {
            throw new IOException("schema '" + nameOrFile + "' is neither built in (" + String.join(", ", BUILT_IN)
                    + ") nor a file");
        }
        return load(p);
    }

    /**
     * The schema a model's or a folder's tags make ({@code id2label}, or the tags in label files):
     * the scheme from the prefixes seen (S-/E-/U-/L-: IOBES, else B-/I-: BIO, else IO), the types
     * in order of first appearance. A built-in schema with the same scheme and the same types
     * (any order, any case) is returned when there is one, so that its fields and colours apply.
     *
     * @return null when no tag names a type (all outside, or none)
     */
    public static LabelSet fromTags(String name, java.util.Collection<String> tagNames) {
        Scheme scheme = Scheme.IO;
        List<String> types = new ArrayList<>();
        for (String raw : tagNames) {
            String tag = raw.trim();
            if (tag.equalsIgnoreCase("O") || tag.equalsIgnoreCase("OTHER") || tag.isEmpty()) {
                continue;
            }
            String type = tag;
            if (tag.length() > 2 && tag.charAt(1) == '-' && ALL_PREFIXES.contains(tag.substring(0, 1).toUpperCase(Locale.ROOT))) {
                String p = tag.substring(0, 1).toUpperCase(Locale.ROOT);
                type = tag.substring(2);
                Scheme s = "BI".contains(p) ? Scheme.BIO : Scheme.IOBES;
                if (s.ordinal() > scheme.ordinal()) {
                    scheme = s;
                }
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        if (types.isEmpty()) {
            return null;
        }
        for (String b : BUILT_IN) {
            LabelSet set = builtIn(b);
            List<String> known = set.entityLabels();
            if (set.scheme == scheme && known.size() == types.size() && upper(known).containsAll(upper(types))) {
                return set;
            }
        }
        List<String> labels = new ArrayList<>();
        labels.add("O");
        labels.addAll(types);
        return new LabelSet(name, "O", labels, Map.of(), scheme);
    }

    /**
     * The built-in schema that the tags found in label files fit best: the one covering most of
     * their types (any case; the first of {@link #BUILT_IN} on a tie, sroie when none covers
     * any), in the scheme their prefixes show. Tags it does not cover are then reported by the
     * readers as unknown, with file and line: a folder's tags choose among the built-in schemas,
     * another one is named with {@code --schema FILE}.
     */
    public static LabelSet closestBuiltIn(java.util.Collection<String> tagNames) {
        LabelSet found = fromTags("labels", tagNames);
        if (found == null) {
            return SROIE;
        }
        LabelSet best = SROIE;
        long bestCover = 0;
        for (String b : BUILT_IN) {
            LabelSet set = builtIn(b);
            List<String> known = upper(set.entityLabels());
            long cover = upper(found.entityLabels()).stream().filter(known::contains).count();
            if (cover > bestCover || (cover == bestCover && cover > 0 && set.scheme == found.scheme && best.scheme != found.scheme)) {
                best = set;
                bestCover = cover;
            }
        }
        if (best.scheme == found.scheme) {
            return best;
        }
        LabelSet same = builtIn(best.withScheme(found.scheme).name());
        return same != null ? same : best.withScheme(found.scheme);
    }

    private static List<String> upper(List<String> l) {
        return l.stream().map(x -> x.toUpperCase(Locale.ROOT)).toList();
    }

    /** The SROIE schema: {@code O, COMPANY, DATE, ADDRESS, TOTAL}. */
    public static LabelSet sroie() {
        return SROIE;
    }

    /**
     * A schema from a file: a regular file of at most {@link InputLimits#MAX_CONFIG_BYTES}
     * (checked before reading), else an error naming the file and why.
     */
    public static LabelSet load(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = TextFiles.readBytes(file, InputLimits.MAX_CONFIG_BYTES);
        } catch (TextFiles.Unusable e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            return parse(in, file.toString());
        }
    }

    private static LabelSet loadResource(String resource) {
        try (InputStream in = LabelSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LabelSet parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // FILE:LINE and the parser's own words, never its internal location text
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IOException(source + (line > 0 ? ":" + line : "") + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.has("labels") || !root.get("labels").isArray()) {
            throw new IOException(source + ": a label set needs a 'labels' array");
        }
        List<String> labels = new ArrayList<>();
        root.get("labels").forEach(n -> labels.add(n.asText()));
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode f = root.get("fields");
        if (f != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), e.getValue().asText());
            }
        }
        String outside = root.path("outside").asText("O");
        try {
            Scheme scheme = root.has("scheme") ? Scheme.parse(root.get("scheme").asText()) : Scheme.IO;
            return new LabelSet(root.path("name").asText("custom"), outside, labels, fields, scheme);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public String outside() {
        return outside;
    }

    /** All labels, outside label included, in schema order. */
    public List<String> labels() {
        return labels;
    }

    /** The labels other than the outside one, in schema order. */
    public List<String> entityLabels() {
        List<String> out = new ArrayList<>(labels);
        out.remove(outside);
        return out;
    }

    public int size() {
        return labels.size();
    }

    /**
     * Whether a label file or a model may carry this tag: the outside label, a type, or a type
     * with a prefix of any scheme ({@code B- I- E- S- L- U-}).
     */
    public boolean contains(String label) {
        return typeOf(label) != null;
    }

    /**
     * A tag as this schema spells it, matching the type in any case ({@code B-MENU.NM} for CORD's
     * {@code menu.nm} gives {@code B-menu.nm}; the prefix upper-cased), as models' labels are
     * matched; the tag itself when the schema has it as it is; null when it names no type.
     */
    public String canonical(String tag) {
        if (contains(tag)) {
            return tag;
        }
        if (tag.equalsIgnoreCase(outside)) {
            return outside;
        }
        String prefix = "";
        String type = tag;
        if (tag.length() > 2 && tag.charAt(1) == '-'
                && ALL_PREFIXES.contains(tag.substring(0, 1).toUpperCase(Locale.ROOT))) {
            prefix = tag.substring(0, 2).toUpperCase(Locale.ROOT);
            type = tag.substring(2);
        }
        for (String known : labels) {
            if (!known.equals(outside) && known.equalsIgnoreCase(type)) {
                return prefix + known;
            }
        }
        return null;
    }

    /** The index of a tag's type in {@link #labels()}, or -1 when it names no type of the set. */
    public int indexOf(String label) {
        String t = typeOf(label);
        return t == null ? -1 : indexOf.get(t);
    }

    /** A tag's type ({@code B-TOTAL -> TOTAL}; {@code TOTAL} and the outside label as they are), or null. */
    public String typeOf(String tag) {
        if (indexOf.containsKey(tag)) {
            return tag;
        }
        if (tag.length() > 2 && tag.charAt(1) == '-' && ALL_PREFIXES.contains(tag.substring(0, 1))) {
            String type = tag.substring(2);
            if (indexOf.containsKey(type) && !type.equals(outside)) {
                return type;
            }
        }
        return null;
    }

    /** The tagging scheme. */
    public Scheme scheme() {
        return scheme;
    }

    /**
     * The tags in a fixed order, the order of a fresh model's classes: the outside label, then
     * per type the scheme's prefixes ({@code O, B-COMPANY, I-COMPANY, B-DATE, ...}); for IO the
     * same as {@link #labels()}.
     */
    public List<String> tags() {
        return tags;
    }

    /** The index of a tag in {@link #tags()}, or -1. */
    public int tagIndex(String tag) {
        Integer i = tagIndex.get(tag);
        return i == null ? -1 : i;
    }

    public String tag(int index) {
        return tags.get(index);
    }

    /** Whether both schemas have the same entity types, in any order (the outside label aside). */
    public boolean sameTypes(LabelSet other) {
        return new java.util.HashSet<>(entityLabels()).equals(new java.util.HashSet<>(other.entityLabels()));
    }

    public String label(int index) {
        return labels.get(index);
    }

    /** The key-file field a label extracts ({@code TOTAL -> total}), or null. */
    public String fieldOf(String label) {
        return fieldOf.get(label);
    }

    /** Label to field, in schema order. */
    public Map<String, String> fields() {
        return fieldOf;
    }

    /** The label that extracts a key-file field, or null. */
    public String labelOfField(String field) {
        for (Map.Entry<String, String> e : fieldOf.entrySet()) {
            if (e.getValue().equals(field)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** This schema as a JSON file {@link #load} reads back: name, scheme, outside label, labels, fields. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
        o.put("name", name);
        o.put("scheme", scheme.id());
        o.put("outside", outside);
        labels.forEach(o.putArray("labels")::add);
        if (!fieldOf.isEmpty()) {
            com.fasterxml.jackson.databind.node.ObjectNode f = o.putObject("fields");
            fieldOf.forEach(f::put);
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and lists only
        }
    }

    @Override
    public String toString() {
        return name + (scheme == Scheme.IO ? "" : " (" + scheme.id() + ")") + labels;
    }
}
