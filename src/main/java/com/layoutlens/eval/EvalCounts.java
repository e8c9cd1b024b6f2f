package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts behind an {@link Evaluation} without rules, in a form that parts of a receipt
 * archive evaluated apart (partitions of a distributed job) can be summed into: the word
 * matrix, the entity tp/fp/fn per label, the field exact-match counts, the SROIE task-3
 * counts and the receipt counts. Every figure (precision, recall, F1, accuracy, exact-match
 * rates) is a function of these counts, so {@link #toEvaluation} of the sum gives the
 * figures an evaluation of all receipts at once gives.
 *
 * <p>Per-receipt details (the pairs, the field matches) are not kept; problems are.
 */
public final class EvalCounts implements Serializable {

    private static final long serialVersionUID = 2L;

    private final long[][] confusion;
    private final Map<String, long[]> entities = new LinkedHashMap<>();
    private final Map<String, long[]> entitiesStrict = new LinkedHashMap<>();
    private final Map<String, long[]> fields = new LinkedHashMap<>();
    private final long[] sroie = new long[3];
    private long receipts;
    private long fieldReceipts;
    private long fieldReceiptsEm;
    private boolean keysFromLabels;
    private final List<Problem> problems = new ArrayList<>();

    private EvalCounts(int labels) {
        confusion = new long[labels][labels];
    }

    /** Nothing counted yet, over a label set. */
    public static EvalCounts empty(LabelSet labels, boolean keysFromLabels) {
        EvalCounts c = new EvalCounts(labels.size());
        c.keysFromLabels = keysFromLabels;
        return c;
    }

    /**
     * The counts of one evaluation.
     *
     * @throws IllegalArgumentException when it applied rules: their effects are not summed
     */
    public static EvalCounts of(Evaluation e) {
        if (!e.rules().isEmpty()) {
            throw new IllegalArgumentException("an evaluation with rules cannot be summed from parts");
        }
        EvalCounts c = new EvalCounts(e.labelSet().size());
        long[][] m = e.confusion().matrix();
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, c.confusion[i], 0, m[i].length);
        }
        e.entities().forEach((l, s) -> c.entities.put(l, new long[] {s.tp(), s.fp(), s.fn()}));
        e.entitiesStrict().forEach((l, s) -> c.entitiesStrict.put(l, new long[] {s.tp(), s.fp(), s.fn()}));
        e.fields().fields().forEach((f, n) -> c.fields.put(f, new long[] {n.n(), n.em(), n.emNoSpace()}));
        LabelScore s = e.fields().sroie();
        c.sroie[0] = s.tp();
        c.sroie[1] = s.fp();
        c.sroie[2] = s.fn();
        c.receipts = e.receipts();
        c.fieldReceipts = e.fields().receipts();
        c.fieldReceiptsEm = e.fields().receiptsEm();
        c.keysFromLabels = e.keysFromLabels();
        c.problems.addAll(e.problems());
        return c;
    }

    /** Adds problems found outside any part (files no part read). */
    public EvalCounts addProblems(List<Problem> more) {
        problems.addAll(more);
        return this;
    }

    /** Adds another part's counts to these and returns this. */
    public EvalCounts add(EvalCounts o) {
        if (o.confusion.length != confusion.length) {
            throw new IllegalArgumentException("counts over different label sets");
        }
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                confusion[i][j] += o.confusion[i][j];
            }
        }
        o.entities.forEach((l, v) -> sum(entities.computeIfAbsent(l, k -> new long[3]), v));
        o.entitiesStrict.forEach((l, v) -> sum(entitiesStrict.computeIfAbsent(l, k -> new long[3]), v));
        o.fields.forEach((f, v) -> sum(fields.computeIfAbsent(f, k -> new long[3]), v));
        sum(sroie, o.sroie);
        receipts += o.receipts;
        fieldReceipts += o.fieldReceipts;
        fieldReceiptsEm += o.fieldReceiptsEm;
        problems.addAll(o.problems);
        return this;
    }

    private static void sum(long[] into, long[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }

    /** Receipts evaluated so far. */
    public long receipts() {
        return receipts;
    }

    /**
     * The evaluation these counts make, with every figure computed by the same code as
     * {@link Evaluator}: the matrix's per-label scores, pooled micro scores, field rates.
     * Entity labels and fields absent from every part (no part had a receipt) get zero counts.
     */
    public Evaluation toEvaluation(Evaluator evaluator) {
        LabelSet labels = evaluator.labelSet();
        Confusion c = new Confusion(labels);
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                c.add(i, j, confusion[i][j]);
            }
        }
        Map<String, LabelScore> scores = c.scores();
        Map<String, LabelScore> ent = entityScores(labels, entities);
        Map<String, LabelScore> strict = entityScores(labels, entitiesStrict);
        Map<String, FieldScores.Count> fieldCounts = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(labels.fields().values());
        names.add(FieldScores.ALL);
        for (String f : names) {
            long[] v = fields.getOrDefault(f, new long[3]);
            fieldCounts.put(f, new FieldScores.Count(v[0], v[1], v[2]));
        }
        FieldScores fs = new FieldScores(fieldCounts, List.of(), LabelScore.of(sroie[0], sroie[1], sroie[2]),
                fieldReceipts, fieldReceiptsEm);
        return new Evaluation(labels, List.of(), c, scores, LabelScore.pooled(scores.values()), ent,
                LabelScore.pooled(ent.values()), strict, LabelScore.pooled(strict.values()), fs, keysFromLabels, List.of(), List.copyOf(problems),
                Math.toIntExact(receipts));
    }

    private static Map<String, LabelScore> entityScores(LabelSet labels, Map<String, long[]> counts) {
        Map<String, LabelScore> ent = new LinkedHashMap<>();
        for (String l : labels.entityLabels()) {
            long[] v = counts.getOrDefault(l, new long[3]);
            ent.put(l, LabelScore.of(v[0], v[1], v[2]));
        }
        return ent;
    }
}
