package com.layoutlens.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reading a Hugging Face {@code config.json}: the parts every model family shares (the
 * file, {@code model_type}, typed values with transformers' defaults, the label list), so
 * that each configuration record only lists its own keys; the shared encoder keys are
 * {@link EncoderSettings}.
 */
public final class ConfigJson {

    /** The file name inside a model folder. */
    public static final String FILE = "config.json";

    private ConfigJson() {
    }

    /** The text of {@code config.json} in a folder, or of the given file. */
    public static String readText(Path folderOrFile) throws ModelFolderException {
        Path file = file(folderOrFile);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelFolderException(file + ": missing (a model folder needs config.json)");
        }
        try {
            return com.layoutlens.data.TextFiles.readUtf8(file, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES);
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new ModelFolderException(file + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ModelFolderException(file + ": missing (a model folder needs config.json)");
        } catch (IOException e) {
            throw new ModelFolderException(file + ": not readable: " + e.getMessage(), e);
        }
    }

    /** The file a folder's configuration lives in (the path itself when it is a file). */
    public static Path file(Path folderOrFile) {
        return Files.isDirectory(folderOrFile) ? folderOrFile.resolve(FILE) : folderOrFile;
    }

    /** Parses the text into a JSON object. */
    public static JsonNode parse(String json, String source) throws ModelFolderException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelFolderException(source + ": not valid JSON: " + com.layoutlens.data.JsonErrors.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFolderException(source + ": expected a JSON object");
        }
        return root;
    }

    /**
     * Parses the text into a JSON object whose {@code model_type} (or {@code fallbackType} when
     * absent) must be {@code expectedType}.
     */
    public static JsonNode parse(String json, String source, String expectedType, String fallbackType)
            throws ModelFolderException {
        JsonNode root = parse(json, source);
        String type = root.path("model_type").asText(fallbackType);
        if (!type.equals(expectedType)) {
            throw new ModelFolderException(source + ": model_type is '" + type + "', expected '" + expectedType + "'");
        }
        return root;
    }

    /** Builds a configuration from a parsed {@code config.json}; throws IllegalArgumentException for a bad value. */
    @FunctionalInterface
    public interface Builder<T> {
        T build(JsonNode root);
    }

    /** Parses the text of a {@code config.json}, naming {@code source} in error messages. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String json, String source) throws ModelFolderException;
    }

    /** Reads the {@code config.json} of a folder (or the given file) with {@code parser}. */
    public static <T> T read(Path folderOrFile, Parser<T> parser) throws ModelFolderException {
        return parser.parse(readText(folderOrFile), file(folderOrFile).toString());
    }

    /**
     * Parses the text of a family's {@code config.json} (see {@link #parse(String, String, String, String)})
     * and builds its configuration; a value {@code builder} refuses is reported with the source.
     */
    public static <T> T parse(String json, String source, String expectedType, String fallbackType,
                              Builder<T> builder) throws ModelFolderException {
        JsonNode root = parse(json, source, expectedType, fallbackType);
        try {
            return builder.build(root);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(source + ": " + e.getMessage(), e);
        }
    }

    /** A new configuration object that starts with its {@code architectures} and {@code model_type}. */
    public static ObjectNode newConfig(String architecture, String modelType) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.putArray("architectures").add(architecture);
        root.put("model_type", modelType);
        return root;
    }

    /**
     * Ends a configuration with {@code torch_dtype} (float32), {@code id2label} and
     * {@code label2id}, and returns its pretty-printed text with a final newline.
     */
    public static String write(ObjectNode root, List<String> labels) {
        root.put("torch_dtype", "float32");
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shortest decimal of a float (0.1, not 0.10000000149011612). */
    public static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /**
     * One key of a model folder's {@code config.json} (one of ours that transformers passes
     * over), or null when the file lacks it or holds null.
     */
    public static JsonNode entry(Path folder, String key) throws ModelFolderException {
        JsonNode n = parse(readText(folder), file(folder).toString()).get(key);
        return n == null || n.isNull() ? null : n;
    }

    /**
     * Rewrites a model folder's {@code config.json} in place (atomically, pretty-printed) after
     * {@code edit} has changed its object; an edit that answers false (nothing changed) leaves
     * the file as it is.
     */
    public static void update(Path folder, Predicate<ObjectNode> edit) throws IOException {
        Path file = folder.resolve(FILE);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(Files.readString(file));
        if (edit.test(root)) {
            com.layoutlens.data.AtomicFiles.writeString(file,
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        }
    }

    /**
     * The {@code model_type} of a model folder ({@code layoutlm}, {@code layoutlmv2}, ...),
     * {@code layoutlm} when absent (old LayoutLM folders carry none).
     */
    public static String modelType(Path folderOrFile) throws ModelFolderException {
        Path file = file(folderOrFile);
        return parse(readText(folderOrFile), file.toString()).path("model_type").asText("layoutlm");
    }

    public static int intOf(JsonNode root, String key, int fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(key + " must be an integer, found " + n);
        }
        return n.intValue();
    }

    public static float floatOf(JsonNode root, String key, float fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, found " + n);
        }
        return n.floatValue();
    }

    public static boolean boolOf(JsonNode root, String key, boolean fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, found " + n);
        }
        return n.booleanValue();
    }

    /**
     * A model whose tags carry B-/I-/E-/S- prefixes labels every entity word with one: a bare
     * type beside them ({@code O, B-FOO, I-FOO, BAR}) cannot be read in one scheme, and its
     * words would be scored and converted as another type's. The outside tag ({@code O},
     * {@code OTHER}) has no prefix in every scheme.
     */
    private static void checkOneScheme(List<String> labels) {
        String prefixed = null;
        String bare = null;
        for (String l : labels) {
            String t = l.trim();
            if (t.equalsIgnoreCase("O") || t.equalsIgnoreCase("OTHER")) {
                continue;
            }
            if (t.length() > 2 && t.charAt(1) == '-' && "BIESLU".indexOf(Character.toUpperCase(t.charAt(0))) >= 0) {
                prefixed = prefixed == null ? l : prefixed;
            } else {
                bare = bare == null ? l : bare;
            }
        }
        if (prefixed != null && bare != null) {
            throw new IllegalArgumentException("id2label mixes tags with a prefix ('" + prefixed + "') and without one ('"
                    + bare + "'): a BIO or IOBES model gives every entity tag a prefix (B-, I-, E-, S-)");
        }
    }

    /**
     * {@code id2label} ordered by id (ids must be 0..n-1); without it, {@code num_labels}
     * generic names {@code LABEL_i} as transformers makes them (default 2).
     */
    public static List<String> labelsOf(JsonNode root) {
        JsonNode map = root.get("id2label");
        if (map != null && map.isObject() && map.size() > 0) {
            Map<Integer, String> byId = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int id;
                try {
                    id = Integer.parseInt(e.getKey().trim());
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("id2label key '" + e.getKey() + "' is not an integer");
                }
                JsonNode v = e.getValue();
                if (!v.isTextual() || v.asText().isBlank()) {
                    throw new IllegalArgumentException("id2label gives id " + e.getKey().trim() + " the name " + v
                            + ": each class needs a name, as text");
                }
                byId.put(id, v.asText());
            }
            List<String> labels = new ArrayList<>();
            for (Map.Entry<Integer, String> e : byId.entrySet()) {
                if (e.getKey() != labels.size()) {
                    throw new IllegalArgumentException("id2label ids must be 0.." + (byId.size() - 1)
                            + " without gaps, found " + e.getKey());
                }
                labels.add(e.getValue());
            }
            int n = intOf(root, "num_labels", labels.size());
            if (n != labels.size()) {
                throw new IllegalArgumentException("num_labels " + n + " differs from the " + labels.size()
                        + " entries of id2label");
            }
            Map<String, Integer> first = new java.util.HashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                Integer before = first.putIfAbsent(labels.get(i), i);
                if (before != null) {
                    throw new IllegalArgumentException("id2label names '" + labels.get(i) + "' twice (ids " + before
                            + " and " + i + "): each class needs its own name");
                }
            }
            checkLabel2Id(root.get("label2id"), labels);
            checkOneScheme(labels);
            return labels;
        }
        int n = intOf(root, "num_labels", 2);
        if (n < 1) {
            throw new IllegalArgumentException("num_labels must be positive, found " + n);
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add("LABEL_" + i);
        }
        return labels;
    }

    /**
     * {@code label2id}, when present, must be the inverse of {@code id2label}: transformers
     * writes both, and a folder whose two maps disagree was edited by hand and only half.
     */
    private static void checkLabel2Id(JsonNode map, List<String> labels) {
        if (map == null || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            throw new IllegalArgumentException("label2id must be a JSON object, found " + map);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new IllegalArgumentException("label2id gives '" + e.getKey() + "' the id " + id
                        + ", which is not an integer");
            }
            int i = id.intValue();
            if (i < 0 || i >= labels.size() || !labels.get(i).equals(e.getKey())) {
                throw new IllegalArgumentException("label2id gives '" + e.getKey() + "' the id " + i + " but id2label "
                        + (i < 0 || i >= labels.size() ? "has no id " + i : "names id " + i + " '" + labels.get(i) + "'"));
            }
        }
        if (map.size() != labels.size()) {
            throw new IllegalArgumentException("label2id has " + map.size() + " entries, id2label " + labels.size());
        }
    }
}
