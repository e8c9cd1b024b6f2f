package com.layoutlens.ui;

import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The main window's keys, as a key-pressed filter on its scene: the keyboard help (F1 or /
 * shows it, F1 or Esc hides it), the tabs' shortcuts, then the receipt view's keys (on every
 * tab). Keys typed into a text field are left to it.
 */
final class WindowKeys implements EventHandler<KeyEvent> {

    private final Node help;
    private final List<StudioTab> screens;
    private final Consumer<StudioTab> select;
    private final Predicate<KeyEvent> receiptKeys;

    /**
     * @param help        the keyboard help overlay
     * @param screens     the tabs, whose shortcuts select them
     * @param select      selects a tab
     * @param receiptKeys the receipt view's keys: true when it handled the key
     */
    WindowKeys(Node help, List<StudioTab> screens, Consumer<StudioTab> select, Predicate<KeyEvent> receiptKeys) {
        this.help = help;
        this.screens = screens;
        this.select = select;
        this.receiptKeys = receiptKeys;
    }

    @Override
    public void handle(KeyEvent e) {
        if (e.getTarget() instanceof TextField) {
            return;
        }
        if (help.isVisible() && (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.F1)) {
            help.setVisible(false);
            e.consume();
            return;
        }
        for (StudioTab t : screens) {
            if (t.shortcut().match(e)) {
                select.accept(t);
                e.consume();
                return;
            }
        }
        if (receiptKeys.test(e)) {
            e.consume();
        } else if (!e.isShortcutDown() && (e.getCode() == KeyCode.F1 || e.getCode() == KeyCode.SLASH)) {
            toggleHelp();
            e.consume();
        }
    }

    /** Shows the keyboard help, or hides it. */
    void toggleHelp() {
        help.setVisible(!help.isVisible());
    }
}
