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
import java.util.Locale;
import java.util.Map;

/**
 * {@code funsd}: the FUNSD form layout. {@code annotations/ID.json} holds {@code form}, a list
 * of entities ({@code id}, {@code text}, {@code box} as {@code [x0,y0,x1,y1]} pixels,
 * {@code label} one of {@code header, question, answer, other}, {@code words} each with
 * {@code text} and {@code box}, {@code linking} as {@code [[from, to], ...]} entity ids); the
 * page is {@code images/ID.png}.
 *
 * <p>Each entity with words is read as one segment with its words' own boxes, its words tagged
 * {@code B-TYPE, I-TYPE, ...} of the {@code funsd} schema ({@code other} is {@code O}). The links
 * are no labels: they stay in the source's annotations, and the writer, given receipts read from
 * a funsd folder whose entities are still the source's (same count, same texts), writes each
 * entity back with its original {@code id} and {@code linking} (and the source's entities without
 * words where they were), the labels as they are now. Other receipts are written one entity per
 * run of words of one type, numbered from 0, without links. A receipt imported into our folder
 * finds its source annotations in the folder's kept records ({@link SourceRecords}).
 */
public final class FunsdFormat implements ReceiptReader, ReceiptWriter, SourceRecords.Recorded {

    public static final String NAME = "funsd";
    public static final String ANNOTATIONS = "annotations";
    public static final String IMAGES = "images";
    static final String OTHER = "other";
    public static final String LOST = "no key files; the links between entities are not labels: they are written"
            + " back by the funsd writer from the source annotations while the entities are unchanged";

    /** A receipt's annotation file, then its image. */
    @Override
    public List<Path> sources(Path dir, Receipt receipt) {
        return FormatIo.annotationSources(dir, ANNOTATIONS, receipt);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        return Files.isDirectory(dir.resolve(ANNOTATIONS)) && !Files.isDirectory(dir.resolve("box"));
    }

    private static LabelSet schema() {
        return LabelSet.builtIn(NAME);
    }

    // ---- reading

    /** From the entities' label names alone (see {@link #schemaOf}). */
    @Override
    public LabelSet schema(Path dir) throws IOException {
        Path ann = dir.resolve(ANNOTATIONS);
        return Files.isDirectory(ann) ? schemaOf(ann) : null;
    }

    @Override
    public Read read(Path dir) throws IOException {
        Path ann = dir.resolve(ANNOTATIONS);
        if (!Files.isDirectory(ann)) {
            throw new IOException(dir + ": no " + ANNOTATIONS + " folder (expected the funsd layout: annotations/ID.json,"
                    + " images/ID.png)");
        }
        LabelSet schema = schemaOf(ann);
        List<Problem> problems = new ArrayList<>();
        List<Receipt> receipts = FormatIo.jsonReceipts(ann,
                (id, root, file) -> receipt(id, root, dir.resolve(IMAGES), schema, file, problems), problems);
        return new Read(receipts, schema, problems, LOST);
    }

    /**
     * The folder's schema: {@code funsd} when its entities' labels are FUNSD's (header, question,
     * answer, other), as in the data set; else one made from the labels met (BIO over them, a
     * built-in schema when they are its types, so our SROIE labels written as funsd read back
     * as sroie-bio). Files that cannot be read are passed over here and reported by the reading.
     */
    private static LabelSet schemaOf(Path ann) throws IOException {
        LabelSet funsd = schema();
        java.util.Set<String> met = new java.util.LinkedHashSet<>();
        for (Path file : FormatIo.files(ann, List.of("json")).values()) {
            try {
                for (JsonNode e : FormatIo.readJson(file, InputLimits.MAX_LABEL_BYTES).path("form")) {
                    String label = e.path("label").asText(OTHER).strip();
                    if (!label.isEmpty() && !label.equalsIgnoreCase(OTHER)) {
                        met.add(label);
                    }
                }
            } catch (FormatIo.BadInput e) {
                // reported when the receipt is read
            }
        }
        if (met.stream().allMatch(l -> funsd.canonical(l) != null)) {
            return funsd;
        }
        for (String name : LabelSet.BUILT_IN) { // labels of a built-in schema, in any case
            LabelSet b = LabelSet.builtIn(name);
            if (b.scheme() == com.layoutlens.data.Scheme.BIO && met.stream().allMatch(l -> b.canonical(l) != null)) {
                return b;
            }
        }
        LabelSet made = FormatIo.schemaOf(NAME, met);
        return made != null ? made : funsd;
    }

