package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.FieldScores;
import com.layoutlens.eval.LabelScore;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

import java.util.Locale;

/**
 * The Evaluation tab's report-style metrics table: word and entity F1 and exact matches per
 * label for models A and B, the micro figures, SROIE's P / R / F1 and the counts.
 */
final class EvaluationReport {

    private final LabelSet labels;
    private final GridPane metrics = new GridPane();

    EvaluationReport(LabelSet labels) {
        this.labels = labels;
        metrics.setId("metrics");
        metrics.setHgap(14);
        metrics.setVgap(4);
    }

    Node node() {
        return metrics;
    }

    /** The hint shown while no model is open. */
    void showEmpty() {
        metrics.getChildren().clear();
        metrics.add(new Label("Open model predictions (model A, model B) to evaluate them against the gold labels."),
                0, 0);
    }

    /** A grid's header row: one label a column in row 0, styled {@code style}; the labels, in column order. */
    static Label[] addHead(GridPane grid, String[] head, String style) {
        Label[] out = new Label[head.length];
        for (int c = 0; c < head.length; c++) {
            out[c] = new Label(head[c]);
            out[c].setStyle(style);
            grid.add(out[c], c, 0);
        }
        return out;
    }

    void show(Evaluation a, Evaluation b) {
        metrics.getChildren().clear();
        // word level: each word's type; entity level: whole entities as seqeval's default mode reads them
        String[] head = {"", "A word F1", "A entity F1", "A EM", "A EM no space",
                "B word F1", "B entity F1", "B EM", "B EM no space"};
        for (Label l : addHead(metrics, head, "-fx-font-weight: bold;")) {
            if (l.getText().endsWith("word F1")) {
                l.setTooltip(new Tooltip("word level: F1 over words, each word's type (B-/I- prefixes stripped)"));
            } else if (l.getText().endsWith("entity F1")) {
                l.setTooltip(new Tooltip("entity level: F1 over whole entities as seqeval's default mode reads them;"
                        + " the tooltip of each figure gives strict mode's too"));
            }
        }
        int row = 1;
        for (String label : labels.entityLabels()) {
            String field = labels.fieldOf(label);
            metrics.add(new Label(label), 0, row);
            put(a, label, field, 1, row);
            put(b, label, field, 5, row);
            row++;
        }
        metrics.add(bold("micro / all"), 0, row);
        put(a, null, FieldScores.ALL, 1, row);
        put(b, null, FieldScores.ALL, 5, row);
        row++;
        metrics.add(new Label("SROIE P / R / F1"), 0, row);
        if (a != null) {
            metrics.add(new Label(prf(a.fields().sroie())), 1, row, 4, 1);
        }
        if (b != null) {
            metrics.add(new Label(prf(b.fields().sroie())), 5, row, 4, 1);
        }
        row++;
        metrics.add(new Label("receipts / words"), 0, row);
        if (a != null) {
            metrics.add(new Label(a.receipts() + " / " + a.words()), 1, row, 4, 1);
        }
        if (b != null) {
            metrics.add(new Label(b.receipts() + " / " + b.words()), 5, row, 4, 1);
        }
    }

    private static Label bold(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    private void put(Evaluation e, String label, String field, int col, int row) {
        if (e == null) {
            return;
        }
        LabelScore s = label == null ? e.micro() : e.labels().get(label);
        FieldScores.Count c = field == null ? null : e.fields().fields().get(field);
        Label f1 = new Label(pct(s.f1()));
        f1.setId("f1-" + (col == 1 ? Slot.A : Slot.B) + "-" + (label == null ? "micro" : label));
        f1.setTooltip(new Tooltip("tp " + s.tp() + ", fp " + s.fp() + ", fn " + s.fn() + "; precision "
                + pct(s.precision()) + ", recall " + pct(s.recall())));
        metrics.add(f1, col, row);
        LabelScore es = label == null ? e.entityMicro() : e.entities().get(label);
        LabelScore strict = label == null ? e.entityStrictMicro() : e.entitiesStrict().get(label);
        Label ef1 = new Label(es == null ? "-" : pct(es.f1()));
        ef1.setId("entity-f1-" + (col == 1 ? Slot.A : Slot.B) + "-" + (label == null ? "micro" : label));
        if (es != null) {
            ef1.setTooltip(new Tooltip("entities: tp " + es.tp() + ", fp " + es.fp() + ", fn " + es.fn()
                    + (strict == null ? "" : "; strict mode F1 " + pct(strict.f1()))));
        }
        metrics.add(ef1, col + 1, row);
        metrics.add(new Label(c == null ? "-" : pct(c.emRate())), col + 2, row);
        metrics.add(new Label(c == null ? "-" : pct(c.emNoSpaceRate())), col + 3, row);
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f", 100 * x);
    }

    private static String prf(LabelScore s) {
        return pct(s.precision()) + " / " + pct(s.recall()) + " / " + pct(s.f1());
    }
}
