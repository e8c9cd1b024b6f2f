package com.layoutlens.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reader and writer of SROIE key files: a JSON object of field name to gold value. */
public final class KeyFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private KeyFile() {
    }

    /**
     * Reads a key file. Fields that are absent are simply missing from the map; a field
     * of the label set that is missing is reported as a warning, a value that is not a
     * string is converted to text and reported.
     */
    public static Map<String, String> read(Path file, LabelSet labels, List<Problem> problems) throws IOException {
        TextFiles.Decoded d = TextFiles.read(file);
        if (d.fallback()) {
            problems.add(Problem.warning(file.toString(), 0, "not valid UTF-8; read as " + TextFiles.FALLBACK.name()));
        }
        JsonNode root;
        try {
            root = JSON.readTree(d.text());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            problems.add(Problem.error(file.toString(), 0, "not valid JSON: " + msg));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add(Problem.error(file.toString(), 0, "a key file must hold a JSON object"));
            return null;
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (!v.isTextual()) {
                problems.add(Problem.warning(file.toString(), 0, "field '" + e.getKey() + "' is not a string"));
            }
            keys.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
        if (labels != null) {
            for (String field : labels.fields().values()) {
                if (!keys.containsKey(field)) {
                    problems.add(Problem.warning(file.toString(), 0, "no '" + field + "' field"));
                }
            }
        }
        return keys;
    }

    public static String format(Map<String, String> keys) {
        try {
            return JSON.writeValueAsString(keys) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
