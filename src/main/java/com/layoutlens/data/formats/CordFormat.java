package com.layoutlens.data.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.Box;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code cord}: the CORD v2 receipt layout. {@code json/ID.json} holds {@code valid_line}, the
 * receipt's lines, each with {@code words} ({@code quad} as corners {@code x1,y1 .. x4,y4}
 * clockwise from the top-left, {@code text}, {@code is_key}, {@code row_id}), a {@code category}
 * such as {@code menu.nm} and a {@code group_id}; {@code meta.image_size} gives the page's
 * {@code width} and {@code height}. The page is {@code image/ID.png}.
 *
 * <p>Each line is read as one segment whose words keep the axis-aligned box around their quads,
 * tagged {@code B-category, I-category, ...} of the {@code cord} schema. A line's category that
 * the schema does not have is read as {@code O} (and reported); writing, words outside any entity
 * go out as a line of category {@code other}, which reads back as {@code O}.
 *
 * <p>A receipt read from a cord folder whose lines are unchanged (same count, same texts) is
 * written as its source file with each line's category as its labels give it now: quads,
 * {@code is_key}, {@code row_id}, {@code group_id}, {@code meta} and the rest stay. Other
 * receipts are written one line per run of words of one type within a segment, each its own
 * group, {@code is_key} 0 and {@code row_id} the line's number. A receipt imported into our
 * folder finds its source file in the folder's kept records ({@link SourceRecords}).
 */
public final class CordFormat implements ReceiptReader, ReceiptWriter, SourceRecords.Recorded {

    public static final String NAME = "cord";
    public static final String JSON_DIR = "json";
    public static final String IMAGE_DIR = "image";
    static final String OTHER = "other";
    public static final String LOST = "no key files; quads become axis-aligned boxes (a rotated word's corners are"
            + " lost); is_key, row_id, group_id, sub_group_id, roi, dontcare and repeating_symbol are not labels: the"
            + " cord writer takes them back from the source file while the lines are unchanged";

    /** A receipt's annotation file, then its image. */
    @Override
    public List<Path> sources(Path dir, Receipt receipt) {
        return FormatIo.annotationSources(dir, JSON_DIR, receipt);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        return Files.isDirectory(dir.resolve(JSON_DIR)) && !Files.isDirectory(dir.resolve("box"));
    }

    // ---- reading

    @Override
    public Read read(Path dir) throws IOException {
        Path jsonDir = dir.resolve(JSON_DIR);
        if (!Files.isDirectory(jsonDir)) {
            throw new IOException(dir + ": no " + JSON_DIR + " folder (expected the cord layout: json/ID.json, image/ID.png)");
        }
        LabelSet schema = LabelSet.builtIn(NAME);
        List<Problem> problems = new ArrayList<>();
        List<Receipt> receipts = FormatIo.jsonReceipts(jsonDir,
                (id, root, file) -> receipt(id, root, dir.resolve(IMAGE_DIR), schema, file, problems), problems);
        return new Read(receipts, schema, problems, LOST);
    }

