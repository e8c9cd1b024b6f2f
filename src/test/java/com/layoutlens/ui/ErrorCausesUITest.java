package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.eval.ErrorCause;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cause of each error in the Evaluation tab's word list (column and filter) and in the receipt's diff view. */
@ExtendWith(ApplicationExtension.class)
class ErrorCausesUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    @Test
    void causesInTheWordListAndTheDiffView(FxRobot robot) throws Exception {
        // receipt 017: its total 39.80 is printed twice; the gold labels took one of them
        Path data = TestData.copy(tmp.resolve("data"), "017");
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.receiptViewModel().receiptProperty().get() != null);
        List<LabelRow> gold = view.receiptViewModel().goldRows();
        int goldTotal = -1, other = -1, spurious = -1;
        for (int i = 0; i < gold.size(); i++) {
            LabelRow g = gold.get(i);
            if (g.text().equals("39.80") && g.label().equals("TOTAL")) {
                goldTotal = i;
            } else if (g.text().equals("39.80") && g.label().equals("O")) {
                other = i;
            } else if (spurious < 0 && g.label().equals("O") && !g.text().matches(".*\\d.*")) {
                spurious = i;
            }
        }
        assertTrue(goldTotal >= 0 && other >= 0 && spurious >= 0, "gold rows of 017: " + gold);
        // A: the TOTAL on the other 39.80, and a DATE on a word of no date
        List<LabelRow> a = new ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            String l = i == goldTotal ? "O" : i == other ? "TOTAL" : i == spurious ? "DATE" : gold.get(i).label();
            a.add(gold.get(i).withLabel(l, 0.9));
        }
        LabelFile.write(tmp.resolve("a").resolve("017.csv"), a);
        robot.interact(() -> view.openPredictions(tmp.resolve("a"), Slot.A));
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            var r = view.evaluationViewModel().resultsProperty().get();
            return r != null && r.a() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();

        robot.clickOn("#cell-A-TOTAL-O");
        WaitForAsyncUtils.waitForFxEvents();
        var words = view.evaluationView().wordsTable().getItems();
        assertEquals(1, words.size());
        assertEquals(ErrorCause.ALIGNMENT, words.get(0).cause());
        assertTrue(view.evaluationView().wordsTable().getColumns().stream().anyMatch(c -> c.getText().equals("Cause")));

        robot.clickOn("#cell-A-O-DATE");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, view.evaluationView().wordsTable().getItems().size());
        assertEquals(ErrorCause.SPURIOUS, view.evaluationView().wordsTable().getItems().get(0).cause());
        // the filter keeps the words of one cause
        robot.interact(() -> view.evaluationView().causeFilter().setValue("alignment"));
        assertEquals(0, view.evaluationView().wordsTable().getItems().size());
        robot.clickOn("#cell-A-O-TOTAL");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, view.evaluationView().wordsTable().getItems().size());
        assertEquals("39.80", view.evaluationView().wordsTable().getItems().get(0).text());
        // every error of A, then those of one cause
        robot.clickOn("#all-errors-A");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, view.evaluationView().wordsTable().getItems().size(), "A's alignment errors");
        robot.interact(() -> view.evaluationView().causeFilter().setValue("spurious"));
        assertEquals(1, view.evaluationView().wordsTable().getItems().size());
        assertEquals(gold.get(spurious).text(), view.evaluationView().wordsTable().getItems().get(0).text());
        robot.interact(() -> view.evaluationView().causeFilter().setValue("all causes"));
        assertEquals(3, view.evaluationView().wordsTable().getItems().size());
        // a right word has no cause
        robot.clickOn("#cell-A-O-O");
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(view.evaluationView().wordsTable().getItems().get(0).cause());

        // the receipt's diff view colours by cause on request
        robot.interact(() -> view.tabs().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        ReceiptViewModel vm = view.receiptViewModel();
        ToggleButton byCause = (ToggleButton) view.tabs().getScene().lookup("#toggle-cause");
        assertTrue(byCause.isDisabled(), "colouring by cause needs the diff view");
        robot.interact(() -> vm.diffModeProperty().set(true));
        assertFalse(byCause.isDisabled());
        robot.clickOn("#toggle-cause");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.diffByCauseProperty().get());
        assertTrue(view.tabs().getScene().lookup("#cause-legend").isVisible());
        List<LabelRow> rows = vm.goldRows();
        assertEquals(ErrorCause.ALIGNMENT, vm.cause(rows.get(goldTotal)));
        assertEquals(ErrorCause.ALIGNMENT, vm.cause(rows.get(other)));
        assertEquals(ErrorCause.SPURIOUS, vm.cause(rows.get(spurious)));
        assertNull(vm.cause(rows.get(goldTotal == 0 ? 1 : 0)));
    }
}
