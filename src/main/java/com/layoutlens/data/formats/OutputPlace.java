package com.layoutlens.data.formats;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a command may write beside a receipt folder it reads: never over the folder itself,
 * nor into a sub-folder it is read from (the box files, images, key files, gold labels, OCR
 * corrections, an import's source records, or any folder holding a receipt's source file).
 * A folder of its own inside the receipt folder ({@code data/pred}) is fine, and a command that
 * makes the folder's gold labels ({@code align}) may write them to {@code data/labels}.
 */
public final class OutputPlace {

    /** The sub-folders a receipt folder is read from: ours, and those of the formats that keep one file per receipt in one. */
    private static final List<String> READ = List.of(Dataset.BOX, Dataset.IMG, Dataset.KEY, Dataset.LABELS,
            OcrCorrections.DIR, SourceRecords.DIR, FunsdFormat.ANNOTATIONS, FunsdFormat.IMAGES, CordFormat.JSON_DIR,
            CordFormat.IMAGE_DIR);

    private OutputPlace() {
    }

    /**
     * Why {@code out} (a folder to write, or a file's folder) must not be written for the
     * receipts of {@code data}, or null when it may.
     */
    public static String refusal(Path out, Dataset data) {
        return refusal(out, data, null);
    }

    /**
     * As {@link #refusal(Path, Dataset)}, with {@code allowed} (a sub-folder's name, or null)
     * taken as a folder of the command's own.
     */
    public static String refusal(Path out, Dataset data, String allowed) {
        String why = refusal(out, data.dir(), allowed);
        if (why != null) {
            return why;
        }
        Path dir = real(data.dir());
        Path target = real(out);
        // the folders the receipts' files really are in (a folder of links to files elsewhere
        // protects the files where they are); files at the top of the folder itself (an hf
        // data.jsonl) leave its own sub-folders free
        Set<Path> seen = new HashSet<>();
        for (Receipt r : data.receipts()) {
            for (Path p : data.sources().of(r)) {
                if (!Files.exists(p)) {
                    continue;
                }
                // the files are that folder's own entries: the folder itself is refused, a folder below it is free
                Path parent = real(p).getParent();
                if (parent != null && seen.add(parent) && !same(parent, dir) && same(target, parent)) {
                    return out + " lies in " + parent + ", which the receipts are read from: write to a"
                            + " folder of its own";
                }
            }
        }
        return null;
    }

    /**
     * Why {@code out} must not be written for a receipt folder {@code dir} whose receipts are not
     * at hand (a training run's data): the folder itself, or a sub-folder any format reads from,
     * links resolved; {@code allowed} as in {@link #refusal(Path, Dataset, String)}.
     */
    public static String refusal(Path out, Path dir, String allowed) {
        Path real = real(dir);
        Path target = real(out);
        if (same(target, real)) {
            return out + " is the receipt folder being read: write to a folder of its own";
        }
        if (Files.isRegularFile(real)) {
            return null; // one file read (a PDF): a folder beside it is free
        }
        // every folder the receipts may be read from, links resolved, whether it is there yet or
        // not: a sub-folder that is a link is protected where it really is, and one made by a
        // first run is the same folder on the second
        for (String name : READ) {
            Path sub = dir.resolve(name);
            Path r = Files.exists(sub) ? real(sub) : Files.isSymbolicLink(sub) ? linkTarget(sub) : real.resolve(name);
            if (name.equals(allowed) && same(target, r)) {
                continue; // the command's own, unless it is also another (a link to corrections/)
            }
            if (within(target, r)) {
                return out + " lies in " + sub + ", which the receipts are read from: write to a folder of its own";
            }
            String linked = linkedFolders(sub, real, target);
            if (linked != null) {
                return out + " lies in " + linked + ", where files of " + sub + " lead: write to a folder of its own";
            }
        }
        return null;
    }

