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
}
