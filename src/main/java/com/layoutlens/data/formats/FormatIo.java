package com.layoutlens.data.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.TextFiles;
import com.layoutlens.data.Word;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the format readers and writers share: JSON files read within a limit with the line of a
 * syntax error, image files found and copied, segments built from words that have their own
 * boxes, and the entities (runs of words of one type) that a receipt's tags make.
 */
final class FormatIo {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg");

    private FormatIo() {
    }

    /** A receipt's file that cannot be used: what is wrong, and the line (0 when not about one line). */
    static final class BadInput extends Exception {
        final int line;

        BadInput(int line, String message) {
            super(message);
            this.line = line;
        }

        BadInput(String message) {
            this(0, message);
        }
    }

    /** A JSON file of at most {@code maxBytes}; a syntax error gives its line. */
    static JsonNode readJson(Path file, long maxBytes) throws BadInput {
        String text;
        try {
            text = TextFiles.readUtf8(file, maxBytes);
        } catch (IOException e) {
            throw new BadInput(e.getMessage());
        }
        return parseJson(text);
    }

    /** JSON text (a byte-order mark skipped); a syntax error gives its line. */
    static JsonNode parseJson(String text) throws BadInput {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new BadInput(1, "empty, not JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            throw new BadInput(line, "not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Files of a folder with one of the extensions (any case), by stem, sorted. */
    static Map<String, Path> files(Path dir, List<String> extensions) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0 && extensions.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                        && Files.isRegularFile(p)) {
                    out.putIfAbsent(name.substring(0, dot), p);
                }
            }
        }
        return out;
    }

    /** The image {@code dir/ID.png} (or .jpg, .jpeg), or null. */
    static Path image(Path dir, String id) {
        for (String ext : IMAGE_EXTENSIONS) {
            for (String e : new String[] {ext, ext.toUpperCase(Locale.ROOT)}) {
                Path p = dir.resolve(id + "." + e);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The width and height of a readable image, or null. */
    static int[] imageSize(Path image) {
        return image == null ? null : Dataset.imageSize(image);
    }

    /**
     * Copies the receipt's image to {@code dir/ID.ext}.
     *
     * @return the file name written, or null when the receipt has no image
     */
    static String copyImage(Receipt r, Path dir) throws IOException {
        if (r.image() == null) {
            return null;
        }
        Files.createDirectories(dir);
        String name = r.image().getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Path target = dir.resolve(r.id() + "." + ext);
        if (!Files.exists(target) || !Files.isSameFile(r.image(), target)) {
            Files.copy(r.image(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target.getFileName().toString();
    }

    /** Reads one receipt from its JSON file. */
    @FunctionalInterface
    interface JsonReceipt {
        Receipt read(String id, JsonNode root, Path file) throws BadInput;
    }

    /**
     * The receipts of a folder of {@code ID.json} files, one receipt a file, sorted by id; a file
     * that is not usable (an id that is no file name, over the size limit, not JSON, or what
     * {@code reader} refuses) is a problem with its line, and the others are read.
     */
    static List<Receipt> jsonReceipts(Path dir, JsonReceipt reader, List<com.layoutlens.data.Problem> problems)
            throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        for (Map.Entry<String, Path> e : files(dir, List.of("json")).entrySet()) {
            Path file = e.getValue();
            try {
                if (!SAFE_ID.matcher(e.getKey()).matches()) {
                    throw new BadInput("'" + e.getKey() + "' is not a usable receipt id (letters, digits, '.', '_', '-')");
                }
                receipts.add(reader.read(e.getKey(), readJson(file, InputLimits.MAX_LABEL_BYTES), file));
            } catch (BadInput x) {
                problems.add(com.layoutlens.data.Problem.error(file.toString(), x.line, x.getMessage() + "; receipt left out"));
            }
        }
        return receipts;
    }

    /**
     * The page of a receipt whose file is {@code file}: its image with the image's size when it is
     * readable, else no image (reported) and the size {@code fallback} gives.
     */
    static Page page(Path image, String expected, Path file, List<com.layoutlens.data.Problem> problems,
                     java.util.function.Supplier<int[]> fallback) {
        int[] wh = imageSize(image);
        if (wh != null) {
            return new Page(image, wh[0], wh[1]);
        }
        problems.add(com.layoutlens.data.Problem.warning(file.toString(), 0, image == null ? "no image " + expected
                : "image " + image + " not readable; read without it"));
        int[] f = fallback.get();
        return new Page(null, f[0], f[1]);
    }

    /** A receipt's image (null when there is none) and page size in pixels. */
    record Page(Path image, int width, int height) {
    }

    /**
     * The annotation file a receipt was read from, for a format of {@code IMAGES/ID.png} beside
     * {@code ANNOTATIONS/ID.json}: found from the receipt's image; null when the image is not in
     * such a folder or the file is not there.
     */
    static Path sourceFile(Receipt r, String images, String annotations) {
        Path image = r.image();
        if (image == null || image.getParent() == null || image.getParent().getFileName() == null
                || !image.getParent().getFileName().toString().equals(images)) {
            return null;
        }
        String stem = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path src = image.getParent().resolveSibling(annotations).resolve(stem + ".json");
        return Files.isRegularFile(src) ? src : null;
    }

    /**
     * What a receipt of a format of one {@code ANNOTATIONS/ID.json} per receipt was read from:
     * that file first (what a problem about the receipt names), then its image.
     */
    static List<Path> annotationSources(Path dir, String annotations, Receipt r) {
        List<Path> out = new ArrayList<>();
        Path json = dir.resolve(annotations).resolve(r.id() + ".json");
        Path upper = dir.resolve(annotations).resolve(r.id() + ".JSON");
        out.add(!Files.exists(json) && Files.exists(upper) ? upper : json);
        if (r.image() != null) {
            out.add(r.image());
        }
        return out;
    }

    /** Whether a segment's words are these texts and boxes, in order. */
    static boolean sameWords(Segment s, List<Piece> pieces) {
        Segment src = segment(0, pieces);
        if (src == null) {
            return false;
        }
        List<Word> a = src.words();
        List<Word> b = s.words();
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).text().equals(b.get(i).text()) || !a.get(i).box().equals(b.get(i).box())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a segment's words are still a source's: the same texts and boxes, or, for a segment
     * whose word boxes were cut from its box (as our box files give them after an import), the same
     * texts: its boxes are then an approximation of the source's, not an edit.
     */
    static boolean sameSourceWords(Segment s, List<Piece> pieces) {
        if (sameWords(s, pieces)) {
            return true;
        }
        Segment src = segment(0, pieces);
        return src != null && !s.corrected()
                && src.words().stream().map(Word::text).toList().equals(s.words().stream().map(Word::text).toList());
    }

    /** A JSON value written atomically, pretty-printed. */
    static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
    }

    /** A coordinate within the limits, else a {@link BadInput} naming where it is. */
    static int coordinate(JsonNode v, String where) throws BadInput {
        if (v == null || !v.isNumber() || Math.abs(v.asDouble()) > InputLimits.MAX_COORDINATE || Double.isNaN(v.asDouble())) {
            throw new BadInput(where + ": " + v + " is not a coordinate");
        }
        return (int) Math.round(v.asDouble());
    }

    /** {@code [x0, y0, x1, y1]} in pixels, else a {@link BadInput} naming where it is. */
    static Box box(JsonNode b, String where) throws BadInput {
        if (b == null || !b.isArray() || b.size() != 4) {
            throw new BadInput(where + ": " + b + " is not a box [x0, y0, x1, y1]");
        }
        return new Box(coordinate(b.get(0), where), coordinate(b.get(1), where), coordinate(b.get(2), where),
                coordinate(b.get(3), where));
    }

    /** A text with its pixel box, as a format gives a word (its text may hold spaces). */
    record Piece(String text, Box box) {
    }

    /**
     * A segment of words that have their own boxes: its text the words joined by one space, its
     * box around theirs, each word's box kept. A word holding spaces is cut into words with boxes
     * cut from its own by character offsets; a blank one is left out.
     *
     * @return null when no word has text
     */
    static Segment segment(int index, List<Piece> pieces) {
        List<String> texts = new ArrayList<>();
        List<Box> boxes = new ArrayList<>();
        for (Piece p : pieces) {
            for (Word w : Segment.of(0, p.box(), p.text()).words()) {
                texts.add(w.text());
                boxes.add(w.box());
            }
        }
        if (texts.isEmpty()) {
            return null;
        }
        Box all = boxes.get(0);
        for (Box b : boxes) {
            all = all.union(b);
        }
        int[] points = {all.x0(), all.y0(), all.x1(), all.y0(), all.x1(), all.y1(), all.x0(), all.y1()};
        return new Segment(index, index + 1, points, String.join(" ", texts), boxes);
    }

    /**
     * A segment of one text in a quadrilateral (corner points x1,y1..x4,y4), its whitespace (line
     * breaks too) made single spaces; null when the text is blank.
     */
    static Segment segment(int index, int[] points, String text) {
        String t = squash(text);
        return t.isEmpty() ? null : new Segment(index, index + 1, points, t);
    }

    /** The rows that give every word of a segment one entity's tags ({@code B-} first, {@code I-} after in BIO). */
    static List<LabelRow> entity(Segment s, String type, LabelSet schema) {
        List<LabelRow> rows = new ArrayList<>();
        List<Word> words = s.words();
        for (int i = 0; i < words.size(); i++) {
            rows.add(LabelRow.of(words.get(i), tag(type, i, words.size(), schema), null));
        }
        return rows;
    }

    /** The tag of word {@code i} of an entity of {@code n} words as the schema spells it; outside for a null type. */
    static String tag(String type, int i, int n, LabelSet schema) {
        if (type == null) {
            return schema.outside();
        }
        String raw = switch (schema.scheme()) {
            case IO -> type;
            case BIO -> (i == 0 ? "B-" : "I-") + type;
            case IOBES -> (n == 1 ? "S-" : i == 0 ? "B-" : i == n - 1 ? "E-" : "I-") + type;
        };
        String canonical = schema.canonical(raw);
        return canonical == null ? raw : canonical;
    }

    /**
     * A run of consecutive words of one segment that the tags make one entity.
     *
     * @param type the entity's type as the schema spells it, or null for words outside any entity
     */
    record Run(Segment segment, String type, List<Word> words) {
        String text() {
            return String.join(" ", words.stream().map(Word::text).toList());
        }

        Box box() {
            Box b = words.get(0).box();
            for (Word w : words) {
                b = b.union(w.box());
            }
            return b;
        }
    }

    /** A word's tag per its key; empty when the receipt has no labels. */
    static Map<Long, String> tags(Receipt r) {
        Map<Long, String> out = new HashMap<>();
        if (r.labels() != null) {
            for (LabelRow row : r.labels()) {
                out.put(row.key(), row.label());
            }
        }
        return out;
    }

    /**
     * The entities of a receipt, segment by segment: a new one starts at a change of type, at a
     * {@code B-}, {@code S-} or {@code U-} tag and after an {@code E-}, {@code S-}, {@code L-} or
     * {@code U-} one; consecutive outside words make one run of type null. A tag the schema does
     * not know counts as outside.
     */
    static List<Run> runs(Receipt r, LabelSet schema) {
        Map<Long, String> tags = tags(r);
        List<Run> runs = new ArrayList<>();
        for (Segment s : r.segments()) {
            Run current = null;
            boolean ended = false;
            for (Word w : s.words()) {
                String tag = tags.getOrDefault(w.key(), schema.outside());
                String type = type(tag, schema);
                char prefix = tag.length() > 2 && tag.charAt(1) == '-' ? tag.charAt(0) : ' ';
                boolean starts = current == null || !java.util.Objects.equals(current.type(), type)
                        || (type != null && (ended || "BSU".indexOf(prefix) >= 0));
                if (starts) {
                    current = new Run(s, type, new ArrayList<>());
                    runs.add(current);
                }
                current.words().add(w);
                ended = "ESLU".indexOf(prefix) >= 0;
            }
        }
        return runs;
    }

    /** A tag's type as the schema spells it (any case), or null for the outside label and unknown tags. */
    static String type(String tag, LabelSet schema) {
        String c = schema.canonical(tag);
        String type = c == null ? null : schema.typeOf(c);
        return type == null || type.equals(schema.outside()) ? null : type;
    }

    /** The type of most of the words of a segment (the first such on a tie), or null when most are outside. */
    static String segmentType(Segment s, Map<Long, String> tags, LabelSet schema) {
        Map<String, Integer> count = new java.util.LinkedHashMap<>();
        for (Word w : s.words()) {
            String type = type(tags.getOrDefault(w.key(), schema.outside()), schema);
            String key = type == null ? "" : type;
            count.merge(key, 1, Integer::sum);
        }
        String best = "";
        int most = -1;
        for (Map.Entry<String, Integer> e : count.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best.isEmpty() ? null : best;
    }

    /**
     * The schema of the labels a file gives as free names (BIO over them, in order of first
     * appearance; a built-in schema when they are its types), or null when there are none.
     */
    static LabelSet schemaOf(String name, java.util.Collection<String> types) {
        List<String> tags = new ArrayList<>();
        for (String t : new java.util.LinkedHashSet<>(types)) {
            tags.add("B-" + t);
            tags.add("I-" + t);
        }
        return LabelSet.fromTags(name, tags);
    }

    /** Width and height around the segments' boxes, for a receipt without a readable image. */
    static int[] extent(List<Segment> segments) {
        int w = 0;
        int h = 0;
        for (Segment s : segments) {
            w = Math.max(w, s.box().x1() + 1);
            h = Math.max(h, s.box().y1() + 1);
        }
        return new int[] {w, h};
    }

    /** Whitespace runs as one space, ends stripped: how texts are compared with a source file's. */
    static String squash(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
