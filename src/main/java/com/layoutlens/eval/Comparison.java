package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two models' predictions on the same gold receipts, word by word.
 *
 * <p>Both are evaluated on the receipts that both could be matched on, so every figure is
 * paired; a receipt only one of them covers is reported and left out. Disagreements are
 * the words where A and B predict different labels, grouped by who is right.
 *
 * @param a            model A's evaluation on the common receipts
 * @param b            model B's evaluation on the same receipts
 * @param onlyARight   words A gets right and B wrong
 * @param onlyBRight   words B gets right and A wrong
 * @param bothWrong    words both get wrong with different labels
 * @param bothWrongSame words both get wrong with the same label (not listed: they agree)
 * @param overall      McNemar on word correctness, all words
 * @param tests        per non-outside label: McNemar on correctness (words where gold, A
 *                     or B has the label), on false positives, on false negatives
 * @param problems     what could not be compared
 */
public record Comparison(Evaluation a, Evaluation b, List<Disagreement> onlyARight, List<Disagreement> onlyBRight,
                         List<Disagreement> bothWrong, long bothWrongSame, McNemar overall,
                         Map<String, LabelTests> tests, List<Problem> problems) {

    /** One word where the models disagree. */
    public record Disagreement(String receipt, int segment, int word, String text, String gold,
                               String a, Double scoreA, String b, Double scoreB) {
    }

    /**
     * Paired tests for one label. In {@code fp}, "right" means not predicting the label on
     * a word whose gold label is another, so {@code fp.onlyA()} counts the false positives
     * B makes and A avoids; in {@code fn}, "right" means finding a gold word of the label.
     */
    public record LabelTests(McNemar correct, McNemar fp, McNemar fn) {
    }

    /**
     * Compares two matched prediction sets.
     *
     * @param problems the problems found so far (reading, matching); receipts covered by
     *                 only one side are added to them
     */
    public static Comparison compare(Evaluator evaluator, List<ReceiptPair> a, List<ReceiptPair> b,
                                     boolean keysFromLabels, List<Problem> problems) {
        Map<String, ReceiptPair> byIdB = new LinkedHashMap<>();
        for (ReceiptPair p : b) {
            byIdB.put(p.id(), p);
        }
        Set<String> idsA = new LinkedHashSet<>();
        List<ReceiptPair> commonA = new ArrayList<>();
        List<ReceiptPair> commonB = new ArrayList<>();
        List<Problem> all = new ArrayList<>(problems);
        for (ReceiptPair p : a) {
            idsA.add(p.id());
            ReceiptPair q = byIdB.get(p.id());
            if (q == null) {
                all.add(Problem.warning(p.id(), 0, "receipt " + p.id() + " evaluated for A only; left out of the comparison"));
            } else {
                commonA.add(p);
                commonB.add(q);
            }
        }
        for (String id : byIdB.keySet()) {
            if (!idsA.contains(id)) {
                all.add(Problem.warning(id, 0, "receipt " + id + " evaluated for B only; left out of the comparison"));
            }
        }
        Evaluation ea = evaluator.evaluate(commonA, keysFromLabels, List.of());
        Evaluation eb = evaluator.evaluate(commonB, keysFromLabels, List.of());
        List<String> labels = evaluator.labelSet().entityLabels();
        int nl = labels.size();
        long[][] counts = new long[nl][6]; // correct onlyA/onlyB, fp onlyA/onlyB, fn onlyA/onlyB
        long overallA = 0, overallB = 0, bothWrongSame = 0;
        List<Disagreement> onlyA = new ArrayList<>(), onlyB = new ArrayList<>(), both = new ArrayList<>();
        for (int k = 0; k < ea.pairs().size(); k++) {
            ReceiptPair pa = ea.pairs().get(k);
            ReceiptPair pb = eb.pairs().get(k);
            for (int i = 0; i < pa.size(); i++) {
                LabelRow g = pa.gold().get(i);
                LabelRow ra = pa.predicted().get(i);
                LabelRow rb = pb.predicted().get(i);
                String gl = g.label(), al = ra.label(), bl = rb.label();
                boolean okA = al.equals(gl), okB = bl.equals(gl);
                if (okA != okB) {
                    if (okA) {
                        overallA++;
                    } else {
                        overallB++;
                    }
                }
                if (!al.equals(bl)) {
                    Disagreement d = new Disagreement(pa.id(), g.segment(), g.word(), g.text(), gl,
                            al, ra.score(), bl, rb.score());
                    (okA ? onlyA : okB ? onlyB : both).add(d);
                } else if (!okA) {
                    bothWrongSame++;
                }
                for (int l = 0; l < nl; l++) {
                    String lab = labels.get(l);
                    boolean gL = gl.equals(lab), aL = al.equals(lab), bL = bl.equals(lab);
                    if ((gL || aL || bL) && okA != okB) {
                        counts[l][okA ? 0 : 1]++;
                    }
                    if (!gL && aL != bL) {
                        counts[l][bL ? 2 : 3]++; // "right" = not predicting the label
                    }
                    if (gL && aL != bL) {
                        counts[l][aL ? 4 : 5]++;
                    }
                }
            }
        }
        Map<String, LabelTests> tests = new LinkedHashMap<>();
        for (int l = 0; l < nl; l++) {
            long[] c = counts[l];
            tests.put(labels.get(l), new LabelTests(McNemar.test(c[0], c[1]), McNemar.test(c[2], c[3]),
                    McNemar.test(c[4], c[5])));
        }
        return new Comparison(ea, eb, onlyA, onlyB, both, bothWrongSame, McNemar.test(overallA, overallB),
                tests, all);
    }
}
