package com.layoutlens.eval;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.KeyFile;
import com.layoutlens.data.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key files against key files, as the SROIE task-3 scorer takes a submission: a folder of
 * predicted values ({@code ID.txt} or {@code ID.json}, one JSON object of {@code company, date,
 * address, total} per receipt, as {@code export --format sroie-keys} writes it or another system
 * made it) scored against the gold key files, field by field with exact match and exact match
 * ignoring whitespace, and over all (field, value) pairs with the task's precision, recall and F1
 * ({@link FieldScores}). A receipt whose prediction is missing or unreadable is reported and left
 * out, as {@code evaluate} leaves out a missing label file; never scored as empty.
 */
public final class KeyScoring {

    /** The fields of the task, in its order. */
    public static final List<String> FIELDS = List.of("company", "date", "address", "total");

    /**
     * The scores and what was reported.
     *
     * @param scores   per field and over all
     * @param problems files that could not be read, receipts without a prediction, predictions without gold
     */
    public record Result(FieldScores scores, List<Problem> problems) {
    }

    private KeyScoring() {
    }

    /**
     * Scores the key files of {@code predicted} against those of {@code gold}.
     *
     * @throws IOException naming the folder when one of them is not a folder
     */
    public static Result score(Path predicted, Path gold) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Map<String, String>> p = read(predicted, problems);
        Map<String, Map<String, String>> g = read(gold, problems);
        List<FieldScores.Values> values = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : g.entrySet()) {
            Map<String, String> pred = p.get(e.getKey());
            if (pred == null) {
                // the file that was there and could not be used, else the task's own name for it
                java.nio.file.Path json = predicted.resolve(e.getKey() + ".json");
                problems.add(Problem.error((java.nio.file.Files.exists(json) ? json
                        : predicted.resolve(e.getKey() + ".txt")).toString(), 0,
                        "no usable prediction for gold receipt " + e.getKey() + "; left out"));
                continue;
            }
            values.add(new FieldScores.Values(e.getKey(), e.getValue(), pred));
        }
        for (String id : p.keySet()) {
            if (!g.containsKey(id)) {
                problems.add(Problem.warning(predicted.resolve(id + ".txt").toString(), 0,
                        "no usable gold key file for " + id + " in " + gold + "; not scored"));
            }
        }
        return new Result(FieldScores.compute(FIELDS, values), problems);
    }

    /** The key files of a folder by id ({@code .json} before {@code .txt}); unreadable ones are reported and left out. */
    private static Map<String, Map<String, String>> read(Path dir, List<Problem> problems) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder of key files");
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : Dataset.list(dir, List.of("json", "txt"), problems).entrySet()) {
            try {
                Map<String, String> values = KeyFile.read(e.getValue(), null, problems);
                if (values != null) {
                    out.put(e.getKey(), values);
                }
            } catch (IOException x) {
                problems.add(Problem.error(e.getValue().toString(), 0, "key file " + x.getMessage() + "; left out"));
            }
        }
        return out;
    }
}
