package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The counts behind a {@link Comparison}, in a form that parts of a receipt archive compared
 * apart (partitions of a distributed job) can be summed into: both sides' {@link EvalCounts}
 * on the receipts both cover, the word tally (disagreements, discordant counts per test) and
 * the problems, kept per side as {@code compare} orders them. {@link #toComparison} of the
 * sum runs the same finishing step as {@link Comparison#compare}, so parts added in receipt
 * order give the comparison of all receipts at once.
 */
public final class ComparisonCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    private final EvalCounts a;
    private final EvalCounts b;
    private final Comparison.Tally tally;
    private final List<Problem> problemsA = new ArrayList<>();
    private final List<Problem> problemsB = new ArrayList<>();
    private final List<Problem> onlyA = new ArrayList<>();
    private final List<Problem> onlyB = new ArrayList<>();

    private ComparisonCounts(EvalCounts a, EvalCounts b, Comparison.Tally tally) {
        this.a = a;
        this.b = b;
        this.tally = tally;
    }

    /** Nothing compared yet, over a label set. */
    public static ComparisonCounts empty(LabelSet labels, boolean keysFromLabels) {
        return new ComparisonCounts(EvalCounts.empty(labels, keysFromLabels), EvalCounts.empty(labels, keysFromLabels),
                new Comparison.Tally(labels.entityLabels().size()));
    }

    /**
     * The counts of one part's comparison, as {@link Comparison#compare} makes it.
     *
     * @param problemsA what matching A's predictions found
     * @param problemsB what matching B's predictions found (those also in {@code problemsA}
     *                  are reported once, when the counts are finished)
     */
    public static ComparisonCounts of(Evaluator evaluator, List<ReceiptPair> a, List<ReceiptPair> b,
                                      boolean keysFromLabels, List<Problem> problemsA, List<Problem> problemsB) {
        return of(evaluator, a, b, keysFromLabels, problemsA, problemsB, id -> id, id -> id);
    }

    /** As {@link #of(Evaluator, List, List, boolean, List, List)}, naming files as {@link Comparison#compare} does. */
    public static ComparisonCounts of(Evaluator evaluator, List<ReceiptPair> a, List<ReceiptPair> b,
                                      boolean keysFromLabels, List<Problem> problemsA, List<Problem> problemsB,
                                      java.util.function.UnaryOperator<String> fileA,
                                      java.util.function.UnaryOperator<String> fileB) {
        Comparison.Common common = Comparison.Common.of(a, b, fileA, fileB);
        Evaluation ea = evaluator.evaluate(common.a(), keysFromLabels, List.of());
        Evaluation eb = evaluator.evaluate(common.b(), keysFromLabels, List.of());
        ComparisonCounts c = new ComparisonCounts(EvalCounts.of(ea), EvalCounts.of(eb),
                Comparison.Tally.of(evaluator.labelSet().entityLabels(), ea.pairs(), eb.pairs()));
        c.problemsA.addAll(problemsA);
        c.problemsB.addAll(problemsB);
        c.onlyA.addAll(common.onlyA());
        c.onlyB.addAll(common.onlyB());
        return c;
    }

    /** Adds problems found outside any part (files no part read), for A and for B. */
    public ComparisonCounts addProblems(List<Problem> forA, List<Problem> forB) {
        problemsA.addAll(forA);
        problemsB.addAll(forB);
        return this;
    }

    /** Adds the counts of the next part (in receipt order) to these and returns this. */
    public ComparisonCounts add(ComparisonCounts o) {
        a.add(o.a);
        b.add(o.b);
        tally.add(o.tally);
        problemsA.addAll(o.problemsA);
        problemsB.addAll(o.problemsB);
        onlyA.addAll(o.onlyA);
        onlyB.addAll(o.onlyB);
        return this;
    }

    /** Receipts both sides cover so far. */
    public long receipts() {
        return a.receipts();
    }

    /**
     * The comparison these counts make: both evaluations from their counts, the tests and
     * disagreements from the tally, and the problems in {@code compare}'s order (A's, B's not
     * already among them, then the receipts only A covers, then those only B covers).
     */
    public Comparison toComparison(Evaluator evaluator) {
        List<Problem> problems = new ArrayList<>(problemsA);
        for (Problem p : problemsB) {
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
        problems.addAll(onlyA);
        problems.addAll(onlyB);
        return Comparison.of(a.toEvaluation(evaluator), b.toEvaluation(evaluator), tally, problems);
    }
}
