package com.layoutlens.ui;

import javafx.scene.control.ChoiceDialog;

import java.nio.file.Path;
import java.util.function.Consumer;

/** File > Import... and File > Export...: the dialogs that ask for the folders and the format. */
final class FormatTransfer {

    private final FormatTransferViewModel vm;
    private final StudioDialogs dialogs;
    private final Consumer<Path> open;

    /** @param open opens an imported folder */
    FormatTransfer(FormatTransferViewModel vm, StudioDialogs dialogs, Consumer<Path> open) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.open = open;
    }

    StudioAction importAction() {
        return new StudioAction("Import folder...", null, null, this::importFolder);
    }

    StudioAction exportAction() {
        return new StudioAction("Export folder...", null, null, this::exportFolder);
    }

    /** Asks for the folder to read, its format and a new folder to write, then imports and opens it. */
    private void importFolder() {
        dialogs.chooseFolder("Import: the folder to read (hf, SROIE, ...)", source ->
                choose("Import", "The format of " + source, vm.importFormats().get(0), vm.importFormats(),
                        format -> dialogs.chooseFolder("Import: a new folder for the receipts (not inside "
                                + source.getFileName() + ")", target -> vm.importFolder(source, format, target, open))));
    }

    /** Asks for a format and a folder outside the open one, then writes the open folder with its labels there. */
    private void exportFolder() {
        if (!vm.folderOpen()) {
            return;
        }
        choose("Export", "The format to write the open folder and its labels in", "hf", vm.exportFormats(),
                format -> dialogs.chooseFolder("Export as " + format + ": the folder to write (outside the open one)",
                        target -> vm.exportFolder(format, target, line -> { })));
    }

    private static void choose(String title, String header, String preselected, java.util.List<String> choices,
                               Consumer<String> then) {
        ChoiceDialog<String> d = new ChoiceDialog<>(preselected, choices);
        d.setTitle(title);
        d.setHeaderText(header);
        d.showAndWait().ifPresent(then);
    }
}
