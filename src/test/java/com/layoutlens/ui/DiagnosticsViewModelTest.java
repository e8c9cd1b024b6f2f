package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Model input screen's state without the toolkit: the report follows the receipt and the model. */
class DiagnosticsViewModelTest {

    private static Receipt receipt(String id) {
        return new Receipt(id, null, 300, 100, List.of(
                Segment.of(0, new Box(10, 10, 110, 25), "ACME SDN BHD"),
                Segment.of(1, new Box(10, 40, 110, 55), "TOTAL 9.00")), Map.of(), null);
    }

    @Test
    void theReportFollowsTheReceiptAndTheModel() {
        DiagnosticsViewModel vm = new DiagnosticsViewModel(Runnable::run, Runnable::run);
        vm.receiptProperty().set(receipt("r1"));
        assertNull(vm.reportProperty().get(), "no model yet");
        assertEquals(DiagnosticsViewModel.NO_MODEL, vm.summaryProperty().get());
        vm.modelFolderProperty().set(Fixtures.folder("tiny-a"));
        assertEquals(5, vm.reportProperty().get().words().size());
        assertTrue(vm.summaryProperty().get().startsWith("r1 read by tiny-a: 5 words, "), vm.summaryProperty().get());
        vm.modelFolderProperty().set(null);
        assertNull(vm.reportProperty().get());
        assertNull(vm.pageProperty().get(), "a receipt without an image has no page");
    }

    @Test
    void aResultForAReceiptNoLongerShownIsDropped() {
        List<Runnable> queued = new ArrayList<>();
        DiagnosticsViewModel vm = new DiagnosticsViewModel(queued::add, Runnable::run);
        vm.modelFolderProperty().set(Fixtures.folder("tiny-a"));
        vm.receiptProperty().set(receipt("old"));
        vm.receiptProperty().set(receipt("new"));
        queued.get(0).run();
        assertNull(vm.reportProperty().get());
        queued.get(1).run();
        assertTrue(vm.summaryProperty().get().startsWith("new read by"), vm.summaryProperty().get());
    }
}
