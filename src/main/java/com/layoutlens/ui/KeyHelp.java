package com.layoutlens.ui;

import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** One line of the keyboard help: the keys, and what they do. */
record KeyHelp(String keys, String what) {

    /** How the help writes a combination: {@code Ctrl+Shift+R}, {@code F1}, the same on every platform. */
    static String text(KeyCodeCombination k) {
        return (k.getShortcut() == KeyCombination.ModifierValue.DOWN || k.getControl() == KeyCombination.ModifierValue.DOWN
                ? "Ctrl+" : "") + (k.getShift() == KeyCombination.ModifierValue.DOWN ? "Shift+" : "")
                + (k.getAlt() == KeyCombination.ModifierValue.DOWN ? "Alt+" : "") + k.getCode().getName();
    }
}
