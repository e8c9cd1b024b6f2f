package com.layoutlens.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
    /** Gold must be unambiguous: a field given twice, or text after the object, is an error. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private KeyFile() {
    }

    /**
     * Reads a key file. Fields that are absent are simply missing from the map; a field
     * of the label set that is missing is reported as a warning, a value that is not a
     * string is converted to text and reported.
     *
     * <p>A key file that does not give gold values without doubt is an error and gives
     * null: not JSON, not an object, a field given twice, text after the object, or none of
     * the label set's fields.
     *
     * @return the values, or null when the file gives no usable gold (the reason is in problems)
     * @throws TextFiles.Unusable when it is missing, not a regular file or over {@link InputLimits#MAX_KEY_BYTES}
     */
    public static Map<String, String> read(Path file, LabelSet labels, List<Problem> problems) throws IOException {
        TextFiles.Decoded d = TextFiles.read(file, InputLimits.MAX_KEY_BYTES);
        if (d.fallback()) {
            problems.add(Problem.warning(file.toString(), 0, "not valid UTF-8; read as " + TextFiles.FALLBACK.name()));
        }
        JsonNode root;
        try {
            root = STRICT.readTree(d.text());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (msg.startsWith("Duplicate field")) {
                problems.add(Problem.error(file.toString(), line(e), msg.replace("Duplicate field", "the field")
                        + " is given twice: the gold value is ambiguous"));
            } else if (msg.startsWith("Trailing token")) {
                problems.add(Problem.error(file.toString(), line(e),
                        "text after the JSON object: the file may be two files run together"));
            } else {
                problems.add(Problem.error(file.toString(), line(e), "not valid JSON: " + msg));
            }
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
            if (labels.fields().values().stream().noneMatch(keys::containsKey)) {
                problems.add(Problem.error(file.toString(), 0, "none of the fields "
                        + String.join(", ", labels.fields().values()) + ": no gold values"));
                return null;
            }
            for (String field : labels.fields().values()) {
                if (!keys.containsKey(field)) {
                    problems.add(Problem.warning(file.toString(), 0, "no '" + field + "' field"));
                }
            }
        }
        return keys;
    }

    private static int line(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return Math.max(0, j.getLocation().getLineNr());
        }
        return 0;
    }

    public static String format(Map<String, String> keys) {
        try {
            return JSON.writeValueAsString(keys) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