    /**
     * As {@link #refusal(Path, Path, String)} for a run that writes below {@code out} (a training
     * run's best/, checkpoint/, its folds): {@code out}, and each entry already in it (a link
     * there leads elsewhere), checked.
     */
    public static String refusalBelow(Path out, Path dir) {
        String why = refusal(out, dir, null);
        if (why != null || !Files.isDirectory(out)) {
            return why;
        }
        try (var entries = Files.list(out)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                String inner = refusal(e, dir, null);
                if (inner != null) {
                    return inner;
                }
            }
        } catch (IOException e) {
            return null; // a folder that cannot be listed fails where it is written
        }
        return null;
    }

    /** The folder a link in {@code sub} leads to that holds {@code target}, or null (links only; bounded). */
    private static String linkedFolders(Path sub, Path dir, Path target) {
        if (!Files.isDirectory(sub)) {
            return null;
        }
        Set<Path> seen = new HashSet<>();
        int n = 0;
        try (var entries = Files.list(sub)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                if (++n > 100_000) {
                    break;
                }
                if (!Files.isSymbolicLink(e)) {
                    continue;
                }
                // where the link leads at the end, and where its first step is (a chain of links passes
                // through a folder of links whose entries are as much the receipts' files); a dangling
                // link protects where its file would be
                Path first = linkTarget(e).getParent();
                Path last = Files.exists(e) ? real(e).getParent() : first;
                for (Path parent : new Path[] {first, last}) {
                    if (parent != null && seen.add(parent) && !same(parent, dir) && same(target, parent)) {
                        return parent.toString();
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Why the file {@code out} must not be written for the receipts of {@code data}: it is one
     * they are read from, it lies in a folder {@link #refusal} refuses, or it is a file already
     * there that {@code mine} does not recognise as the command's own earlier output (a user's
     * file, another format's data file); null when it may.
     */
    public static String fileRefusal(Path out, Dataset data, java.util.function.Predicate<Path> mine) {
        Path target = real(out);
        if (same(target, real(data.dir()))) {
            return out + " is the file the receipts are read from: write to a file of its own";
        }
        for (Receipt r : data.receipts()) {
            for (Path p : data.sources().of(r)) {
                // (a format that counts every file at its top as a source counts an earlier --weights file too)
                if (Files.exists(p) && same(real(p), target) && !mine.test(target)) {
                    return out + " is a file receipt " + r.id() + " is read from: write to a file of its own";
                }
            }
        }
        Path parent = target.getParent();
        if (parent != null && !same(parent, real(data.dir())) && refusal(parent, data) != null) {
            return out + " lies in a folder the receipts are read from (" + out.toAbsolutePath().getParent()
                    + "): write to a file of its own";
        }
        if (Files.isRegularFile(target) && !mine.test(target)) {
            return out + " already exists and is not a file this command wrote: write to a new file";
        }
        return null;
    }

    /**
     * Whether two resolved paths are one file or folder: equal paths, or two existing paths with
     * one file key (a folder mounted a second time elsewhere, {@code mount --bind}, is the same
     * folder under another path that no link resolution reveals).
     */
    public static boolean same(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Whether the resolved path {@code target} is {@code dir} or lies below it, as {@link #same} tells folders apart. */
    public static boolean within(Path target, Path dir) {
        if (target.startsWith(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (Path p = target; p != null; p = p.getParent()) {
            if (Files.exists(p) && same(p, dir)) {
                return true;
            }
        }
        return false;
    }

    /** Where a link points, one step, as a resolved path (the link's own folder resolved first). */
    private static Path linkTarget(Path link) {
        try {
            Path t = real(link.toAbsolutePath().getParent()).resolve(Files.readSymbolicLink(link)).normalize();
            // the folders on the way resolved, the entry itself not: it may be the next link of a chain
            return t.getParent() == null ? t : real(t.getParent()).resolve(t.getFileName());
        } catch (IOException | RuntimeException e) {
            return real(link);
        }
    }

    /**
     * The path with every link in its existing part resolved (the rest appended as written),
     * so that a link or {@code ..} cannot hide that two paths are one.
     */
    public static Path real(Path p) {
        // links are resolved before any "..": L/../x is where the system goes, not x beside L
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        java.util.Deque<Path> tail = new java.util.ArrayDeque<>();
        while (existing != null && !Files.exists(existing)) {
            if (existing.getFileName() != null) {
                tail.push(existing.getFileName());
            }
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs.normalize();
        }
        Path out;
        try {
            out = existing.toRealPath();
        } catch (IOException e) {
            return abs.normalize();
        }
        while (!tail.isEmpty()) {
            out = out.resolve(tail.pop());
        }
        return out.normalize();
    }

}
