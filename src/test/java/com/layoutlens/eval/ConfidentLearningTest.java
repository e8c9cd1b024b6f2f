package com.layoutlens.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfidentLearningTest {

    private static final int O = 0;
    private static final int A = 1;
    private static final int B = 2;

    private static ConfidentLearning.Item<String> item(String id, int given, double... p) {
        return new ConfidentLearning.Item<>(id, given, p);
    }

    /** Words of three classes whose probabilities favour their class, with some noise. */
    private static List<ConfidentLearning.Item<String>> clean(Random rnd) {
        List<ConfidentLearning.Item<String>> items = new ArrayList<>();
        int[] counts = {60, 20, 20};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < counts[c]; i++) {
                double own = 0.6 + 0.35 * rnd.nextDouble();
                double[] p = new double[3];
                p[c] = own;
                double split = rnd.nextDouble();
                p[(c + 1) % 3] = (1 - own) * split;
                p[(c + 2) % 3] = (1 - own) * (1 - split);
                items.add(item("c" + c + "-" + i, c, p));
            }
        }
        return items;
    }

    @Test
    void thresholdsAreTheMeanSelfConfidenceOfEachGivenClass() {
        List<ConfidentLearning.Item<String>> items = clean(new Random(7));
        ConfidentLearning.Result<String> r = ConfidentLearning.find(3, items);
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            int n = 0;
            for (ConfidentLearning.Item<String> it : items) {
                if (it.given() == c) {
                    sum += it.probs()[c];
                    n++;
                }
            }
            assertEquals(sum / n, r.thresholds()[c], 1e-12);
        }
    }

    @Test
    void aWordGivenTheWrongClassIsFoundWithTheRightOneSuggested() {
        List<ConfidentLearning.Item<String>> items = clean(new Random(11));
        // an A word labelled O, and an O word labelled B: the model is sure of their real class
        items.add(item("flip-1", O, 0.03, 0.95, 0.02));
        items.add(item("flip-2", B, 0.9, 0.05, 0.05));
        ConfidentLearning.Result<String> r = ConfidentLearning.find(3, items);
        List<String> ids = r.suspects().stream().map(s -> s.item().id()).toList();
        assertEquals(List.of("flip-1", "flip-2"), ids.subList(0, 2), ids.toString());
        assertEquals(A, r.suspects().get(0).suggested());
        assertEquals(O, r.suspects().get(1).suggested());
        assertEquals(0.97, r.suspects().get(0).confidence(), 1e-12);
        // ranked by self-confidence, lowest first
        for (int i = 1; i < r.suspects().size(); i++) {
            assertTrue(r.suspects().get(i - 1).selfConfidence() <= r.suspects().get(i).selfConfidence());
        }
        assertEquals(1, r.confidentJoint()[O][A]);
        assertEquals(1, r.confidentJoint()[B][O]);
    }

    @Test
    void theConfidentClassNeedsItsThresholdAndTheJointCountsOnlyConfidentWords() {
        List<ConfidentLearning.Item<String>> items = List.of(
                item("o1", O, 0.9, 0.1, 0.0), item("o2", O, 0.7, 0.3, 0.0),
                item("x", O, 0.35, 0.65, 0.0), item("z", O, 0.5, 0.5, 0.0),
                item("a1", A, 0.4, 0.6, 0.0), item("a2", A, 0.0, 1.0, 0.0),
                item("y", A, 0.85, 0.15, 0.0));
        ConfidentLearning.Result<String> r = ConfidentLearning.find(3, items);
        // t[O] = (0.9 + 0.7 + 0.35 + 0.5) / 4, t[A] = (0.6 + 1.0 + 0.15) / 3; no word is given B
        assertEquals(0.6125, r.thresholds()[O], 1e-12);
        assertEquals(1.75 / 3, r.thresholds()[A], 1e-12);
        assertTrue(Double.isNaN(r.thresholds()[B]), "no word is given B");
        // z: O 0.5 < t[O], A 0.5 < t[A]: no confident class, not in the joint
        assertEquals(6, r.counted());
        assertEquals(2, r.confidentJoint()[O][O]);
        assertEquals(1, r.confidentJoint()[O][A]);
        assertEquals(2, r.confidentJoint()[A][A]);
        assertEquals(1, r.confidentJoint()[A][O]);
        assertEquals(List.of("y", "x"), r.suspects().stream().map(s -> s.item().id()).toList());
        assertEquals(O, r.suspects().get(0).suggested());
        assertEquals(A, r.suspects().get(1).suggested());
        assertEquals(0.85, r.suspects().get(0).confidence(), 1e-12);
        assertEquals(0.15, r.suspects().get(0).selfConfidence(), 1e-12);
    }

    @Test
    void amongSeveralConfidentClassesTheMostProbableWins() {
        double[] t = {0.3, 0.2, 0.9};
        assertEquals(O, ConfidentLearning.confidentClass(new double[] {0.5, 0.45, 0.05}, t));
        assertEquals(A, ConfidentLearning.confidentClass(new double[] {0.25, 0.7, 0.05}, t));
        assertEquals(-1, ConfidentLearning.confidentClass(new double[] {0.1, 0.1, 0.8}, t));
        assertEquals(-1, ConfidentLearning.confidentClass(new double[] {0.1, 0.1, 0.8}, new double[] {0.3, 0.2, Double.NaN}));
    }
}
