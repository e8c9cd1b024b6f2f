package com.layoutlens.ui;

import javafx.scene.control.ChoiceDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The main window's dialogs: a receipt, prediction or model folder to open, a schema for the open folder. */
final class StudioDialogs {

    private final Supplier<Window> owner;

    /** @param owner the window the dialogs belong to (null while there is none) */
    StudioDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** Asks for a folder; {@code then} gets it unless the user cancels. */
    void chooseFolder(String title, Consumer<Path> then) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        File f = c.showDialog(owner.get());
        if (f != null) {
            then.accept(f.toPath());
        }
    }

    /** Asks for a receipt folder to open. */
    void chooseReceipts(Consumer<Path> then) {
        chooseFolder("Open a receipt folder (SROIE img/, box/, key/, or hf, funsd, cord, Label Studio, PPOCRLabel, PDFs)", then);
    }

    /** Asks for a folder of prediction label files to open as model A or B. */
    void choosePredictions(Slot slot, Consumer<Path> then) {
        chooseFolder("Open a folder of prediction label files as model " + slot, then);
    }

    /** Asks for a model folder to run as model A or B. */
    void chooseModel(Slot slot, Consumer<Path> then) {
        chooseFolder("Choose a model folder (config.json, model.safetensors, tokenizer) to run as model " + slot, then);
    }

    /**
     * File > Schema...: asks for a built-in schema or a schema file for a folder; {@code then}
     * gets the choice as a {@code --schema} value unless the user cancels.
     */
    void chooseSchema(SchemaChoice schema, Path folder, Consumer<String> then) {
        ChoiceDialog<String> d = new ChoiceDialog<>(schema.preselected(), schema.choices());
        d.setTitle("Schema");
        d.setHeaderText(schema.header(folder));
        d.showAndWait().ifPresent(choice -> {
            String spec = choice;
            if (choice.equals(SchemaChoice.FROM_FILE)) {
                FileChooser fc = new FileChooser();
                fc.setTitle("A label schema (JSON: labels, outside, fields, scheme)");
                File f = fc.showOpenDialog(owner.get());
                if (f == null) {
                    return;
                }
                spec = f.toString();
            }
            then.accept(spec);
        });
    }
}
