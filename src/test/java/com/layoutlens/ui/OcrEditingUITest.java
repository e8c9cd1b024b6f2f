package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correcting the OCR in the receipt view with mouse and keyboard. */
@ExtendWith(ApplicationExtension.class)
class OcrEditingUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    private Path openAndWait(FxRobot robot) throws Exception {
        Path dir = OcrEditingViewModelTest.folder(tmp.resolve("data"));
        robot.interact(() -> view.open(dir));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 1
                && view.receiptViewModel().receiptProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return dir;
    }

    private List<String> texts() {
        return view.receiptViewModel().goldRows().stream().map(LabelRow::text).toList();
    }

    private void clickWord(FxRobot robot, int index) {
        Point2D p = view.canvas().screenCentreOf(index);
        robot.clickOn(view.canvas().localToScreen(p));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void type(FxRobot robot, String text) {
        robot.interact(() -> view.ocrEditor().setText(text));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void doubleClickEditsAWordSavedUndoneRedoneAndReloaded(FxRobot robot) throws Exception {
        Path dir = openAndWait(robot);
        byte[] box = Files.readAllBytes(dir.resolve("box/001.csv"));
        robot.doubleClickOn(view.canvas().localToScreen(view.canvas().screenCentreOf(0)));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.ocrEditor().isVisible());
        assertEquals("D.T.Y.", view.ocrEditor().getText());
        type(robot, "D.I.Y.");
        assertFalse(view.ocrEditor().isVisible());
        assertEquals("D.I.Y.", texts().get(0));
        assertEquals(1, OcrCorrections.read(dir.resolve("corrections/001.json")).corrections().edits().size());
        assertEquals("D.I.Y.", LabelFile.readStrict(dir.resolve("labels/001.csv"), LabelSet.sroie()).get(0).text());

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("D.T.Y.", texts().get(0));
        assertFalse(Files.exists(dir.resolve("corrections/001.json")));
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("D.I.Y.", texts().get(0));

        openAndWait(robot);
        assertEquals("D.I.Y.", texts().get(0), "reloaded with the correction");
        assertTrue(view.receiptViewModel().receiptProperty().get().ocrCorrected());
        assertArrayEquals(box, Files.readAllBytes(dir.resolve("box/001.csv")), "the box file is never written");
    }

    @Test
    void splitMergeDeleteAndAddWithTheKeyboardAndMouse(FxRobot robot) throws Exception {
        Path dir = openAndWait(robot);
        byte[] box = Files.readAllBytes(dir.resolve("box/001.csv"));
        // split: F2, a space where the word divides
        clickWord(robot, 4);
        robot.type(KeyCode.F2);
        WaitForAsyncUtils.waitForFxEvents();
        type(robot, "TOTAL: 25.00");
        assertEquals(List.of("TOTAL:", "25.00"), texts().subList(4, 6));
        assertEquals("TOTAL", view.receiptViewModel().goldRows().get(5).label(), "the label is offered to both halves");
        // a label for each half: the choices under the receipt
        javafx.scene.control.ChoiceBox<String> left = robot.lookup("#split-label-0").queryAs(javafx.scene.control.ChoiceBox.class);
        assertTrue(left.isVisible());
        assertEquals("TOTAL", left.getValue());
        robot.interact(() -> left.setValue("O"));
        assertEquals("O", view.receiptViewModel().goldRows().get(4).label());
        assertEquals("TOTAL", view.receiptViewModel().goldRows().get(5).label());
        assertEquals("O", LabelFile.readStrict(dir.resolve("labels/001.csv"), LabelSet.sroie()).get(4).label());
        // a label set with the number keys shows in the choice too
        clickWord(robot, 5);
        robot.type(KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("DATE", view.receiptViewModel().goldRows().get(5).label());
        assertEquals("DATE", robot.lookup("#split-label-1").queryAs(javafx.scene.control.ChoiceBox.class).getValue());
        robot.clickOn("#split-labels-done");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#split-labels").query().isVisible());

        // merge: two neighbours, Ctrl+M
        clickWord(robot, 6);
        robot.press(KeyCode.SHIFT);
        clickWord(robot, 7);
        robot.release(KeyCode.SHIFT);
        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("THANKYOU", texts().get(6));

        // delete: a word
        clickWord(robot, 1);
        robot.type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("D.T.Y.", "SDN", "BHD"), texts().subList(0, 3));

        // add: N, drag a box, type its text
        Point2D from = view.canvas().localToScreen(view.canvas().screenOf(20, 75));
        Point2D to = view.canvas().localToScreen(view.canvas().screenOf(70, 88));
        robot.type(KeyCode.N);
        robot.drag(from).dropTo(to);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.ocrEditor().isVisible());
        type(robot, "RM25.00");
        LabelRow added = view.receiptViewModel().goldRows().get(texts().indexOf("RM25.00"));
        assertEquals(2, added.segment(), "drawn on the line of THANKYOU: it joins that segment");
        assertEquals(0, added.word(), "left of THANKYOU");
        assertTrue(Math.abs(added.box().x0() - 20) <= 2 && Math.abs(added.box().y1() - 88) <= 2, added.toString());

        // undo all six (split, the two halves' labels, merge, delete, add), one step each
        for (int i = 0; i < 6; i++) {
            robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertEquals(Dataset.load(dir).receipt("001").words().stream().map(w -> w.text()).toList(), texts());
        assertEquals(List.of("D.T.Y.", "(M)", "SDN", "BHD", "TOTAL:25.00", "THANK", "YOU"), texts());
        assertArrayEquals(box, Files.readAllBytes(dir.resolve("box/001.csv")));
    }

    private static KeyCode key(String label) {
        return KeyCode.valueOf("DIGIT" + LabelSet.sroie().labels().indexOf(label));
    }

    private List<String> labelled() {
        return view.receiptViewModel().goldRows().stream().map(r -> r.segment() + ":" + r.text() + "=" + r.label())
                .toList();
    }

    @Test
    void ctrlMMergesAcrossSegmentsAndTheNumberKeysLabelTheWordsOfATypedSplit(FxRobot robot) throws Exception {
        Path dir = openAndWait(robot);
        byte[] box = Files.readAllBytes(dir.resolve("box/001.csv"));
        // TOTAL:25.00 ends segment 1, THANK begins segment 2: Ctrl+M joins them into segment 1
        clickWord(robot, 4);
        robot.press(KeyCode.SHIFT);
        clickWord(robot, 5);
        robot.release(KeyCode.SHIFT);
        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("1:TOTAL:25.00THANK=TOTAL", "2:YOU=O"), labelled().subList(4, 6));
        // the rest of segment 2 too: the segment left empty goes
        clickWord(robot, 4);
        robot.press(KeyCode.SHIFT);
        clickWord(robot, 5);
        robot.release(KeyCode.SHIFT);
        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("1:TOTAL:25.00THANKYOU=TOTAL"), labelled().subList(4, 5));
        assertEquals(5, labelled().size());
        assertEquals(List.of("join", "join"), OcrCorrections.read(dir.resolve("corrections/001.json")).corrections()
                .edits().stream().map(OcrCorrections.Edit::op).toList());
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("1:TOTAL:25.00THANK=TOTAL", "2:YOU=O"), labelled().subList(4, 6), "undone: YOU is back");
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, labelled().size());

        // split by typing, each part labelled from the keyboard: O, TOTAL (kept), O; Esc closes the choice
        clickWord(robot, 4);
        robot.type(KeyCode.F2);
        WaitForAsyncUtils.waitForFxEvents();
        type(robot, "TOTAL: 25.00 THANKYOU");
        assertTrue(robot.lookup("#split-labels").query().isVisible());
        robot.type(key("O"));
        robot.type(key("TOTAL"));
        robot.type(key("O"));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> split = List.of("1:TOTAL:=O", "1:25.00=TOTAL", "1:THANKYOU=O");
        assertEquals(split, labelled().subList(4, 7));
        assertEquals("O", robot.lookup("#split-label-2").queryAs(javafx.scene.control.ChoiceBox.class).getValue());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#split-labels").query().isVisible());

        // reopened: the same words in the same segments with the same labels; the box file as it was
        List<String> before = labelled();
        openAndWait(robot);
        assertEquals(before, labelled());
        assertEquals(split, labelled().subList(4, 7));
        assertArrayEquals(box, Files.readAllBytes(dir.resolve("box/001.csv")));
    }

    @Test
    void tabVisitsTheWordsThatLookMisreadAndEnterAcceptsTheCorrection(FxRobot robot) throws Exception {
        openAndWait(robot);
        clickWord(robot, 6);
        robot.type(KeyCode.ESCAPE);
        robot.type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(0), view.receiptViewModel().selection());
        assertTrue(view.receiptViewModel().ocrMessageProperty().get().contains("D.T.Y."));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("D.I.Y.", texts().get(0));
        robot.type(KeyCode.ENTER); // the next one: TOTAL:25.00 split
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("TOTAL:", "25.00"), texts().subList(4, 6));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.receiptViewModel().selection().isEmpty());
    }

    @Test
    void eachKindOfMisreadWordsIsOneClickAwayAndAWordBrokenIntoPiecesIsTypedOver(FxRobot robot) throws Exception {
        openAndWait(robot);
        robot.interact(() -> view.receiptViewModel().addWord(new com.layoutlens.data.Box(10, 100, 60, 120), "RECEIPI", -1));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ToggleButton pieces = robot.lookup("#misread-pieces").queryAs(javafx.scene.control.ToggleButton.class);
        assertEquals("many pieces 1", pieces.getText(), "the demo vocabulary cuts RECEIPI into 7 pieces");
        assertEquals("approximate 1", robot.lookup("#misread-approximate").queryAs(javafx.scene.control.ToggleButton.class).getText());
        assertEquals("glued 1", robot.lookup("#misread-glued").queryAs(javafx.scene.control.ToggleButton.class).getText());
        robot.clickOn(pieces);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(7), view.receiptViewModel().selection());
        assertTrue(view.receiptViewModel().ocrMessageProperty().get().contains("many pieces"));
        robot.type(KeyCode.TAB);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.ocrEditor().isVisible(), "no correction to propose: the word opens for typing");
        assertEquals("RECEIPI", view.ocrEditor().getText());
        type(robot, "RECEIPT");
        assertEquals("RECEIPT", texts().get(7));
        assertEquals("many pieces 0", pieces.getText());
        // the key kinds: one click selects the approximate company word
        robot.clickOn("#misread-approximate");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(0), view.receiptViewModel().selection());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, view.receiptViewModel().suggestionKindProperty().get());
        assertFalse(pieces.isSelected());
    }

    @Test
    void draggingASelectedBoxsEdgeMovesItInImagePixelsAtAnyZoom(FxRobot robot) throws Exception {
        Path dir = openAndWait(robot);
        clickWord(robot, 3);
        com.layoutlens.data.Box b = view.receiptViewModel().goldRows().get(3).box();
        double zoom = view.canvas().scale();
        assertTrue(zoom > 2, "the small receipt is shown enlarged: screen pixels are not image pixels");
        Point2D edge = view.canvas().localToScreen(view.canvas().screenOf(b.x1(), b.centerY()));
        Point2D to = view.canvas().localToScreen(view.canvas().screenOf(b.x1() - 10, b.centerY()));
        robot.drag(edge).dropTo(to);
        WaitForAsyncUtils.waitForFxEvents();
        com.layoutlens.data.Box moved = view.receiptViewModel().goldRows().get(3).box();
        assertTrue(Math.abs(moved.x1() - (b.x1() - 10)) <= 1, b + " -> " + moved + " at zoom " + zoom);
        assertEquals(b.x0(), moved.x0());
        assertEquals(b.y0(), moved.y0());
        assertEquals(List.of("D.T.Y.", "(M)", "SDN", "BHD", "TOTAL:25.00", "THANK", "YOU"), texts());
        assertEquals(1, OcrCorrections.read(dir.resolve("corrections/001.json")).corrections().edits().size());

        // O: the original OCR beside the corrections, the corrected word flagged
        robot.type(KeyCode.O);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.receiptViewModel().showOriginalProperty().get());
        assertTrue(view.receiptViewModel().corrected(view.receiptViewModel().goldRows().get(3)));
        assertFalse(view.receiptViewModel().corrected(view.receiptViewModel().goldRows().get(4)));
        assertEquals(b, view.receiptViewModel().originalWords().get(3).box());
    }
}
