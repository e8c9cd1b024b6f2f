package com.layoutlens.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;

/** The keyboard help overlay, made from the tabs' and actions' own declarations ({@link KeyHelp}). */
final class KeyboardHelp {

    private KeyboardHelp() {
    }

    /** A hidden overlay listing the keys; a click anywhere closes it. */
    static StackPane overlay(List<KeyHelp> keys) {
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(6);
        for (int i = 0; i < keys.size(); i++) {
            Label k = new Label(keys.get(i).keys());
            k.setStyle("-fx-font-weight: bold; -fx-text-fill: white;");
            Label v = new Label(keys.get(i).what());
            v.setStyle("-fx-text-fill: white;");
            g.addRow(i, k, v);
        }
        Label title = new Label("Keyboard shortcuts");
        title.setStyle("-fx-font-size: 16; -fx-text-fill: white; -fx-font-weight: bold;");
        VBox box = new VBox(12, title, g);
        box.setPadding(new Insets(24));
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        box.setStyle("-fx-background-color: rgba(30,30,30,0.92); -fx-background-radius: 8;");
        StackPane overlay = new StackPane(box);
        overlay.setId("help-overlay");
        overlay.setStyle("-fx-background-color: rgba(0,0,0,0.25);");
        overlay.setVisible(false);
        overlay.setOnMouseClicked(e -> overlay.setVisible(false));
        return overlay;
    }
}
