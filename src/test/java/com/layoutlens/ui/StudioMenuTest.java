package com.layoutlens.ui;

import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keyboard help is made from the declarations of the actions and the tabs. */
class StudioMenuTest {

    @Test
    void keysAreWrittenTheSameOnEveryPlatform() {
        assertEquals("Ctrl+O", KeyHelp.text(StudioMenu.key(KeyCode.O, false)));
        assertEquals("Ctrl+Shift+R", KeyHelp.text(StudioMenu.key(KeyCode.R, true)));
        assertEquals("Ctrl+5", KeyHelp.text(StudioMenu.key(KeyCode.DIGIT5, false)));
    }

    @Test
    void theHelpListsActionsWithKeysThenTabsThenTheirKeys() {
        Map<String, List<Object>> menus = Map.of("File", Arrays.asList(
                new StudioAction("Open...", StudioMenu.key(KeyCode.O, false), "open a folder", () -> { }), null,
                new StudioAction("Quit", StudioMenu.key(KeyCode.Q, false), null, () -> { }),
                new StudioAction("About", null, "no key, not listed", () -> { })));
        StudioTab tab = new StudioTab() {
            public String id() {
                return "t";
            }

            public String title() {
                return "T";
            }

            public javafx.scene.input.KeyCodeCombination shortcut() {
                return StudioMenu.key(KeyCode.DIGIT7, false);
            }

            public String help() {
                return "T tab";
            }

            public javafx.scene.Node node() {
                return null;
            }

            public Object viewModel() {
                return null;
            }

            @Override
            public List<KeyHelp> keys() {
                return List.of(new KeyHelp("X", "does x"));
            }
        };
        assertEquals(List.of(new KeyHelp("Ctrl+O", "open a folder"), new KeyHelp("Ctrl+7", "T tab"),
                new KeyHelp("X", "does x"), new KeyHelp("F1", "this help")), StudioMenu.keyHelp(menus, List.of(tab)));
    }
}
