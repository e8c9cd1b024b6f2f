package com.layoutlens.ui;

import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import javafx.scene.Node;
import javafx.scene.control.Label;
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
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The A-vs-B comparison shows McNemar's test per label beside the difference matrix and fades the noise. */
@ExtendWith(ApplicationExtension.class)
class ComparisonUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    /** The gold rows with every word of one label predicted as O. */
    private static void writeWithout(Path dir, String id, List<LabelRow> gold, String label) throws Exception {
        List<LabelRow> p = new ArrayList<>();
        for (LabelRow g : gold) {
            p.add(g.withLabel(g.label().equals(label) ? "O" : g.label(), 0.9));
        }
        LabelFile.write(dir.resolve(id + ".csv"), p);
    }

    private Node node(String id) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> view.tabs().getScene().lookup("#" + id)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String text(String id) {
        Node n = node(id);
        return n == null ? null : ((javafx.scene.control.Labeled) n).getText();
    }

    @Test
    void mcNemarPerLabelBesideTheDifferenceMatrix(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002");
        robot.interact(() -> view.open(data));
        // the receipt shows first, its gold rows (aligned in the background) right after
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.receiptViewModel().receiptProperty().get() != null
                && !view.receiptViewModel().goldRows().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        List<LabelRow> gold = view.receiptViewModel().goldRows();
        long address = gold.stream().filter(g -> g.label().equals("ADDRESS")).count();
        long total = gold.stream().filter(g -> g.label().equals("TOTAL")).count();
        assertTrue(address >= 6 && total >= 1 && total <= 4, "ADDRESS " + address + ", TOTAL " + total);
        // A misses the whole address, B misses the total
        writeWithout(tmp.resolve("a"), "002", gold, "ADDRESS");
        writeWithout(tmp.resolve("b"), "002", gold, "TOTAL");
        robot.interact(() -> view.openPredictions(tmp.resolve("a"), Slot.A));
        robot.interact(() -> view.openPredictions(tmp.resolve("b"), Slot.B));
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> text("mcnemar-verdict-TOTAL") != null);
        WaitForAsyncUtils.waitForFxEvents();

        // ADDRESS: only B right on every address word; exact p = 2 / 2^n
        double pAddress = Math.min(1, 2 * Math.pow(0.5, address));
        assertEquals(pAddress < 0.001 ? String.format(Locale.ROOT, "%.1e", pAddress)
                : String.format(Locale.ROOT, "%.3f", pAddress), text("mcnemar-p-ADDRESS"));
        assertEquals("B better", text("mcnemar-verdict-ADDRESS"));
        // TOTAL: A right on a word or few, B on none: far from significant
        assertEquals("likely noise", text("mcnemar-verdict-TOTAL"));
        assertEquals(String.format(Locale.ROOT, "%.3f", Math.min(1, 2 * Math.pow(0.5, total))), text("mcnemar-p-TOTAL"));
        assertEquals("likely noise", text("mcnemar-verdict-DATE"));
        assertEquals("1.000", text("mcnemar-p-DATE"));
        // the difference matrix fades the noise and keeps the significant cells
        assertEquals("+" + total, text("cell-B-A-TOTAL-O"));
        assertEquals(0.45, node("cell-B-A-TOTAL-O").getOpacity(), 1e-9);
        assertEquals("-" + address, text("cell-B-A-ADDRESS-O"));
        assertEquals(1.0, node("cell-B-A-ADDRESS-O").getOpacity(), 1e-9);
        Label all = (Label) node("mcnemar-verdict-all-words");
        assertEquals("B better", all.getText());
    }
}
