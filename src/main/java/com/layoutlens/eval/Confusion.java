package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level confusion matrix: {@code count(i, j)} is the number of words whose gold
 * label is the i-th label of the label set and whose predicted label is the j-th, the
 * outside label's row and column included.
 *
 * <p>Mutable while it is being filled ({@link #add}); the evaluation hands out copies.
 */
public final class Confusion {

    private final LabelSet labels;
    private final long[][] counts;

    public Confusion(LabelSet labels) {
        this.labels = labels;
        this.counts = new long[labels.size()][labels.size()];
    }

    public LabelSet labelSet() {
        return labels;
    }

    /** Counts one word; both labels must belong to the label set. */
    public void add(String gold, String predicted) {
        add(index(gold), index(predicted));
    }

    public void add(int gold, int predicted) {
        counts[gold][predicted]++;
    }

    /** Counts {@code n} words with these labels (by index). */
    public void add(int gold, int predicted, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a negative count: " + n);
        }
        counts[gold][predicted] += n;
    }

    /** Adds all counts of another matrix over the same label set. */
    public void addAll(Confusion other) {
        if (other.labels.size() != labels.size()) {
            throw new IllegalArgumentException("matrices over different label sets");
        }
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                counts[i][j] += other.counts[i][j];
            }
        }
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not in " + labels);
        }
        return i;
    }

    public long count(int gold, int predicted) {
        return counts[gold][predicted];
    }

    public long count(String gold, String predicted) {
        return counts[index(gold)][index(predicted)];
    }

    /** A copy of the matrix, rows = gold, columns = predicted, in label-set order. */
    public long[][] matrix() {
        long[][] m = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            m[i] = counts[i].clone();
        }
        return m;
    }

    /** Number of words counted. */
    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    /** Words whose predicted label equals the gold one (the diagonal, O included). */
    public long correct() {
        long t = 0;
        for (int i = 0; i < counts.length; i++) {
            t += counts[i][i];
        }
        return t;
    }

    public long rowSum(int i) {
        long s = 0;
        for (long c : counts[i]) {
            s += c;
        }
        return s;
    }

    public long columnSum(int j) {
        long s = 0;
        for (long[] row : counts) {
            s += row[j];
        }
        return s;
    }

    /** tp = the diagonal cell, fp = column sum − tp, fn = row sum − tp. */
    public LabelScore score(String label) {
        int i = index(label);
        long tp = counts[i][i];
        return LabelScore.of(tp, columnSum(i) - tp, rowSum(i) - tp);
    }

    /** The score of every label except the outside one, in label-set order. */
    public Map<String, LabelScore> scores() {
        Map<String, LabelScore> out = new LinkedHashMap<>();
        for (String l : labels.entityLabels()) {
            out.put(l, score(l));
        }
        return out;
    }

    /** Precision, recall and F1 from the tp, fp and fn summed over the non-outside labels. */
    public LabelScore micro() {
        return LabelScore.pooled(scores().values());
    }

    /** {@code after − before}, cell by cell (for showing what a rule changed). */
    public static long[][] difference(Confusion before, Confusion after) {
        long[][] d = new long[before.counts.length][before.counts.length];
        for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < d.length; j++) {
                d[i][j] = after.counts[i][j] - before.counts[i][j];
            }
        }
        return d;
    }

    public Confusion copy() {
        Confusion c = new Confusion(labels);
        c.addAll(this);
        return c;
    }

    /** The matrix as nested lists (for JSON). */
    public List<List<Long>> rows() {
        List<List<Long>> out = new ArrayList<>();
        for (long[] row : counts) {
            List<Long> r = new ArrayList<>();
            for (long c : row) {
                r.add(c);
            }
            out.add(r);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Confusion c && c.labels.labels().equals(labels.labels())
                && java.util.Arrays.deepEquals(c.counts, counts);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return labels.labels() + " " + java.util.Arrays.deepToString(counts);
    }
}
