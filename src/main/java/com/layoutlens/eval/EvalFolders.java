package com.layoutlens.eval;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.KeyFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelFolder;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the folders an evaluation needs (gold labels, predicted labels, optional key
 * files) and matches them, collecting every problem instead of stopping at the first.
 */
public final class EvalFolders {

    private final LabelSet labels;
    private final LabelFolder gold;
    private final Map<String, Map<String, String>> keys;
    private final List<Problem> problems = new ArrayList<>();
    /** The file a receipt's gold is read from, for the problems. */
    private final java.util.function.Function<String, String> goldFile;

    /**
     * @param goldDir folder of gold label files ({@code ID.csv})
     * @param keyDir  folder of SROIE key files ({@code ID.json}), or null
     * @throws IOException when a folder is missing or cannot be listed
     */
    public EvalFolders(LabelSet labels, Path goldDir, Path keyDir) throws IOException {
        this.labels = labels;
        this.gold = LabelFolder.read(goldDir, labels);
        this.goldFile = id -> goldDir.resolve(id + ".csv").toString();
        problems.addAll(gold.problems());
        this.keys = keyDir == null ? null : readKeys(keyDir, labels, problems);
    }

    private EvalFolders(LabelSet labels, LabelFolder gold, Map<String, Map<String, String>> keys,
                        java.util.function.Function<String, String> goldFile) {
        this.labels = labels;
        this.gold = gold;
        this.goldFile = goldFile;
        problems.addAll(gold.problems());
        this.keys = keys;
    }

    /**
     * The gold of a receipt folder of any format: each receipt's labels, else labels aligned
     * from its key values; a receipt with neither is no gold. The key values are those of the
     * key files in {@code keyDir} when given, else the receipts' own when any has some (a SROIE
     * folder), else none (the gold values are then decoded from the labels).
     *
     * @throws IOException when {@code keyDir} is given and cannot be listed
     */
    public static EvalFolders ofReceipts(LabelSet labels, Dataset ds, Path keyDir) throws IOException {
        List<Problem> problems = new ArrayList<>(ds.problems());
        Map<String, Map<String, String>> keys = keyDir == null ? null : readKeys(keyDir, labels, problems);
        Map<String, List<LabelRow>> files = new TreeMap<>();
        Map<String, String> unusable = new TreeMap<>();
        Map<String, Map<String, String>> ownKeys = new TreeMap<>();
        GoldAligner aligner = new GoldAligner(labels);
        for (Receipt r : ds.receipts()) {
            if (r.keys() != null) {
                ownKeys.put(r.id(), r.keys());
            }
            if (r.labels() != null) {
                files.put(r.id(), r.labels());
            } else if (r.labelIssue() != null) {
                unusable.put(r.id(), r.labelIssue());
            } else if (r.keys() != null) {
                files.put(r.id(), aligner.align(r).rows());
            }
        }
        LabelFolder gold = new LabelFolder(ds.dir(), files, problems, unusable);
        Map<String, Receipt> byId = new TreeMap<>();
        ds.receipts().forEach(r -> byId.put(r.id(), r));
        java.util.function.Function<String, String> goldFile = id -> {
            Receipt r = byId.get(id);
            List<Path> sources = r == null || r.labels() == null ? List.of() : ds.sources().of(r);
            // a SROIE receipt's gold is its label file, else its key file; another format's its own file
            return ds.format().equals(Dataset.FORMAT) || sources.isEmpty()
                    ? ds.dir().resolve(Dataset.LABELS).resolve(id + ".csv").toString()
                    : sources.get(0) + " (" + id + ")";
        };
        return new EvalFolders(labels, gold, keys != null ? keys : ownKeys.isEmpty() ? null : ownKeys, goldFile);
    }

    /** Gold files read. */
    public int goldFiles() {
        return gold.files().size();
    }

    public boolean hasKeys() {
        return keys != null;
    }

    /** The problems of the gold and key files. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /**
     * Reads a prediction folder and matches it with the gold files; problems include the gold
     * ones. A receipt whose gold or predicted file is unusable as a whole (a wrong header, over
     * a limit) is left out and said so, never scored as a receipt without words.
     */
    public Matcher.Result match(Path predDir) throws IOException {
        LabelFolder pred = LabelFolder.read(predDir, labels);
        Map<String, List<LabelRow>> goldFiles = new TreeMap<>(gold.files());
        Map<String, List<LabelRow>> predFiles = new TreeMap<>(pred.files());
        List<Problem> left = new ArrayList<>();
        for (String id : gold.unusable().keySet()) {
            if (predFiles.remove(id) != null || pred.unusable().containsKey(id)) {
                left.add(Problem.error(goldFile.apply(id), 0,
                        "gold file not usable; receipt " + id + " left out of every figure"));
            }
        }
        for (String id : pred.unusable().keySet()) {
            if (goldFiles.remove(id) != null) {
                left.add(Problem.error(predDir.resolve(id + ".csv").toString(), 0,
                        "prediction file not usable; receipt " + id + " left out of every figure"));
            } else if (!gold.unusable().containsKey(id)) {
                left.add(Problem.warning(predDir.resolve(id + ".csv").toString(), 0,
                        "prediction without a gold file (and not usable); ignored"));
            }
        }
        Matcher.Result m = Matcher.match(goldFiles, predFiles, keys,
                goldFile,
                id -> predDir.resolve(id + ".csv").toString());
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(pred.problems());
        all.addAll(left);
        all.addAll(m.problems());
        return new Matcher.Result(m.pairs(), all);
    }

    /** Key files by receipt id; unreadable ones are reported and missing from the map. */
    public static Map<String, Map<String, String>> readKeys(Path dir, LabelSet labels, List<Problem> problems)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        // the competition's key/ID.txt are read as Dataset reads them; entries that are no
        // regular file (a folder, a FIFO, a dangling link) are reported, not skipped silently
        for (Map.Entry<String, Path> e : Dataset.list(dir, List.of("json", "txt"), problems).entrySet()) {
            Path p = e.getValue();
            try {
                Map<String, String> k = KeyFile.read(p, labels, problems);
                if (k != null) {
                    out.put(e.getKey(), k);
                }
            } catch (IOException ex) {
                problems.add(Problem.error(p.toString(), 0, "key file " + ex.getMessage()));
            }
        }
        return out;
    }
}
