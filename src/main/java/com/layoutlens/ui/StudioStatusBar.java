package com.layoutlens.ui;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import org.controlsfx.control.StatusBar;

import java.util.Collection;

/**
 * The window's status bar: the status line with its progress, the save state of the label
 * file on screen, and a corner per model run in progress, so runs of A and B started
 * together are both visible.
 */
final class StudioStatusBar {

    private StudioStatusBar() {
    }

    static StatusBar of(StatusLine line, ObservableValue<String> saveState, Collection<ModelRunViewModel> runs) {
        StatusBar status = new StatusBar();
        Label save = new Label();
        save.setId("save-state");
        save.textProperty().bind(saveState);
        status.getRightItems().add(save);
        status.textProperty().bind(line.textProperty());
        status.progressProperty().bind(line.progressProperty());
        for (ModelRunViewModel run : runs) {
            HBox indicator = indicator(run);
            run.runningProperty().addListener((o, was, now) -> {
                status.getRightItems().remove(indicator);
                if (now) {
                    status.getRightItems().add(0, indicator);
                }
            });
        }
        return status;
    }

    /** A run's own corner: what it does (device included), a progress bar, Cancel. */
    private static HBox indicator(ModelRunViewModel run) {
        String slot = run.slot().name();
        Label text = new Label();
        text.setId("run-" + slot + "-text");
        text.textProperty().bind(run.messageProperty());
        text.setMaxWidth(420);
        ProgressBar bar = new ProgressBar();
        bar.setId("run-" + slot + "-progress");
        bar.setPrefWidth(90);
        bar.progressProperty().bind(run.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-" + slot);
        cancel.setOnAction(e -> run.cancel());
        HBox box = new HBox(6, text, bar, cancel);
        box.setId("run-" + slot);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(0, 8, 0, 0));
        return box;
    }
}
