package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A receipt folder in SROIE layout ({@code img/ID.jpg}, {@code box/ID.csv},
 * {@code key/ID.json}) plus our {@code labels/ID.csv}, read as a whole.
 *
 * <p>Reading never throws because of one file: every receipt that has a readable box
 * file is returned, and everything wrong (broken lines, a missing or unreadable image, a
 * file that is not UTF-8, a missing key field) is in {@link #problems()}. A file over one of
 * the {@link InputLimits}, or that is not a regular file (a folder, a FIFO, a dangling link),
 * is never opened: for a box file the receipt is reported and left out, for an image, key or
 * label file the receipt is read without it and says why ({@link Receipt#keyIssue()},
 * {@link Receipt#labelIssue()}).
 */
public record Dataset(Path dir, LabelSet labelSet, List<Receipt> receipts, List<Problem> problems,
                      Map<String, String> skipped, String format, SourceFiles sources) {

    public static final String IMG = "img";
    public static final String BOX = "box";
    public static final String KEY = "key";
    /** Box files: ours, and the competition's original name for the same content. */
    static final List<String> BOX_EXTENSIONS = List.of("csv", "txt");
    public static final String LABELS = "labels";
    private static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png");

    /** The name of the SROIE folder format, the one {@link #load} reads. */
    public static final String FORMAT = "sroie";

    /**
     * @param format  the name of the format the receipts were read from
     * @param sources the files each receipt was read from (the prediction cache compares their times)
     */
    public Dataset {
        receipts = List.copyOf(receipts);
        problems = List.copyOf(problems);
        skipped = java.util.Collections.unmodifiableMap(new TreeMap<>(skipped));
        format = format == null ? FORMAT : format;
        sources = sources == null ? sroieSources(dir) : sources;
    }

    /** Receipts of a SROIE folder. */
    public Dataset(Path dir, LabelSet labelSet, List<Receipt> receipts, List<Problem> problems,
                   Map<String, String> skipped) {
        this(dir, labelSet, receipts, problems, skipped, FORMAT, null);
    }

    public Dataset(Path dir, LabelSet labelSet, List<Receipt> receipts, List<Problem> problems) {
        this(dir, labelSet, receipts, problems, Map.of());
    }

    /** This folder with other receipts (one read anew), of the same format and sources. */
    public Dataset withReceipts(List<Receipt> others) {
        return new Dataset(dir, labelSet, others, problems, skipped, format, sources);
    }

    /**
     * What a SROIE receipt is read from: its box file ({@code .csv}, or the competition's
     * {@code .txt}) and its image, even one that can no longer be read.
     */
    public static SourceFiles sroieSources(Path dir) {
        return r -> {
            List<Path> sources = new ArrayList<>();
            for (String ext : BOX_EXTENSIONS) {
                sources.add(dir.resolve(BOX).resolve(r.id() + "." + ext));
            }
            if (r.image() != null) {
                sources.add(r.image());
            }
            for (String ext : IMAGE_EXTENSIONS) {
                sources.add(dir.resolve(IMG).resolve(r.id() + "." + ext));
                sources.add(dir.resolve(IMG).resolve(r.id() + "." + ext.toUpperCase(Locale.ROOT)));
            }
            return sources;
        };
    }

    public static Dataset load(Path dir) throws IOException {
        return load(dir, LabelSet.sroie(), null, null);
    }

    /**
     * Reads a folder.
     *
     * @param dir       the receipt folder
     * @param labelSet  the label set of its label files
     * @param labelsDir where label files are read from; null means {@code dir/labels}
     * @param progress  called with (receipts done, receipts total); may be null
     * @throws IOException only when the folder itself cannot be listed or has no box files
     */
    public static Dataset load(Path dir, LabelSet labelSet, Path labelsDir,
                               BiConsumer<Integer, Integer> progress) throws IOException {
        return load(dir, labelSet, labelsDir, true, progress);
    }

    /**
     * Reads a folder's receipts without any labels (for a command whose labels are what it
     * writes): no label folder is looked at.
     */
    public static Dataset loadWithoutLabels(Path dir, LabelSet labelSet, BiConsumer<Integer, Integer> progress)
            throws IOException {
        return load(dir, labelSet, null, false, progress);
    }

    private static Dataset load(Path dir, LabelSet labelSet, Path labelsDir, boolean withLabels,
                                BiConsumer<Integer, Integer> progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        Path boxDir = dir.resolve(BOX);
        if (!Files.isDirectory(boxDir)) {
            throw new IOException(dir + ": no '" + BOX + "' folder (expected SROIE layout: img/, box/, key/)");
        }
        // .txt is how the SROIE competition ships the same files
        List<Problem> problems = new ArrayList<>();
        // a box file that is a folder, a FIFO or a dangling link: its receipt is skipped, not absent
        Map<String, String> skipped = new TreeMap<>();
        Map<String, Path> boxes = list(boxDir, BOX_EXTENSIONS, problems, skipped);
        Map<String, Path> images = Files.isDirectory(dir.resolve(IMG))
                ? list(dir.resolve(IMG), IMAGE_EXTENSIONS, problems) : Map.of();
        Path keyDir = dir.resolve(KEY);
        boolean hasKeys = Files.isDirectory(keyDir);
        if (!hasKeys) {
            problems.add(Problem.warning(keyDir.toString(), 0, "no key folder: no receipt has gold values"));
        } else {
            for (String id : list(keyDir, List.of("json", "txt"), null).keySet()) {
                if (!boxes.containsKey(id) && !skipped.containsKey(id)) {
                    problems.add(Problem.warning(keyFile(keyDir, id).toString(), 0,
                            "key file for no receipt (no box file " + id + ".csv); ignored"));
                }
            }
        }
        Path labDir = labelsDir != null ? labelsDir : dir.resolve(LABELS);
        boolean hasLabels = withLabels && Files.isDirectory(labDir);
        if (hasLabels) {
            Problem schemaFile = LabelFolder.schemaFileProblem(labDir);
            if (schemaFile != null) {
                problems.add(schemaFile);
            }
            for (Map.Entry<String, Path> e : list(labDir, List.of("csv"), null).entrySet()) {
                if (!boxes.containsKey(e.getKey()) && !skipped.containsKey(e.getKey())) {
                    problems.add(Problem.warning(e.getValue().toString(), 0,
                            "label file for no receipt (no box file " + e.getKey() + ".csv); ignored"));
                }
            }
        }

        if (!images.isEmpty() || Files.isDirectory(dir.resolve(IMG))) {
            for (String id : images.keySet()) {
                if (!boxes.containsKey(id) && !skipped.containsKey(id)) {
                    problems.add(Problem.warning(images.get(id).toString(), 0, "image without a box file; ignored"));
                }
            }
        } else {
            problems.add(Problem.warning(dir.resolve(IMG).toString(), 0, "no image folder"));
        }
        List<Receipt> receipts = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, Path> e : boxes.entrySet()) {
            String id = e.getKey();
            try {
                Receipt r = readReceipt(id, e.getValue(), images.get(id), hasKeys ? keyFile(keyDir, id) : null,
                        hasLabels ? labDir.resolve(id + ".csv") : null, labelSet, problems);
                if (r != null) {
                    receipts.add(r);
                } else {
                    skipped.put(id, problems.get(problems.size() - 1).message());
                }
            } catch (RuntimeException ex) {
                problems.add(Problem.error(e.getValue().toString(), 0, "could not be read ("
                        + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage())
                        + "); receipt skipped"));
                skipped.put(id, problems.get(problems.size() - 1).message());
            }
            done++;
            if (progress != null) {
                progress.accept(done, boxes.size());
            }
        }
        return new Dataset(dir, labelSet, receipts, problems, skipped);
    }

    private static Receipt readReceipt(String id, Path boxFile, Path image, Path keyFile, Path labelFile,
                                       LabelSet labelSet, List<Problem> problems) {
        List<Segment> segments;
        try {
            BoxFile.ReadResult br = BoxFile.read(boxFile);
            problems.addAll(br.problems());
            segments = br.segments();
        } catch (TextFiles.Unusable ex) {
            problems.add(Problem.error(boxFile.toString(), 0, "box file " + ex.getMessage() + "; receipt skipped, not read"));
            return null;
        } catch (IOException ex) {
            problems.add(Problem.error(boxFile.toString(), 0, "not readable: " + ex.getMessage() + "; receipt skipped"));
            return null;
        }
        int ocrEdits = 0;
        Path corrections = OcrCorrections.file(boxFile.getParent().getParent(), id);
        if (Files.exists(corrections) || Files.isSymbolicLink(corrections)) {
            try {
                OcrCorrections.ReadResult cr = OcrCorrections.read(corrections);
                problems.addAll(cr.problems());
                if (cr.corrections() != null) {
                    String sha = cr.corrections().boxSha256();
                    if (sha != null && !sha.equals(Sha256.hexOf(boxFile))) {
                        problems.add(Problem.warning(corrections.toString(), 0, "made on another version of "
                                + boxFile.getFileName() + "; applied as far as the words still fit"));
                    }
                    OcrCorrections.Applied applied = OcrCorrections.apply(segments, cr.corrections().edits(),
                            corrections.toString());
                    problems.addAll(applied.problems());
                    segments = applied.segments();
                    ocrEdits = applied.applied();
                }
            } catch (IOException ex) {
                problems.add(Problem.error(corrections.toString(), 0, "OCR corrections " + ex.getMessage()
                        + "; the box file's words are used"));
            }
        }
        int width = 0;
        int height = 0;
        if (image == null) {
            problems.add(Problem.error(boxFile.toString(), 0, "no image " + IMG + "/" + id + ".jpg for this receipt"));
            image = null;
        } else {
            int[] size = imageSize(image);
            if (size == null) {
                problems.add(Problem.error(image.toString(), 0, "image not readable (not a JPEG or PNG, or truncated)"));
                image = null;
            } else if ((long) size[0] * size[1] > InputLimits.MAX_IMAGE_PIXELS) {
                problems.add(Problem.error(image.toString(), 0, overBudget(size[0], size[1])
                        + "; the receipt is read without its image"));
                image = null;
            } else {
                width = size[0];
                height = size[1];
            }
        }
        if (width <= 0 || height <= 0) {
            // fall back to the extent of the boxes so that coordinates can still be normalised
            for (Segment s : segments) {
                width = Math.max(width, s.box().x1() + 1);
                height = Math.max(height, s.box().y1() + 1);
            }
        }
        Map<String, String> keys = null;
        String keyIssue = keyFile == null ? "no key folder" : null;
        if (keyFile != null) {
            try {
                int before = problems.size();
                keys = KeyFile.read(keyFile, labelSet, problems);
                if (keys == null) {
                    keyIssue = "key file: " + lastError(problems, before);
                }
            } catch (IOException ex) {
                keyIssue = "key file " + ex.getMessage();
                problems.add(Problem.warning(keyFile.toString(), 0, keyIssue + "; this receipt has no gold values"));
            }
        }
        Receipt read = new Receipt(id, image, width, height, segments, keys, null, keyIssue, null, ocrEdits);
        return labelFile == null ? read : withLabelFile(read, labelFile, labelSet, problems);
    }

    /**
     * The receipt with the rows of a label file ({@code labels/ID.csv}) of its words, when the
     * file exists; rows for words the receipt does not have are reported and left out, and a
     * file that cannot be used leaves the receipt without labels, saying why in
     * {@link Receipt#labelIssue()}.
     */
    public static Receipt withLabelFile(Receipt r, Path labelFile, LabelSet labelSet, List<Problem> problems) {
        List<Segment> segments = r.segments();
        List<LabelRow> labels = null;
        String labelIssue = null;
        if (labelFile != null && (Files.exists(labelFile) || Files.isSymbolicLink(labelFile))) {
            try {
                LabelFile.ReadResult lr = LabelFile.read(labelFile, labelSet);
                problems.addAll(lr.problems());
                if (lr.usable()) {
                    labels = existingWords(lr.rows(), segments, labelFile, problems);
                } else {
                    labelIssue = "not usable (" + lastError(lr.problems(), 0) + ")";
                }
            } catch (IOException ex) {
                labelIssue = ex.getMessage();
                problems.add(Problem.error(labelFile.toString(), 0, "label file " + labelIssue
                        + "; this receipt's labels are not used"));
            }
        }
        return new Receipt(r.id(), r.image(), r.width(), r.height(), segments, r.keys(), labels, r.keyIssue(),
                labelIssue, r.ocrEdits());
    }

    /** The message of the last error added to {@code problems} from index {@code from}. */
    private static String lastError(List<Problem> problems, int from) {
        for (int i = problems.size() - 1; i >= from; i--) {
            if (problems.get(i).isError()) {
                return problems.get(i).message();
            }
        }
        return "unusable";
    }

    /**
     * The rows that belong to a word of the box file; rows for words that do not exist (a
     * label file from another version of the box file) are reported and left out.
     */
    private static List<LabelRow> existingWords(List<LabelRow> rows, List<Segment> segments, Path labelFile,
                                                List<Problem> problems) {
        java.util.Map<Long, String> words = new java.util.HashMap<>();
        for (Segment s : segments) {
            for (Word w : s.words()) {
                words.put(Word.key(w.segment(), w.index()), w.text());
            }
        }
        List<LabelRow> kept = new ArrayList<>(rows.size());
        int missing = 0;
        int otherText = 0;
        LabelRow firstMissing = null;
        LabelRow firstOther = null;
        for (LabelRow r : rows) {
            String text = words.get(r.key());
            if (text == null) {
                if (missing++ == 0) {
                    firstMissing = r;
                }
                continue;
            }
            if (!text.equals(r.text()) && otherText++ == 0) {
                firstOther = r;
            }
            kept.add(r);
        }
        if (missing > 0) {
            problems.add(Problem.error(labelFile.toString(), 0, missing + " row" + (missing == 1 ? "" : "s")
                    + " for words that are not in the box file (first: (" + firstMissing.segment() + ","
                    + firstMissing.word() + ") '" + firstMissing.text() + "'); left out"));
        }
        if (otherText > 0) {
            problems.add(Problem.warning(labelFile.toString(), 0, otherText + " row" + (otherText == 1 ? "" : "s")
                    + " whose text differs from the box file's word (first: (" + firstOther.segment() + ","
                    + firstOther.word() + ") '" + firstOther.text() + "')"));
        }
        return kept;
    }

    /** The message for an image whose declared size is over {@link InputLimits#MAX_IMAGE_PIXELS}. */
    public static String overBudget(int width, int height) {
        return String.format(Locale.ROOT, "image declares %d x %d pixels (%.0f million), over the budget of %d million",
                width, height, (double) width * height / 1e6, InputLimits.MAX_IMAGE_PIXELS / 1_000_000);
    }

    /** Width and height from the image header, without decoding the pixels; null if unreadable. */
    public static int[] imageSize(Path image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Files of a folder by stem, for the given extensions (case-insensitive), sorted by id. */
    static Map<String, Path> list(Path dir, List<String> extensions) throws IOException {
        return list(dir, extensions, null);
    }

    /**
     * As {@link #list(Path, List)}; an entry with one of the extensions that is no regular
     * file (a folder, a FIFO, a dangling link) is reported to {@code problems} when given.
     */
    public static Map<String, Path> list(Path dir, List<String> extensions, List<Problem> problems) throws IOException {
        return list(dir, extensions, problems, null);
    }

    /**
     * As {@link #list(Path, List, List)}, each id of an entry left out for being no regular file
     * put in {@code ignored} (when given) with the problem's message, unless another file with
     * an accepted extension stands for that id.
     */
    static Map<String, Path> list(Path dir, List<String> extensions, List<Problem> problems,
                                  Map<String, String> ignored) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        Map<String, String> left = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || name.startsWith(".")) {
                    continue;
                }
                String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                int rank = extensions.indexOf(ext);
                if (rank < 0) {
                    continue;
                }
                String why = TextFiles.notRegular(p);
                if (why != null) {
                    if (problems != null) {
                        problems.add(Problem.error(p.toString(), 0, "ignored: it " + why));
                        left.put(name.substring(0, dot), "ignored: it " + why);
                    }
                    continue;
                }
                // two files for one id (017.csv and 017.txt): the earlier extension wins,
                // whatever order the folder lists them in
                out.merge(name.substring(0, dot), p, (had, now) -> rankOf(had, extensions) <= rank ? had : now);
            }
        }
        if (ignored != null) {
            left.forEach((id, why) -> {
                if (!out.containsKey(id)) {
                    ignored.put(id, why);
                }
            });
        }
        return out;
    }

    /** {@code key/ID.json}, else the competition's {@code key/ID.txt} (the same JSON). */
    public static Path keyFile(Path keyDir, String id) {
        Path json = keyDir.resolve(id + ".json");
        Path txt = keyDir.resolve(id + ".txt");
        boolean jsonThere = Files.exists(json, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return !jsonThere && Files.exists(txt, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? txt : json;
    }

    private static int rankOf(Path p, List<String> extensions) {
        String name = p.getFileName().toString();
        return extensions.indexOf(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    }

    public Receipt receipt(String id) {
        for (Receipt r : receipts) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Receipts whose box file could not be read (missing, not a regular file, over a limit),
     * by id, with the reason; they are not in {@link #receipts()}.
     */
    @Override
    public Map<String, String> skipped() {
        return skipped;
    }

    /** The receipts read with OCR corrections applied ({@code corrections/ID.json}). */
    public List<Receipt> ocrCorrected() {
        return receipts.stream().filter(Receipt::ocrCorrected).toList();
    }

    /** One line for the commands: how many receipts' words are corrected, or null when none. */
    public String ocrCorrectionsNote() {
        List<Receipt> c = ocrCorrected();
        if (c.isEmpty()) {
            return null;
        }
        int edits = c.stream().mapToInt(Receipt::ocrEdits).sum();
        return "OCR corrections: " + c.size() + " receipt" + (c.size() == 1 ? "" : "s") + " read with " + edits
                + " correction" + (edits == 1 ? "" : "s") + " from " + OcrCorrections.DIR + "/ (box files unchanged)";
    }

    /**
     * The note for a command that reads a receipt folder without loading it (train, evaluate on
     * its labels): how many receipts of {@code dataDir} have a corrections file, or null when none.
     */
    public static String correctionsNote(Path dataDir) {
        Path dir = dataDir.resolve(OcrCorrections.DIR);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            int n = list(dir, List.of("json")).size();
            return n == 0 ? null : "OCR corrections: " + n + " receipt" + (n == 1 ? "" : "s") + " of " + dataDir
                    + " read with the corrections in " + OcrCorrections.DIR + "/ (box files unchanged)";
        } catch (IOException e) {
            return null;
        }
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
