package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import javafx.scene.control.Button;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class EvaluationUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    /** Predictions equal to the gold labels except for the given (text -> label) changes. */
    private static void writePredictions(Path dir, String id, List<LabelRow> gold, java.util.Map<String, String> changes)
            throws Exception {
        List<LabelRow> p = new ArrayList<>();
        for (LabelRow g : gold) {
            String l = changes.getOrDefault(g.text(), g.label());
            p.add(g.withLabel(l, 0.9));
        }
        LabelFile.write(dir.resolve(id + ".csv"), p);
    }

    /** A matrix cell's text, read on the FX thread (the matrices are rebuilt there). */
    private String cell(String model, String gold, String pred) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                Button b = (Button) view.tabs().getScene().lookup("#cell-" + model + "-" + gold + "-" + pred);
                return b == null ? null : b.getText();
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void matricesRulesAndClickThroughToTheWord(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002");
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.receiptViewModel().receiptProperty().get() != null);
        List<LabelRow> gold = view.receiptViewModel().goldRows();
        // A: a false TOTAL on the word TRAINEE and on the word TAN (no keyword before either)
        writePredictions(tmp.resolve("a"), "002", gold, java.util.Map.of("TRAINEE", "TOTAL", "TAN", "COMPANY"));
        // B: misses the total
        writePredictions(tmp.resolve("b"), "002", gold, java.util.Map.of("33.90", "O"));
        robot.interact(() -> view.openPredictions(tmp.resolve("a"), Slot.A));
        robot.interact(() -> view.openPredictions(tmp.resolve("b"), Slot.B));
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            var r = view.evaluationViewModel().resultsProperty().get();
            return r != null && r.a() != null && r.b() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        long fpTotalA = gold.stream().filter(g -> g.text().equals("TRAINEE") && g.label().equals("O")).count();
        assertTrue(fpTotalA >= 1);
        assertEquals(String.valueOf(fpTotalA), cell("A", "O", "TOTAL"));
        assertEquals("0", cell("B", "O", "TOTAL"));
        assertEquals("1", cell("B", "TOTAL", "O"));
        assertEquals("-" + fpTotalA, cell("B-A", "O", "TOTAL"));
        // word level and entity level side by side: B misses one TOTAL word, which is one whole entity
        var results = view.evaluationViewModel().resultsProperty().get();
        var node = view.evaluationView().node();
        String entityB = ((javafx.scene.control.Label) node.lookup("#entity-f1-B-TOTAL")).getText();
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f", 100 * results.b().entities().get("TOTAL").f1()), entityB);
        assertEquals("0.0", entityB, "the only TOTAL entity is missed");
        assertTrue(((javafx.scene.control.Label) node.lookup("#entity-f1-A-micro")).getTooltip().getText()
                .contains("strict mode F1"));

        // the rule removes A's false TOTALs; the matrix updates live
        robot.clickOn("#rule-total-keyword");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "0".equals(cell("A", "O", "TOTAL")));
        WaitForAsyncUtils.waitForFxEvents();
        String info = ((javafx.scene.control.Label) view.evaluationView().node().lookup("#rule-info")).getText();
        assertTrue(info.contains("total-keyword") && info.contains("false positives removed"), info);
        robot.clickOn("#rule-total-keyword");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> String.valueOf(fpTotalA).equals(cell("A", "O", "TOTAL")));

        // clicking a cell lists its words; clicking a word opens it on the receipt
        robot.clickOn("#cell-A-O-COMPANY");
        WaitForAsyncUtils.waitForFxEvents();
        var words = view.evaluationView().wordsTable().getItems();
        assertEquals(1, words.size());
        assertEquals("TAN", words.get(0).text());
        robot.interact(() -> view.evaluationView().wordsTable().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, view.tabs().getSelectionModel().getSelectedIndex());
        int sel = view.receiptViewModel().selection().iterator().next();
        assertEquals("TAN", view.receiptViewModel().goldRows().get(sel).text());

        // correcting the gold label of TAN to COMPANY turns A's false positive into a true positive
        robot.type(KeyCode.DIGIT1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("COMPANY", view.receiptViewModel().goldRows().get(sel).label());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "0".equals(cell("A", "O", "COMPANY")));
        assertTrue(Files.exists(data.resolve("labels/002.csv")));
    }

    @Test
    void exportsCsvAndPng(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002");
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.receiptViewModel().receiptProperty().get() != null);
        writePredictions(tmp.resolve("a"), "002", view.receiptViewModel().goldRows(), java.util.Map.of());
        robot.interact(() -> view.openPredictions(tmp.resolve("a"), Slot.A));
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.evaluationViewModel().resultsProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Path csv = tmp.resolve("m.csv");
        Path png = tmp.resolve("m.png");
        robot.interact(() -> {
            try {
                view.evaluationView().exportCsv(csv);
                view.evaluationView().exportPng(png);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        String text = Files.readString(csv);
        assertTrue(text.startsWith("model,section,row,column,value"));
        assertTrue(text.contains("A,label,TOTAL,f1,1.0"), text);
        assertTrue(text.contains("A,confusion,O,O,"));
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G');
    }
}
