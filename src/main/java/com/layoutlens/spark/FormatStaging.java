package com.layoutlens.spark;

import com.layoutlens.data.Box;
import com.layoutlens.data.BoxFile;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Sha256;
import com.layoutlens.data.Word;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.formats.SroieFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A receipt folder of another format ({@code --data-format}: hf, funsd, cord, label-studio, ppocr,
 * pdf; a SROIE folder is read as it is) made readable by the job, which lists and fetches SROIE-layout files: the driver reads the
 * folder with the format's own reader (the same one {@code predict} uses; a folder on a remote
 * file system is first copied to a local temporary folder), and stages each receipt as the files
 * a task reads: {@code box/ID.csv} (its segments), {@code corrections/ID.json} (each word's own box,
 * where the format gives one, as {@link OcrCorrections.SetBox} edits) and {@code img/ID.ext}. A
 * task reading them back gets the reader's segments and words with their boxes, so its label
 * files are those {@code predict} writes for the folder. The staging folder sits beside the
 * output, on its file system, and is removed when the job ends.
 */
final class FormatStaging {

    /**
     * A folder the job reads instead of the one given, and the problems reading the format found.
     *
     * @param dir      where the staged SROIE-layout folder is (a URI on the output's file system); null when
     *                 the folder is SROIE layout and is read as it is
     * @param problems what the format's reader reported, named as the user named the folder
     */
    /** @param skipped receipts the format's reader left out (counted as predict counts them: skipped, exit 1) */
    record Staged(String dir, List<Problem> problems, java.util.Set<String> skipped) {
    }

    private FormatStaging() {
    }

    /**
     * Reads {@code data} in {@code format} ({@value ReceiptFormats#AUTO} or a name) and stages it
     * under {@code out}'s parent when it is not SROIE layout.
     *
     * @throws IOException naming the folder when it cannot be read or no format recognises it
     */
    static Staged stage(String data, String format, String out, LabelSet schema, Configuration conf)
            throws IOException {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(data);
        FileSystem fs = src.getFileSystem(conf);
        if (!fs.exists(src) || !fs.getFileStatus(src).isDirectory()) {
            throw new ReceiptJob.InputException(data + ": not a folder", null);
        }
        boolean sroie = format.equals(SroieFormat.NAME)
                || (format.equals(ReceiptFormats.AUTO) && fs.exists(new org.apache.hadoop.fs.Path(src, Dataset.BOX)));
        if (sroie) {
            return new Staged(null, List.of(), java.util.Set.of()); // listed and fetched file by file, never copied whole
        }
        Path copy = null;
        Path local;
        if (fs instanceof LocalFileSystem) {
            local = Path.of(fs.makeQualified(src).toUri());
        } else {
            copy = Files.createTempDirectory("layoutlens-source-");
            FileUtil.copy(fs, src, copy.toFile(), false, conf);
            local = copy.resolve(src.getName());
        }
        try {
            ReceiptReader reader;
            try {
                reader = ReceiptFormats.reader(format, local);
            } catch (IllegalArgumentException e) {
                throw new ReceiptJob.InputException("--data-format: " + e.getMessage(), e);
            } catch (IOException e) {
                // no format recognises the folder: bad input, said with the folder as the user named it
                throw new ReceiptJob.InputException(String.valueOf(e.getMessage()).replace(local.toString(), data)
                        + " (name one with --data-format)", e);
            }
            if (reader instanceof SroieFormat) {
                return new Staged(null, List.of(), java.util.Set.of());
            }
            ReceiptReader.Read read = ReceiptFormats.read(reader, local, new ReceiptReader.Options(schema, null, true, null));
            List<Problem> problems = new ArrayList<>();
            for (Problem p : read.problems()) {
                problems.add(rename(p, local.toString(), data));
            }
            java.util.Set<String> said = new java.util.HashSet<>();
            read.problems().forEach(p -> said.add(p.message()));
            for (var e : read.skipped().entrySet()) {
                if (!said.contains(e.getValue())) { // most readers said it already, with its file and line
                    problems.add(Problem.error(data, 0, "receipt " + e.getKey() + ": " + e.getValue() + "; skipped"));
                }
            }
            org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(out);
            FileSystem outFs = ReceiptJob.outputFs(outPath, conf);
            org.apache.hadoop.fs.Path parent = outPath.getParent() != null ? outPath.getParent() : outPath;
            String stagingPrefix = "." + outPath.getName() + ".staging-";
            if ("file".equals(outFs.getUri().getScheme())) {
                // what a killed driver of an earlier run left beside --out (its process gone)
                ReceiptJob.removeLeftovers(Path.of(outFs.makeQualified(parent).toUri()), stagingPrefix);
            }
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(parent,
                    stagingPrefix + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID());
            for (Receipt r : read.receipts()) {
                String box = BoxFile.format(r.segments());
                put(outFs, new org.apache.hadoop.fs.Path(dir, Dataset.BOX + "/" + r.id() + ".csv"),
                        box.getBytes(StandardCharsets.UTF_8));
                List<OcrCorrections.Edit> edits = wordBoxes(r.segments());
                if (!edits.isEmpty()) {
                    String sha = Sha256.hex(Sha256.of(box.getBytes(StandardCharsets.UTF_8)));
                    put(outFs, new org.apache.hadoop.fs.Path(dir, OcrCorrections.DIR + "/" + r.id() + ".json"),
                            OcrCorrections.format(new OcrCorrections.Corrections(edits, sha))
                                    .getBytes(StandardCharsets.UTF_8));
                }
                if (r.image() != null) {
                    String name = r.image().getFileName().toString();
                    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                    put(outFs, new org.apache.hadoop.fs.Path(dir, Dataset.IMG + "/" + r.id() + "." + ext),
                            Files.readAllBytes(r.image()));
                }
            }
            outFs.mkdirs(new org.apache.hadoop.fs.Path(dir, Dataset.BOX));
            return new Staged(outFs.makeQualified(dir).toString(), problems, java.util.Set.copyOf(read.skipped().keySet()));
        } finally {
            if (copy != null) {
                deleteTree(copy);
            }
        }
    }

    /** Removes a staging folder. */
    static void remove(String dir, Configuration conf) throws IOException {
        if (dir != null) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir);
            ReceiptJob.outputFs(p, conf).delete(p, true);
        }
    }

    /** The edits that give each word of the segments its own box where it is not the one cut from its segment. */
    static List<OcrCorrections.Edit> wordBoxes(List<Segment> segments) {
        List<OcrCorrections.Edit> edits = new ArrayList<>();
        for (Segment s : segments) {
            if (!s.corrected()) {
                continue;
            }
            List<Word> cut = Segment.of(s.index(), s.box(), s.text()).words();
            List<Word> own = s.words();
            for (int i = 0; i < own.size(); i++) {
                Box b = own.get(i).box();
                if (i >= cut.size() || !cut.get(i).box().equals(b)) {
                    edits.add(new OcrCorrections.SetBox(s.index(), i, b));
                }
            }
        }
        return edits;
    }

    private static void put(FileSystem fs, org.apache.hadoop.fs.Path file, byte[] bytes) throws IOException {
        try (FSDataOutputStream os = fs.create(file, true)) {
            os.write(bytes);
        }
    }

    private static Problem rename(Problem p, String local, String name) {
        String file = p.file();
        if (file != null && file.startsWith(local)) {
            file = name + file.substring(local.length());
        }
        return new Problem(file, p.line(), p.severity(), p.message().replace(local, name));
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth failing the job
                }
            });
        } catch (IOException ignored) {
            // likewise
        }
    }
}
