package com.layoutlens.eval;

/**
 * Counts and scores of one label (or of several labels pooled): true positives, false
 * positives, false negatives, and the precision, recall and F1 they give.
 *
 * <p>Undefined ratios (a zero denominator) are 0, so that a label a model never predicts
 * scores precision 0 rather than NaN, as in the usual classification reports.
 */
public record LabelScore(long tp, long fp, long fn, double precision, double recall, double f1) {

    /**
     * Scores from counts: precision = tp/(tp+fp), recall = tp/(tp+fn), F1 = 2pr/(p+r).
     * F1 is computed as 2tp/(2tp+fp+fn), which is the same number with a single rounding,
     * so it is the correctly rounded value of the exact fraction (as scikit-learn computes it).
     */
    public static LabelScore of(long tp, long fp, long fn) {
        double p = ratio(tp, tp + fp);
        double r = ratio(tp, tp + fn);
        double f = ratio(2 * tp, 2 * tp + fp + fn);
        return new LabelScore(tp, fp, fn, p, r, f);
    }

    /** The sum of the counts of several scores, scored again (micro average). */
    public static LabelScore pooled(Iterable<LabelScore> scores) {
        long tp = 0, fp = 0, fn = 0;
        for (LabelScore s : scores) {
            tp += s.tp;
            fp += s.fp;
            fn += s.fn;
        }
        return of(tp, fp, fn);
    }

    /** a / b, or 0 when b is 0. */
    public static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
