package com.layoutlens.data.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import com.layoutlens.data.TextFiles;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code label-studio}: a Label Studio JSON export of OCR tasks, a JSON array of tasks, each with
 * {@code data.ocr} (or {@code data.image}) naming the page and {@code annotations[].result[]}
 * (else {@code predictions[].result[]}): regions as results sharing one {@code id}, of type
 * {@code rectangle}, {@code labels} and {@code textarea}, whose {@code value} gives {@code x},
 * {@code y}, {@code width}, {@code height} in percent of the image's {@code original_width} and
 * {@code original_height}, a clockwise {@code rotation} in degrees, {@code labels} and
 * {@code text}.
 *
 * <p>Each region with text is one segment (its box the rotated rectangle's corners), its words
 * tagged {@code B-label, I-label, ...}; the schema is made from the labels met. The page is found
 * by its file name in the export's folder or its {@code images/} (a {@code /data/local-files/?d=}
 * path first), as Label Studio's uploads and local storage name them.
 *
 * <p>Written: {@code tasks.json}, tasks to import with {@code predictions} (from names
 * {@code bbox}, {@code label}, {@code transcription} to {@code image}, as the OCR template has
 * them), one region per run of words of one type, and {@code images/}. A region's three results
 * share its id; for receipts read from a Label Studio export whose regions are unchanged, the ids
 * are the export's, so that a round trip does not duplicate regions. A receipt imported into our
 * folder finds its task in the folder's kept records ({@link SourceRecords}).
 */
public final class LabelStudioFormat implements ReceiptReader, ReceiptWriter, SourceRecords.Recorded {

