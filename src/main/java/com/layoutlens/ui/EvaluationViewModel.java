package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.ErrorCause;
import com.layoutlens.eval.ErrorCauses;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.LabelScore;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.ReceiptPair;
import com.layoutlens.eval.Rule;
import com.layoutlens.eval.RuleType;
import com.layoutlens.eval.Rules;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The evaluation screen's state: a switch per registered rule ({@link Rules}), and the
 * evaluations of models A and B against the current gold labels, recomputed in the background
 * when a label, a model or a rule changes; the newest request wins.
 */
final class EvaluationViewModel {

    /** One word behind a confusion-matrix cell; {@code cause} is null on the diagonal (a right word). */
    record CellWord(String receipt, int segment, int word, String text, String gold, String predicted, Double score,
                    ErrorCause cause) {
    }

    /**
     * The results of one computation; any part may be null when its model is not loaded, and
     * {@code comparison} (A against B word by word, with McNemar's tests) needs both.
     */
    record Results(Evaluation a, Evaluation b, Comparison comparison, List<Problem> problems) {
    }

    /** Below this p-value a difference between A and B is called significant; at or above it, likely noise. */
    static final double SIGNIFICANCE = 0.05;

    private final LabelSet labelSet;
    private final DatasetViewModel datasets;
    private final Executor background;
    private final Executor ui;
    private final List<RuleSwitch> switches = new ArrayList<>();
    private final ObjectProperty<Results> results = new SimpleObjectProperty<>();
    private final AtomicLong generation = new AtomicLong();
    private Evaluation causesOf;
    private ErrorCauses causes;

    /**
     * @param datasets   the open folder, its gold labels and the models' predictions
     * @param background runs the evaluation off the UI thread
     * @param ui         runs the result's hand-over on the UI thread
     */
    EvaluationViewModel(DatasetViewModel datasets, Executor background, Executor ui) {
        this.labelSet = datasets.labelSet();
        this.datasets = datasets;
        this.background = background;
        this.ui = ui;
        for (RuleType t : Rules.types()) {
            RuleSwitch s = new RuleSwitch(t);
            switches.add(s);
            s.onProperty().addListener(o -> recompute());
            for (Observable p : s.parameterProperties()) {
                p.addListener(o -> {
                    if (s.onProperty().get()) {
                        recompute();
                    }
                });
            }
        }
        for (Slot slot : Slot.values()) {
            datasets.modelProperty(slot).addListener(o -> recompute());
        }
    }

    /** The switch of every registered rule, in registry order. */
    List<RuleSwitch> ruleSwitches() {
        return switches;
    }

    /** The switch of the rule of this name. */
    RuleSwitch ruleSwitch(String name) {
        return switches.stream().filter(s -> s.type().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule " + name));
    }

    /** The switched-on rules, in the order they are applied. */
    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (RuleSwitch s : switches) {
            if (s.onProperty().get()) {
                rules.add(s.rule());
            }
        }
        return rules;
    }

    /** Evaluates A and B against the current gold labels in the background; the newest request wins. */
    void recompute() {
        Dataset ds = datasets.datasetProperty().get();
        DatasetViewModel.Predictions a = datasets.modelProperty(Slot.A).get();
        DatasetViewModel.Predictions b = datasets.modelProperty(Slot.B).get();
        List<Rule> rules = rules();
        long gen = generation.incrementAndGet();
        background.execute(() -> {
            Results r = ds == null || (a == null && b == null) ? null : compute(ds.receipts(), datasets.goldMap(),
                    a == null ? null : a.rows(), b == null ? null : b.rows(), rules);
            ui.execute(() -> {
                if (gen == generation.get()) {
                    results.set(r);
                }
            });
        });
    }

    /**
     * Evaluates the models against the gold rows (heavy: call off the FX thread).
     *
     * @param receipts the receipts, for their key values
     * @param gold     gold rows by receipt id
     * @param a        model A's rows by receipt id, or null
     * @param b        model B's rows by receipt id, or null
     */
    Results compute(List<Receipt> receipts, Map<String, List<LabelRow>> gold, Map<String, List<LabelRow>> a,
                    Map<String, List<LabelRow>> b, List<Rule> rules) {
        List<Problem> problems = new ArrayList<>();
        Evaluator evaluator = Evaluator.of(labelSet, rules);
        List<Problem> ownA = new ArrayList<>();
        List<Problem> ownB = new ArrayList<>();
        List<ReceiptPair> pairsA = pairs(receipts, gold, a, Slot.A, ownA);
        List<ReceiptPair> pairsB = pairs(receipts, gold, b, Slot.B, ownB);
        problems.addAll(ownA);
        problems.addAll(ownB);
        Evaluation ea = pairsA == null ? null : evaluator.evaluate(pairsA, true, ownA);
        Evaluation eb = pairsB == null ? null : evaluator.evaluate(pairsB, true, ownB);
        Comparison c = pairsA == null || pairsB == null ? null
                : Comparison.compare(evaluator, pairsA, pairsB, true, List.of());
        return new Results(ea, eb, c, problems);
    }

