package com.layoutlens.eval;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelRow;

import java.util.List;

/**
 * How well the gold labels agree with a rule: the figure to look at before using it.
 * Applied to gold labels (a perfect prediction), the rule keeps {@code wordsKept} of the
 * {@code words} words with its label, and {@code valuesKept} of the {@code values} values
 * (spans of consecutive words with the label) whole. Every word it does not keep is a
 * true positive it would delete.
 */
public record RuleSupport(long words, long wordsKept, long values, long valuesKept) {

    /**
     * Measures a rule on gold receipts.
     *
     * @param gold    each receipt's gold rows, in word order
     * @param outside the outside label (spans are runs of other labels)
     */
    public static RuleSupport of(Rule rule, Iterable<List<LabelRow>> gold, String outside) {
        long words = 0, kept = 0, values = 0, valuesKept = 0;
        for (List<LabelRow> rows : gold) {
            boolean[] ok = rule.allows(rows);
            for (int i = 0; i < ok.length; i++) {
                if (Chunks.typeOf(rows.get(i).label()).equals(rule.label())) {
                    words++;
                    if (ok[i]) {
                        kept++;
                    }
                }
            }
            for (Span s : Span.of(rows, outside, rule.label())) {
                values++;
                boolean all = true;
                for (int i = s.start(); i < s.end() && all; i++) {
                    all = ok[i];
                }
                if (all) {
                    valuesKept++;
                }
            }
        }
        return new RuleSupport(words, kept, values, valuesKept);
    }

    public double wordShare() {
        return LabelScore.ratio(wordsKept, words);
    }

    public double valueShare() {
        return LabelScore.ratio(valuesKept, values);
    }

    /** Gold words the rule would take away from a perfect prediction. */
    public long wordsDeleted() {
        return words - wordsKept;
    }
}