    /** An entity as the file gives it. */
    private record Entity(JsonNode id, String label, List<FormatIo.Piece> words, JsonNode linking, JsonNode raw) {
    }

    private static List<Entity> entities(JsonNode root) throws FormatIo.BadInput {
        JsonNode form = root.get("form");
        if (form == null || !form.isArray()) {
            throw new FormatIo.BadInput("'form' missing or not a list of entities");
        }
        List<Entity> out = new ArrayList<>();
        int words = 0;
        for (int i = 0; i < form.size(); i++) {
            JsonNode e = form.get(i);
            String where = "form[" + i + "]";
            if (!e.isObject()) {
                throw new FormatIo.BadInput(where + " is not an entity object");
            }
            JsonNode ws = e.path("words");
            if (!ws.isArray()) {
                throw new FormatIo.BadInput(where + ": 'words' missing or not a list");
            }
            List<FormatIo.Piece> pieces = new ArrayList<>();
            for (int k = 0; k < ws.size(); k++) {
                JsonNode w = ws.get(k);
                pieces.add(new FormatIo.Piece(w.path("text").asText(""),
                        FormatIo.box(w.get("box"), where + ".words[" + k + "].box")));
            }
            words += pieces.size();
            if (words > InputLimits.MAX_WORDS) {
                throw new FormatIo.BadInput("over " + InputLimits.MAX_WORDS + " words, the limit for one receipt");
            }
            out.add(new Entity(e.get("id"), e.path("label").asText(OTHER), pieces, e.get("linking"), e));
        }
        return out;
    }

    private static Receipt receipt(String id, JsonNode root, Path images, LabelSet schema, Path file,
                                   List<Problem> problems) throws FormatIo.BadInput {
        List<Segment> segments = new ArrayList<>();
        List<LabelRow> rows = new ArrayList<>();
        java.util.Set<String> unknown = new java.util.TreeSet<>();
        for (Entity e : entities(root)) {
            Segment s = FormatIo.segment(segments.size(), e.words());
            if (s == null) {
                continue; // no words: nothing to label; the writer restores it from the source
            }
            segments.add(s);
            String label = e.label().strip();
            String type = label.equalsIgnoreCase(OTHER) ? null : schema.canonical(label);
            if (type == null && !label.equalsIgnoreCase(OTHER)) {
                unknown.add(label);
            }
            rows.addAll(FormatIo.entity(s, type, schema));
        }
        if (!unknown.isEmpty()) {
            problems.add(Problem.warning(file.toString(), 0, "label" + (unknown.size() == 1 ? " " : "s ") + unknown
                    + " not in the schema " + schema.name() + " " + schema.entityLabels() + ": read as O"));
        }
        FormatIo.Page page = FormatIo.page(FormatIo.image(images, id), IMAGES + "/" + id + ".png", file, problems,
                () -> FormatIo.extent(segments));
        return new Receipt(id, page.image(), page.width(), page.height(), segments, null, rows,
                "no key files in the funsd format", null);
    }

    @Override
    public Map<String, SourceRecords.Record> records(Path dir) throws IOException {
        return SourceRecords.jsonFiles(dir, ANNOTATIONS);
    }

