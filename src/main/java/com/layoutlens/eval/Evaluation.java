package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation found: word-level matrix and scores (on entity types: a tag's
 * prefix is stripped, {@code B-TOTAL} and {@code I-TOTAL} are both {@code TOTAL}), entity-level scores,
 * field exact match and the SROIE measure, what each rule did, and the problems.
 *
 * @param labelSet       the labels, in matrix order
 * @param pairs          the receipts evaluated, with predictions after the rules
 * @param confusion      word-level matrix (after the rules)
 * @param labels         per non-outside label: tp, fp, fn, precision, recall, F1
 * @param micro          pooled over those labels
 * @param entities       entity-level scores per type, as seqeval's default mode reads entities
 *                       (conlleval-compatible: an I-X after O or another type starts an entity;
 *                       {@link EntityScores})
 * @param entityMicro    entity-level, pooled
 * @param entitiesStrict entity-level scores per type, as seqeval's strict mode with the scheme
 *                       (only well-formed entities count; for IO tags the same as {@code entities})
 * @param entityStrictMicro strict entity-level, pooled
 * @param fields         field exact match and the SROIE measure
 * @param keysFromLabels true when the gold field values were decoded from the gold labels
 *                       (no key files given) rather than read from key files
 * @param rules          one effect per rule, in the order applied
 * @param problems       files and receipts that could not be evaluated, and why
 * @param receipts       receipts evaluated: the size of {@code pairs}, or, for figures summed from
 *                       parts ({@link EvalCounts}), the receipts of all parts (then {@code pairs} is empty)
 */
public record Evaluation(LabelSet labelSet, List<ReceiptPair> pairs, Confusion confusion,
                         Map<String, LabelScore> labels, LabelScore micro,
                         Map<String, LabelScore> entities, LabelScore entityMicro,
                         Map<String, LabelScore> entitiesStrict, LabelScore entityStrictMicro,
                         FieldScores fields, boolean keysFromLabels,
                         List<RuleEffect> rules, List<Problem> problems, int receipts) {

    public long words() {
        return confusion.total();
    }

    /** Share of words whose predicted label is the gold one, O included. */
    public double accuracy() {
        return LabelScore.ratio(confusion.correct(), confusion.total());
    }
}
