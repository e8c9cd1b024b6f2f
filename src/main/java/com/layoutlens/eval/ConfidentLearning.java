package com.layoutlens.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Suspected label errors by confident learning (Northcutt, Jiang and Chuang, "Confident
 * Learning: Estimating Uncertainty in Dataset Labels", JAIR 2021), on words whose given (gold)
 * class and predicted class probabilities are known.
 *
 * <ol>
 *   <li>Per class {@code j}, the threshold {@code t[j]} is the mean self-confidence of the words
 *       given {@code j}: the mean of {@code p[j]} over those words. A class no word is given has
 *       no threshold (NaN) and is never a word's confident class.</li>
 *   <li>A word's confident class is, among the classes {@code j} with {@code p[j] >= t[j]}, the
 *       one with the highest {@code p[j]}; a word above no threshold has none.</li>
 *   <li>The confident joint {@code C[given][confident]} counts the words; the words off its
 *       diagonal (confident class other than the given one) are the suspects, with the
 *       confident class as the suggested label.</li>
 *   <li>Suspects are ranked by self-confidence, the probability of the given class, lowest first
 *       (ties in input order); {@link Suspect#confidence()} is one minus it.</li>
 * </ol>
 *
 * <p>The method assumes out-of-sample probabilities: a model that saw a word's label in
 * training tends to agree with it, wrong or not, and then hides the error.
 */
public final class ConfidentLearning {

    /**
     * One word to check.
     *
     * @param id    where the word is, for the caller (carried through untouched)
     * @param given the index of its given class
     * @param probs its probability of each class, in class order
     */
    public record Item<T>(T id, int given, double[] probs) {
    }

    /**
     * A word whose given class is probably wrong.
     *
     * @param suggested      the index of its confident class
     * @param selfConfidence its probability of the given class
     */
    public record Suspect<T>(Item<T> item, int suggested, double selfConfidence) {

        /** How likely the given class is wrong: one minus the self-confidence. */
        public double confidence() {
            return 1 - selfConfidence;
        }
    }

    /**
     * @param thresholds     per class, the mean self-confidence of its words (NaN when none is given it)
     * @param confidentJoint {@code [given][confident]} word counts
     * @param counted        words with a confident class (the joint's total)
     * @param suspects       most likely errors first
     */
    public record Result<T>(double[] thresholds, long[][] confidentJoint, long counted, List<Suspect<T>> suspects) {
    }

    private ConfidentLearning() {
    }

    /**
     * @param classes how many classes there are
     * @throws IllegalArgumentException when an item's class or probability count is out of range
     */
    public static <T> Result<T> find(int classes, List<Item<T>> items) {
        double[] sum = new double[classes];
        long[] count = new long[classes];
        for (Item<T> it : items) {
            if (it.given() < 0 || it.given() >= classes || it.probs().length != classes) {
                throw new IllegalArgumentException("item " + it.id() + ": class " + it.given() + " and "
                        + it.probs().length + " probabilities for " + classes + " classes");
            }
            sum[it.given()] += it.probs()[it.given()];
            count[it.given()]++;
        }
        double[] t = new double[classes];
        for (int j = 0; j < classes; j++) {
            t[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j];
        }
        long[][] joint = new long[classes][classes];
        long counted = 0;
        List<Suspect<T>> suspects = new ArrayList<>();
        for (Item<T> it : items) {
            int confident = confidentClass(it.probs(), t);
            if (confident < 0) {
                continue;
            }
            joint[it.given()][confident]++;
            counted++;
            if (confident != it.given()) {
                suspects.add(new Suspect<>(it, confident, it.probs()[it.given()]));
            }
        }
        suspects.sort(Comparator.comparingDouble(Suspect::selfConfidence)); // stable: ties keep input order
        return new Result<>(t, joint, counted, List.copyOf(suspects));
    }

    /** The class with the highest probability among those at or above their threshold, or -1. */
    static int confidentClass(double[] p, double[] thresholds) {
        int best = -1;
        for (int j = 0; j < p.length; j++) {
            if (!Double.isNaN(thresholds[j]) && p[j] >= thresholds[j] && (best < 0 || p[j] > p[best])) {
                best = j;
            }
        }
        return best;
    }
}
