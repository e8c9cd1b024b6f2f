package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class MainViewUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    private void openAndWait(FxRobot robot, Path dir, int receipts) throws Exception {
        robot.interact(() -> view.open(dir));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == receipts
                && view.receiptViewModel().receiptProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private int indexOf(String text) {
        List<LabelRow> rows = view.receiptViewModel().goldRows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).text().equals(text)) {
                return i;
            }
        }
        throw new AssertionError("no word " + text);
    }

    private void clickWord(FxRobot robot, int index) {
        Point2D p = view.canvas().screenCentreOf(index);
        robot.clickOn(view.canvas().localToScreen(p));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aFolderWithAnotherSchemaRebuildsTheWindowOverIt(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002");
        Files.createDirectories(data.resolve("labels"));
        Files.writeString(data.resolve("labels/002.csv"), "segment,word,x0,y0,x1,y1,text,label,score\n"
                + "0,0,1,1,2,2,A,B-TOTAL,\n");
        List<Object[]> asked = new java.util.ArrayList<>();
        try {
            robot.interact(() -> {
                view.onSchemaChange((dir, s) -> asked.add(new Object[] {dir, s}));
                view.open(data);
            });
            assertEquals(1, asked.size(), "BIO label files: the window is rebuilt over sroie-bio");
            assertEquals("sroie-bio", ((com.layoutlens.data.LabelSet) asked.get(0)[1]).name());
            robot.interact(() -> view.useSchema(data, "funsd"));
            assertEquals("funsd", ((com.layoutlens.data.LabelSet) asked.get(1)[1]).name());
            assertEquals("funsd", AppSchema.remembered(data), "remembered for the folder");
            MainView funsd = new MainView(com.layoutlens.data.LabelSet.resolve("funsd"));
            assertEquals(List.of("HEADER", "QUESTION", "ANSWER"), funsd.schema().entityLabels());
            funsd.shutdown();
        } finally {
            AppSchema.forget(data);
        }
    }

    @Test
    void opensAnHfFolderWithItsOwnLabelsAsGold(FxRobot robot) throws Exception {
        com.layoutlens.data.Dataset samples = com.layoutlens.data.Dataset.load(Path.of("sample-receipts"));
        Path hf = tmp.resolve("hf");
        new com.layoutlens.data.formats.HfFormat().write(samples.receipts().subList(0, 2), samples.labelSet(), hf);
        openAndWait(robot, hf, 2);
        com.layoutlens.data.Receipt shown = view.receiptViewModel().receiptProperty().get();
        assertEquals(samples.receipts().get(0).id(), shown.id());
        List<LabelRow> gold = view.receiptViewModel().goldRows();
        assertEquals(samples.receipts().get(0).labels().stream().map(LabelRow::label).toList(),
                gold.stream().map(LabelRow::label).toList());
        assertTrue(gold.stream().anyMatch(r -> r.label().equals("TOTAL")));
        assertEquals("hf", view.datasetViewModel().datasetProperty().get().format());
    }

    @Test
    void theFileMenuImportsAndExportsFolders(FxRobot robot) {
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu file = bar.getMenus().get(0);
        assertEquals("File", file.getText());
        List<String> items = file.getItems().stream().map(javafx.scene.control.MenuItem::getText).toList();
        assertTrue(items.containsAll(List.of("Import folder...", "Export folder...")), items.toString());
    }

    @Test
    void opensAFolderAndDrawsTheBoxes(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002", "003");
        openAndWait(robot, data, 2);
        assertEquals("002", view.receiptViewModel().receiptProperty().get().id());
        assertEquals(view.receiptViewModel().goldRows().size(), view.canvas().drawnBoxes());
        assertTrue(view.canvas().drawnBoxes() > 50);
        robot.type(KeyCode.PAGE_DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("003", view.receiptViewModel().receiptProperty().get().id());
    }

    @Test
    void aLabelChangedByKeyboardIsSavedUndoneAndReloaded(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002");
        openAndWait(robot, data, 1);
        int tan = indexOf("TAN");
        assertEquals("O", view.receiptViewModel().goldRows().get(tan).label());

        clickWord(robot, tan);
        assertEquals(java.util.Set.of(tan), view.receiptViewModel().selection());
        robot.type(KeyCode.DIGIT1); // COMPANY
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("COMPANY", view.receiptViewModel().goldRows().get(tan).label());
        Path file = data.resolve("labels/002.csv");
        assertEquals("COMPANY", LabelFile.readStrict(file, LabelSet.sroie()).get(tan).label(), "saved at once");
        assertEquals("saved", view.receiptViewModel().saveStateProperty().get());

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("O", view.receiptViewModel().goldRows().get(tan).label());
        assertEquals("O", LabelFile.readStrict(file, LabelSet.sroie()).get(tan).label(), "undo is saved too");

        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("COMPANY", view.receiptViewModel().goldRows().get(tan).label());

        // reopen the folder: the label comes back from the file
        openAndWait(robot, data, 1);
        assertEquals("COMPANY", view.receiptViewModel().goldRows().get(indexOf("TAN")).label());
    }

    @Test
    void aBrokenFolderShowsItsProblemsAndTheAppKeepsWorking(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002", "003");
        Files.delete(data.resolve("img/003.jpg"));
        Files.writeString(data.resolve("box/003.csv"), "\n1,2,3,BROKEN\n", java.nio.file.StandardOpenOption.APPEND);
        openAndWait(robot, data, 2);
        List<String> problems = view.datasetViewModel().problems().stream().map(Object::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.contains("003.csv") && p.contains("no image")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("003.csv:") && p.contains("found only 4 fields")),
                problems.toString());
        robot.type(KeyCode.PAGE_DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("003", view.receiptViewModel().receiptProperty().get().id());
        assertTrue(view.canvas().drawnBoxes() > 0, "boxes are drawn without the image");
    }

    @Test
    void predictionsShowDisagreementsAndNextErrorSelectsOne(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002");
        openAndWait(robot, data, 1);
        List<LabelRow> gold = view.receiptViewModel().goldRows();
        int tan = indexOf("TAN");
        Path pred = tmp.resolve("pred");
        List<LabelRow> p = new java.util.ArrayList<>();
        for (int i = 0; i < gold.size(); i++) {
            LabelRow g = gold.get(i);
            p.add(i == tan ? g.withLabel("COMPANY", 0.7) : g.withLabel(g.label(), 0.99));
        }
        LabelFile.write(pred.resolve("002.csv"), p);
        var t = robot.interact(() -> view.openPredictions(pred, Slot.A));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().get(0).errorsAProperty().get() >= 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, view.table().getItems().get(0).errorsAProperty().get());
        assertEquals(List.of(tan), view.receiptViewModel().errors());
        assertEquals(ReceiptViewModel.Diff.FALSE_POSITIVE, view.receiptViewModel().diff(gold.get(tan)));
        robot.type(KeyCode.E);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(tan), view.receiptViewModel().selection());
        robot.type(KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.receiptViewModel().diffModeProperty().get());
    }

    @Test
    void theHelpOverlayListsTheShortcuts(FxRobot robot) {
        assertFalse(view.helpOverlay().isVisible());
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.helpOverlay().isVisible());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.helpOverlay().isVisible());
    }
}
