package com.layoutlens.eval;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts behind an {@link Evaluation}, in a form that parts of a receipt archive
 * evaluated apart (partitions of a distributed job) can be summed into: the word matrix, the
 * entity tp/fp/fn per label, the field exact-match counts, the SROIE task-3 counts, the
 * receipt counts and, per rule, its matrices before and after and its word and value
 * counts. Every figure (precision, recall, F1, accuracy, exact-match rates, a rule's shares)
 * is a function of these counts, and every rule works on one receipt at a time, so
 * {@link #toEvaluation} of the sum gives the figures an evaluation of all receipts at once
 * gives.
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
    private final List<RuleCounts> rules = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    /** Per entity label, its wrong words by {@link ErrorCause} (indexed by ordinal). */
    private final Map<String, long[]> causes = new LinkedHashMap<>();

    /** One rule's effect as counts: {@link RuleEffect} without its figures. */
    private static final class RuleCounts implements Serializable {
        private static final long serialVersionUID = 1L;
        final String rule;
        final long[][] before;
        final long[][] after;
        /** changed, removed tp, removed fp, gold words, kept, gold values, kept. */
        final long[] n = new long[7];

        RuleCounts(String rule, int labels) {
            this.rule = rule;
            before = new long[labels][labels];
            after = new long[labels][labels];
        }

        static RuleCounts of(RuleEffect r) {
            long[][] b = r.before().matrix();
            RuleCounts c = new RuleCounts(r.rule(), b.length);
            add(c.before, b);
            add(c.after, r.after().matrix());
            long[] v = {r.changedWords(), r.removedTp(), r.removedFp(), r.goldWords(), r.goldWordsKept(),
                    r.goldSpans(), r.goldSpansKept()};
            System.arraycopy(v, 0, c.n, 0, v.length);
            return c;
        }

        void add(RuleCounts o) {
            add(before, o.before);
            add(after, o.after);
            sum(n, o.n);
        }

        private static void add(long[][] into, long[][] m) {
            for (int i = 0; i < into.length; i++) {
                sum(into[i], m[i]);
            }
        }
    }

    private EvalCounts(int labels) {
        confusion = new long[labels][labels];
    }

    /** Nothing counted yet, over a label set. */
    public static EvalCounts empty(LabelSet labels, boolean keysFromLabels) {
        EvalCounts c = new EvalCounts(labels.size());
        c.keysFromLabels = keysFromLabels;
        return c;
    }

    /** The counts of one evaluation, its rules' effects included. */
    public static EvalCounts of(Evaluation e) {
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
        for (RuleEffect r : e.rules()) {
            c.rules.add(RuleCounts.of(r));
        }
        c.problems.addAll(e.problems());
        // each receipt's causes are decided on its own words, so a part's counts add up
        ErrorCauses.of(e).counts().forEach((l, n) -> {
            long[] v = new long[ErrorCause.values().length];
            n.forEach((cause, k) -> v[cause.ordinal()] = k);
            c.causes.put(l, v);
        });
        return c;
    }

    /** Adds problems found outside any part (files no part read). */
    public EvalCounts addProblems(List<Problem> more) {
        problems.addAll(more);
        return this;
    }

    /**
     * Adds another part's counts to these and returns this.
     *
     * @throws IllegalArgumentException when the parts are over other label sets or were
     *                                  evaluated with other rules (counts without rules, as
     *                                  {@link #empty} makes them, take the other part's)
     */
    public EvalCounts add(EvalCounts o) {
        if (o.confusion.length != confusion.length) {
            throw new IllegalArgumentException("counts over different label sets");
        }
        if (!rules.isEmpty() && !o.rules.isEmpty() && !ruleNames().equals(o.ruleNames())) {
            throw new IllegalArgumentException("counts evaluated with other rules: " + ruleNames() + " and "
                    + o.ruleNames());
        }
        if (rules.isEmpty()) {
            for (RuleCounts r : o.rules) {
                rules.add(new RuleCounts(r.rule, confusion.length));
            }
        }
        for (int i = 0; i < o.rules.size(); i++) {
            rules.get(i).add(o.rules.get(i));
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
        o.causes.forEach((l, v) -> sum(causes.computeIfAbsent(l, k -> new long[ErrorCause.values().length]), v));
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

    private List<String> ruleNames() {
        return rules.stream().map(r -> r.rule).toList();
    }

    /**
     * Per entity label of the label set, its wrong words by cause (every cause listed, zeros
     * included), as {@link ErrorCauses#counts} gives them for all receipts at once.
     */
    public Map<String, Map<ErrorCause, Long>> causes(LabelSet labels) {
        Map<String, Map<ErrorCause, Long>> out = new LinkedHashMap<>();
        for (String l : labels.entityLabels()) {
            long[] v = causes.getOrDefault(l, new long[ErrorCause.values().length]);
            Map<ErrorCause, Long> m = new java.util.EnumMap<>(ErrorCause.class);
            for (ErrorCause k : ErrorCause.values()) {
                m.put(k, v[k.ordinal()]);
            }
            out.put(l, m);
        }
        return out;
    }

    /** Receipts evaluated so far. */
    public long receipts() {
        return receipts;
    }

    /**
     * The evaluation these counts make, with every figure computed by the same code as
     * {@link Evaluator}: the matrix's per-label scores, pooled micro scores, field rates.
     * Entity labels and fields absent from every part (no part had a receipt) get zero counts;
     * so do the evaluator's rules when no part counted them.
     *
     * @throws IllegalArgumentException when the parts were evaluated with other rules than the evaluator's
     */
    public Evaluation toEvaluation(Evaluator evaluator) {
        LabelSet labels = evaluator.labelSet();
        Confusion c = matrix(labels, confusion);
        List<String> specs = evaluator.rules().stream().map(Rule::spec).toList();
        if (!rules.isEmpty() && !specs.equals(ruleNames())) {
            throw new IllegalArgumentException("counts evaluated with the rules " + ruleNames() + ", not " + specs);
        }
        List<RuleEffect> effects = new ArrayList<>();
        for (int k = 0; k < specs.size(); k++) {
            Rule rule = evaluator.rules().get(k);
            RuleCounts r = rules.isEmpty() ? new RuleCounts(rule.spec(), confusion.length) : rules.get(k);
            effects.add(new RuleEffect(rule.spec(), rule.label(), rule.description(), matrix(labels, r.before),
                    matrix(labels, r.after), r.n[0], r.n[1], r.n[2], r.n[3], r.n[4], r.n[5], r.n[6]));
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
                LabelScore.pooled(ent.values()), strict, LabelScore.pooled(strict.values()), fs, keysFromLabels,
                List.copyOf(effects), List.copyOf(problems), Math.toIntExact(receipts));
    }

    private static Confusion matrix(LabelSet labels, long[][] counts) {
        Confusion c = new Confusion(labels);
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                c.add(i, j, counts[i][j]);
            }
        }
        return c;
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
