package com.layoutlens.eval;

/**
 * What one rule did, and whether the gold labels support it.
 *
 * <p>The support figures come first when judging a rule: applied to the gold labels (as if
 * the model were perfect), the rule keeps {@code goldWordsKept} of the {@code goldWords}
 * words with its label, and {@code goldSpansKept} of the {@code goldSpans} values (whole
 * spans, every word kept). Every gold word it does not keep is a true positive the rule
 * would delete from a perfect prediction.
 *
 * @param rule          the rule's spec
 * @param label         the label it restricts
 * @param description   what a word needs to keep the label
 * @param before        the matrix before this rule (after the rules before it)
 * @param after         the matrix after it
 * @param changedWords  predicted words whose label it took away
 * @param removedTp     of those, words whose gold label is the rule's label (true positives lost)
 * @param removedFp     of those, words whose gold label is another (false positives removed)
 * @param goldWords     gold words with the label
 * @param goldWordsKept of those, the words the rule allows
 * @param goldSpans     gold values (spans) with the label
 * @param goldSpansKept of those, the spans whose every word the rule allows
 */
public record RuleEffect(String rule, String label, String description, Confusion before, Confusion after,
                         long changedWords, long removedTp, long removedFp,
                         long goldWords, long goldWordsKept, long goldSpans, long goldSpansKept) {

    /** after − before, cell by cell. */
    public long[][] difference() {
        return Confusion.difference(before, after);
    }

    public double goldWordShare() {
        return LabelScore.ratio(goldWordsKept, goldWords);
    }

    public double goldSpanShare() {
        return LabelScore.ratio(goldSpansKept, goldSpans);
    }

    /** Gold words the rule would delete from a perfect prediction. */
    public long goldWordsDeleted() {
        return goldWords - goldWordsKept;
    }
}
