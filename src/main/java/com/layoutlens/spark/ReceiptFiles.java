package com.layoutlens.spark;

import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.Problem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One receipt's files in a receipt folder on any Hadoop file system: its box file, image,
 * key file, gold label file, OCR corrections ({@code corrections/ID.json}) and the key file
 * the evaluation's field scores read ({@code --keys}); each may be missing but the box file),
 * with their sizes, so
 * that a task checks the per-file limits before reading a byte.
 */
record ReceiptFiles(String id, FileRef box, FileRef image, FileRef key, FileRef gold, FileRef corrections,
                    FileRef goldKey) implements Serializable {

    /** A receipt's files without OCR corrections. */
    ReceiptFiles(String id, FileRef box, FileRef image, FileRef key, FileRef gold) {
        this(id, box, image, key, gold, null, null);
    }

    /** A file: its qualified URI, its name in the folder and its length. */
    record FileRef(String uri, String name, long length) implements Serializable {
    }

    /**
     * What listing a folder found: the receipts by id, and folder-level problems.
     *
     * @param goldFiles the gold folder's label files (0 without one)
     */
    /** @param unusable receipts left out because their box file is no regular file (counted as skipped) */
    record Listing(List<ReceiptFiles> receipts, List<Problem> problems, boolean hasImages, boolean hasKeys,
                   List<String> goldWithoutReceipt, int goldFiles, java.util.Set<String> unusable) {
    }

    /** The listing of a folder without an evaluation key folder. */
    static Listing list(String data, String dataName, String gold, Configuration conf) throws IOException {
        return list(data, dataName, gold, null, conf);
    }

    static final List<String> BOX_EXT = List.of("csv", "txt");
    static final List<String> IMAGE_EXT = List.of("jpg", "jpeg", "png");
    static final List<String> KEY_EXT = List.of("json", "txt");

    /**
     * Lists a receipt folder as {@code Dataset.load} does: box files {@code .csv} before
     * {@code .txt}, images {@code .jpg}, {@code .jpeg}, {@code .png}, key files {@code .json}
     * before {@code .txt}; the gold folder's {@code ID.csv} when given, and the evaluation's key
     * folder's {@code ID.json} (before {@code ID.txt}) when given.
     *
     * @param dataName how the folder is named in messages (as the user gave it)
     * @param goldKeys the key folder of {@code evaluate --keys}, or null
     */
    static Listing list(String data, String dataName, String gold, String goldKeys, Configuration conf)
            throws IOException {
        Path dir = new Path(data);
        FileSystem fs = dir.getFileSystem(conf);
        Path boxDir = new Path(dir, "box");
        if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            throw new IOException(dataName + ": not a folder");
        }
        if (!fs.exists(boxDir)) {
            throw new IOException(dataName + ": no 'box' folder (expected SROIE layout: img/, box/, key/)");
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, String> unusableBoxes = new TreeMap<>();
        Map<String, FileRef> boxes = files(fs, boxDir, BOX_EXT, dataName + "/box", problems, unusableBoxes);
        unusableBoxes.keySet().removeAll(boxes.keySet()); // 017.txt is read when 017.csv is a folder
        Path imgDir = new Path(dir, "img");
        boolean hasImages = fs.exists(imgDir);
        Map<String, FileRef> images = hasImages ? files(fs, imgDir, IMAGE_EXT, dataName + "/img", problems, null) : Map.of();
        Path keyDir = new Path(dir, "key");
        boolean hasKeys = fs.exists(keyDir);
        Map<String, FileRef> keys = hasKeys ? files(fs, keyDir, KEY_EXT, dataName + "/key", problems, null) : Map.of();
        Path correctionsDir = new Path(dir, OcrCorrections.DIR);
        Map<String, FileRef> corrections = fs.exists(correctionsDir)
                ? files(fs, correctionsDir, List.of("json"), dataName + "/" + OcrCorrections.DIR, problems, null) : Map.of();
        Map<String, FileRef> golds = Map.of();
        List<String> goldWithout = new ArrayList<>();
        if (gold != null) {
            Path goldDir = new Path(gold);
            FileSystem gfs = goldDir.getFileSystem(conf);
            if (!gfs.exists(goldDir) || !gfs.getFileStatus(goldDir).isDirectory()) {
                throw new IOException(gold + ": not a folder");
            }
            golds = files(gfs, goldDir, List.of("csv"), gold, problems, null);
            for (String id : golds.keySet()) {
                if (!boxes.containsKey(id)) {
                    goldWithout.add(id);
                }
            }
        }
        Map<String, FileRef> evalKeys = Map.of();
        if (goldKeys != null) {
            Path keysDir = new Path(goldKeys);
            FileSystem kfs = keysDir.getFileSystem(conf);
            if (!kfs.exists(keysDir) || !kfs.getFileStatus(keysDir).isDirectory()) {
                throw new IOException(goldKeys + ": not a folder");
            }
            evalKeys = files(kfs, keysDir, KEY_EXT);
        }
        if (!hasImages) {
            problems.add(Problem.warning(dataName + "/img", 0, "no image folder"));
        }
        for (String id : images.keySet()) {
            if (!boxes.containsKey(id)) {
                problems.add(Problem.warning(dataName + "/img/" + images.get(id).name(), 0,
                        "image without a box file; ignored"));
            }
        }
        for (String id : keys.keySet()) {
            if (!boxes.containsKey(id)) {
                problems.add(Problem.warning(dataName + "/key/" + keys.get(id).name(), 0,
                        "key file for no receipt (no box file " + id + ".csv); ignored"));
            }
        }
        List<ReceiptFiles> out = new ArrayList<>(boxes.size());
        for (Map.Entry<String, FileRef> e : boxes.entrySet()) {
            String id = e.getKey();
            out.add(new ReceiptFiles(id, e.getValue(), images.get(id), keys.get(id), golds.get(id), corrections.get(id),
                    evalKeys.get(id)));
        }
        return new Listing(out, problems, hasImages, hasKeys, goldWithout, golds.size(), java.util.Set.copyOf(unusableBoxes.keySet()));
    }

    /** Regular files of a folder by stem, the earlier extension winning, sorted by id. */
    private static Map<String, FileRef> files(FileSystem fs, Path dir, List<String> extensions) throws IOException {
        return files(fs, dir, extensions, null, null, null);
    }

    /**
     * As {@link #files(FileSystem, Path, List)}; an entry of one of the extensions that is no
     * regular file (a folder, a FIFO, a dangling link: on this machine's file system, checked as
     * {@code Dataset.load} checks it, so that no task ever opens it and waits) is left out and
     * said in {@code problems}, and its id put in {@code unusable} with the reason (when not null).
     */
    private static Map<String, FileRef> files(FileSystem fs, Path dir, List<String> extensions, String shown,
                                              List<Problem> problems, Map<String, String> unusable) throws IOException {
        Map<String, FileRef> out = new TreeMap<>();
        Map<String, Integer> rank = new TreeMap<>();
        boolean local = "file".equals(fs.getUri().getScheme());
        List<FileStatus> entries = new ArrayList<>(List.of(fs.listStatus(dir)));
        if (local) {
            // a dangling link is not listed by Hadoop's local file system: said here as predict says it
            java.util.Set<String> listed = new java.util.HashSet<>();
            entries.forEach(e -> listed.add(e.getPath().getName()));
            try (var ds = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of(fs.makeQualified(dir).toUri()))) {
                for (java.nio.file.Path p : ds) {
                    if (!listed.contains(p.getFileName().toString())) {
                        entries.add(new FileStatus(0, false, 0, 0, 0, new Path(dir, p.getFileName().toString())));
                    }
                }
            }
        }
        for (FileStatus st : entries) {
            String name = st.getPath().getName();
            int dot = name.lastIndexOf('.');
            if (dot <= 0 || name.startsWith(".")) {
                continue;
            }
            int r = extensions.indexOf(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (r < 0) {
                continue;
            }
            String why = null;
            if (name.indexOf(':') >= 0) {
                // Hadoop reads "a:b.csv" as a URI of scheme "a": the whole job would fail on it
                why = "has a ':' in its name, which a Hadoop path cannot hold (rename the receipt's files)";
            } else if (local) {
                why = com.layoutlens.data.TextFiles.notRegular(java.nio.file.Path.of(fs.makeQualified(st.getPath()).toUri()));
            } else if (!st.isFile()) {
                why = "is a folder, not a file";
            }
            if (why != null) {
                if (problems != null) {
                    problems.add(Problem.error(shown + "/" + name, 0, "ignored: it " + why));
                }
                if (unusable != null) {
                    unusable.put(name.substring(0, dot), "ignored: it " + why);
                }
                continue;
            }
            String id = name.substring(0, dot);
            Integer had = rank.get(id);
            if (had == null || r < had) {
                rank.put(id, r);
                out.put(id, new FileRef(fs.makeQualified(st.getPath()).toString(), name, st.getLen()));
            }
        }
        return out;
    }
}
