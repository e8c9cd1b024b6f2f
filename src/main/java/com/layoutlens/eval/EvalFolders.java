package com.layoutlens.eval;

import com.layoutlens.data.KeyFile;
import com.layoutlens.data.LabelFolder;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * @param goldDir folder of gold label files ({@code ID.csv})
     * @param keyDir  folder of SROIE key files ({@code ID.json}), or null
     * @throws IOException when a folder is missing or cannot be listed
     */
    public EvalFolders(LabelSet labels, Path goldDir, Path keyDir) throws IOException {
        this.labels = labels;
        this.gold = LabelFolder.read(goldDir, labels);
        problems.addAll(gold.problems());
        this.keys = keyDir == null ? null : readKeys(keyDir, labels, problems);
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

    /** Reads a prediction folder and matches it with the gold files; problems include the gold ones. */
    public Matcher.Result match(Path predDir) throws IOException {
        LabelFolder pred = LabelFolder.read(predDir, labels);
        Matcher.Result m = Matcher.match(gold.files(), pred.files(), keys,
                id -> gold.dir().resolve(id + ".csv").toString(),
                id -> predDir.resolve(id + ".csv").toString());
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(pred.problems());
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
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.toLowerCase(Locale.ROOT).endsWith(".json") || name.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                String id = name.substring(0, name.length() - ".json".length());
                try {
                    Map<String, String> k = KeyFile.read(p, labels, problems);
                    if (k != null) {
                        out.put(id, k);
                    }
                } catch (IOException e) {
                    problems.add(Problem.error(p.toString(), 0, "not readable: " + e.getMessage()));
                }
            }
        }
        return out;
    }
}
