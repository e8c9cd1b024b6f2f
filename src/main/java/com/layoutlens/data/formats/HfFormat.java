package com.layoutlens.data.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code hf}: the Hugging Face token-classification layout of the hub's FUNSD/CORD LayoutLMv3
 * data sets. A folder with {@code data.jsonl}, one receipt a line ({@code id}, {@code tokens},
 * {@code bboxes} as {@code [x0,y0,x1,y1]} integers 0..1000 normalised by the image's width and
 * height, {@code ner_tags} as indices into {@code labels.json}, {@code image} relative to the
 * folder), the images in {@code images/}, and {@code labels.json}: the tag names in id order.
 *
 * <p>We also write {@code width}, {@code height} and {@code pixel_bboxes} (the words' boxes in
 * image pixels), which loaders ignore, so that reading our own export back gives the pixel boxes
 * exactly; without them the pixel boxes are computed from the 0..1000 boxes and the image size,
 * exact to {@code width / 1000} pixels.
 */
public final class HfFormat implements ReceiptReader, ReceiptWriter {

    public static final String NAME = "hf";
    public static final String DATA = "data.jsonl";
    public static final String LABELS = "labels.json";
    public static final String IMAGES = "images";
    /** What the format does not carry that our folder has. */
    public static final String LOST = "no key files (gold values are the labels only); one OCR segment per word;"
            + " no scores; no OCR corrections (the corrected words are what was written)";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        return Files.isRegularFile(dir.resolve(DATA));
    }

    /** A receipt is read from its line of {@code data.jsonl} and its image. */
    @Override
    public List<Path> sources(Path dir, Receipt receipt) {
        List<Path> out = new ArrayList<>(List.of(dir.resolve(DATA)));
        if (receipt.image() != null) {
            out.add(receipt.image());
        }
        return out;
    }

    // ---- writing

    /** A pixel coordinate as 0..1000 of the page extent. */
    static int normalise(int v, int extent) {
        return (int) Math.max(0, Math.min(1000, Math.round(v * 1000.0 / extent)));
    }

    /** A 0..1000 coordinate back in pixels. */
    static int pixels(int v, int extent) {
        return (int) Math.round(v * (double) extent / 1000.0);
    }

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Files.createDirectories(out.resolve(IMAGES));
        List<Problem> problems = new ArrayList<>();
        ArrayNode tags = JSON.createArrayNode();
        schema.tags().forEach(tags::add);
        int outside = schema.tagIndex(schema.outside());
        StringBuilder lines = new StringBuilder();
        for (Receipt r : receipts) {
            String where = out.resolve(DATA) + " (" + r.id() + ")";
            if (r.width() <= 0 || r.height() <= 0) {
                problems.add(Problem.error(where, 0, "no page size (no image, no boxes); receipt not written"));
                continue;
            }
            Map<Long, String> labelOf = new HashMap<>();
            if (r.labels() != null) {
                r.labels().forEach(row -> labelOf.put(row.key(), row.label()));
            } else {
                problems.add(Problem.warning(where, 0, "no labels: every word is written as " + schema.outside()));
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("id", r.id());
            ArrayNode tokens = o.putArray("tokens");
            ArrayNode bboxes = o.putArray("bboxes");
            ArrayNode nerTags = o.putArray("ner_tags");
            ArrayNode pixel = JSON.createArrayNode();
            int unknown = 0;
            for (Word w : r.words()) {
                tokens.add(w.text());
                Box b = w.box();
                bboxes.add(JSON.createArrayNode().add(normalise(b.x0(), r.width())).add(normalise(b.y0(), r.height()))
                        .add(normalise(b.x1(), r.width())).add(normalise(b.y1(), r.height())));
                pixel.add(JSON.createArrayNode().add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1()));
                String label = labelOf.getOrDefault(w.key(), schema.outside());
                int tag = schema.tagIndex(label);
                if (tag < 0) {
                    unknown++;
                    tag = outside;
                }
                nerTags.add(tag);
            }
            if (unknown > 0) {
                problems.add(Problem.error(where, 0, unknown + " word label" + (unknown == 1 ? " is" : "s are")
                        + " not a tag of schema " + schema.name() + "; written as " + schema.outside()));
            }
            Path target = ReceiptImages.copy(r, out.resolve(IMAGES));
            if (target != null) {
                o.put("image", IMAGES + "/" + target.getFileName());
            } else {
                o.putNull("image");
                problems.add(Problem.warning(where, 0, "no image; written without one"));
            }
            o.put("width", r.width());
            o.put("height", r.height());
            o.set("pixel_bboxes", pixel);
            lines.append(JSON.writeValueAsString(o)).append('\n');
        }
        AtomicFiles.writeString(out.resolve(LABELS), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tags) + "\n");
        AtomicFiles.writeString(out.resolve(DATA), lines.toString());
        return problems;
    }

    // ---- reading

    /** From {@code labels.json} alone. */
    @Override
    public LabelSet schema(Path dir) {
        List<String> tags = readTags(dir.resolve(LABELS), new ArrayList<>());
        return tags == null ? null : LabelSet.fromTags(NAME, tags);
    }

    @Override
    public Read read(Path dir) throws IOException {
        return read(dir, true);
    }

    /** Without labels when the command does not read them: a bad {@code ner_tags} then costs nothing. */
    @Override
    public Read read(Path dir, Options options) throws IOException {
        return read(dir, !options.withoutLabels());
    }

    private Read read(Path dir, boolean withLabels) throws IOException {
        Path data = dir.resolve(DATA);
        if (!Files.isRegularFile(data)) {
            throw new IOException(dir + ": no " + DATA + " (expected the hf layout: data.jsonl, labels.json, images/)");
        }
        List<Problem> problems = new ArrayList<>();
        List<String> tags = withLabels ? readTags(dir.resolve(LABELS), problems) : null;
        LabelSet schema = tags == null ? null : LabelSet.fromTags(NAME, tags);
        if (tags != null && schema == null) {
            problems.add(Problem.warning(dir.resolve(LABELS).toString(), 0, "no tag names a type: labels not read"));
        }
        List<Receipt> receipts = new ArrayList<>();
        // a line left out is a receipt skipped: by its id where it has a usable one, else by its line
        Map<String, String> skipped = new java.util.TreeMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = null;
                try {
                    node = JSON.readTree(line);
                    Receipt r = receipt(dir, node, schema == null ? null : tags, problems, data, n);
                    if (!ids.add(r.id())) {
                        throw new IllegalArgumentException("id '" + r.id() + "' appears twice; this line is left out");
                    }
                    receipts.add(r);
                } catch (JsonProcessingException e) {
                    problems.add(Problem.error(data.toString(), n, "not JSON (" + e.getOriginalMessage()
                            + "); receipt left out"));
                    skipped.put(DATA + " line " + n, problems.get(problems.size() - 1).message());
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(data.toString(), n, e.getMessage()));
                    String id = node == null ? "" : node.path("id").asText("");
                    skipped.put(SAFE_ID.matcher(id).matches() && !skipped.containsKey(id) && !ids.contains(id) ? id
                            : DATA + " line " + n, e.getMessage());
                }
            }
        }
        return new Read(receipts, schema, problems, LOST, skipped);
    }

    private static List<String> readTags(Path file, List<Problem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(Problem.warning(file.toString(), 0, "missing: the receipts are read without labels"));
            return null;
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            List<String> tags = new ArrayList<>();
            if (n == null || !n.isArray()) {
                throw new IOException("not a JSON array of tag names");
            }
            for (JsonNode t : n) {
                if (!t.isTextual() || t.asText().isBlank()) {
                    throw new IOException("tag " + tags.size() + " is not a name: " + t);
                }
                tags.add(t.asText().strip());
            }
            return tags;
        } catch (IOException e) {
            problems.add(Problem.error(file.toString(), 0, e.getMessage() + "; the receipts are read without labels"));
            return null;
        }
    }

    /** One line's receipt; an IllegalArgumentException says what is wrong with the line. */
    private static Receipt receipt(Path dir, JsonNode o, List<String> tags, List<Problem> problems, Path data, int line) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object; receipt left out");
        }
        String id = o.path("id").asText("");
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'id' " + o.path("id") + " is not a usable file name"
                    + " (letters, digits, '.', '_', '-'); receipt left out");
        }
        JsonNode tokens = array(o, "tokens", id);
        JsonNode bboxes = array(o, "bboxes", id);
        JsonNode ner = tags == null ? null : array(o, "ner_tags", id);
        int size = tokens.size();
        if (size > InputLimits.MAX_WORDS) {
            throw new IllegalArgumentException(id + ": " + size + " tokens, over the limit of " + InputLimits.MAX_WORDS);
        }
        if (bboxes.size() != size || (ner != null && ner.size() != size)) {
            throw new IllegalArgumentException(id + ": tokens, bboxes and ner_tags have different lengths ("
                    + size + ", " + bboxes.size() + ", " + (ner == null ? "-" : ner.size()) + "); receipt left out");
        }
        Path image = null;
        int width = o.path("width").asInt(0);
        int height = o.path("height").asInt(0);
        JsonNode imageNode = o.get("image");
        if (imageNode != null && imageNode.isTextual()) {
            // absolute first: "." normalises to an empty path, which nothing starts with
            Path p = dir.toAbsolutePath().resolve(imageNode.asText()).normalize();
            if (!p.startsWith(dir.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(id + ": image '" + imageNode.asText()
                        + "' is outside the folder; receipt left out");
            }
            int[] wh = Files.isRegularFile(p) ? Dataset.imageSize(p) : null;
            if (wh == null) {
                problems.add(Problem.error(data.toString(), line, id + ": image " + p + " missing or not readable;"
                        + " read without it"));
            } else {
                image = p;
                width = wh[0];
                height = wh[1];
            }
        } else {
            problems.add(Problem.warning(data.toString(), line, id + ": no image"));
        }
        JsonNode pixel = o.get("pixel_bboxes");
        boolean exact = pixel != null && pixel.isArray() && pixel.size() == size;
        if (!exact && (width <= 0 || height <= 0)) {
            throw new IllegalArgumentException(id + ": no image size (no readable image, no width and height)"
                    + " to turn its 0..1000 boxes into pixels; receipt left out");
        }
        List<Segment> segments = new ArrayList<>();
        List<LabelRow> rows = tags == null ? null : new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String text = tokens.get(i).asText("").strip();
            if (text.isEmpty()) {
                problems.add(Problem.warning(data.toString(), line, id + ": token " + i + " is empty; left out"));
                continue;
            }
            int[] c = exact ? box(pixel.get(i), id, i, "pixel_bboxes", Integer.MAX_VALUE) : box(bboxes.get(i), id, i, "bboxes", 1000);
            Box b = exact ? new Box(c[0], c[1], c[2], c[3])
                    : new Box(pixels(c[0], width), pixels(c[1], height), pixels(c[2], width), pixels(c[3], height));
            Segment s = Segment.of(segments.size(), b, text);
            segments.add(s);
            if (rows != null) {
                JsonNode t = ner.get(i);
                if (!t.isInt() || t.asInt() < 0 || t.asInt() >= tags.size()) {
                    throw new IllegalArgumentException(id + ": ner_tags[" + i + "] " + t + " is not an index into "
                            + LABELS + " (0.." + (tags.size() - 1) + "); receipt left out");
                }
                List<Word> words = s.words();
                List<String> spread = spread(tags.get(t.asInt()), words.size(), tags);
                if (words.size() > 1) {
                    problems.add(Problem.warning(data.toString(), line, id + ": token " + i + " '" + text
                            + "' holds a space: read as " + words.size() + " words, its tag " + tags.get(t.asInt())
                            + " spread over them as " + String.join(" ", spread)));
                }
                for (int k = 0; k < words.size(); k++) {
                    rows.add(LabelRow.of(words.get(k), spread.get(k), null));
                }
            }
        }
        if (width <= 0 || height <= 0) {
            for (Segment s : segments) {
                width = Math.max(width, s.box().x1() + 1);
                height = Math.max(height, s.box().y1() + 1);
            }
        }
        return new Receipt(id, image, width, height, segments, null, rows, "no key files in the hf format", null);
    }

    /**
     * One token's tag over the {@code n} words its text splits into, so that it stays one entity:
     * {@code B-X} gives {@code B-X I-X ...}, {@code S-X} (or {@code U-X}) gives {@code B-X I-X ... E-X},
     * {@code E-X} (or {@code L-X}) gives {@code I-X ... E-X}; a tag without a prefix, {@code I-X}, or a
     * spread the schema has no tags for, is given to every word.
     */
    static List<String> spread(String tag, int n, List<String> tags) {
        List<String> out = new ArrayList<>(java.util.Collections.nCopies(n, tag));
        if (n < 2 || tag.length() < 3 || tag.charAt(1) != '-' || "BESLU".indexOf(tag.charAt(0)) < 0) {
            return out;
        }
        String type = tag.substring(2);
        char p = tag.charAt(0);
        String end = p == 'U' ? "L-" : "E-"; // BILOU ends in L-, IOBES in E-
        for (int k = 0; k < n; k++) {
            boolean first = k == 0;
            boolean last = k == n - 1;
            String t;
            if (p == 'B') {
                t = first ? tag : "I-" + type;
            } else if (p == 'E' || p == 'L') {
                t = last ? tag : "I-" + type;
            } else { // S, U: a single-word entity made of several words
                t = first ? "B-" + type : last ? end + type : "I-" + type;
            }
            out.set(k, t);
        }
        return tags.containsAll(out) ? out : new ArrayList<>(java.util.Collections.nCopies(n, tag));
    }

    private static JsonNode array(JsonNode o, String field, String id) {
        JsonNode a = o.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException(id + ": '" + field + "' missing or not a list; receipt left out");
        }
        return a;
    }

    private static int[] box(JsonNode b, String id, int i, String field, int max) {
        if (b == null || !b.isArray() || b.size() != 4) {
            throw new IllegalArgumentException(id + ": " + field + "[" + i + "] is not [x0,y0,x1,y1]; receipt left out");
        }
        int[] c = new int[4];
        for (int k = 0; k < 4; k++) {
            JsonNode v = b.get(k);
            long lo = max == 1000 ? 0 : -InputLimits.MAX_COORDINATE;
            long hi = Math.min(max, InputLimits.MAX_COORDINATE);
            if (!v.isIntegralNumber() || v.asLong() < lo || v.asLong() > hi) {
                throw new IllegalArgumentException(id + ": " + field + "[" + i + "] " + b + " is not 4 integers in "
                        + lo + ".." + hi + "; receipt left out");
            }
            c[k] = v.asInt();
        }
        return c;
    }
}
