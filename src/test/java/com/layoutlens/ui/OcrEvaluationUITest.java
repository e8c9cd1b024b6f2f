package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.TotalKeywordRule;
import javafx.geometry.Point2D;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OCR edit in the receipt view updates the evaluation at once (matrices, fields, rules), and
 * undo and redo of a split and a merge restore the words on screen and the corrections file.
 */
@ExtendWith(ApplicationExtension.class)
class OcrEvaluationUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    private void openAndWait(FxRobot robot, Path dir) throws Exception {
        robot.interact(() -> view.open(dir));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 1
                && view.receiptViewModel().receiptProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> words() {
        return view.receiptViewModel().goldRows().stream().map(r -> r.text() + "=" + r.label()).toList();
    }

    private static List<String> saved(Path dir) throws Exception {
        Path f = dir.resolve("corrections/001.json");
        return !Files.exists(f) ? List.of()
                : OcrCorrections.read(f).corrections().edits().stream().map(OcrCorrections.Edit::op).toList();
    }

    /** Waits until model A's evaluation satisfies the condition; answers it. */
    private Evaluation waitForA(Predicate<Evaluation> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            var r = view.evaluationViewModel().resultsProperty().get();
            return r != null && r.a() != null && condition.test(r.a());
        });
        return view.evaluationViewModel().resultsProperty().get().a();
    }

    private static long em(Evaluation e, String field) {
        return e.fields().fields().get(field).em();
    }

    private void key(FxRobot robot, KeyCode... keys) {
        robot.press(keys).release(keys);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void clickWord(FxRobot robot, int index) {
        Point2D p = view.canvas().screenCentreOf(index);
        robot.clickOn(view.canvas().localToScreen(p));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void anOcrEditUpdatesTheEvaluationAndUndoRedoOfASplitAndAMergeRestoreWordsAndFile(FxRobot robot) throws Exception {
        Path dir = OcrEditingViewModelTest.folder(tmp.resolve("data"));
        byte[] box = Files.readAllBytes(dir.resolve("box/001.csv"));
        openAndWait(robot, dir);
        // model A: the gold labels as aligned on the OCR as it reads
        List<LabelRow> pred = view.receiptViewModel().goldRows().stream().map(g -> g.withLabel(g.label(), 0.9)).toList();
        LabelFile.write(tmp.resolve("a/001.csv"), pred);
        robot.interact(() -> view.openPredictions(tmp.resolve("a"), Slot.A));
        Evaluation e = waitForA(x -> x.words() == 7);
        assertEquals(0, em(e, "company"), "D.T.Y. is not the key's D.I.Y.");
        assertEquals(0, em(e, "total"), "TOTAL:25.00 is not 25.00");
        assertEquals(1, e.confusion().count("TOTAL", "TOTAL"));
        assertEquals(0, e.confusion().count("O", "TOTAL"));

        // Tab, Enter: the company's text corrected; the field is now exact, live
        clickWord(robot, 6);
        key(robot, KeyCode.ESCAPE);
        key(robot, KeyCode.TAB);
        key(robot, KeyCode.ENTER);
        assertEquals("D.I.Y.=COMPANY", words().get(0));
        e = waitForA(x -> em(x, "company") == 1);
        assertEquals(7, e.words());

        // Enter: the glued total split, the halves labelled as the key aligns them: the matrix has a word more
        key(robot, KeyCode.ENTER);
        assertEquals(List.of("TOTAL:=O", "25.00=TOTAL"), words().subList(4, 6));
        e = waitForA(x -> x.words() == 8);
        assertEquals(1, e.confusion().count("O", "TOTAL"), "model A's TOTAL followed both halves");
        assertEquals(1, e.confusion().count("TOTAL", "TOTAL"));
        key(robot, KeyCode.ESCAPE);

        // the rules see the corrected words
        robot.interact(() -> view.evaluationViewModel().ruleSwitch(TotalKeywordRule.NAME).onProperty().set(true));
        e = waitForA(x -> !x.rules().isEmpty());
        assertEquals(1, e.rules().get(0).before().count("O", "TOTAL"));

        // merge THANK YOU: a word less
        clickWord(robot, 6);
        robot.press(KeyCode.SHIFT);
        clickWord(robot, 7);
        robot.release(KeyCode.SHIFT);
        key(robot, KeyCode.CONTROL, KeyCode.M);
        assertEquals("THANKYOU=O", words().get(6));
        assertEquals(List.of("text", "split", "merge"), saved(dir));
        waitForA(x -> x.words() == 7 && !x.rules().isEmpty());
        List<String> merged = words();

        // undo and redo the merge: the words on screen, the file, the figures
        key(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals(List.of("THANK=O", "YOU=O"), words().subList(6, 8));
        assertEquals(List.of("text", "split"), saved(dir));
        waitForA(x -> x.words() == 8);
        key(robot, KeyCode.CONTROL, KeyCode.Y);
        assertEquals(merged, words());
        assertEquals(List.of("text", "split", "merge"), saved(dir));
        waitForA(x -> x.words() == 7);

        // undo the merge and the split: the glued word is back, with its label; the rule sees it too
        key(robot, KeyCode.CONTROL, KeyCode.Z);
        key(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals(List.of("D.I.Y.=COMPANY", "(M)=COMPANY", "SDN=COMPANY", "BHD=COMPANY", "TOTAL:25.00=TOTAL",
                "THANK=O", "YOU=O"), words());
        assertEquals(List.of("text"), saved(dir));
        e = waitForA(x -> x.words() == 7 && !x.rules().isEmpty() && x.rules().get(0).before().count("O", "TOTAL") == 0);
        assertEquals(1, em(e, "company"));

        // redo both: the halves come back with the labels they had
        key(robot, KeyCode.CONTROL, KeyCode.Y);
        key(robot, KeyCode.CONTROL, KeyCode.Y);
        assertEquals(merged, words());
        assertEquals(List.of("text", "split", "merge"), saved(dir));
        waitForA(x -> x.words() == 7);

        // reopened: the corrected words and their labels; the box file never written
        openAndWait(robot, dir);
        assertEquals(merged, words());
        assertEquals(merged.size(), LabelFile.readStrict(dir.resolve("labels/001.csv"), LabelSet.sroie()).size());
        assertArrayEquals(box, Files.readAllBytes(dir.resolve("box/001.csv")));
        assertTrue(view.receiptViewModel().receiptProperty().get().ocrCorrected());
    }
}