    /** The receipts a model's rows can be matched on with the gold rows, or null without the model. */
    private static List<ReceiptPair> pairs(List<Receipt> receipts, Map<String, List<LabelRow>> gold,
                                           Map<String, List<LabelRow>> pred, Slot slot, List<Problem> own) {
        if (pred == null) {
            return null;
        }
        List<ReceiptPair> pairs = new ArrayList<>();
        for (Receipt r : receipts) {
            List<LabelRow> g = gold.get(r.id());
            List<LabelRow> p = pred.get(r.id());
            if (g == null || p == null) {
                continue;
            }
            ReceiptPair pair = Matcher.pair(r.id(), g, p, r.keys(), "model " + slot + ": " + r.id(), own);
            if (pair != null) {
                pairs.add(pair);
            }
        }
        return pairs;
    }

    /**
     * Whether the difference between A and B on this label is likely noise: McNemar's test on
     * the words where gold, A or B has the label gives p at or above {@link #SIGNIFICANCE}.
     */
    static boolean likelyNoise(Comparison c, String label) {
        Comparison.LabelTests t = c.tests().get(label);
        return t == null || !t.correct().significant(SIGNIFICANCE);
    }

    /** The words whose gold label is {@code gold} and prediction {@code predicted}, after the rules. */
    List<CellWord> cellWords(Evaluation e, String gold, String predicted) {
        return words(e, (g, q) -> g.equals(gold) && q.equals(predicted));
    }

    /** Every wrong word of the evaluation (every cell off the diagonal), in receipt and word order. */
    List<CellWord> errorWords(Evaluation e) {
        return words(e, (g, q) -> !g.equals(q));
    }

    /**
     * The words of the evaluation whose gold and predicted labels (after the rules) pass
     * {@code keep}, in receipt and word order, each with its error cause.
     */
    private List<CellWord> words(Evaluation e, java.util.function.BiPredicate<String, String> keep) {
        List<CellWord> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        ErrorCauses causes = causes(e);
        for (ReceiptPair p : e.pairs()) {
            for (int i = 0; i < p.gold().size(); i++) {
                LabelRow g = p.gold().get(i);
                LabelRow q = p.predicted().get(i);
                if (keep.test(g.label(), q.label())) {
                    out.add(new CellWord(p.id(), g.segment(), g.word(), g.text(), g.label(), q.label(), q.score(),
                            causes.cause(p.id(), g.segment(), g.word())));
                }
            }
        }
        return out;
    }

    /** The words of the list with this cause; all of them when {@code cause} is null. */
    static List<CellWord> withCause(List<CellWord> words, ErrorCause cause) {
        return cause == null ? words : words.stream().filter(w -> w.cause() == cause).toList();
    }

    /** How many of the words have each cause, in the order causes are decided; causes without words left out. */
    static String causeSummary(List<CellWord> words) {
        java.util.Map<ErrorCause, Long> n = new java.util.EnumMap<>(ErrorCause.class);
        for (CellWord w : words) {
            if (w.cause() != null) {
                n.merge(w.cause(), 1L, Long::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        n.forEach((c, k) -> parts.add(c.id() + " " + k));
        return String.join(", ", parts);
    }

    /** The causes of one evaluation's errors, computed once per evaluation. */
    private synchronized ErrorCauses causes(Evaluation e) {
        if (causesOf != e) {
            causes = ErrorCauses.of(e);
            causesOf = e;
        }
        return causes;
    }

    /** The current results of both models as CSV: per-label scores, micro F1, field EM, SROIE, confusion. */
    String csv() {
        Results r = results.get();
        Map<String, Evaluation> byModel = new java.util.LinkedHashMap<>();
        if (r != null) {
            byModel.put(Slot.A.toString(), r.a());
            byModel.put(Slot.B.toString(), r.b());
        }
        return com.layoutlens.service.EvaluationExport.csv(labelSet, byModel);
    }

    LabelSet labelSet() {
        return labelSet;
    }

    ObjectProperty<Results> resultsProperty() {
        return results;
    }
}
