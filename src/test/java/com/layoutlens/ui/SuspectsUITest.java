package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Suspects tab on sample receipts with two wrong gold labels: a click shows the receipt with
 * the word selected, A accepts the suggestion as a saved, undoable label edit, O goes to the
 * receipt, Delete dismisses (remembered in the folder).
 */
@ExtendWith(ApplicationExtension.class)
class SuspectsUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    private String labelOnDisk(Path file, int segment, int word) throws Exception {
        for (LabelRow r : LabelFile.readStrict(file, LabelSet.sroie())) {
            if (r.segment() == segment && r.word() == word) {
                return r.label();
            }
        }
        throw new AssertionError("no word " + segment + "." + word + " in " + file);
    }

    /** A row of the table (the table's cells include empty and recycled ones). */
    private static Node row(FxRobot robot, int index) {
        return robot.lookup("#suspects-table .table-row-cell").match(n -> n instanceof TableRow<?> r
                && r.getItem() != null && r.getIndex() == index && r.isVisible()).query();
    }

    @SuppressWarnings("unchecked")
    @Test
    void acceptDismissAndOpenFromTheList(FxRobot robot) throws Exception {
        SuspectsFixture fx = new SuspectsFixture(tmp);
        robot.interact(() -> view.open(fx.data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 4);
        robot.interact(() -> view.tabs().getSelectionModel().select(6));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("tab-suspects", view.tabs().getSelectionModel().getSelectedItem().getId());
        TableView<SuspectsViewModel.Row> table = robot.lookup("#suspects-table").queryAs(TableView.class);
        TextField folder = robot.lookup("#suspects-folder").queryAs(TextField.class);
        robot.interact(() -> folder.setText(fx.pred.toString()));
        robot.clickOn("#suspects-load");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 2);

        // the TOTAL suspect: a click shows its receipt with the word selected, the list keeps the focus
        ComboBox<String> filter = robot.lookup("#suspects-filter").queryAs(ComboBox.class);
        robot.interact(() -> filter.setValue("TOTAL"));
        assertEquals(1, table.getItems().size());
        Object[] total = fx.flipped.get(0);
        robot.interact(() -> filter.setValue(SuspectsViewModel.ALL));
        int totalRow = table.getItems().get(0).receipt().equals(total[0]) ? 0 : 1;
        robot.interact(() -> view.table().getSelectionModel().select(3)); // another receipt on show
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!total[0].equals(view.receiptViewModel().receiptProperty().get().id()));
        robot.clickOn(row(robot, totalRow));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(total[0], view.receiptViewModel().receiptProperty().get().id());
        int index = view.receiptViewModel().goldRows().stream().map(r -> r.segment() + "." + r.word()).toList()
                .indexOf(total[1] + "." + total[2]);
        assertEquals(java.util.Set.of(index), view.receiptViewModel().selection());
        assertEquals("tab-suspects", view.tabs().getSelectionModel().getSelectedItem().getId());

        // A: the suggestion becomes the gold label, saved at once; Ctrl+Z undoes it
        Path file = fx.data.resolve("labels").resolve(total[0] + ".csv");
        assertEquals("O", labelOnDisk(file, (int) total[1], (int) total[2]));
        robot.type(KeyCode.A);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("TOTAL", labelOnDisk(file, (int) total[1], (int) total[2]));
        assertEquals("saved", view.receiptViewModel().saveStateProperty().get());
        assertEquals(1, table.getItems().size());
        // the next suspect (another receipt) is selected, the edited receipt stays on show: Ctrl+Z undoes
        assertEquals(table.getItems().get(0), table.getSelectionModel().getSelectedItem());
        assertEquals(total[0], view.receiptViewModel().receiptProperty().get().id());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("O", labelOnDisk(file, (int) total[1], (int) total[2]), "the undo is saved too");

        // the COMPANY suspect: O goes to the Receipts tab on its receipt; back, Delete dismisses it
        Object[] company = fx.flipped.get(1);
        robot.type(KeyCode.O);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("tab-receipts", view.tabs().getSelectionModel().getSelectedItem().getId());
        assertEquals(company[0], view.receiptViewModel().receiptProperty().get().id());
        robot.interact(() -> view.tabs().getSelectionModel().select(6));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(company[0], table.getSelectionModel().getSelectedItem().receipt(), "still selected");
        robot.interact(table::requestFocus);
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(table.getItems().isEmpty());
        String remembered = Files.readString(fx.data.resolve(SuspectDismissals.FILE));
        assertTrue(remembered.contains("\"receipt\" : \"" + company[0] + "\"") && remembered.contains("COMPANY"),
                remembered);
        assertEquals("O", labelOnDisk(fx.data.resolve("labels").resolve(company[0] + ".csv"), (int) company[1],
                (int) company[2]), "a dismissal keeps the gold label");

        // loaded again: the undone TOTAL suspect is back, the dismissed one stays hidden
        robot.clickOn("#suspects-load");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertEquals(total[0], table.getItems().get(0).receipt());
    }
}
