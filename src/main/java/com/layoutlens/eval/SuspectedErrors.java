package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.TagProbabilities;

import java.util.ArrayList;
import java.util.List;

/**
 * Suspected label errors of matched gold and predicted receipts: every gold word whose prediction
 * carries tag probabilities ({@code p_TAG} columns) becomes a {@link ConfidentLearning} item on
 * entity types (a tag's {@code B-}/{@code I-}/{@code E-}/{@code S-} prefix aside, a type's
 * probability the sum of its tags'). {@code suspects} and the app's Suspects list both use it.
 */
public final class SuspectedErrors {

    /** A gold word: its receipt and its gold row. */
    public record Word(String receipt, LabelRow gold) {
    }

    /**
     * @param learning     the confident learning result over the words checked
     * @param words        the words checked
     * @param withoutProbs the gold words whose prediction had no probabilities (or whose gold label is no type)
     */
    public record Result(ConfidentLearning.Result<Word> learning, int words, long withoutProbs) {

        public List<ConfidentLearning.Suspect<Word>> suspects() {
            return learning.suspects();
        }
    }

    private SuspectedErrors() {
    }

    public static Result find(LabelSet labelSet, List<ReceiptPair> pairs) {
        List<ConfidentLearning.Item<Word>> items = new ArrayList<>();
        long without = 0;
        for (ReceiptPair p : pairs) {
            for (int i = 0; i < p.size(); i++) {
                LabelRow g = p.gold().get(i);
                TagProbabilities probs = p.predicted().get(i).probs();
                int given = labelSet.indexOf(g.label());
                if (probs == null || given < 0) {
                    without++;
                    continue;
                }
                double[] types = new double[labelSet.size()];
                for (int t = 0; t < probs.size(); t++) {
                    int type = labelSet.indexOf(probs.tags().get(t));
                    if (type >= 0) {
                        types[type] += probs.get(t);
                    }
                }
                items.add(new ConfidentLearning.Item<>(new Word(p.id(), g), given, types));
            }
        }
        return new Result(ConfidentLearning.find(labelSet.size(), items), items.size(), without);
    }
}
