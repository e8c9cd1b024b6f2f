package com.layoutlens.data.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.BoxFile;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Synthetic SROIE-style receipts for trying the studio without the real data set, and for
 * tests that need receipts with exactly known labels.
 *
 * <p>Each receipt is drawn from its own {@code Random}, seeded from the generator's seed
 * and the receipt's number, so receipt 7 is the same whatever the count: {@code --count 10}
 * gives the first ten receipts of {@code --count 40}. The output is byte-identical on every
 * machine with the same seed: the fonts are shipped on the class path, all rendering
 * hints are fixed, text is drawn as outlines by Java2D's own rasteriser, and JPEGs are
 * written at a fixed quality without metadata that varies.
 */
public final class SampleGenerator {

    public static final int DEFAULT_COUNT = 40;
    public static final long DEFAULT_SEED = 42;
    /** The JPEG quality of the images: small files, with compression traces like real scans. */
    public static final float JPEG_QUALITY = 0.7f;
    /** The prefix of every generated receipt id. */
    public static final String ID_PREFIX = "sample-";

    /** The hidden file in a samples folder that lists what was written, with each file's SHA-256. */
    public static final String MANIFEST = ".layoutlens-samples.json";
    private static final Pattern SAMPLE_FILE = Pattern.compile("sample-\\d+\\.(jpg|csv|json)");
    private static final List<String> SUBFOLDERS = List.of(Dataset.IMG, Dataset.BOX, Dataset.KEY, Dataset.LABELS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long seed;

    public SampleGenerator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The id of receipt {@code number} (1-based) among {@code count}: {@code sample-001}. */
    public static String id(int number, int count) {
        int digits = Math.max(3, String.valueOf(count).length());
        return ID_PREFIX + String.format(Locale.ROOT, "%0" + digits + "d", number);
    }

    /** Renders receipt {@code number} (1-based) of {@code count}. */
    public SampleReceipt generate(int number, int count) {
        if (number < 1 || number > count) {
            throw new IllegalArgumentException("receipt number " + number + " is outside 1.." + count);
        }
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + number);
        ReceiptRenderer.Page page = ReceiptRenderer.Page.draw(r);
        ReceiptText text = ReceiptComposer.compose(r, page.columns());
        return ReceiptRenderer.render(id(number, count), page, text, r);
    }

    /** What {@link #write} wrote. */
    public record Written(Path dir, List<String> ids, List<Path> files, List<Path> removed) {
    }

    /**
     * Writes {@code count} receipts into {@code dir} in SROIE layout ({@code img/ID.jpg},
     * {@code box/ID.csv}, {@code key/ID.json}) plus {@code labels/ID.csv}, and removes the
     * files of earlier samples that this count no longer has (only files named like
     * samples, so that a smaller count does not leave stale receipts behind).
     */
    public Written write(Path dir, int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("the count must be at least 1, got " + count);
        }
        for (String sub : SUBFOLDERS) {
            Files.createDirectories(dir.resolve(sub));
        }
        List<String> ids = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            SampleReceipt s = generate(i, count);
            ids.add(s.id());
            Path img = dir.resolve(Dataset.IMG).resolve(s.id() + ".jpg");
            Path box = dir.resolve(Dataset.BOX).resolve(s.id() + ".csv");
            Path key = dir.resolve(Dataset.KEY).resolve(s.id() + ".json");
            Path labels = dir.resolve(Dataset.LABELS).resolve(s.id() + ".csv");
            AtomicFiles.write(img, jpeg(s.image()));
            AtomicFiles.writeString(box, BoxFile.format(s.segments()));
            AtomicFiles.writeString(key, keyJson(s.keys()));
            LabelFile.write(labels, s.labels());
            files.addAll(List.of(img, box, key, labels));
            for (Path p : List.of(img, box, key, labels)) {
                keep.add(p.getParent().getFileName() + "/" + p.getFileName());
            }
        }
        List<Path> removed = new ArrayList<>();
        for (String sub : SUBFOLDERS) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve(sub))) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (SAMPLE_FILE.matcher(name).matches() && !keep.contains(sub + "/" + name)) {
                        Files.delete(p);
                        removed.add(p);
                    }
                }
            }
        }
        removed.sort(null);
        // what was written, so that a later run can tell a file edited since (a label corrected in the app)
        Map<String, Object> manifest = new java.util.LinkedHashMap<>();
        manifest.put("seed", seed);
        manifest.put("count", count);
        Map<String, String> hashes = new java.util.TreeMap<>();
        for (Path p : files) {
            hashes.put(dir.relativize(p).toString().replace('\\', '/'), com.layoutlens.data.Sha256.hexOf(p));
        }
        manifest.put("files", hashes);
        AtomicFiles.writeString(dir.resolve(MANIFEST), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest) + "\n");
        return new Written(dir, ids, files, removed);
    }

    /**
     * The files of {@code dir} that changed since samples wrote them (by their SHA-256 in the
     * folder's {@value #MANIFEST}): a label corrected in the app, a box file edited by hand. A
     * file removed since is not listed; a folder without the manifest (written before it
     * existed, or not by samples) has none.
     */
    public static List<Path> editedSince(Path dir) throws IOException {
        Path m = dir.resolve(MANIFEST);
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(m)) {
            return out;
        }
        com.fasterxml.jackson.databind.JsonNode files;
        try {
            files = new ObjectMapper().readTree(com.layoutlens.data.TextFiles.readBytes(m, 64L << 20)).path("files");
        } catch (IOException e) {
            return out; // a broken manifest tells nothing: the folder is taken as one without
        }
        for (var e : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) files::fields) {
            Path f = dir.resolve(e.getKey()).normalize();
            if (f.startsWith(dir.normalize()) && Files.isRegularFile(f)
                    && !com.layoutlens.data.Sha256.hexOf(f).equals(e.getValue().asText())) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Whether {@code dir} may be written without asking: it does not exist, is empty, or
     * holds nothing but generated samples (the four SROIE subfolders with sample files,
     * a README, hidden files).
     */
    public static boolean isSampleFolder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.equals("README.md") && Files.isRegularFile(p)) {
                    continue;
                }
                if (!SUBFOLDERS.contains(name) || !Files.isDirectory(p) || !onlySamples(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean onlySamples(Path sub) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sub)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !SAMPLE_FILE.matcher(name).matches()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The image as a baseline JPEG at {@link #JPEG_QUALITY}, with the encoder's default JFIF header. */
    public static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The key file as SROIE writes it: four-space indent, {@code "field": "value"}, LF line
     * ends, no final line end. Written here rather than with a pretty printer, whose line
     * ends follow the platform and would make the files differ between machines.
     */
    public static String keyJson(Map<String, String> keys) {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : keys.entrySet()) {
            sb.append("    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            sb.append(++i < keys.size() ? ",\n" : "\n");
        }
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
