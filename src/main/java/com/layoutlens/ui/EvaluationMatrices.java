package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Confusion;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.McNemar;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The Evaluation tab's confusion matrices: model A's and B's side by side, the B - A difference
 * and McNemar's test per label beside it. A click on a cell of A's or B's matrix goes to
 * {@link CellClick}.
 */
final class EvaluationMatrices {

    /** A click on a matrix cell: the model's name, its evaluation, the gold and the predicted label. */
    interface CellClick {
        void clicked(String model, Evaluation e, String gold, String predicted);
    }

    private final LabelSet labels;
    private final HBox matrices = new HBox(24);
    private final CellClick onCell;

    EvaluationMatrices(LabelSet labels, CellClick onCell) {
        this.labels = labels;
        this.onCell = onCell;
        matrices.setId("matrices");
    }

    Node node() {
        return matrices;
    }

    void clear() {
        matrices.getChildren().clear();
    }

    /** A's and B's matrices (either may be null); with both, the difference and McNemar's table. */
    void show(Evaluation a, Evaluation b, Comparison comparison) {
        matrices.getChildren().clear();
        if (a != null) {
            matrices.getChildren().add(matrix(Slot.A.name(), a.confusion(), a, null, null));
        }
        if (b != null) {
            matrices.getChildren().add(matrix(Slot.B.name(), b.confusion(), b, null, null));
        }
        if (a != null && b != null) {
            matrices.getChildren().add(matrix("B - A", null, null, Confusion.difference(a.confusion(), b.confusion()),
                    comparison));
            if (comparison != null) {
                matrices.getChildren().add(significance(comparison));
            }
        }
    }

    /**
     * McNemar's test per label beside the difference matrix: the words only A gets right, only
     * B, the exact p-value (also for false positives and false negatives alone), and whether the
     * difference is likely noise (p at or above 0.05).
     */
    private Node significance(Comparison c) {
        GridPane g = new GridPane();
        g.setId("mcnemar");
        g.setHgap(10);
        g.setVgap(6);
        String[] head = {"label", "only A right", "only B right", "p", "p fp", "p fn", ""};
        EvaluationReport.addHead(g, head, "-fx-font-weight: bold; -fx-font-size: 11;");
        int row = 1;
        for (var e : c.tests().entrySet()) {
            addTest(g, row++, e.getKey(), e.getValue().correct(), e.getValue().fp().pValue(), e.getValue().fn().pValue());
        }
        addTest(g, row, "all words", c.overall(), Double.NaN, Double.NaN);
        Label title = new Label("McNemar, A vs B");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13;");
        Label note = new Label("Exact two-sided test on the words where exactly one model is right;\n"
                + "p \u2265 0.05: the difference is likely noise (faded in the B - A matrix).");
        note.setStyle("-fx-font-size: 10; -fx-text-fill: #777;");
        return new VBox(6, title, g, note);
    }

    private static void addTest(GridPane g, int row, String label, McNemar t, double pFp, double pFn) {
        String id = label.replace(" ", "-");
        g.add(new Label(label), 0, row);
        g.add(new Label(String.valueOf(t.onlyA())), 1, row);
        g.add(new Label(String.valueOf(t.onlyB())), 2, row);
        Label p = new Label(p(t.pValue()));
        p.setId("mcnemar-p-" + id);
        g.add(p, 3, row);
        g.add(new Label(Double.isNaN(pFp) ? "" : p(pFp)), 4, row);
        g.add(new Label(Double.isNaN(pFn) ? "" : p(pFn)), 5, row);
        boolean noise = !t.significant(EvaluationViewModel.SIGNIFICANCE);
        Label verdict = new Label(noise ? "likely noise" : t.onlyB() > t.onlyA() ? "B better" : "A better");
        verdict.setId("mcnemar-verdict-" + id);
        verdict.setStyle(noise ? "-fx-text-fill: #888; -fx-font-style: italic;"
                : "-fx-text-fill: #1b5e20; -fx-font-weight: bold;");
        verdict.setTooltip(new Tooltip(t.onlyA() + " words only A gets right, " + t.onlyB() + " only B; p = "
                + p(t.pValue()) + (noise ? " \u2265 0.05" : " < 0.05")));
        g.add(verdict, 6, row);
    }

