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
 * file that is not UTF-8, a missing key field) is in {@link #problems()}.
 */
public record Dataset(Path dir, LabelSet labelSet, List<Receipt> receipts, List<Problem> problems) {

    public static final String IMG = "img";
    public static final String BOX = "box";
    public static final String KEY = "key";
    /** Box files: ours, and the competition's original name for the same content. */
    static final List<String> BOX_EXTENSIONS = List.of("csv", "txt");
    public static final String LABELS = "labels";
    private static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png");

    public Dataset {
        receipts = List.copyOf(receipts);
        problems = List.copyOf(problems);
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
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        Path boxDir = dir.resolve(BOX);
        if (!Files.isDirectory(boxDir)) {
            throw new IOException(dir + ": no '" + BOX + "' folder (expected SROIE layout: img/, box/, key/)");
        }
        // .txt is how the SROIE competition ships the same files
        Map<String, Path> boxes = list(boxDir, BOX_EXTENSIONS);
        Map<String, Path> images = Files.isDirectory(dir.resolve(IMG)) ? list(dir.resolve(IMG), IMAGE_EXTENSIONS) : Map.of();
        Path keyDir = dir.resolve(KEY);
        Path labDir = labelsDir != null ? labelsDir : dir.resolve(LABELS);
        boolean hasLabels = Files.isDirectory(labDir);

        List<Problem> problems = new ArrayList<>();
        if (!images.isEmpty() || Files.isDirectory(dir.resolve(IMG))) {
            for (String id : images.keySet()) {
                if (!boxes.containsKey(id)) {
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
                Receipt r = readReceipt(id, e.getValue(), images.get(id), keyFile(keyDir, id),
                        hasLabels ? labDir.resolve(id + ".csv") : null, labelSet, problems);
                if (r != null) {
                    receipts.add(r);
                }
            } catch (RuntimeException ex) {
                problems.add(Problem.error(e.getValue().toString(), 0, "could not be read: " + ex));
            }
            done++;
            if (progress != null) {
                progress.accept(done, boxes.size());
            }
        }
        return new Dataset(dir, labelSet, receipts, problems);
    }

    private static Receipt readReceipt(String id, Path boxFile, Path image, Path keyFile, Path labelFile,
                                       LabelSet labelSet, List<Problem> problems) {
        List<Segment> segments;
        try {
            BoxFile.ReadResult br = BoxFile.read(boxFile);
            problems.addAll(br.problems());
            segments = br.segments();
        } catch (IOException ex) {
            problems.add(Problem.error(boxFile.toString(), 0, "not readable: " + ex.getMessage() + "; receipt skipped"));
            return null;
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
        if (Files.isRegularFile(keyFile)) {
            try {
                keys = KeyFile.read(keyFile, labelSet, problems);
            } catch (IOException ex) {
                problems.add(Problem.error(keyFile.toString(), 0, "not readable: " + ex.getMessage()));
            }
        }
        List<LabelRow> labels = null;
        if (labelFile != null && Files.isRegularFile(labelFile)) {
            try {
                LabelFile.ReadResult lr = LabelFile.read(labelFile, labelSet);
                problems.addAll(lr.problems());
                labels = lr.rows();
            } catch (IOException ex) {
                problems.add(Problem.error(labelFile.toString(), 0, "not readable: " + ex.getMessage()));
            }
        }
        return new Receipt(id, image, width, height, segments, keys, labels);
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
        Map<String, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || name.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
                int rank = extensions.indexOf(ext);
                if (rank < 0) {
                    continue;
                }
                // two files for one id (017.csv and 017.txt): the earlier extension wins,
                // whatever order the folder lists them in
                out.merge(name.substring(0, dot), p, (had, now) -> rankOf(had, extensions) <= rank ? had : now);
            }
        }
        return out;
    }

    /** {@code key/ID.json}, else the competition's {@code key/ID.txt} (the same JSON). */
    static Path keyFile(Path keyDir, String id) {
        Path json = keyDir.resolve(id + ".json");
        Path txt = keyDir.resolve(id + ".txt");
        return !Files.exists(json) && Files.isRegularFile(txt) ? txt : json;
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

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
