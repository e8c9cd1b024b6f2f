package com.layoutlens.data.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.Box;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.TextFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ppocr}: PPOCRLabel's folder. The images are in the folder; {@code Label.txt} has one
 * line per checked image, {@code FOLDER/NAME.jpg}, a tab and a JSON list of text lines, each
 * {@code transcription}, {@code points} (four {@code [x, y]} corners), {@code difficult} and,
 * labelled for key information extraction, {@code key_cls}; {@code fileState.txt} has one line
 * per image, its path, a tab and {@code 1} when checked.
 *
 * <p>Each text line is one segment (its quad kept, word boxes cut from it), its words tagged
 * {@code B-key_cls, I-key_cls, ...} ({@code None}, {@code other} or no {@code key_cls}: {@code O});
 * the schema is made from the classes met. Written: one text line per run of words of one type
 * (a whole segment keeps its quad), {@code key_cls} {@code None} outside any entity.
 */
public final class PpocrFormat implements ReceiptReader, ReceiptWriter {

    public static final String NAME = "ppocr";
    public static final String LABEL = "Label.txt";
    public static final String FILE_STATE = "fileState.txt";
    static final String NONE = "None";
    static final long MAX_LABEL_TXT_BYTES = 512L << 20;
    public static final String LOST = "no key files; word boxes (cut from the text line's quad by character offsets);"
            + " 'difficult' is not read (written false)";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        return Files.isRegularFile(dir.resolve(LABEL));
    }

    // ---- reading

    private record Line(String id, Path image, int[] size, List<Segment> segments, List<String> classes) {
    }

    @Override
    public Read read(Path dir) throws IOException {
        Path label = dir.resolve(LABEL);
        if (!Files.isRegularFile(label)) {
            throw new IOException(dir + ": no " + LABEL + " (expected PPOCRLabel's folder: the images, Label.txt,"
                    + " fileState.txt)");
        }
        String text;
        try {
            text = TextFiles.readUtf8(label, MAX_LABEL_TXT_BYTES);
        } catch (TextFiles.Unusable e) {
            throw new IOException(label + ": " + e.getMessage(), e);
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> checked = checked(dir, problems);
        List<Line> lines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] raw = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        for (int n = 1; n <= raw.length; n++) {
            if (raw[n - 1].isBlank()) {
                continue;
            }
            try {
                Line l = line(dir, raw[n - 1]);
                if (!ids.add(l.id())) {
                    throw new FormatIo.BadInput("image " + l.id() + " appears twice");
                }
                if (checked != null && !checked.contains(l.image().getFileName().toString())) {
                    problems.add(Problem.warning(label.toString(), n, l.id() + ": not checked in " + FILE_STATE));
                }
                lines.add(l);
            } catch (FormatIo.BadInput e) {
                problems.add(Problem.error(label.toString(), n, e.getMessage() + "; image left out"));
            }
        }
        List<String> types = new ArrayList<>();
        lines.forEach(l -> l.classes().stream().filter(java.util.Objects::nonNull).forEach(types::add));
        LabelSet schema = FormatIo.schemaOf(NAME, types);
        List<Receipt> receipts = new ArrayList<>();
        for (Line l : lines) {
            List<LabelRow> rows = schema == null ? null : new ArrayList<>();
            for (int i = 0; rows != null && i < l.segments().size(); i++) {
                rows.addAll(FormatIo.entity(l.segments().get(i), l.classes().get(i), schema));
            }
            receipts.add(new Receipt(l.id(), l.image(), l.size()[0], l.size()[1], l.segments(), null, rows,
                    "no key files in the ppocr format", null));
        }
        return new Read(receipts, schema, problems, LOST);
    }

    /** The file names {@code fileState.txt} marks checked; null when there is none. */
    private static Set<String> checked(Path dir, List<Problem> problems) {
        Path file = dir.resolve(FILE_STATE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Set<String> out = new HashSet<>();
            for (String l : TextFiles.readUtf8(file, MAX_LABEL_TXT_BYTES).split("\r?\n")) {
                int tab = l.lastIndexOf('\t');
                if (tab > 0 && l.substring(tab + 1).strip().equals("1")) {
                    String path = l.substring(0, tab).replace('\\', '/');
                    out.add(path.substring(path.lastIndexOf('/') + 1));
                }
            }
            return out;
        } catch (IOException e) {
            problems.add(Problem.warning(file.toString(), 0, e.getMessage() + "; read as if every image were checked"));
            return null;
        }
    }

    private static Line line(Path dir, String line) throws FormatIo.BadInput {
        int tab = line.indexOf('\t');
        if (tab <= 0) {
            throw new FormatIo.BadInput("not 'FOLDER/IMAGE<tab>[...]'");
        }
        String path = line.substring(0, tab).strip().replace('\\', '/');
        String name = path.substring(path.lastIndexOf('/') + 1);
        String id = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (!FormatIo.SAFE_ID.matcher(id).matches()) {
            throw new FormatIo.BadInput("'" + name + "' is not a usable receipt id (letters, digits, '.', '_', '-')");
        }
        JsonNode items;
        try {
            items = FormatIo.parseJson(line.substring(tab + 1));
        } catch (FormatIo.BadInput e) {
            throw new FormatIo.BadInput(id + ": " + e.getMessage());
        }
        if (!items.isArray()) {
            throw new FormatIo.BadInput(id + ": not a JSON list of text lines");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        int words = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode it = items.get(i);
            String where = id + ": item " + i;
            JsonNode pts = it.path("points");
            if (!pts.isArray() || pts.size() < 4) {
                throw new FormatIo.BadInput(where + ": 'points' is not four [x, y] corners");
            }
            int[] points = new int[8];
            Box around = null;
            for (int k = 0; k < pts.size(); k++) {
                JsonNode pt = pts.get(k);
                if (!pt.isArray() || pt.size() != 2) {
                    throw new FormatIo.BadInput(where + ": point " + k + " " + pt + " is not [x, y]");
                }
                int x = FormatIo.coordinate(pt.get(0), where + ".points[" + k + "]");
                int y = FormatIo.coordinate(pt.get(1), where + ".points[" + k + "]");
                around = around == null ? new Box(x, y, x, y) : around.union(new Box(x, y, x, y));
                if (k < 4) {
                    points[2 * k] = x;
                    points[2 * k + 1] = y;
                }
            }
            if (pts.size() > 4) {
                // a polygon: its bounding box
                points = new int[] {around.x0(), around.y0(), around.x1(), around.y0(), around.x1(), around.y1(),
                        around.x0(), around.y1()};
            }
            Segment s = FormatIo.segment(segments.size(), points, it.path("transcription").asText(""));
            if (s == null) {
                continue;
            }
            words += s.words().size();
            if (words > InputLimits.MAX_WORDS) {
                throw new FormatIo.BadInput(id + ": over " + InputLimits.MAX_WORDS + " words, the limit for one receipt");
            }
            segments.add(s);
            String cls = it.path("key_cls").asText("").strip();
            boolean outside = cls.isEmpty() || cls.equals(NONE) || cls.equalsIgnoreCase("other");
            classes.add(outside ? null : cls);
        }
        Path image = image(dir, path, name);
        int[] size = FormatIo.imageSize(image);
        if (size == null) {
            throw new FormatIo.BadInput(id + ": image '" + path + "' missing or not readable");
        }
        return new Line(id, image, size, segments, classes);
    }

    /** The image a line names: in the folder by name (PPOCRLabel writes the folder's own name before it). */
    private static Path image(Path dir, String path, String name) {
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            Path p = parent.resolve(path).normalize();
            if (p.startsWith(dir.toAbsolutePath().normalize()) && Files.isRegularFile(p)) {
                return dir.resolve(p.getFileName().toString());
            }
        }
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? p : null;
    }

    // ---- writing

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Files.createDirectories(out);
        Path abs = out.toAbsolutePath().normalize();
        String folder = abs.getFileName() == null ? "" : abs.getFileName().toString();
        List<Problem> problems = new ArrayList<>();
        StringBuilder label = new StringBuilder();
        StringBuilder state = new StringBuilder();
        for (Receipt r : receipts) {
            String name = FormatIo.copyImage(r, out);
            if (name == null) {
                problems.add(Problem.error(out.resolve(LABEL).toString(), 0, r.id() + ": no image; PPOCRLabel names"
                        + " every line by its image: not written"));
                continue;
            }
            if (r.labels() == null) {
                problems.add(Problem.warning(out.resolve(LABEL).toString(), 0, r.id() + ": no labels: key_cls is "
                        + NONE + " everywhere"));
            }
            ArrayNode items = FormatIo.JSON.createArrayNode();
            for (FormatIo.Run run : FormatIo.runs(r, schema)) {
                ObjectNode o = items.addObject();
                o.put("transcription", run.text());
                int[] p = run.words().size() == run.segment().words().size() ? run.segment().points() : corners(run.box());
                ArrayNode pts = o.putArray("points");
                for (int k = 0; k < 4; k++) {
                    pts.addArray().add(p[2 * k]).add(p[2 * k + 1]);
                }
                o.put("difficult", false);
                o.put("key_cls", run.type() == null ? NONE : run.type());
            }
            label.append(folder).append('/').append(name).append('\t')
                    .append(FormatIo.JSON.writeValueAsString(items)).append('\n');
            state.append(abs.resolve(name)).append("\t1\n");
        }
        AtomicFiles.writeString(out.resolve(LABEL), label.toString());
        AtomicFiles.writeString(out.resolve(FILE_STATE), state.toString());
        return problems;
    }

    private static int[] corners(Box b) {
        return new int[] {b.x0(), b.y0(), b.x1(), b.y0(), b.x1(), b.y1(), b.x0(), b.y1()};
    }
}