    private static String p(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /**
     * A matrix grid: counts (with e) or a difference (with diff); with a comparison, a difference
     * cell whose labels all differ by likely noise is faded.
     */
    private Node matrix(String name, Confusion c, Evaluation e, long[][] diff, Comparison comparison) {
        GridPane g = new GridPane();
        g.setHgap(2);
        g.setVgap(2);
        int n = labels.size();
        Label corner = new Label("gold \\ pred");
        corner.setStyle("-fx-font-size: 10; -fx-text-fill: #777;");
        g.add(corner, 0, 0);
        for (int j = 0; j < n; j++) {
            Label h = new Label(labels.label(j));
            h.setStyle("-fx-font-weight: bold; -fx-font-size: 11;");
            h.setMinWidth(64);
            h.setAlignment(Pos.CENTER);
            g.add(h, j + 1, 0);
        }
        long max = 1;
        if (c != null) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        max = Math.max(max, c.count(i, j));
                    }
                }
            }
        }
        int outside = labels.indexOf(labels.outside());
        for (int i = 0; i < n; i++) {
            Label rh = new Label(labels.label(i));
            rh.setStyle("-fx-font-weight: bold; -fx-font-size: 11;");
            g.add(rh, 0, i + 1);
            for (int j = 0; j < n; j++) {
                long v = c != null ? c.count(i, j) : diff[i][j];
                Button cell = new Button(c != null ? String.valueOf(v) : (v > 0 ? "+" + v : String.valueOf(v)));
                cell.setId("cell-" + name.replace(" ", "") + "-" + labels.label(i) + "-" + labels.label(j));
                cell.setMinWidth(64);
                cell.setPrefHeight(30);
                String bg;
                if (c == null) {
                    boolean good = (i == j) == (v > 0);
                    bg = v == 0 ? "#f4f4f4" : good ? "#c8e6c9" : "#ffcdd2";
                } else if (i == j) {
                    bg = "#e3f2fd";
                } else {
                    double t = 0.15 + 0.85 * v / (double) max;
                    bg = v == 0 ? "#ffffff" : String.format(Locale.ROOT, "derive(#e53935, %.0f%%)", 100 * (1 - t) * 0.9);
                }
                boolean hard = (i != j) && (labels.label(i).equals("TOTAL") || labels.label(j).equals("TOTAL")
                        || labels.label(i).equals("COMPANY") || labels.label(j).equals("COMPANY"));
                boolean fp = i == outside && j != outside;
                String border = fp ? "#b71c1c" : hard ? "#ef6c00" : "#cfcfcf";
                cell.setStyle("-fx-background-color: " + border + ", " + bg + "; -fx-background-insets: 0, "
                        + (fp || hard ? "2" : "1") + "; -fx-background-radius: 0;");
                String tip = "gold " + labels.label(i) + ", predicted " + labels.label(j)
                        + (fp ? " (false positive)" : j == outside && i != outside ? " (missed)" : "");
                if (comparison != null && v != 0) {
                    boolean noise = true;
                    for (String l : new String[] {labels.label(i), labels.label(j)}) {
                        if (!l.equals(labels.outside())) {
                            noise &= EvaluationViewModel.likelyNoise(comparison, l);
                            tip += String.format(Locale.ROOT, "%nMcNemar on %s: p = %s", l,
                                    p(comparison.tests().get(l).correct().pValue()));
                        }
                    }
                    if (noise) {
                        cell.setOpacity(0.45);
                        cell.getStyleClass().add("likely-noise");
                        tip += "\nlikely noise (p \u2265 0.05)";
                    }
                }
                cell.setTooltip(new Tooltip(tip));
                if (e != null) {
                    final int gi = i;
                    final int pj = j;
                    cell.setOnAction(ev -> onCell.clicked(name, e, labels.label(gi), labels.label(pj)));
                } else {
                    cell.setDisable(false);
                }
                g.add(cell, j + 1, i + 1);
            }
        }
        Label title = new Label(c != null ? "Model " + name : name + " (green: B better)");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13;");
        return new VBox(6, title, g);
    }
}
