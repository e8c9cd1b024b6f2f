package com.layoutlens.eval;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes an {@link Evaluation} from matched receipts.
 *
 * <p>Steps: the rules run on each receipt's prediction in order (recording what each
 * changed and how the gold labels fare under it); then every word adds one count to the
 * matrix; the per-label scores are read from the matrix; spans and field values are
 * decoded from the final labels.
 */
public final class Evaluator {

    private final LabelSet labels;
    private final FieldDecoder decoder;
    private final List<Rule> rules;

    public Evaluator(LabelSet labels, FieldDecoder decoder, List<Rule> rules) {
        this.labels = labels;
        this.decoder = decoder;
        this.rules = List.copyOf(rules);
        for (Rule r : rules) {
            if (!labels.contains(r.label()) || !labels.contains(r.outside())) {
                throw new IllegalArgumentException("rule " + r.spec() + " uses labels outside " + labels);
            }
        }
    }

    /**
     * The evaluator of a schema: fields decoded the SROIE way ({@link FieldDecoder#sroie}) when
     * the schema's types are the SROIE four, else every type joined.
     */
    public static Evaluator of(LabelSet schema, List<Rule> rules) {
        return new Evaluator(schema, FieldDecoder.of(schema), rules);
    }

    /** The SROIE evaluator with the given rules. */
    public static Evaluator sroie(List<Rule> rules) {
        LabelSet s = LabelSet.sroie();
        return new Evaluator(s, FieldDecoder.sroie(s), rules);
    }

    public LabelSet labelSet() {
        return labels;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Evaluates the receipts. Without key files ({@code keys == null} in a pair), gold
     * field values are decoded from the gold labels the same way as predictions when
     * {@code keysFromLabels} is true; otherwise such receipts have no field scores.
     */
    public Evaluation evaluate(List<ReceiptPair> input, boolean keysFromLabels, List<Problem> problems) {
        List<ReceiptPair> pairs = new ArrayList<>(input);
        List<RuleEffect> effects = new ArrayList<>();
        for (Rule rule : rules) {
            effects.add(applyRule(rule, pairs));
        }
        Confusion confusion = matrix(pairs);
        Map<String, LabelScore> scores = confusion.scores();
        List<Map<String, LabelScore>> ent = entityScores(pairs);
        Map<String, LabelScore> entities = ent.get(0);
        List<FieldScores.Values> values = new ArrayList<>(pairs.size());
        for (ReceiptPair p : pairs) {
            Map<String, String> gold = p.keys() != null ? p.keys()
                    : keysFromLabels ? decoder.decode(p.gold()) : null;
            values.add(new FieldScores.Values(p.id(), gold, decoder.decode(p.predicted())));
        }
        FieldScores fields = FieldScores.compute(new ArrayList<>(labels.fields().values()), values);
        return new Evaluation(labels, List.copyOf(pairs), confusion, scores, LabelScore.pooled(scores.values()),
                entities, LabelScore.pooled(entities.values()), ent.get(1), LabelScore.pooled(ent.get(1).values()),
                fields, keysFromLabels,
                effects, List.copyOf(problems), pairs.size());
    }

    /** Applies one rule to every receipt in place and records its effect. */
    private RuleEffect applyRule(Rule rule, List<ReceiptPair> pairs) {
        Confusion before = matrix(pairs);
        long changed = 0, removedTp = 0, removedFp = 0;
        String label = rule.label();
        for (int k = 0; k < pairs.size(); k++) {
            ReceiptPair p = pairs.get(k);
            List<LabelRow> after = rule.apply(p.predicted());
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i) != p.predicted().get(i)) {
                    changed++;
                    if (Chunks.typeOf(p.gold().get(i).label()).equals(label)) {
                        removedTp++;
                    } else {
                        removedFp++;
                    }
                }
            }
            pairs.set(k, p.withPredicted(after));
        }
        RuleSupport gold = RuleSupport.of(rule, pairs.stream().map(ReceiptPair::gold).toList(), labels.outside());
        return new RuleEffect(rule.spec(), label, rule.description(), before, matrix(pairs),
                changed, removedTp, removedFp, gold.words(), gold.wordsKept(), gold.values(), gold.valuesKept());
    }

    private Confusion matrix(List<ReceiptPair> pairs) {
        Confusion c = new Confusion(labels);
        for (ReceiptPair p : pairs) {
            for (int i = 0; i < p.size(); i++) {
                c.add(p.gold().get(i).label(), p.predicted().get(i).label());
            }
        }
        return c;
    }

    /** Entity scores as seqeval computes them, each receipt one sequence: {@code [default, strict]}. */
    private List<Map<String, LabelScore>> entityScores(List<ReceiptPair> pairs) {
        List<List<String>> gold = new ArrayList<>(pairs.size());
        List<List<String>> pred = new ArrayList<>(pairs.size());
        for (ReceiptPair p : pairs) {
            gold.add(p.gold().stream().map(LabelRow::label).toList());
            pred.add(p.predicted().stream().map(LabelRow::label).toList());
        }
        return EntityScores.of(gold, pred, labels);
    }
}
