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
import java.util.Map;

/**
 * A label schema, kept as data so that another one (CORD, FUNSD...) can be loaded from a
 * JSON file: the labels in a fixed order (the order of confusion-matrix rows), the
 * "outside" label, and which key-file field each label extracts.
 */
public final class LabelSet {

    private static final LabelSet SROIE = loadResource("/labelsets/sroie.json");

    private final String name;
    private final String outside;
    private final List<String> labels;
    private final Map<String, Integer> indexOf;
    private final Map<String, String> fieldOf;

    public LabelSet(String name, String outside, List<String> labels, Map<String, String> fieldOf) {
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
        JsonNode root = new ObjectMapper().readTree(in);
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
            return new LabelSet(root.path("name").asText("custom"), outside, labels, fields);
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

    public boolean contains(String label) {
        return indexOf.containsKey(label);
    }

    /** The index of a label, or -1 when it is not in the set. */
    public int indexOf(String label) {
        Integer i = indexOf.get(label);
        return i == null ? -1 : i;
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

    @Override
    public String toString() {
        return name + labels;
    }
}
