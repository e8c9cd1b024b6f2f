package com.layoutlens.service;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.Problem;
import com.layoutlens.data.WriteErrors;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Predictions an earlier run left for receipts this run could not label. Left in place, they
 * would be read by {@code evaluate} beside this run's files, mixing two models in one figure;
 * so they are removed, and each removal is reported. Only a prediction is removed: a label
 * file every row of which has a score. A file with a row without a score is gold or a
 * correction, and is kept (with a warning), as is anything that is not a label file.
 */
public final class StalePredictions {

    private StalePredictions() {
    }

    /**
     * The receipts of a folder as read, with those that could not be read; for a SROIE folder
     * every box file's id, readable or not.
     */
    public static Set<String> receiptIds(com.layoutlens.data.Dataset ds) throws IOException {
        Set<String> ids = ds.format().equals(com.layoutlens.data.Dataset.FORMAT) ? receiptIds(ds.dir()) : new TreeSet<>();
        ds.receipts().forEach(r -> ids.add(r.id()));
        ids.addAll(ds.skipped().keySet());
        return ids;
    }

    /** The ids of a receipt folder's box files ({@code box/ID.csv} or {@code .txt}), readable or not. */
    public static Set<String> receiptIds(Path data) throws IOException {
        Set<String> ids = new TreeSet<>();
        Path box = data.resolve(Dataset.BOX);
        if (!Files.isDirectory(box)) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(box)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (!name.startsWith(".") && (lower.endsWith(".csv") || lower.endsWith(".txt"))) {
                    ids.add(name.substring(0, name.length() - 4));
                }
            }
        }
        return ids;
    }

    /**
     * Removes {@code out/ID.csv} for every id not in {@code written}.
     *
     * @return how many files were removed
     */
    public static int remove(Path out, Collection<String> ids, Set<String> written, List<Problem> problems) {
        return remove(out, out.toString(), ids, (id, file) -> written.contains(id), problems);
    }

    /**
     * Removes {@code out/ID.csv} for every id whose file this run did not write, as
     * {@code fromThisRun} tells; problems name the files as {@code shown/ID.csv} (a folder as the
     * user named it: a Spark job's URI).
     *
     * @return how many files were removed
     */
    public static int remove(Path out, String shown, Collection<String> ids,
                             java.util.function.BiPredicate<String, Path> fromThisRun, List<Problem> problems) {
        int removed = 0;
        for (String id : ids) {
            Path file = out.resolve(id + ".csv");
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || fromThisRun.test(id, file)) {
                continue;
            }
            String name = shown + "/" + id + ".csv";
            if (!LabelFile.isPrediction(file)) {
                problems.add(Problem.warning(name, 0, "left in place from before this run, which could "
                        + "not label the receipt: it is not a prediction (rows without a score), so evaluate will "
                        + "still read it"));
                continue;
            }
            try {
                Files.delete(file);
                removed++;
                problems.add(Problem.warning(name, 0, "removed: an earlier run's prediction for a "
                        + "receipt this run could not label"));
            } catch (IOException e) {
                problems.add(Problem.error(name, 0, "an earlier run's prediction for a receipt this run "
                        + "could not label, and it cannot be removed (" + WriteErrors.reason(e) + "): evaluate "
                        + "would read it"));
            }
        }
        return removed;
    }
}
