package com.layoutlens.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Corrections of a receipt's OCR, kept beside the box file and never in it:
 * {@code corrections/ID.json} holds the ordered list of edits (a word's text or box, a split, a
 * merge, a deleted word or segment, an added word) that turn the box file's segments into the
 * corrected ones. The box file stays byte-identical; reading a receipt replays the edits.
 *
 * <p>Each edit names words by {@code (segment, word)} as they are <em>when the edit is made</em>,
 * i.e. after the edits before it, so replaying the list in order is exact and undoing the last
 * edit is dropping it. A merge across segments ({@link Join}) puts the merged word in the first
 * word's segment. A segment keeps its box-file index through every edit (a deleted one
 * leaves a gap, as a broken box line does); an added segment gets the next index after all the
 * others. An edited segment carries an explicit box per word ({@link Segment#wordBoxes()}), so a
 * split divides the word's box where its characters divide and the other words keep theirs.
 *
 * <p>The file also records the SHA-256 of the box file it was made on: when the box file has
 * changed since, the edits are still applied as far as they fit, and a warning says so.
 */
public final class OcrCorrections {

    /** The format version written in every file; a newer version is not read. */
    public static final int FORMAT = 1;
    public static final String DIR = "corrections";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OcrCorrections() {
    }

    /** One correction. */
    public sealed interface Edit permits SetText, SetBox, Split, Merge, Join, DeleteWord, DeleteSegment, AddWord {
        /** A short description for the user ("text of (3,1) 'D.T.Y.' -> 'D.I.Y.'" needs the words, so the op). */
        String op();
    }

    /** The text of one word (no whitespace: a word with a space in it is two words, see {@link Split}). */
    public record SetText(int segment, int word, String text) implements Edit {
        public String op() {
            return "text";
        }
    }

    /** The box of one word, in image pixels. */
    public record SetBox(int segment, int word, Box box) implements Edit {
        public String op() {
            return "box";
        }
    }

    /** A word cut in two before character {@code at} (0 &lt; at &lt; length); the box divides there too. */
    public record Split(int segment, int word, int at) implements Edit {
        public String op() {
            return "split";
        }
    }

    /** A word joined with the next word of its segment, without a space; the boxes are united. */
    public record Merge(int segment, int word) implements Edit {
        public String op() {
            return "merge";
        }
    }

    /**
     * A merge across segments: word {@code otherWord} of segment {@code other} is appended to word
     * {@code word} of {@code segment} (without a space, the boxes united). The merged word stays in
     * the first word's segment; the other segment loses the word, and goes when it has none left.
     */
    public record Join(int segment, int word, int other, int otherWord) implements Edit {
        public String op() {
            return "join";
        }
    }

    /** A word removed; a segment left without words goes with it. */
    public record DeleteWord(int segment, int word) implements Edit {
        public String op() {
            return "delete";
        }
    }

    /** A whole segment removed. */
    public record DeleteSegment(int segment) implements Edit {
        public String op() {
            return "delete-segment";
        }
    }

    /**
     * A word the OCR missed: {@code segment} &lt; 0 makes it a new segment, else it joins that
     * segment, placed among its words by the centre of its box.
     */
    public record AddWord(int segment, Box box, String text) implements Edit {
        public String op() {
            return "add";
        }
    }

    /** The edits of one receipt and the SHA-256 (hex) of the box file they were made on, or null. */
    public record Corrections(List<Edit> edits, String boxSha256) {
        public Corrections {
            edits = List.copyOf(edits);
        }

        public Corrections with(Edit e) {
            List<Edit> more = new ArrayList<>(edits);
            more.add(e);
            return new Corrections(more, boxSha256);
        }

        public Corrections withoutLast() {
            return new Corrections(edits.subList(0, Math.max(0, edits.size() - 1)), boxSha256);
        }
    }

    /**
     * What one edit did to the words' keys ({@link Word#key(int, int)}), so that label rows follow
     * their words: {@code moved} old key to new key, {@code removed} keys whose word is gone,
     * {@code mergedInto} removed key to the key of the word that absorbed it, {@code added} new
     * key to the key (after the edit) of the word whose label it is offered, or -1 for none.
     */
    public record Change(Map<Long, Long> moved, java.util.Set<Long> removed, Map<Long, Long> mergedInto,
                         Map<Long, Long> added) {
    }

    /** The corrected segments, how many edits were applied, the change each made, and what went wrong. */
    public record Applied(List<Segment> segments, int applied, List<Change> changes, List<Problem> problems) {
    }

    /** {@code DIR/corrections/ID.json}. */
    public static Path file(Path dataDir, String id) {
        return dataDir.resolve(DIR).resolve(id + ".json");
    }

    // ---------------------------------------------------------------- applying

    /** A segment while edits are applied: the box file's one untouched, or its words made explicit. */
    private static final class Seg {
        final int index;
        final int line;
        Segment original;
        List<String> texts;
        List<Box> boxes;

        Seg(Segment s) {
            index = s.index();
            line = s.line();
            original = s;
        }

        Seg(int index, String text, Box box) {
            this.index = index;
            this.line = 0;
            texts = new ArrayList<>(List.of(text));
            boxes = new ArrayList<>(List.of(box));
        }

        void open() {
            if (texts == null) {
                texts = new ArrayList<>();
                boxes = new ArrayList<>();
                for (Word w : original.words()) {
                    texts.add(w.text());
                    boxes.add(w.box());
                }
            }
        }

        int size() {
            return texts != null ? texts.size() : original.words().size();
        }

        Segment segment() {
            if (texts == null) {
                return original;
            }
            Box u = boxes.get(0);
            for (Box b : boxes) {
                u = u.union(b);
            }
            int[] pts = {u.x0(), u.y0(), u.x1(), u.y0(), u.x1(), u.y1(), u.x0(), u.y1()};
            return new Segment(index, line, pts, String.join(" ", texts), boxes);
        }
    }

    /**
     * Replays edits over the box file's segments. An edit that does not fit (a word that is not
     * there, a split outside the word) is reported, and it and the edits after it are not applied:
     * they name words as they were after it.
     *
     * @param name the corrections file, for messages
     */
    public static Applied apply(List<Segment> original, List<Edit> edits, String name) {
        List<Seg> segs = new ArrayList<>();
        int next = 0;
        for (Segment s : original) {
            segs.add(new Seg(s));
            next = Math.max(next, s.index() + 1);
        }
        List<Change> changes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int applied = 0;
        for (Edit e : edits) {
            Change c;
            try {
                c = applyOne(segs, e, next);
            } catch (IllegalArgumentException ex) {
                int left = edits.size() - applied;
                problems.add(Problem.error(name, 0, "correction " + (applied + 1) + " (" + e.op() + "): "
                        + ex.getMessage() + "; " + (left > 1 ? "it and the " + (left - 1) + " after it are" : "it is")
                        + " not applied"));
                break;
            }
            if (e instanceof AddWord a && a.segment() < 0) {
                next++;
            }
            changes.add(c);
            applied++;
        }
        List<Segment> out = new ArrayList<>(segs.size());
        for (Seg s : segs) {
            out.add(s.segment());
        }
        return new Applied(out, applied, changes, problems);
    }

    private static Seg find(List<Seg> segs, int index) {
        for (Seg s : segs) {
            if (s.index == index) {
                return s;
            }
        }
        throw new IllegalArgumentException("no segment " + index);
    }

    private static Seg word(List<Seg> segs, int segment, int word) {
        Seg s = find(segs, segment);
        if (word < 0 || word >= s.size()) {
            throw new IllegalArgumentException("segment " + segment + " has no word " + word);
        }
        s.open();
        return s;
    }

    private static void checkText(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a word needs a text");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Segment.isSpace(text.charAt(i))) {
                throw new IllegalArgumentException("'" + text + "' has a space: split the word instead");
            }
        }
    }

    private static Change applyOne(List<Seg> segs, Edit e, int next) {
        Map<Long, Long> moved = new HashMap<>();
        java.util.Set<Long> removed = new java.util.HashSet<>();
        Map<Long, Long> merged = new HashMap<>();
        Map<Long, Long> added = new HashMap<>();
        if (e instanceof SetText t) {
            checkText(t.text());
            word(segs, t.segment(), t.word()).texts.set(t.word(), t.text());
        } else if (e instanceof SetBox b) {
            word(segs, b.segment(), b.word()).boxes.set(b.word(), b.box());
        } else if (e instanceof Split sp) {
            Seg s = word(segs, sp.segment(), sp.word());
            String text = s.texts.get(sp.word());
            if (sp.at() <= 0 || sp.at() >= text.length()) {
                throw new IllegalArgumentException("cannot split '" + text + "' at " + sp.at());
            }
            Box b = s.boxes.get(sp.word());
            int x = b.x0() + (int) Math.round((double) b.width() * sp.at() / text.length());
            s.texts.set(sp.word(), text.substring(0, sp.at()));
            s.boxes.set(sp.word(), new Box(b.x0(), b.y0(), x, b.y1()));
            s.texts.add(sp.word() + 1, text.substring(sp.at()));
            s.boxes.add(sp.word() + 1, new Box(x, b.y0(), b.x1(), b.y1()));
            shift(moved, s.index, sp.word() + 1, s.size() - 1, +1);
            added.put(Word.key(s.index, sp.word() + 1), Word.key(s.index, sp.word()));
        } else if (e instanceof Merge m) {
            Seg s = word(segs, m.segment(), m.word());
            if (m.word() + 1 >= s.size()) {
                throw new IllegalArgumentException("word " + m.word() + " is the last of segment "
                        + m.segment() + ": nothing to merge it with");
            }
            int w = m.word();
            s.texts.set(w, s.texts.get(w) + s.texts.remove(w + 1));
            s.boxes.set(w, s.boxes.get(w).union(s.boxes.remove(w + 1)));
            removed.add(Word.key(s.index, w + 1));
            merged.put(Word.key(s.index, w + 1), Word.key(s.index, w));
            shift(moved, s.index, w + 2, s.size() + 1, -1);
        } else if (e instanceof Join j) {
            if (j.segment() == j.other()) {
                throw new IllegalArgumentException("join names segment " + j.segment()
                        + " twice: words of one segment merge");
            }
            Seg s = word(segs, j.segment(), j.word());
            Seg o = word(segs, j.other(), j.otherWord());
            s.texts.set(j.word(), s.texts.get(j.word()) + o.texts.remove(j.otherWord()));
            s.boxes.set(j.word(), s.boxes.get(j.word()).union(o.boxes.remove(j.otherWord())));
            long gone = Word.key(o.index, j.otherWord());
            removed.add(gone);
            merged.put(gone, Word.key(s.index, j.word()));
            shift(moved, o.index, j.otherWord() + 1, o.size() + 1, -1);
            if (o.texts.isEmpty()) {
                segs.remove(o);
            }
        } else if (e instanceof DeleteWord d) {
            Seg s = word(segs, d.segment(), d.word());
            s.texts.remove(d.word());
            s.boxes.remove(d.word());
            removed.add(Word.key(s.index, d.word()));
            shift(moved, s.index, d.word() + 1, s.size() + 1, -1);
            if (s.texts.isEmpty()) {
                segs.remove(s);
            }
        } else if (e instanceof DeleteSegment d) {
            Seg s = find(segs, d.segment());
            for (int w = 0; w < s.size(); w++) {
                removed.add(Word.key(s.index, w));
            }
            segs.remove(s);
        } else if (e instanceof AddWord a) {
            checkText(a.text());
            if (a.segment() < 0) {
                segs.add(new Seg(next, a.text(), a.box()));
                added.put(Word.key(next, 0), -1L);
            } else {
                Seg s = find(segs, a.segment());
                s.open();
                int at = 0;
                while (at < s.boxes.size() && s.boxes.get(at).centerX() <= a.box().centerX()) {
                    at++;
                }
                s.texts.add(at, a.text());
                s.boxes.add(at, a.box());
                shift(moved, s.index, at, s.size() - 1, +1);
                added.put(Word.key(s.index, at), -1L);
            }
        }
        return new Change(moved, removed, merged, added);
    }

    /** Words {@code from..to-1} (old indices) of a segment move by {@code by}. */
    private static void shift(Map<Long, Long> moved, int segment, int from, int to, int by) {
        for (int w = from; w < to; w++) {
            moved.put(Word.key(segment, w), Word.key(segment, w + by));
        }
    }

    // ---------------------------------------------------------------- label rows

    /**
     * Label rows carried through one edit: rows follow their words, a removed word's row goes (a
     * merged word's label goes to the word that absorbed it when that one is O), a word made by a
     * split is offered its original's label, an added word gets {@code O} when {@code rows} label
     * every word; then text and box are taken from the corrected words.
     *
     * @param after the segments after the edit
     */
    public static List<LabelRow> remap(List<LabelRow> rows, Change change, List<Segment> after, String outside) {
        Map<Long, LabelRow> byKey = new LinkedHashMap<>();
        Map<Long, LabelRow> old = new HashMap<>();
        for (LabelRow r : rows) {
            old.put(r.key(), r);
        }
        for (LabelRow r : rows) {
            long k = r.key();
            if (change.removed().contains(k)) {
                continue;
            }
            long nk = change.moved().getOrDefault(k, k);
            byKey.put(nk, r);
        }
        for (Map.Entry<Long, Long> m : change.mergedInto().entrySet()) {
            LabelRow gone = old.get(m.getKey());
            LabelRow into = byKey.get(m.getValue());
            if (gone != null && into != null && outside.equals(into.label()) && !outside.equals(gone.label())) {
                byKey.put(m.getValue(), new LabelRow(into.segment(), into.word(), into.box(), into.text(), gone.label(),
                        gone.score(), gone.probs()));
            }
        }
        for (Map.Entry<Long, Long> a : change.added().entrySet()) {
            LabelRow from = a.getValue() >= 0 ? byKey.get(a.getValue()) : null;
            if (from != null) {
                byKey.put(a.getKey(), from);
            } else if (!rows.isEmpty()) {
                byKey.put(a.getKey(), new LabelRow(0, 0, new Box(0, 0, 0, 0), "", outside, null));
            }
        }
        Map<Long, Word> words = new HashMap<>();
        for (Segment s : after) {
            for (Word w : s.words()) {
                words.put(w.key(), w);
            }
        }
        List<LabelRow> out = new ArrayList<>();
        for (Map.Entry<Long, LabelRow> e : byKey.entrySet()) {
            Word w = words.get(e.getKey());
            if (w != null) {
                out.add(LabelRow.of(w, e.getValue().label(), e.getValue().score(), e.getValue().probs()));
            }
        }
        out.sort(java.util.Comparator.comparingInt(LabelRow::segment).thenComparingInt(LabelRow::word));
        return out;
    }

    // ---------------------------------------------------------------- files

    /** The corrections file read: the corrections (null when none could be used) and what went wrong. */
    public record ReadResult(Corrections corrections, List<Problem> problems) {
    }

    /**
     * Reads a corrections file. An edit that cannot be read stops the reading there (the edits
     * after it name words as they were after it); the edits before it are used.
     */
    public static ReadResult read(Path file) throws IOException {
        TextFiles.Decoded d = TextFiles.read(file, InputLimits.MAX_CORRECTIONS_BYTES);
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(d.text());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNr());
            problems.add(Problem.error(file.toString(), line, "not JSON (" + ex.getOriginalMessage()
                    + "); OCR corrections not applied"));
            return new ReadResult(null, problems);
        } catch (IOException ex) {
            problems.add(Problem.error(file.toString(), 0, "not JSON; OCR corrections not applied"));
            return new ReadResult(null, problems);
        }
        if (root == null || !root.isObject() || !root.path("edits").isArray()) {
            problems.add(Problem.error(file.toString(), 0, "not a corrections file (an object with 'format' and "
                    + "'edits'); OCR corrections not applied"));
            return new ReadResult(null, problems);
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            problems.add(Problem.error(file.toString(), 0, "corrections format " + root.path("format")
                    + " is not " + FORMAT + " (written by another version?); OCR corrections not applied"));
            return new ReadResult(null, problems);
        }
        List<Edit> edits = new ArrayList<>();
        JsonNode arr = root.path("edits");
        for (int i = 0; i < arr.size(); i++) {
            try {
                edits.add(edit(arr.get(i)));
            } catch (IllegalArgumentException ex) {
                problems.add(Problem.error(file.toString(), 0, "correction " + (i + 1) + ": " + ex.getMessage()
                        + "; it and the ones after it not applied"));
                break;
            }
        }
        String sha = root.path("box_sha256").isTextual() ? root.path("box_sha256").asText() : null;
        return new ReadResult(new Corrections(edits, sha), problems);
    }

    private static Edit edit(JsonNode n) {
        String op = n.path("op").asText("");
        return switch (op) {
            case "text" -> new SetText(num(n, "segment"), num(n, "word"), str(n));
            case "box" -> new SetBox(num(n, "segment"), num(n, "word"), box(n));
            case "split" -> new Split(num(n, "segment"), num(n, "word"), num(n, "at"));
            case "merge" -> new Merge(num(n, "segment"), num(n, "word"));
            case "join" -> new Join(num(n, "segment"), num(n, "word"), num(n, "other"), num(n, "other_word"));
            case "delete" -> new DeleteWord(num(n, "segment"), num(n, "word"));
            case "delete-segment" -> new DeleteSegment(num(n, "segment"));
            case "add" -> new AddWord(n.has("segment") ? num(n, "segment") : -1, box(n), str(n));
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        };
    }

    private static int num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return v.asInt();
    }

    private static String str(JsonNode n) {
        JsonNode v = n.get("text");
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'text' is missing or not a string");
        }
        return v.asText();
    }

    private static Box box(JsonNode n) {
        JsonNode v = n.get("box");
        if (v == null || !v.isArray() || v.size() != 4) {
            throw new IllegalArgumentException("'box' must be [x0, y0, x1, y1]");
        }
        int[] c = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!v.get(i).isIntegralNumber() || Math.abs(v.get(i).asLong()) > InputLimits.MAX_COORDINATE) {
                throw new IllegalArgumentException("'box' coordinate " + v.get(i) + " is not a pixel position");
            }
            c[i] = v.get(i).asInt();
        }
        return new Box(c[0], c[1], c[2], c[3]);
    }

    /** The file's text: format version, the box file's SHA-256, the edits in order. */
    public static String format(Corrections c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        if (c.boxSha256() != null) {
            root.put("box_sha256", c.boxSha256());
        }
        ArrayNode arr = root.putArray("edits");
        for (Edit e : c.edits()) {
            ObjectNode n = arr.addObject();
            n.put("op", e.op());
            if (e instanceof SetText t) {
                n.put("segment", t.segment()).put("word", t.word()).put("text", t.text());
            } else if (e instanceof SetBox b) {
                n.put("segment", b.segment()).put("word", b.word());
                putBox(n, b.box());
            } else if (e instanceof Split sp) {
                n.put("segment", sp.segment()).put("word", sp.word()).put("at", sp.at());
            } else if (e instanceof Merge m) {
                n.put("segment", m.segment()).put("word", m.word());
            } else if (e instanceof Join j) {
                n.put("segment", j.segment()).put("word", j.word()).put("other", j.other())
                        .put("other_word", j.otherWord());
            } else if (e instanceof DeleteWord d) {
                n.put("segment", d.segment()).put("word", d.word());
            } else if (e instanceof DeleteSegment d) {
                n.put("segment", d.segment());
            } else if (e instanceof AddWord a) {
                if (a.segment() >= 0) {
                    n.put("segment", a.segment());
                }
                putBox(n, a.box());
                n.put("text", a.text());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void putBox(ObjectNode n, Box b) {
        n.putArray("box").add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
    }

    /** Writes the corrections atomically; an empty list removes the file (the receipt is as the OCR gave it). */
    public static void write(Path file, Corrections c) throws IOException {
        if (c.edits().isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        AtomicFiles.writeString(file, format(c));
    }
}
