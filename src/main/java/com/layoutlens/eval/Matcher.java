package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches predicted label files with gold ones, by receipt id and by (segment, word).
 *
 * <p>A receipt is evaluated only when its prediction covers exactly the gold words with
 * the same texts; otherwise it is left out of every figure and each kind of difference is
 * reported once (with its count and first example), so a stale or truncated prediction
 * can neither pass as O nor shift the scores unnoticed.
 */
public final class Matcher {

    /** The matched receipts, and what could not be matched. */
    public record Result(List<ReceiptPair> pairs, List<Problem> problems) {
    }

    private Matcher() {
    }

    /**
     * @param gold      gold rows by receipt id
     * @param predicted predicted rows by receipt id
     * @param keys      gold key values by receipt id, or null when no key files are used
     * @param goldName  how a gold file is named in messages, from its id
     * @param predName  how a prediction file is named in messages, from its id
     */
    public static Result match(Map<String, List<LabelRow>> gold, Map<String, List<LabelRow>> predicted,
                               Map<String, Map<String, String>> keys,
                               java.util.function.Function<String, String> goldName,
                               java.util.function.Function<String, String> predName) {
        List<ReceiptPair> pairs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, List<LabelRow>> e : gold.entrySet()) {
            String id = e.getKey();
            List<LabelRow> p = predicted.get(id);
            if (p == null) {
                problems.add(Problem.error(predName.apply(id), 0,
                        "no prediction for gold receipt " + id + "; left out of every figure"));
                continue;
            }
            Map<String, String> k = null;
            if (keys != null) {
                k = keys.get(id);
                if (k == null) {
                    problems.add(Problem.warning(goldName.apply(id), 0,
                            "no key file for receipt " + id + "; left out of the field scores"));
                }
            }
            ReceiptPair pair = pair(id, e.getValue(), p, k, predName.apply(id), problems);
            if (pair != null) {
                pairs.add(pair);
            }
        }
        for (String id : predicted.keySet()) {
            if (!gold.containsKey(id)) {
                problems.add(Problem.warning(predName.apply(id), 0, "prediction without a gold file; ignored"));
            }
        }
        return new Result(pairs, problems);
    }

    /** Pairs one receipt's rows, or reports why not and returns null. */
    public static ReceiptPair pair(String id, List<LabelRow> gold, List<LabelRow> predicted,
                                   Map<String, String> keys, String predFile, List<Problem> problems) {
        Comparator<LabelRow> order = Comparator.comparingInt(LabelRow::segment).thenComparingInt(LabelRow::word);
        List<LabelRow> g = new ArrayList<>(gold);
        g.sort(order);
        Map<Long, LabelRow> byKey = new HashMap<>(predicted.size() * 2);
        for (LabelRow r : predicted) {
            byKey.put(r.key(), r);
        }
        List<LabelRow> p = new ArrayList<>(g.size());
        int missing = 0, differ = 0;
        String firstMissing = null, firstDiffer = null;
        for (LabelRow r : g) {
            LabelRow q = byKey.remove(r.key());
            if (q == null) {
                if (missing++ == 0) {
                    firstMissing = where(r) + " '" + r.text() + "'";
                }
            } else if (!q.text().equals(r.text())) {
                if (differ++ == 0) {
                    firstDiffer = where(r) + " gold '" + r.text() + "', predicted '" + q.text() + "'";
                }
            } else {
                p.add(q);
            }
        }
        int extra = byKey.size();
        if (missing == 0 && differ == 0 && extra == 0) {
            return new ReceiptPair(id, g, p, keys);
        }
        if (missing > 0) {
            problems.add(Problem.error(predFile, 0, missing + " gold word" + plural(missing)
                    + " missing from the prediction (first: " + firstMissing + "); receipt left out"));
        }
        if (differ > 0) {
            problems.add(Problem.error(predFile, 0, differ + " word" + plural(differ)
                    + " with another text than the gold (first: " + firstDiffer + "); receipt left out"));
        }
        if (extra > 0) {
            LabelRow first = byKey.values().stream().min(order).orElseThrow();
            problems.add(Problem.error(predFile, 0, extra + " predicted word" + plural(extra)
                    + " not in the gold file (first: " + where(first) + " '" + first.text() + "'); receipt left out"));
        }
        return null;
    }

    private static String where(LabelRow r) {
        return "(" + r.segment() + "," + r.word() + ")";
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
