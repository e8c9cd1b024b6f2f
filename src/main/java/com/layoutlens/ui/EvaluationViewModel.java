package com.layoutlens.ui;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.eval.CompanyTopRule;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.ReceiptPair;
import com.layoutlens.eval.Rule;
import com.layoutlens.eval.TotalKeywordRule;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The evaluation screen's state: the rule switches, and the evaluations of models A and B
 * against the current gold labels (recomputed when a label, a model or a rule changes).
 */
final class EvaluationViewModel {

    /** One word behind a confusion-matrix cell. */
    record CellWord(String receipt, int segment, int word, String text, String gold, String predicted, Double score) {
    }

    /** The results of one computation; any part may be null when its model is not loaded. */
    record Results(Evaluation a, Evaluation b, List<Problem> problems) {
    }

    private final LabelSet labelSet;
    private final BooleanProperty totalKeyword = new SimpleBooleanProperty(false);
    private final StringProperty keywords = new SimpleStringProperty(String.join(",", TotalKeywordRule.DEFAULT_KEYWORDS));
    private final BooleanProperty companyTop = new SimpleBooleanProperty(false);
    private final IntegerProperty companyLines = new SimpleIntegerProperty(CompanyTopRule.DEFAULT_LINES);
    private final ObjectProperty<Results> results = new SimpleObjectProperty<>();

    EvaluationViewModel(LabelSet labelSet) {
        this.labelSet = labelSet;
    }

    /** The switched-on rules, in the order they are applied. */
    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        if (totalKeyword.get()) {
            List<String> k = Arrays.stream(keywords.get().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            rules.add(new TotalKeywordRule(k.isEmpty() ? TotalKeywordRule.DEFAULT_KEYWORDS : k));
        }
        if (companyTop.get()) {
            rules.add(new CompanyTopRule(Math.max(1, companyLines.get())));
        }
        return rules;
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
        Evaluator evaluator = Evaluator.sroie(rules);
        return new Results(evaluate(evaluator, receipts, gold, a, "A", problems),
                evaluate(evaluator, receipts, gold, b, "B", problems), problems);
    }

    private Evaluation evaluate(Evaluator evaluator, List<Receipt> receipts, Map<String, List<LabelRow>> gold,
                                Map<String, List<LabelRow>> pred, String name, List<Problem> problems) {
        if (pred == null) {
            return null;
        }
        List<ReceiptPair> pairs = new ArrayList<>();
        List<Problem> own = new ArrayList<>();
        for (Receipt r : receipts) {
            List<LabelRow> g = gold.get(r.id());
            List<LabelRow> p = pred.get(r.id());
            if (g == null || p == null) {
                continue;
            }
            ReceiptPair pair = Matcher.pair(r.id(), g, p, r.keys(), "model " + name + ": " + r.id(), own);
            if (pair != null) {
                pairs.add(pair);
            }
        }
        problems.addAll(own);
        return evaluator.evaluate(pairs, true, own);
    }

    /** The words whose gold label is {@code gold} and prediction {@code predicted}, after the rules. */
    List<CellWord> cellWords(Evaluation e, String gold, String predicted) {
        List<CellWord> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        for (ReceiptPair p : e.pairs()) {
            for (int i = 0; i < p.gold().size(); i++) {
                LabelRow g = p.gold().get(i);
                LabelRow q = p.predicted().get(i);
                if (g.label().equals(gold) && q.label().equals(predicted)) {
                    out.add(new CellWord(p.id(), g.segment(), g.word(), g.text(), g.label(), q.label(), q.score()));
                }
            }
        }
        return out;
    }

    LabelSet labelSet() {
        return labelSet;
    }

    BooleanProperty totalKeywordProperty() {
        return totalKeyword;
    }

    StringProperty keywordsProperty() {
        return keywords;
    }

    BooleanProperty companyTopProperty() {
        return companyTop;
    }

    IntegerProperty companyLinesProperty() {
        return companyLines;
    }

    ObjectProperty<Results> resultsProperty() {
        return results;
    }
}
