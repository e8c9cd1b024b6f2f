package com.layoutlens.eval;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelRow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One false positive or false negative of one label, for the error list.
 *
 * @param receipt   the receipt id
 * @param segment   the word's segment index
 * @param word      the word's index in its segment
 * @param text      the word's text
 * @param gold      its gold label
 * @param predicted its predicted label
 * @param score     the model's score for the predicted label (the probability of its tag), or null
 * @param entityScore the confidence of the predicted entity the word is in: the mean probability of
 *                  its words' tags (entities read as seqeval's default mode reads them); null when
 *                  the word is predicted outside any entity or has no score
 */
public record WordError(String receipt, int segment, int word, String text, String gold, String predicted,
                        Double score, Double entityScore) {

    /** An error without an entity confidence. */
    public WordError(String receipt, int segment, int word, String text, String gold, String predicted, Double score) {
        this(receipt, segment, word, text, gold, predicted, score, null);
    }

    /** False positive: predicted as the label, gold is another; false negative: the reverse. */
    public enum Kind { FP, FN }

    /** How the list is ordered. */
    public enum Sort {
        /** Highest score first (the most confident mistakes), words without a score last. */
        SCORE,
        /** By receipt, then segment and word. */
        RECEIPT,
        /** By text, case-insensitively. */
        TEXT;

        public Comparator<WordError> comparator() {
            Comparator<WordError> position = Comparator.comparing(WordError::receipt)
                    .thenComparingInt(WordError::segment).thenComparingInt(WordError::word);
            return switch (this) {
                case SCORE -> Comparator.comparing(WordError::score,
                        Comparator.nullsLast(Comparator.<Double>reverseOrder())).thenComparing(position);
                case RECEIPT -> position;
                case TEXT -> Comparator.comparing((WordError e) -> e.text().toLowerCase(Locale.ROOT))
                        .thenComparing(position);
            };
        }
    }

    /** The errors of one kind for one label over an evaluation, sorted. */
    public static List<WordError> list(Evaluation evaluation, String label, Kind kind, Sort sort) {
        if (!evaluation.labelSet().contains(label) || label.equals(evaluation.labelSet().outside())) {
            throw new IllegalArgumentException("label '" + label + "' is not one of "
                    + String.join(", ", evaluation.labelSet().entityLabels()));
        }
        List<WordError> out = new ArrayList<>();
        for (ReceiptPair p : evaluation.pairs()) {
            Double[] entity = new Double[p.size()];
            for (Span s : Span.of(p.predicted(), evaluation.labelSet().outside())) {
                double mean = s.meanScore(p.predicted());
                for (int i = s.start(); i < s.end(); i++) {
                    entity[i] = p.predicted().get(i).score() == null ? null : mean;
                }
            }
            for (int i = 0; i < p.size(); i++) {
                LabelRow g = p.gold().get(i);
                LabelRow q = p.predicted().get(i);
                boolean gL = Chunks.typeOf(g.label()).equals(label);
                boolean pL = Chunks.typeOf(q.label()).equals(label);
                if (kind == Kind.FP ? pL && !gL : gL && !pL) {
                    out.add(new WordError(p.id(), g.segment(), g.word(), g.text(), g.label(), q.label(), q.score(),
                            entity[i]));
                }
            }
        }
        out.sort(sort.comparator());
        return out;
    }
}
