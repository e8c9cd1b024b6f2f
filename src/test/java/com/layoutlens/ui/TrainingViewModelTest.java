package com.layoutlens.ui;

import com.layoutlens.train.Preset;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training form and its events, without the toolkit and without training. */
class TrainingViewModelTest {

    @TempDir
    Path tmp;

    private Path data;
    private final List<Object> reported = new ArrayList<>();

    private TrainingViewModel vm() {
        return new TrainingViewModel(() -> data, Runnable::run, Runnable::run, reported::add, reported::add);
    }

    @Test
    void withoutAFolderItAsksForOne() {
        TrainingViewModel vm = vm();
        assertNull(vm.config(false));
        assertEquals("Open a receipt folder first: training reads its labels.", vm.statusProperty().get());
    }

    @Test
    void theFormsDefaultsMakeAFreshTinyLayoutLm() {
        data = tmp;
        TrainingViewModel vm = vm();
        vm.outProperty().set(tmp.resolve("run").toString());
        TrainingConfig c = vm.config(false);
        assertEquals(Preset.TINY, c.preset());
        assertEquals(TrainingConfig.STEPS, c.steps());
        assertEquals(TrainingConfig.BATCH, c.batchSize());
        assertEquals(tmp.resolve("run"), c.out());
        vm.startProperty().set(TrainingStart.fresh(com.layoutlens.train.Preset.SMALL, "layoutlmv2"));
        vm.stepsProperty().set(" 6 ");
        c = vm.config(true);
        assertEquals(Preset.SMALL, c.preset());
        assertEquals("layoutlmv2", c.modelType());
        assertEquals(6, c.steps());
        assertTrue(c.resume());
    }

    @Test
    void fineTuningNeedsAFolderAndTakesTheReportsLearningRate() {
        data = tmp;
        TrainingViewModel vm = vm();
        assertEquals("", vm.learningRateProperty().get());
        vm.startProperty().set(TrainingStart.FINE_TUNE);
        assertEquals("5e-5", vm.learningRateProperty().get());
        assertNull(vm.config(false));
        assertEquals("Choose the model folder to fine-tune.", vm.statusProperty().get());
        vm.fromProperty().set(tmp.toString());
        assertEquals(tmp, vm.config(false).from());
        vm.startProperty().set(TrainingStart.fresh(com.layoutlens.train.Preset.TINY, "layoutlm"));
        assertEquals("", vm.learningRateProperty().get(), "back to the preset's own rate");
    }

    @Test
    void aBadNumberIsShownNotThrown() {
        data = tmp;
        TrainingViewModel vm = vm();
        vm.batchProperty().set("eight");
        assertNull(vm.config(false));
        assertTrue(vm.statusProperty().get().startsWith("Cannot start: "), vm.statusProperty().get());
    }

    @Test
    void stepsAndEvaluationsBecomeChartPointsAndAStatusLine() {
        TrainingViewModel vm = vm();
        vm.onEvent(new TrainingEvent(TrainingEvent.Kind.STEP, 2, 4, 0.5, 1e-3, 2.0, 1.0, Double.NaN, Double.NaN, null));
        vm.onEvent(new TrainingEvent(TrainingEvent.Kind.EVALUATED, 2, 4, 0.5, 1e-3, 2.0, 1.0, 0.75, 0.75, null));
        vm.onEvent(new TrainingEvent(TrainingEvent.Kind.CHECKPOINT, 2, 4, 0.5, 1e-3, 2.0, 1.0, 0.75, 0.75,
                "checkpoint written"));
        assertEquals(List.of(new TrainingViewModel.Point(2, 0.5)), vm.loss());
        assertEquals(List.of(new TrainingViewModel.Point(2, 0.75)), vm.devF1());
        assertEquals(0.5, vm.progressProperty().get());
        assertEquals("checkpoint written", vm.statusProperty().get());
    }

    @Test
    void aFinishedRunCanBeUsedAsAModel() {
        TrainingViewModel vm = vm();
        List<String> used = new ArrayList<>();
        vm.onUse((p, s) -> used.add(p + " as " + s));
        vm.use(Slot.A);
        assertEquals(List.of(), used, "nothing to use before a run finished");
        vm.resultProperty().set(new com.layoutlens.train.TrainingResult(6, false, 0.1, 0.5, 3, 0.2, Path.of("run/best"), Path.of("run/checkpoint"), Path.of("run/log.csv"), List.of()));
        vm.use(Slot.B);
        assertEquals(List.of(Path.of("run/best") + " as B"), used);
    }

    @Test
    void theSplitSwitchAsksForTotalSegmentsAndOffLeavesTheFoldersChoice() {
        data = tmp;
        TrainingViewModel vm = vm();
        vm.outProperty().set(tmp.resolve("run").toString());
        assertNull(vm.config(false).totalSegments(), "off: a fine-tuned folder's own choice, else none");
        vm.totalSegmentsProperty().set(true);
        assertEquals(Boolean.TRUE, vm.config(false).totalSegments());
        vm.startProperty().set(TrainingStart.FINE_TUNE);
        vm.fromProperty().set(tmp.toString());
        assertEquals(Boolean.TRUE, vm.config(true).totalSegments());
        vm.totalSegmentsProperty().set(false);
        assertNull(vm.config(false).totalSegments());
    }

    @Test
    void theFoldsFieldIsEmptyForOneModelOrAtLeastTwo() {
        data = tmp;
        TrainingViewModel vm = vm();
        assertEquals(0, vm.foldCount());
        vm.foldsProperty().set(" 5 ");
        assertEquals(5, vm.foldCount());
        vm.foldsProperty().set("1");
        assertEquals(0, vm.foldCount());
        for (String bad : List.of("-2", "five")) {
            vm.foldsProperty().set(bad);
            assertEquals(-1, vm.foldCount());
            assertTrue(vm.statusProperty().get().contains("at least 2") && vm.statusProperty().get().contains(bad),
                    vm.statusProperty().get());
            assertNull(vm.launch(false));
        }
    }

    @Test
    void aCrossValidationRunsInTheBackgroundAndNamesItsOutOfFoldFolder() throws Exception {
        data = Path.of("sample-receipts");
        TrainingViewModel vm = vm();
        vm.outProperty().set(tmp.resolve("cv").toString());
        vm.stepsProperty().set("1");
        vm.batchProperty().set("2");
        vm.maxLengthProperty().set("32");
        vm.foldsProperty().set("2");
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        vm.statusProperty().addListener((o, a, b) -> statuses.add(b));
        assertNull(vm.launch(false)); // no single job: the folds' jobs come and go
        assertTrue(vm.crossValidatingProperty().get());
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (vm.crossValidatingProperty().get() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(tmp.resolve("cv").resolve("out-of-fold"), vm.outOfFoldProperty().get(), statuses.toString());
        try (var files = java.nio.file.Files.list(vm.outOfFoldProperty().get())) {
            assertEquals(40, files.count());
        }
        assertTrue(statuses.stream().anyMatch(x -> x.startsWith("Fold 2/2: training without its")), statuses.toString());
        assertTrue(statuses.stream().anyMatch(x -> x.startsWith("fold 1/2  step 1/1")), statuses.toString());
        assertTrue(vm.statusProperty().get().startsWith("Cross-validation finished: 2 folds, 40 of 40"),
                vm.statusProperty().get());
        assertEquals(1.0, vm.progressProperty().get());
        assertNull(vm.jobProperty().get());
    }
}