    public static final String NAME = "label-studio";
    public static final String TASKS = "tasks.json";
    public static final String IMAGES = "images";
    /** Bytes of an export file: many tasks in one file. */
    static final long MAX_EXPORT_BYTES = 512L << 20;
    static final String MODEL_VERSION = "layoutlens";
    /** Label Studio stores an upload as 8 hex digits, a dash and the original file name. */
    private static final String UPLOAD_PREFIX = "^[0-9a-f]{8}-(?=.)";
    public static final String LOST = "no key files; one segment per region (word boxes cut from it by character"
            + " offsets); regions without text, choices, relations, ratings and the annotators' metadata are not read";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        try {
            return !taskFiles(dir).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The export files: the file itself, or the folder's {@code .json} files that hold a JSON array of objects. */
    static List<Path> taskFiles(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        List<Path> out = new ArrayList<>();
        for (Path p : FormatIo.files(dir, List.of("json")).values()) {
            try (var in = Files.newInputStream(p)) {
                byte[] head = in.readNBytes(256);
                String s = new String(head, StandardCharsets.UTF_8).stripLeading();
                if (s.startsWith("\uFEFF")) {
                    s = s.substring(1).stripLeading();
                }
                if (s.startsWith("[") && s.substring(1).stripLeading().startsWith("{")) {
                    out.add(p); // an array of objects: not, say, the tag names of an hf labels.json
                }
            }
        }
        return out;
    }

    // ---- reading

    /** A region read: its id, its segment and its label (null for none). */
    private record Region(String id, Segment segment, String label) {
    }

    /** A task read, before the schema is known; {@code raw} the task as the export has it. */
    private record Task(String id, Path image, int width, int height, List<Region> regions, JsonNode raw) {
    }

    @Override
    public Read read(Path dir) throws IOException {
        List<Path> files = taskFiles(dir);
        if (files.isEmpty()) {
            throw new IOException(dir + ": no Label Studio export (a .json file holding a JSON array of tasks)");
        }
        List<Problem> problems = new ArrayList<>();
        List<Task> tasks = tasks(files, problems);
        List<String> types = new ArrayList<>();
        tasks.forEach(t -> t.regions().stream().map(Region::label).filter(java.util.Objects::nonNull).forEach(types::add));
        LabelSet schema = FormatIo.schemaOf(NAME, types);
        List<Receipt> receipts = new ArrayList<>();
        for (Task t : tasks) {
            receipts.add(receipt(t, schema));
        }
        return new Read(receipts, schema, problems, LOST);
    }

    private static Receipt receipt(Task t, LabelSet schema) {
        List<Segment> segments = t.regions().stream().map(Region::segment).toList();
        List<LabelRow> rows = schema == null ? null : new ArrayList<>();
        if (rows != null) {
            for (Region r : t.regions()) {
                rows.addAll(FormatIo.entity(r.segment(), r.label(), schema));
            }
        }
        return new Receipt(t.id(), t.image(), t.width(), t.height(), segments, null, rows,
                "no key files in the label-studio format", null);
    }

    /** The tasks of the files; a task that cannot be read is a problem with its file and line. */
    private static List<Task> tasks(List<Path> files, List<Problem> problems) throws IOException {
        List<Task> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            String text;
            try {
                text = TextFiles.readUtf8(file, MAX_EXPORT_BYTES);
            } catch (TextFiles.Unusable e) {
                problems.add(Problem.error(file.toString(), 0, e.getMessage() + "; its tasks are left out"));
                continue;
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            try (JsonParser p = FormatIo.JSON.createParser(text)) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    problems.add(Problem.error(file.toString(), 1, "not a JSON array of tasks; left out"));
                    continue;
                }
                int n = 0;
                while (true) {
                    JsonToken tok;
                    int line;
                    JsonNode node;
                    try {
                        tok = p.nextToken();
                        if (tok == null || tok == JsonToken.END_ARRAY) {
                            break;
                        }
                        line = p.currentLocation().getLineNr();
                        node = p.readValueAsTree();
                    } catch (JsonProcessingException e) {
                        int at = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                        problems.add(Problem.error(file.toString(), at, "not JSON (" + e.getOriginalMessage()
                                + "); the tasks from here on are left out"));
                        break;
                    }
                    n++;
                    try {
                        Task t = task(node, file, n, problems, line, null);
                        if (!ids.add(t.id())) {
                            throw new FormatIo.BadInput("receipt id '" + t.id() + "' appears twice");
                        }
                        tasks.add(t);
                    } catch (FormatIo.BadInput e) {
                        problems.add(Problem.error(file.toString(), line, "task " + n + ": " + e.getMessage()
                                + "; left out"));
                    }
                }
            }
        }
        return tasks;
    }

    /** @param size the page's width and height when known (a kept record's receipt), else null: from the image */
    private static Task task(JsonNode t, Path file, int n, List<Problem> problems, int line, int[] size)
            throws FormatIo.BadInput {
        if (!t.isObject()) {
            throw new FormatIo.BadInput("not a task object");
        }
        JsonNode data = t.path("data");
        String url = data.path("ocr").asText(data.path("image").asText(""));
        Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
        String id = id(t, url);
        List<JsonNode> results = results(t);
        Path image = size != null ? null : image(dir, url);
        int[] wh = size != null ? size : FormatIo.imageSize(image);
        if (wh == null) {
            problems.add(Problem.warning(file.toString(), line, "task " + n + " (" + id + "): image '" + url
                    + "' not found beside the export; read without it"));
            image = null;
            for (JsonNode r : results) {
                if (r.path("original_width").asInt(0) > 0 && r.path("original_height").asInt(0) > 0) {
                    wh = new int[] {r.get("original_width").asInt(), r.get("original_height").asInt()};
                    break;
                }
            }
            if (wh == null) {
                throw new FormatIo.BadInput("no image and no original_width/original_height to place its regions");
            }
        }
        Map<String, ObjectNode> merged = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String rid = r.path("id").asText("");
            if (rid.isEmpty() || !r.path("value").isObject()) {
                continue;
            }
            ObjectNode m = merged.computeIfAbsent(rid, k -> FormatIo.JSON.createObjectNode());
            r.get("value").fields().forEachRemaining(e -> m.set(e.getKey(), e.getValue()));
            if (!r.path("original_width").isMissingNode()) {
                m.set("original_width", r.get("original_width"));
                m.set("original_height", r.get("original_height"));
            }
        }
        List<Region> regions = new ArrayList<>();
        int words = 0;
        for (Map.Entry<String, ObjectNode> e : merged.entrySet()) {
            ObjectNode v = e.getValue();
            String text = String.join(" ", strings(v.get("text")));
            if (text.isBlank()) {
                problems.add(Problem.warning(file.toString(), line, "task " + n + " (" + id + "): region " + e.getKey()
                        + " has no text; left out"));
                continue;
            }
            int[] points = corners(v, wh, "region " + e.getKey());
            Segment s = FormatIo.segment(regions.size(), points, text);
            words += s.words().size();
            if (words > InputLimits.MAX_WORDS) {
                throw new FormatIo.BadInput("over " + InputLimits.MAX_WORDS + " words, the limit for one receipt");
            }
            List<String> labels = strings(v.has("labels") ? v.get("labels") : v.get("rectanglelabels"));
            regions.add(new Region(e.getKey(), s, labels.isEmpty() ? null : labels.get(0).strip()));
        }
        return new Task(id, image, wh[0], wh[1], regions, t);
    }

    /** The annotation's results: the last not cancelled annotation, else the first prediction. */
    private static List<JsonNode> results(JsonNode t) {
        JsonNode chosen = null;
        for (JsonNode a : t.path("annotations")) {
            if (!a.path("was_cancelled").asBoolean(false) && a.path("result").isArray()) {
                chosen = a.get("result");
            }
        }
        if (chosen == null) {
            for (JsonNode p : t.path("predictions")) {
                if (p.path("result").isArray()) {
                    chosen = p.get("result");
                    break;
                }
            }
        }
        List<JsonNode> out = new ArrayList<>();
        if (chosen != null) {
            chosen.forEach(out::add);
        }
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n != null && n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    /** The region's corners in pixels, clockwise from the top-left, its rotation applied around the top-left. */
    private static int[] corners(JsonNode v, int[] wh, String where) throws FormatIo.BadInput {
        double w = size(v, "original_width", wh[0], where);
        double h = size(v, "original_height", wh[1], where);
        double x = percent(v, "x", where) * w / 100;
        double y = percent(v, "y", where) * h / 100;
        double rw = percent(v, "width", where) * w / 100;
        double rh = percent(v, "height", where) * h / 100;
        double a = Math.toRadians(v.path("rotation").asDouble(0));
        double c = Math.cos(a);
        double s = Math.sin(a);
        double[] p = {x, y, x + rw * c, y + rw * s, x + rw * c - rh * s, y + rw * s + rh * c, x - rh * s, y + rh * c};
        int[] out = new int[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (int) Math.round(p[i]);
        }
        return out;
    }

    /** The image size a region gives, else {@code fallback}; one that is no positive number is refused. */
    private static double size(JsonNode v, String field, int fallback, String where) throws FormatIo.BadInput {
        JsonNode n = v.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !(n.asDouble() >= 1) || n.asDouble() > com.layoutlens.data.InputLimits.MAX_COORDINATE) {
            throw new FormatIo.BadInput(where + ": '" + field + "' " + n + " is not an image size in pixels");
        }
        return n.asDouble();
    }

    private static double percent(JsonNode v, String field, String where) throws FormatIo.BadInput {
        JsonNode n = v.get(field);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble()) || Math.abs(n.asDouble()) > 1e4) {
            throw new FormatIo.BadInput(where + ": '" + field + "' " + n + " is not a percentage");
        }
        return n.asDouble();
    }

    /** The receipt id: {@code data.receipt} as we write it, else the image's file name stem, else {@code task-ID}. */
    private static String id(JsonNode t, String url) throws FormatIo.BadInput {
        String ours = t.path("data").path("receipt").asText("");
        if (FormatIo.SAFE_ID.matcher(ours).matches()) {
            return ours;
        }
        String name = fileName(url).replaceFirst(UPLOAD_PREFIX, "");
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (FormatIo.SAFE_ID.matcher(stem).matches()) {
            return stem;
        }
        String task = t.path("id").asText("");
        if (FormatIo.SAFE_ID.matcher("task-" + task).matches() && !task.isEmpty()) {
            return "task-" + task;
        }
        throw new FormatIo.BadInput("no usable receipt id (no image file name, no task id)");
    }

    private static String fileName(String url) {
        String u = url;
        int q = u.indexOf("?d=");
        if (q >= 0) {
            u = u.substring(q + 3);
        }
        int cut = Math.max(u.lastIndexOf('/'), u.lastIndexOf('\\'));
        return URLDecoder.decode(u.substring(cut + 1), StandardCharsets.UTF_8);
    }

    /** The page an image url names, looked up beside the export; null when not there. */
    private static Path image(Path dir, String url) {
        List<Path> candidates = new ArrayList<>();
        int q = url.indexOf("?d=");
        if (q >= 0) {
            String rel = URLDecoder.decode(url.substring(q + 3), StandardCharsets.UTF_8);
            Path p = dir.toAbsolutePath().resolve(rel).normalize();
            if (p.startsWith(dir.toAbsolutePath().normalize())) {
                candidates.add(p);
            }
        }
        String name = fileName(url);
        if (!name.isEmpty() && !name.equals("..")) {
            candidates.add(dir.resolve(IMAGES).resolve(name));
            candidates.add(dir.resolve(name));
            String original = name.replaceFirst(UPLOAD_PREFIX, "");
            candidates.add(dir.resolve(IMAGES).resolve(original));
            candidates.add(dir.resolve(original));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    // ---- writing

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Files.createDirectories(out);
        List<Problem> problems = new ArrayList<>();
        Map<Path, Map<Path, List<Region>>> sources = new HashMap<>();
        ArrayNode tasks = FormatIo.JSON.createArrayNode();
        for (Receipt r : receipts) {
            String where = out.resolve(TASKS) + " (" + r.id() + ")";
            if (r.width() <= 0 || r.height() <= 0) {
                problems.add(Problem.error(where, 0, "no page size (no image, no boxes); receipt not written"));
                continue;
            }
            if (r.labels() == null) {
                problems.add(Problem.warning(where, 0, "no labels: regions are written without labels"));
            }
            List<FormatIo.Run> runs = FormatIo.runs(r, schema);
            List<String> ids = sourceIds(r, runs, sources, problems, where);
            ObjectNode task = tasks.addObject();
            ObjectNode data = task.putObject("data");
            String image = FormatIo.copyImage(r, out.resolve(IMAGES));
            if (image == null) {
                problems.add(Problem.warning(where, 0, "no image; the task names none"));
            }
            String url = image == null ? "" : "/data/local-files/?d=" + IMAGES + "/" + image;
            data.put("ocr", url);
            data.put("image", url); // for a labelling config that names the page $image
            data.put("receipt", r.id());
            ObjectNode prediction = task.putArray("predictions").addObject();
            prediction.put("model_version", MODEL_VERSION);
            ArrayNode result = prediction.putArray("result");
            for (int i = 0; i < runs.size(); i++) {
                FormatIo.Run run = runs.get(i);
                String id = ids != null ? ids.get(i) : r.id() + "-" + i;
                Box b = run.box();
                result.add(result(id, "rectangle", "bbox", b, r));
                if (run.type() != null) {
                    ObjectNode labels = result(id, "labels", "label", b, r);
                    ((ObjectNode) labels.get("value")).putArray("labels").add(run.type());
                    result.add(labels);
                }
                ObjectNode text = result(id, "textarea", "transcription", b, r);
                ((ObjectNode) text.get("value")).putArray("text").add(run.text());
                result.add(text);
            }
        }
        FormatIo.writeJson(out.resolve(TASKS), tasks);
        return problems;
    }

    private static ObjectNode result(String id, String type, String from, Box b, Receipt r) {
        ObjectNode o = FormatIo.JSON.createObjectNode();
        o.put("id", id);
        o.put("type", type);
        o.put("from_name", from);
        o.put("to_name", "image");
        o.put("original_width", r.width());
        o.put("original_height", r.height());
        o.put("image_rotation", 0);
        o.set("value", value(b, r));
        return o;
    }

    private static ObjectNode value(Box b, Receipt r) {
        ObjectNode v = FormatIo.JSON.createObjectNode();
        v.put("x", 100.0 * b.x0() / r.width());
        v.put("y", 100.0 * b.y0() / r.height());
        v.put("width", 100.0 * b.width() / r.width());
        v.put("height", 100.0 * b.height() / r.height());
        v.put("rotation", 0);
        return v;
    }

    /**
     * The region ids of the Label Studio export the receipt was read from (found beside its
     * image) when its regions are the runs' (same count, same texts); null otherwise.
     */
    private static List<String> sourceIds(Receipt r, List<FormatIo.Run> runs, Map<Path, Map<Path, List<Region>>> sources,
                                          List<Problem> problems, String where) {
        if (r.image() == null) {
            return null;
        }
        SourceRecords.Kept kept = SourceRecords.of(r, NAME, problems, where);
        if (kept != null) {
            try {
                Task t = task(kept.record(), kept.file(), 1, new ArrayList<>(), 0, new int[] {r.width(), r.height()});
                List<String> ids = sameRegions(t.regions(), runs);
                if (ids == null) {
                    problems.add(Problem.warning(where, 0, "the regions are no longer those of " + kept.file()
                            + ": written with new region ids"));
                }
                return ids;
            } catch (FormatIo.BadInput e) {
                problems.add(Problem.warning(where, 0, "the kept task " + kept.file() + " is not usable ("
                        + e.getMessage() + "): written with new region ids"));
                return null;
            }
        }
        Path image = r.image().toAbsolutePath().normalize();
        Path dir = image.getParent();
        for (Path d : dir.getParent() == null ? List.of(dir) : List.of(dir, dir.getParent())) {
            List<Region> regions = sources.computeIfAbsent(d, LabelStudioFormat::regionsByImage).get(image);
            List<String> ids = regions == null ? null : sameRegions(regions, runs);
            if (ids != null) {
                return ids;
            }
        }
        return null;
    }

    /** The regions' ids when they are the runs (same count, same texts); null otherwise. */
    private static List<String> sameRegions(List<Region> regions, List<FormatIo.Run> runs) {
        if (regions.size() != runs.size()) {
            return null;
        }
        for (int i = 0; i < runs.size(); i++) {
            if (!FormatIo.squash(regions.get(i).segment().text()).equals(FormatIo.squash(runs.get(i).text()))) {
                return null;
            }
        }
        return regions.stream().map(Region::id).toList();
    }

    @Override
    public Map<String, SourceRecords.Record> records(Path dir) throws IOException {
        Map<String, SourceRecords.Record> out = new LinkedHashMap<>();
        Path base = Files.isRegularFile(dir) ? dir.getParent() : dir;
        for (Path file : taskFiles(dir)) {
            String name = base == null ? file.getFileName().toString() : base.relativize(file).toString();
            for (Task t : tasks(List.of(file), new ArrayList<>())) {
                out.putIfAbsent(t.id(), new SourceRecords.Record(name, t.raw()));
            }
        }
        return out;
    }

    private static Map<Path, List<Region>> regionsByImage(Path dir) {
        Map<Path, List<Region>> out = new HashMap<>();
        try {
            List<Path> files = taskFiles(dir);
            for (Task t : tasks(files, new ArrayList<>())) {
                if (t.image() != null) {
                    out.put(t.image().toAbsolutePath().normalize(), t.regions());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no export there: the ids are made afresh
        }
        return out;
    }
}
