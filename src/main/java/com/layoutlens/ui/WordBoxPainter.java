package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;

import java.util.List;

/** Draws the word boxes of the receipt canvas and the original-vs-corrected OCR overlay, at a given zoom and pan. */
final class WordBoxPainter {

    private WordBoxPainter() {
    }

    /** The gold and predicted boxes of every word (or the disagreements in diff mode); answers how many it drew. */
    static int paintWords(GraphicsContext g, ReceiptViewModel vm, List<LabelRow> rows, double tx, double ty,
                          double scale) {
        int drawnBoxes = 0;
        var labels = vm.labelSet();
        int outside = labels.indexOf(labels.outside());
        boolean diff = vm.diffModeProperty().get();
        boolean showGold = vm.showGoldProperty().get();
        boolean showPred = vm.showPredictionProperty().get() && vm.predictionProperty().get() != null;
        g.setLineCap(StrokeLineCap.BUTT);
        for (int i = 0; i < rows.size(); i++) {
            LabelRow row = rows.get(i);
            Box b = row.box();
            double x = tx + b.x0() * scale;
            double y = ty + b.y0() * scale;
            double bw = Math.max(1, b.width() * scale);
            double bh = Math.max(1, b.height() * scale);
            LabelRow pred = vm.predictionOf(row);
            boolean drawn = false;
            if (diff) {
                ReceiptViewModel.Diff d = vm.diff(row);
                Color c = switch (d) {
                    case FALSE_POSITIVE -> LabelColors.FALSE_POSITIVE;
                    case FALSE_NEGATIVE -> LabelColors.FALSE_NEGATIVE;
                    case WRONG_TYPE -> LabelColors.WRONG_TYPE;
                    default -> null;
                };
                if (c != null && vm.diffByCauseProperty().get()) {
                    com.layoutlens.eval.ErrorCause cause = vm.cause(row);
                    c = cause == null ? c : LabelColors.of(cause);
                }
                if (c != null) {
                    g.setFill(c.deriveColor(0, 1, 1, 0.28));
                    g.fillRect(x, y, bw, bh);
                    g.setStroke(c);
                    g.setLineWidth(2.5);
                    g.setLineDashes();
                    g.strokeRect(x, y, bw, bh);
                    drawn = true;
                } else if (!row.label().equals(labels.outside())) {
                    g.setStroke(LabelColors.of(labels.indexOf(row.label()), outside).deriveColor(0, 1, 1, 0.6));
                    g.setLineWidth(1);
                    g.setLineDashes();
                    g.strokeRect(x, y, bw, bh);
                    drawn = true;
                }
            } else {
                if (showGold && !row.label().equals(labels.outside())) {
                    g.setStroke(LabelColors.of(labels.indexOf(row.label()), outside));
                    g.setLineWidth(2);
                    g.setLineDashes();
                    g.strokeRect(x, y, bw, bh);
                    drawn = true;
                }
                if (showPred && pred != null && !pred.label().equals(labels.outside())) {
                    g.setStroke(LabelColors.of(labels.indexOf(pred.label()), outside));
                    g.setLineWidth(2);
                    g.setLineDashes(6, 4);
                    g.strokeRect(x - 3, y - 3, bw + 6, bh + 6);
                    drawn = true;
                }
            }
            if (!drawn) {
                g.setStroke(Color.web("#9a9a9a", 0.55));
                g.setLineWidth(0.7);
                g.setLineDashes();
                g.strokeRect(x, y, bw, bh);
            }
            drawnBoxes++;
        }
        return drawnBoxes;
    }

    /** The box file's words where the OCR was corrected, in the diff colour, beside the corrected ones. */
    static void paintOriginal(GraphicsContext g, ReceiptViewModel vm, Receipt r, List<LabelRow> rows, double tx,
                              double ty, double scale) {
        java.util.Set<Integer> edited = new java.util.HashSet<>();
        java.util.Set<Integer> present = new java.util.HashSet<>();
        for (Segment s : r.segments()) {
            present.add(s.index());
            if (s.corrected()) {
                edited.add(s.index());
            }
        }
        g.setStroke(LabelColors.OCR_ORIGINAL);
        g.setFill(LabelColors.OCR_ORIGINAL);
        g.setLineWidth(1.5);
        g.setLineDashes(3, 3);
        g.setFont(Font.font(11));
        for (com.layoutlens.data.Word ow : vm.originalWords()) {
            if (edited.contains(ow.segment()) || !present.contains(ow.segment())) {
                Box b = ow.box();
                g.strokeRect(tx + b.x0() * scale, ty + b.y0() * scale, b.width() * scale, b.height() * scale);
                g.fillText(ow.text(), tx + b.x0() * scale, ty + b.y0() * scale - 2);
            }
        }
        g.setStroke(LabelColors.OCR_CORRECTED);
        g.setLineDashes();
        for (LabelRow row : rows) {
            if (vm.corrected(row)) {
                Box b = row.box();
                g.strokeRect(tx + b.x0() * scale - 1, ty + b.y0() * scale - 1, b.width() * scale + 2,
                        b.height() * scale + 2);
            }
        }
    }
}
