package com.layoutlens.ui;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCodeCombination;

/**
 * A screen of the studio, as the main window sees it: a tab with a title, a shortcut, its
 * content and its view model, told when it is shown and when the app closes. The main
 * window lists the tabs and composes them (menu, tab pane, status bar, keyboard help);
 * a new screen is a view implementing this plus a view model, and one entry in that list.
 */
interface StudioTab {

    /** A short stable name; the tab's node id is {@code tab-ID}. */
    String id();

    /** The tab's title. */
    String title();

    /** The key that selects the tab ({@code Ctrl+N}). */
    KeyCodeCombination shortcut();

    /** What the tab is for, in the keyboard help's words. */
    String help();

    /** The tab's content. */
    Node node();

    /** The screen's state and commands (the view only binds to it). */
    Object viewModel();

    /** Called each time the tab is selected. */
    default void onShown() {
    }

    /** Called once when the app closes: cancel work, release threads. */
    default void onClose() {
    }

    /** Keys the screen handles itself, for the keyboard help. */
    default java.util.List<KeyHelp> keys() {
        return java.util.List.of();
    }

    /** A screen's tab in the main window's tab pane: id {@code tab-ID}, not closable, {@link #onShown()} when selected. */
    static Tab tabOf(StudioTab s) {
        Tab t = new Tab(s.title(), s.node());
        t.setId("tab-" + s.id());
        t.setClosable(false);
        t.setOnSelectionChanged(e -> {
            if (t.isSelected()) {
                s.onShown();
            }
        });
        return t;
    }
}
