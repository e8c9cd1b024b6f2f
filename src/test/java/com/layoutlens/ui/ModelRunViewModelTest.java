package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.service.PredictionRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model slot's run without the toolkit or a model: a stand-in runner, work on the test's thread. */
class ModelRunViewModelTest {

    private final Dataset dataset = new Dataset(Path.of("receipts"), LabelSet.sroie(), List.of(), List.of());
    private final List<String> heard = new ArrayList<>();
    private final List<Runnable> queued = new ArrayList<>();

    private final ModelRunViewModel.Listener listener = new ModelRunViewModel.Listener() {
        @Override
        public void warning(Problem problem) {
            heard.add("warning " + problem.file() + ": " + problem.message());
        }

        @Override
        public void finished(Slot slot, Path modelDir, DatasetViewModel.Predictions predictions,
                             PredictionRun.Outcome outcome, String statusLine) {
            heard.add("finished " + slot + " " + predictions.name() + " | " + statusLine);
        }

        @Override
        public void say(String statusLine) {
            heard.add("say " + statusLine);
        }

        @Override
        public void failed(Throwable error) {
            heard.add("failed " + error.getMessage());
        }
    };

    private static PredictionRun.Outcome outcome(String device, int fromCache, int predicted, String fallback) {
        return new PredictionRun.Outcome(Map.<String, List<LabelRow>>of(), List.of(), device, fromCache, predicted, false,
                Path.of("cache"), fallback);
    }

    private ModelRunViewModel vm(Slot slot, ModelRunViewModel.Runner runner, Worker worker) {
        return new ModelRunViewModel(slot, LabelSet.sroie(), runner, worker, Runnable::run, listener);
    }

    @Test
    void aRunReportsItsDeviceAndProgressThenItsOutcome() {
        List<String> messages = new ArrayList<>();
        ModelRunViewModel[] vm = new ModelRunViewModel[1];
        vm[0] = vm(Slot.B, (dir, ds, labels, progress, cancelled, devices) -> {
            assertTrue(vm[0].runningProperty().get());
            devices.using("cpu");
            progress.accept(1, 4);
            return outcome("cpu", 3, 1, null);
        }, Worker.direct());
        vm[0].messageProperty().addListener((o, a, b) -> messages.add(b));
        vm[0].start(Path.of("models/tiny-b"), dataset);
        assertEquals("B: tiny-b, loading", messages.get(0));
        assertEquals("B: tiny-b, loading on cpu", messages.get(1));
        assertTrue(messages.get(2).startsWith("B: tiny-b on cpu, 1/4 receipts, "), messages.toString());
        assertFalse(vm[0].runningProperty().get());
        assertEquals(List.of("finished B tiny-b (cpu) | Model B: tiny-b on cpu, 1 receipts predicted, 3 from the cache"),
                heard);
    }

    @Test
    void aGpuFailureIsAWarningAndTheLineSaysWhereItRan() {
        ModelRunViewModel vm = vm(Slot.A, (dir, ds, labels, progress, cancelled, devices) -> {
            devices.fellBack("CUDA is missing");
            return outcome("cpu", 0, 2, "CUDA is missing");
        }, Worker.direct());
        vm.start(Path.of("m"), dataset);
        assertEquals("warning (model A): CUDA is missing", heard.get(0));
        assertTrue(heard.get(1).endsWith("; the GPU failed, so it ran on the CPU (see Problems)"), heard.get(1));
        assertEquals("Model A: m, all 4 receipts from the cache",
                vm.statusLine("m", outcome("cpu", 4, 0, null)));
    }

    @Test
    void aFailedRunIsReportedAndFreesTheSlot() {
        ModelRunViewModel vm = vm(Slot.A, (dir, ds, labels, progress, cancelled, devices) -> {
            throw new java.io.IOException("m/model.safetensors: truncated");
        }, Worker.direct());
        vm.start(Path.of("m"), dataset);
        assertEquals(List.of("failed m/model.safetensors: truncated"), heard);
        assertFalse(vm.runningProperty().get());
    }

    @Test
    void cancelFreesTheSlotAtOnceAndTheLateOutcomeIsDropped() {
        Worker later = work -> {
            queued.add(work);
            return CompletableFuture.completedFuture(null);
        };
        boolean[] sawCancel = new boolean[1];
        ModelRunViewModel vm = vm(Slot.A, (dir, ds, labels, progress, cancelled, devices) -> {
            sawCancel[0] = cancelled.getAsBoolean();
            return outcome("cpu", 0, 1, null);
        }, later);
        vm.start(Path.of("m"), dataset);
        assertTrue(vm.runningProperty().get());
        vm.cancel();
        assertFalse(vm.runningProperty().get());
        queued.get(0).run();
        assertTrue(sawCancel[0], "the runner is told to stop");
        assertEquals(List.of("say Model A cancelled; receipts done so far are cached"), heard);
    }

    @Test
    void aNewRunOfTheSlotCancelsTheOneBefore() {
        Worker later = work -> {
            queued.add(work);
            return CompletableFuture.completedFuture(null);
        };
        ModelRunViewModel vm = vm(Slot.A, (dir, ds, labels, progress, cancelled, devices) ->
                outcome("cpu", 0, 1, null), later);
        vm.start(Path.of("first"), dataset);
        vm.start(Path.of("second"), dataset);
        queued.get(1).run();
        queued.get(0).run();
        assertEquals(List.of("say Model A cancelled; receipts done so far are cached",
                "finished A second (cpu) | Model A: second on cpu, 1 receipts predicted, 0 from the cache"), heard);
    }
}
