package com.layoutlens.ui;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.List;

/** The word inspector beside the receipt: the selected (or hovered) word's text, labels and box, and label buttons. */
final class WordInspector {

    private WordInspector() {
    }

    static VBox of(ReceiptViewModel receiptVm, LabelSet labelSet) {
        Label title = new Label("Word");
        title.setStyle("-fx-font-weight: bold;");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        Label text = new Label();
        text.setId("inspect-text");
        Label goldL = new Label();
        goldL.setId("inspect-gold");
        Label predL = new Label();
        predL.setId("inspect-pred");
        Label box = new Label();
        grid.addRow(0, new Label("Text"), text);
        grid.addRow(1, new Label("Gold"), goldL);
        grid.addRow(2, new Label("Prediction"), predL);
        grid.addRow(3, new Label("Box"), box);
        receiptVm.revisionProperty().addListener(o -> {
            int[] idx = receiptVm.selectedOrHovered();
            List<LabelRow> rows = receiptVm.goldRows();
            if (idx.length == 0 || idx[0] >= rows.size()) {
                text.setText(receiptVm.selection().size() > 1 ? receiptVm.selection().size() + " words" : "");
                goldL.setText("");
                predL.setText("");
                box.setText("");
                return;
            }
            LabelRow r = rows.get(idx[0]);
            text.setText(idx.length > 1 ? idx.length + " words, first: " + r.text() : r.text());
            goldL.setText(r.label());
            LabelRow p = receiptVm.predictionOf(r);
            predL.setText(p == null ? "-" : p.label() + (p.score() == null ? "" : String.format(" (%.3f)", p.score())));
            box.setText(r.box().x0() + "," + r.box().y0() + " - " + r.box().x1() + "," + r.box().y1());
        });
        VBox buttons = new VBox(4);
        for (int i = 0; i < labelSet.size(); i++) {
            String l = labelSet.label(i);
            Button b = new Button(i + "  " + l);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setFocusTraversable(false);
            b.setOnAction(e -> receiptVm.labelSelection(l));
            buttons.getChildren().add(b);
        }
        Label note = new Label("Word boxes are cut from their OCR segment in proportion to character offsets "
                + "(an approximation).");
        note.setWrapText(true);
        note.setStyle("-fx-text-fill: #777; -fx-font-size: 11;");
        VBox box2 = new VBox(10, title, grid, new Label("Set label (keys 0-" + (labelSet.size() - 1) + "):"),
                buttons, note);
        box2.setPadding(new Insets(10));
        box2.setMinWidth(180);
        return box2;
    }
}