    private static Receipt receipt(String id, JsonNode root, Path images, LabelSet schema, Path file,
                                   List<Problem> problems) throws FormatIo.BadInput {
        JsonNode lines = root.get("valid_line");
        if (lines == null || !lines.isArray()) {
            throw new FormatIo.BadInput("'valid_line' missing or not a list of lines");
        }
        List<Segment> segments = new ArrayList<>();
        List<LabelRow> rows = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            List<FormatIo.Piece> pieces = pieces(line, "valid_line[" + i + "]");
            count += pieces.size();
            if (count > InputLimits.MAX_WORDS) {
                throw new FormatIo.BadInput("over " + InputLimits.MAX_WORDS + " words, the limit for one receipt");
            }
            Segment s = FormatIo.segment(segments.size(), pieces);
            if (s == null) {
                continue;
            }
            segments.add(s);
            String category = line.path("category").asText("").strip();
            String type = category.equals(OTHER) ? null : schema.canonical(category);
            if (type == null && !category.equals(OTHER)) {
                unknown.add(category);
            }
            rows.addAll(FormatIo.entity(s, type, schema));
        }
        if (!unknown.isEmpty()) {
            problems.add(Problem.warning(file.toString(), 0, "categor" + (unknown.size() == 1 ? "y " : "ies ") + unknown
                    + " not in the cord schema: read as O"));
        }
        JsonNode size = root.path("meta").path("image_size");
        FormatIo.Page page = FormatIo.page(FormatIo.image(images, id), IMAGE_DIR + "/" + id + ".png", file, problems,
                () -> size.path("width").asInt(0) > 0 && size.path("height").asInt(0) > 0
                        ? new int[] {size.get("width").asInt(), size.get("height").asInt()} : FormatIo.extent(segments));
        return new Receipt(id, page.image(), page.width(), page.height(), segments, null, rows,
                "no key files in the cord format", null);
    }

    /** A line's words with the boxes around their quads. */
    private static List<FormatIo.Piece> pieces(JsonNode line, String where) throws FormatIo.BadInput {
        JsonNode words = line.path("words");
        if (!words.isArray()) {
            throw new FormatIo.BadInput(where + ": 'words' missing or not a list");
        }
        List<FormatIo.Piece> pieces = new ArrayList<>();
        for (int k = 0; k < words.size(); k++) {
            JsonNode w = words.get(k);
            pieces.add(new FormatIo.Piece(w.path("text").asText(""), quad(w.get("quad"), where + ".words[" + k + "].quad")));
        }
        return pieces;
    }

    /** The axis-aligned box around a quad {@code {x1, y1, ..., x4, y4}}. */
    private static Box quad(JsonNode q, String where) throws FormatIo.BadInput {
        if (q == null || !q.isObject()) {
            throw new FormatIo.BadInput(where + ": " + q + " is not a quad {x1, y1, ..., x4, y4}");
        }
        int[] points = new int[8];
        for (int c = 0; c < 4; c++) {
            points[2 * c] = FormatIo.coordinate(q.get("x" + (c + 1)), where + ".x" + (c + 1));
            points[2 * c + 1] = FormatIo.coordinate(q.get("y" + (c + 1)), where + ".y" + (c + 1));
        }
        return Box.around(points);
    }

    @Override
    public java.util.Map<String, SourceRecords.Record> records(Path dir) throws IOException {
        return SourceRecords.jsonFiles(dir, JSON_DIR);
    }

    // ---- writing

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Path jsonDir = Files.createDirectories(out.resolve(JSON_DIR));
        List<Problem> problems = new ArrayList<>();
        for (Receipt r : receipts) {
            Path file = jsonDir.resolve(r.id() + ".json");
            if (r.labels() == null) {
                problems.add(Problem.warning(file.toString(), 0, "no labels: every line is written as " + OTHER));
            }
            ObjectNode kept = kept(r, schema, problems, file);
            if (kept != null) {
                if (FormatIo.copyImage(r, out.resolve(IMAGE_DIR)) == null) {
                    problems.add(Problem.warning(file.toString(), 0, "no image for " + r.id()));
                }
                FormatIo.writeJson(file, kept);
                continue;
            }
            ObjectNode root = FormatIo.JSON.createObjectNode();
            root.putArray("dontcare");
            ArrayNode lines = root.putArray("valid_line");
            for (FormatIo.Run run : FormatIo.runs(r, schema)) {
                int n = lines.size() + 1;
                ObjectNode line = lines.addObject();
                ArrayNode words = line.putArray("words");
                for (Word w : run.words()) {
                    word(words.addObject(), w.box(), 0, n, w.text());
                }
                line.put("category", run.type() == null ? OTHER : run.type());
                line.put("group_id", n);
                line.put("sub_group_id", 0);
            }
            ObjectNode meta = root.putObject("meta");
            meta.put("version", "v2.0");
            meta.put("image_id", r.id());
            meta.putObject("image_size").put("width", r.width()).put("height", r.height());
            if (FormatIo.copyImage(r, out.resolve(IMAGE_DIR)) == null) {
                problems.add(Problem.warning(file.toString(), 0, "no image for " + r.id()));
            }
            FormatIo.writeJson(file, root);
        }
        return problems;
    }

    /**
     * The json file the receipt was read from with the categories its labels give now, when its
     * lines are still the source's (same count, same texts); null otherwise. Everything else of
     * the source is kept: quads, is_key, row_id, group_id, meta, roi; a line whose words changed
     * gets the words as they are now.
     */
    private static ObjectNode kept(Receipt r, LabelSet schema, List<Problem> problems, Path file) {
        Path src = FormatIo.sourceFile(r, IMAGE_DIR, JSON_DIR);
        SourceRecords.Kept kept = src != null ? null : SourceRecords.of(r, NAME, problems, file.toString());
        if (src == null && kept == null) {
            return null;
        }
        ObjectNode root;
        List<JsonNode> withWords = new ArrayList<>();
        List<List<FormatIo.Piece>> pieces = new ArrayList<>();
        try {
            JsonNode read = kept != null ? kept.record() : FormatIo.readJson(src, InputLimits.MAX_LABEL_BYTES);
            if (kept != null) {
                src = kept.file();
            }
            if (!read.isObject() || !read.path("valid_line").isArray()) {
                return null;
            }
            root = ((ObjectNode) read).deepCopy();
            for (JsonNode line : root.get("valid_line")) {
                List<FormatIo.Piece> p = pieces(line, "valid_line");
                if (FormatIo.segment(0, p) != null) {
                    withWords.add(line);
                    pieces.add(p);
                }
            }
        } catch (FormatIo.BadInput e) {
            return null;
        }
        List<Segment> segs = r.segments();
        boolean same = withWords.size() == segs.size();
        for (int i = 0; same && i < segs.size(); i++) {
            same = FormatIo.squash(segs.get(i).text()).equals(FormatIo.squash(FormatIo.segment(0, pieces.get(i)).text()));
        }
        if (!same) {
            problems.add(Problem.warning(file.toString(), 0, "the lines are no longer those of " + src
                    + ": written without its quads, keys and groups"));
            return null;
        }
        java.util.Map<Long, String> tags = FormatIo.tags(r);
        for (int i = 0; i < segs.size(); i++) {
            ObjectNode line = (ObjectNode) withWords.get(i);
            Segment s = segs.get(i);
            String type = FormatIo.segmentType(s, tags, schema);
            if (type != null) {
                line.put("category", type);
            } else if (schema.canonical(line.path("category").asText("")) != null) {
                line.put("category", OTHER); // was an entity, is none now
            } // else a category the schema does not have, read as O: kept as it was
            if (!FormatIo.sameSourceWords(s, pieces.get(i))) {
                ArrayNode words = line.putArray("words");
                for (Word w : s.words()) {
                    word(words.addObject(), w.box(), 0, i + 1, w.text());
                }
            }
        }
        return root;
    }

    private static void word(ObjectNode o, Box b, int isKey, int rowId, String text) {
        ObjectNode q = o.putObject("quad");
        q.put("x1", b.x0()).put("y1", b.y0()).put("x2", b.x1()).put("y2", b.y0())
                .put("x3", b.x1()).put("y3", b.y1()).put("x4", b.x0()).put("y4", b.y1());
        o.put("is_key", isKey);
        o.put("row_id", rowId);
        o.put("text", text);
    }
}
