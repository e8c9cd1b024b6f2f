package com.layoutlens.eval;

import com.layoutlens.data.Chunks;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Problem;

import java.io.Serializable;
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
                               String a, Double scoreA, String b, Double scoreB) implements Serializable {
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
        return compare(evaluator, a, b, keysFromLabels, problems, id -> id, id -> id);
    }

    /**
     * As {@link #compare(Evaluator, List, List, boolean, List)}, a receipt covered by one side
     * only reported at the file the other side lacks: {@code fileA} and {@code fileB} name the
     * prediction file of a receipt id in A and in B.
     */
    public static Comparison compare(Evaluator evaluator, List<ReceiptPair> a, List<ReceiptPair> b,
                                     boolean keysFromLabels, List<Problem> problems,
                                     java.util.function.UnaryOperator<String> fileA,
                                     java.util.function.UnaryOperator<String> fileB) {
        Common common = Common.of(a, b, fileA, fileB);
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(common.onlyA());
        all.addAll(common.onlyB());
        Evaluation ea = evaluator.evaluate(common.a(), keysFromLabels, List.of());
        Evaluation eb = evaluator.evaluate(common.b(), keysFromLabels, List.of());
        return of(ea, eb, Tally.of(evaluator.labelSet().entityLabels(), ea.pairs(), eb.pairs()), all);
    }

    /**
     * The comparison of two evaluations on the same receipts from their word tally: the
     * finishing step of {@link #compare} and of {@link ComparisonCounts#toComparison}.
     */
    static Comparison of(Evaluation ea, Evaluation eb, Tally t, List<Problem> problems) {
        List<String> labels = ea.labelSet().entityLabels();
        Map<String, LabelTests> tests = new LinkedHashMap<>();
        for (int l = 0; l < labels.size(); l++) {
            long[] c = t.counts[l];
            tests.put(labels.get(l), new LabelTests(McNemar.test(c[0], c[1]), McNemar.test(c[2], c[3]),
                    McNemar.test(c[4], c[5])));
        }
        return new Comparison(ea, eb, List.copyOf(t.onlyA), List.copyOf(t.onlyB), List.copyOf(t.both),
                t.bothWrongSame, McNemar.test(t.overallA, t.overallB), tests, List.copyOf(problems));
    }

    /**
     * The receipts both sides cover (A's in A's order, B's in the same order), and a warning
     * for each receipt only one side covers: A's in A's order, then B's.
     */
    record Common(List<ReceiptPair> a, List<ReceiptPair> b, List<Problem> onlyA, List<Problem> onlyB) {

        static Common of(List<ReceiptPair> a, List<ReceiptPair> b) {
            return of(a, b, id -> id, id -> id);
        }

        static Common of(List<ReceiptPair> a, List<ReceiptPair> b, java.util.function.UnaryOperator<String> fileA,
                         java.util.function.UnaryOperator<String> fileB) {
            Map<String, ReceiptPair> byIdB = new LinkedHashMap<>();
            for (ReceiptPair p : b) {
                byIdB.put(p.id(), p);
            }
            Set<String> idsA = new LinkedHashSet<>();
            List<ReceiptPair> commonA = new ArrayList<>();
            List<ReceiptPair> commonB = new ArrayList<>();
            List<Problem> onlyA = new ArrayList<>();
            List<Problem> onlyB = new ArrayList<>();
            for (ReceiptPair p : a) {
                idsA.add(p.id());
                ReceiptPair q = byIdB.get(p.id());
                if (q == null) {
                    onlyA.add(Problem.warning(fileB.apply(p.id()), 0, "receipt " + p.id()
                            + " evaluated for A only; left out of the comparison"));
                } else {
                    commonA.add(p);
                    commonB.add(q);
                }
            }
            for (String id : byIdB.keySet()) {
                if (!idsA.contains(id)) {
                    onlyB.add(Problem.warning(fileA.apply(id), 0, "receipt " + id
                            + " evaluated for B only; left out of the comparison"));
                }
            }
            return new Common(commonA, commonB, onlyA, onlyB);
        }
    }

    /**
     * The word-by-word counts of a comparison: the disagreements by who is right, the words
     * both get wrong alike, and the discordant counts behind every McNemar test. Tallies of
     * parts of the receipts add up to the tally of all of them (disagreements in the parts'
     * order).
     */
    static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;

        final List<Disagreement> onlyA = new ArrayList<>();
        final List<Disagreement> onlyB = new ArrayList<>();
        final List<Disagreement> both = new ArrayList<>();
        long bothWrongSame;
        long overallA;
        long overallB;
        /** Per entity label: correct onlyA/onlyB, fp onlyA/onlyB, fn onlyA/onlyB. */
        final long[][] counts;

        Tally(int entityLabels) {
            counts = new long[entityLabels][6];
        }

        /** Counts paired receipts (the same receipts in the same order on both sides, after the rules). */
        static Tally of(List<String> labels, List<ReceiptPair> a, List<ReceiptPair> b) {
            int nl = labels.size();
            Tally t = new Tally(nl);
            long[][] counts = t.counts;
            for (int k = 0; k < a.size(); k++) {
                ReceiptPair pa = a.get(k);
                ReceiptPair pb = b.get(k);
                for (int i = 0; i < pa.size(); i++) {
                    LabelRow g = pa.gold().get(i);
                    LabelRow ra = pa.predicted().get(i);
                    LabelRow rb = pb.predicted().get(i);
                    // right and wrong by type, prefix stripped, as the word-level figures count them
                    // (B-ADDRESS where gold has I-ADDRESS is right); the lists show the tags as written
                    String gl = g.label(), al = ra.label(), bl = rb.label();
                    String gt = Chunks.typeOf(gl), at = Chunks.typeOf(al), bt = Chunks.typeOf(bl);
                    boolean okA = at.equals(gt), okB = bt.equals(gt);
                    if (okA != okB) {
                        if (okA) {
                            t.overallA++;
                        } else {
                            t.overallB++;
                        }
                    }
                    if (!at.equals(bt)) {
                        Disagreement d = new Disagreement(pa.id(), g.segment(), g.word(), g.text(), gl,
                                al, ra.score(), bl, rb.score());
                        (okA ? t.onlyA : okB ? t.onlyB : t.both).add(d);
                    } else if (!okA) {
                        t.bothWrongSame++;
                    }
                    for (int l = 0; l < nl; l++) {
                        String lab = labels.get(l);
                        boolean gL = gt.equals(lab), aL = at.equals(lab), bL = bt.equals(lab);
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
            return t;
        }

        /** Adds a later part's tally to this one. */
        void add(Tally o) {
            if (o.counts.length != counts.length) {
                throw new IllegalArgumentException("tallies over different label sets");
            }
            onlyA.addAll(o.onlyA);
            onlyB.addAll(o.onlyB);
            both.addAll(o.both);
            bothWrongSame += o.bothWrongSame;
            overallA += o.overallA;
            overallB += o.overallB;
            for (int l = 0; l < counts.length; l++) {
                for (int j = 0; j < counts[l].length; j++) {
                    counts[l][j] += o.counts[l][j];
                }
            }
        }
    }
}
