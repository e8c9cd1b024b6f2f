package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receipt view model without any view (the FX toolkit runs only to deliver its property events). */
@org.junit.jupiter.api.extension.ExtendWith(org.testfx.framework.junit5.ApplicationExtension.class)
class ReceiptViewModelTest {

    private static Receipt receipt() {
        return new Receipt("r1", null, 300, 100, List.of(
                Segment.of(0, new Box(10, 10, 110, 25), "ACME SDN BHD"),
                Segment.of(1, new Box(10, 40, 110, 55), "TOTAL 9.00"),
                Segment.of(2, new Box(10, 70, 110, 85), "CASH 10.00")),
                Map.of("company", "ACME SDN BHD", "total", "9.00"), null);
    }

    @Test
    void disagreementsAreClassified(@TempDir Path dir) throws Exception {
        ReceiptViewModel vm = new ReceiptViewModel(LabelSet.sroie());
        Receipt r = receipt();
        vm.show(r, dir, null);
        List<LabelRow> gold = vm.goldRows();
        assertEquals(List.of("COMPANY", "COMPANY", "COMPANY", "O", "TOTAL", "O", "O"),
                gold.stream().map(LabelRow::label).toList());
        List<LabelRow> pred = List.of(
                gold.get(0).withLabel("COMPANY", 0.9), gold.get(1).withLabel("ADDRESS", 0.6),
                gold.get(2).withLabel("O", 0.5), gold.get(3).withLabel("O", 0.9),
                gold.get(4).withLabel("TOTAL", 0.8), gold.get(5).withLabel("O", 0.9),
                gold.get(6).withLabel("TOTAL", 0.7));
        vm.setPrediction(pred);
        assertEquals(ReceiptViewModel.Diff.AGREE, vm.diff(gold.get(0)));
        assertEquals(ReceiptViewModel.Diff.WRONG_TYPE, vm.diff(gold.get(1)));
        assertEquals(ReceiptViewModel.Diff.FALSE_NEGATIVE, vm.diff(gold.get(2)));
        assertEquals(ReceiptViewModel.Diff.FALSE_POSITIVE, vm.diff(gold.get(6)));
        assertEquals(List.of(1, 2, 6), vm.errors());
        assertEquals(1, vm.selectNextError());
        assertEquals(2, vm.selectNextError());
        assertEquals(6, vm.selectNextError());
        assertEquals(1, vm.selectNextError(), "wraps around");
    }

    @Test
    void labelsAlignedFromKeysAreWrittenOnlyByTheFirstEdit(@TempDir Path dir) throws Exception {
        ReceiptViewModel vm = new ReceiptViewModel(LabelSet.sroie());
        vm.show(receipt(), dir, null);
        assertFalse(Files.exists(dir.resolve("r1.csv")));
        assertTrue(vm.saveStateProperty().get().contains("not yet saved"));
        vm.selection().add(6);
        assertTrue(vm.labelSelection("TOTAL"));
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.exists(dir.resolve("r1.csv")));
        assertEquals("saved", vm.saveStateProperty().get());
        assertTrue(vm.undo());
        assertEquals("O", vm.goldRows().get(6).label());
    }

    @Test
    void aLabelFileThatCannotBeSavedSaysWhichAndWhy(@TempDir Path dir) throws Exception {
        ReceiptViewModel vm = new ReceiptViewModel(LabelSet.sroie());
        vm.show(receipt(), dir, null);
        Files.createDirectories(dir.resolve("r1.csv").resolve("inside"));
        vm.selection().add(6);
        vm.labelSelection("TOTAL");
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertEquals("not saved: cannot write " + dir.resolve("r1.csv") + ": a directory is in the way",
                vm.saveStateProperty().get());
    }
}
