package com.layoutlens.ui;

import javafx.scene.input.KeyCodeCombination;

/**
 * A command of the menu: its text, its accelerator (or null), what the keyboard help says
 * about it (or null to leave it out), and what it does. The menu and the help are both
 * made from these declarations.
 */
record StudioAction(String text, KeyCodeCombination accelerator, String help, Runnable run) {

    /** The help's line, or null when the action has no key or no help text. */
    KeyHelp keyHelp() {
        return accelerator == null || help == null ? null : new KeyHelp(KeyHelp.text(accelerator), help);
    }
}
