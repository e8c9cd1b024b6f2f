package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Receipts screen's state and commands on two sample receipts, without the toolkit. */
class ReceiptsViewModelTest {

    @TempDir
    Path tmp;

    private final LabelSet labels = LabelSet.sroie();
    private final StatusLine status = new StatusLine();
    private DatasetViewModel datasets;
    private ReceiptViewModel receipt;
    private ReceiptsViewModel vm;
    private Path data;

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(data.resolve(sub));
        }
        for (String id : new String[] {"sample-001", "sample-002"}) {
            Files.copy(Path.of("sample-receipts/box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(Path.of("sample-receipts/key/" + id + ".json"), data.resolve("key/" + id + ".json"));
        }
        datasets = new DatasetViewModel(labels);
        receipt = new ReceiptViewModel(labels);
        vm = new ReceiptsViewModel(datasets, receipt, Worker.direct(), Runnable::run, status);
    }

    private Dataset open() {
        Dataset[] got = new Dataset[1];
        vm.open(data, ds -> got[0] = ds);
        return got[0];
    }

    @Test
    void aFolderIsReadAndTheStatusLineSaysSo() {
        Dataset ds = open();
        assertEquals(2, ds.receipts().size());
        assertEquals(2, datasets.items().size());
        assertTrue(status.textProperty().get().startsWith("2 receipts from " + data), status.textProperty().get());
        assertTrue(status.textProperty().get().contains("problem(s)"), "no images: each is reported");
        vm.select(datasets.items().get(1));
        assertEquals("sample-002", receipt.receiptProperty().get().id());
        assertEquals("sample-002 (no image)", status.textProperty().get());
    }

    @Test
    void predictionsAreScoredPerReceiptAndShownForTheShownSlot() throws Exception {
        open();
        vm.select(datasets.items().get(0));
        List<LabelRow> gold = receipt.goldRows();
        List<LabelRow> pred = new ArrayList<>();
        for (LabelRow g : gold) {
            pred.add(pred.isEmpty() ? g.withLabel(g.label().equals("O") ? "TOTAL" : "O", 0.5) : g.withLabel(g.label(), 0.9));
        }
        LabelFile.write(tmp.resolve("pred/sample-001.csv"), pred);
        vm.openPredictions(tmp.resolve("pred"), Slot.B);
        assertEquals(1, datasets.items().get(0).errorsBProperty().get());
        assertEquals(-1, datasets.items().get(1).errorsBProperty().get(), "no prediction for it");
        assertEquals(-1, datasets.items().get(0).errorsAProperty().get());
        assertTrue(status.textProperty().get().endsWith("(1 disagreeing words)"), status.textProperty().get());
        assertEquals(null, receipt.predictionProperty().get(), "A is shown, and A has nothing");
        vm.toggleShown();
        assertEquals(Slot.B, vm.shownProperty().get());
        assertNotNull(receipt.predictionProperty().get());
        assertEquals(List.of(0), receipt.errors());
        assertTrue(vm.hoverText().contains("1 disagreement(s) with model B"), vm.hoverText());
    }

    @Test
    void whileAFolderIsReadOtherMessagesWait() {
        status.busy("Reading x");
        vm.say("Model A: done");
        assertEquals("Reading x", status.textProperty().get());
        status.idle();
        vm.say("Model A: done");
        assertEquals("Model A: done", status.textProperty().get());
    }

    @Test
    void anErrorGoesToTheStatusLineAndTheProblems() {
        status.busy("Reading x");
        vm.error(new IllegalStateException("open a receipt folder before running a model"));
        assertEquals("Error: open a receipt folder before running a model", status.textProperty().get());
        Problem p = datasets.problems().get(datasets.problems().size() - 1);
        assertEquals("(app)", p.file());
        assertTrue(p.isError());
    }

    @Test
    void aMissingFolderIsAnError() {
        vm.open(tmp.resolve("nope"), ds -> { });
        assertTrue(status.textProperty().get().startsWith("Error: "), status.textProperty().get());
    }
}
