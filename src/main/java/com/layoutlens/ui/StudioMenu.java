package com.layoutlens.ui;

import javafx.beans.property.BooleanProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The menu bar and the keyboard help, made from the same declarations: menus of
 * {@link StudioAction}s (and ready-made items such as check boxes; null separates groups),
 * and the tabs' shortcuts and keys.
 */
final class StudioMenu {

    private StudioMenu() {
    }

    /** {@code Ctrl+KEY}, or {@code Ctrl+Shift+KEY}. */
    static KeyCodeCombination key(KeyCode code, boolean shift) {
        return shift ? new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN)
                : new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }

    static MenuItem item(StudioAction a) {
        MenuItem m = new MenuItem(a.text());
        m.setAccelerator(a.accelerator());
        m.setOnAction(e -> a.run().run());
        return m;
    }

    static CheckMenuItem check(String text, BooleanProperty p) {
        CheckMenuItem c = new CheckMenuItem(text);
        c.selectedProperty().bindBidirectional(p);
        return c;
    }

    /** The menu bar of the given menus, by title. */
    static MenuBar bar(Map<String, List<Object>> menus) {
        MenuBar bar = new MenuBar();
        menus.forEach((title, items) -> {
            Menu menu = new Menu(title);
            for (Object i : items) {
                menu.getItems().add(i == null ? new SeparatorMenuItem() : i instanceof StudioAction a ? item(a) : (MenuItem) i);
            }
            bar.getMenus().add(menu);
        });
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** The keyboard help: the menus' actions with keys, each tab's shortcut, the tabs' own keys, and F1 itself. */
    static List<KeyHelp> keyHelp(Map<String, List<Object>> menus, List<StudioTab> tabs) {
        List<KeyHelp> out = new ArrayList<>();
        for (List<Object> items : menus.values()) {
            for (Object i : items) {
                if (i instanceof StudioAction a && a.keyHelp() != null) {
                    out.add(a.keyHelp());
                }
            }
        }
        for (StudioTab t : tabs) {
            out.add(new KeyHelp(KeyHelp.text(t.shortcut()), t.help()));
        }
        for (StudioTab t : tabs) {
            out.addAll(t.keys());
        }
        out.add(new KeyHelp("F1", "this help"));
        return out;
    }
}