    // ---- writing

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Path ann = Files.createDirectories(out.resolve(ANNOTATIONS));
        List<Problem> problems = new ArrayList<>();
        for (Receipt r : receipts) {
            Path file = ann.resolve(r.id() + ".json");
            if (r.labels() == null) {
                problems.add(Problem.warning(file.toString(), 0, "no labels: every entity is written as " + OTHER));
            }
            List<Entity> source = source(r, problems, file);
            ArrayNode form = source != null ? keptEntities(r, schema, source) : newEntities(r, schema);
            ObjectNode root = FormatIo.JSON.createObjectNode();
            root.set("form", form);
            if (FormatIo.copyImage(r, out.resolve(IMAGES)) == null) {
                problems.add(Problem.warning(file.toString(), 0, "no image for " + r.id()));
            }
            FormatIo.writeJson(file, root);
        }
        return problems;
    }

    /**
     * The entities of the funsd annotations the receipt was read from, when its segments are
     * still theirs (same count, same texts); null otherwise.
     */
    private static List<Entity> source(Receipt r, List<Problem> problems, Path file) {
        Path src = FormatIo.sourceFile(r, IMAGES, ANNOTATIONS);
        JsonNode root;
        try {
            if (src != null) {
                root = FormatIo.readJson(src, InputLimits.MAX_LABEL_BYTES);
            } else {
                SourceRecords.Kept kept = SourceRecords.of(r, NAME, problems, file.toString());
                if (kept == null) {
                    return null;
                }
                src = kept.file();
                root = kept.record();
            }
        } catch (FormatIo.BadInput e) {
            return null;
        }
        List<Entity> entities;
        try {
            entities = entities(root);
        } catch (FormatIo.BadInput e) {
            return null;
        }
        List<Entity> withWords = entities.stream().filter(e -> FormatIo.segment(0, e.words()) != null).toList();
        List<Segment> segs = r.segments();
        boolean same = withWords.size() == segs.size();
        for (int i = 0; same && i < segs.size(); i++) {
            same = FormatIo.squash(segs.get(i).text()).equals(FormatIo.squash(FormatIo.segment(0, withWords.get(i).words()).text()));
        }
        if (!same) {
            problems.add(Problem.warning(file.toString(), 0, "the entities are no longer those of " + src
                    + ": written without its ids and links"));
            return null;
        }
        return entities;
    }

    private static ArrayNode keptEntities(Receipt r, LabelSet schema, List<Entity> source) {
        Map<Long, String> tags = FormatIo.tags(r);
        ArrayNode form = FormatIo.JSON.createArrayNode();
        int next = 0;
        for (Entity e : source) {
            if (FormatIo.segment(0, e.words()) == null) {
                form.add(e.raw());
                continue;
            }
            Segment s = r.segments().get(next++);
            String type = FormatIo.segmentType(s, tags, schema);
            ObjectNode written = entity(e.id(), type, s.words(), e.linking());
            if (FormatIo.sameSourceWords(s, e.words())) {
                // the words are the source's: its entity as it was, the label as it is now
                ObjectNode kept = ((ObjectNode) e.raw()).deepCopy();
                kept.set("label", written.get("label"));
                written = kept;
            }
            form.add(written);
        }
        return form;
    }

    private static ArrayNode newEntities(Receipt r, LabelSet schema) {
        ArrayNode form = FormatIo.JSON.createArrayNode();
        for (FormatIo.Run run : FormatIo.runs(r, schema)) {
            form.add(entity(FormatIo.JSON.getNodeFactory().numberNode(form.size()), run.type(), run.words(), null));
        }
        return form;
    }

    private static ObjectNode entity(JsonNode id, String type, List<Word> words, JsonNode linking) {
        ObjectNode e = FormatIo.JSON.createObjectNode();
        Box all = words.get(0).box();
        ArrayNode ws = FormatIo.JSON.createArrayNode();
        for (Word w : words) {
            all = all.union(w.box());
            ObjectNode o = ws.addObject();
            o.set("box", boxNode(w.box()));
            o.put("text", w.text());
        }
        e.set("box", boxNode(all));
        e.put("text", String.join(" ", words.stream().map(Word::text).toList()));
        e.put("label", type == null ? OTHER : type.toLowerCase(Locale.ROOT));
        e.set("words", ws);
        e.set("linking", linking != null && linking.isArray() ? linking : FormatIo.JSON.createArrayNode());
        e.set("id", id);
        return e;
    }

    static ArrayNode boxNode(Box b) {
        return FormatIo.JSON.createArrayNode().add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
    }
}
