package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.service.PredictionRun;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * One model slot's run: a model folder over the open receipts in the background (cached
 * results reused, a failing GPU handing over to the CPU), with its progress line (device,
 * receipts done, speed, ETA), its progress, whether it runs, and its outcome. A new run of
 * the slot cancels the one before; Cancel stops between batches, keeping what was done.
 */
final class ModelRunViewModel {

    /** Runs a model folder over a receipt folder: {@link PredictionRun#run} in the app, a stand-in in tests. */
    @FunctionalInterface
    interface Runner {
        PredictionRun.Outcome run(Path modelDir, Dataset dataset, LabelSet labelSet, BiConsumer<Integer, Integer> progress,
                                  BooleanSupplier cancelled, PredictionRun.DeviceListener devices)
                throws IOException, ModelFolderException;
    }

    /** Hears how a run ends; called on the UI thread. */
    interface Listener {
        /** A warning for the Problems list (the GPU failed, the run goes on on the CPU). */
        void warning(Problem problem);

        /** The run finished (perhaps cancelled between batches): its predictions and a status line. */
        void finished(Slot slot, Path modelDir, DatasetViewModel.Predictions predictions, PredictionRun.Outcome outcome,
                      String statusLine);

        /** A line for the status bar (the run was cancelled). */
        void say(String statusLine);

        /** The run failed. */
        void failed(Throwable error);
    }

    private final Slot slot;
    private final LabelSet labelSet;
    private final Runner runner;
    private final Worker background;
    private final Executor ui;
    private final Listener listener;
    private final StringProperty message = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    /** The cancel flag of the newest run; an older run's late reports are dropped. */
    private AtomicBoolean current;

    ModelRunViewModel(Slot slot, LabelSet labelSet, Runner runner, Worker background, Executor ui, Listener listener) {
        this.slot = slot;
        this.labelSet = labelSet;
        this.runner = runner;
        this.background = background;
        this.ui = ui;
        this.listener = listener;
    }

    /** A run for each slot, through {@link PredictionRun} (the prediction cache, the GPU-to-CPU fallback). */
    static Map<Slot, ModelRunViewModel> forEachSlot(LabelSet labelSet, Worker background, Executor ui, Listener listener) {
        Map<Slot, ModelRunViewModel> runs = new EnumMap<>(Slot.class);
        for (Slot slot : Slot.values()) {
            runs.put(slot, new ModelRunViewModel(slot, labelSet, (dir, ds, labels, progress, cancelled, devices) ->
                    PredictionRun.run(dir, ds, labels, "auto", PredictionRun.defaultCacheRoot(), progress, cancelled,
                            devices), background, ui, listener));
        }
        return runs;
    }

    /** Starts a run (call on the UI thread); a run of this slot still going is cancelled. */
    void start(Path modelDir, Dataset dataset) {
        cancel();
        AtomicBoolean cancelled = new AtomicBoolean();
        current = cancelled;
        String name = modelDir.toAbsolutePath().normalize().getFileName().toString();
        message.set(slot + ": " + name + ", loading");
        progress.set(-1);
        running.set(true);
        background.execute(() -> {
            long start = System.nanoTime();
            String[] device = {"?"};
            try {
                PredictionRun.Outcome out = runner.run(modelDir, dataset, labelSet, (done, total) -> {
                    double secs = (System.nanoTime() - start) / 1e9;
                    double rate = secs > 0 ? done / secs : 0;
                    report(cancelled, String.format("%s: %s on %s, %d/%d receipts, %.1f/s, ETA %.0f s", slot, name,
                            device[0], done, total, rate, rate > 0 ? (total - done) / rate : 0),
                            total > 0 ? done / (double) total : -1);
                }, cancelled::get, new PredictionRun.DeviceListener() {
                    @Override
                    public void using(String d) {
                        device[0] = d;
                        report(cancelled, slot + ": " + name + ", loading on " + d, -1);
                    }

                    @Override
                    public void fellBack(String why) {
                        report(cancelled, slot + ": " + name + ", GPU failed, going on on the CPU", -1);
                        ui.execute(() -> listener.warning(Problem.warning("(model " + slot + ")", 0, why)));
                    }
                });
                ui.execute(() -> {
                    if (end(cancelled)) {
                        DatasetViewModel.Predictions p = new DatasetViewModel.Predictions(
                                name + " (" + out.device() + ")", out.cacheDir(), out.rows());
                        listener.finished(slot, modelDir, p, out, statusLine(name, out));
                    }
                });
            } catch (Exception | Error e) {
                ui.execute(() -> {
                    if (end(cancelled)) {
                        listener.failed(e);
                    }
                });
            }
        });
    }

    /** The status bar's line for a finished run. */
    String statusLine(String name, PredictionRun.Outcome out) {
        return out.predicted() == 0
                ? String.format("Model %s: %s, all %d receipts from the cache", slot, name, out.fromCache())
                : String.format("Model %s: %s on %s, %d receipts predicted, %d from the cache%s%s", slot, name,
                out.device(), out.predicted(), out.fromCache(), out.cancelled() ? " (cancelled)" : "",
                out.fallback() == null ? "" : "; the GPU failed, so it ran on the CPU (see Problems)");
    }

    private void report(AtomicBoolean run, String text, double fraction) {
        ui.execute(() -> {
            if (run == current) {
                message.set(text);
                progress.set(fraction);
            }
        });
    }

    /** Ends the run if it is still the newest (and not cancelled); answers whether it was. */
    private boolean end(AtomicBoolean run) {
        if (run != current) {
            return false;
        }
        running.set(false);
        current = null;
        return true;
    }

    /**
     * Cancels the run in progress: it stops after its current batch (what it did stays
     * cached) and its outcome is dropped; the slot is free at once.
     */
    void cancel() {
        AtomicBoolean run = current;
        if (run != null) {
            run.set(true);
            end(run);
            listener.say("Model " + slot + " cancelled; receipts done so far are cached");
        }
    }

    Slot slot() {
        return slot;
    }

    StringProperty messageProperty() {
        return message;
    }

    DoubleProperty progressProperty() {
        return progress;
    }

    BooleanProperty runningProperty() {
        return running;
    }
}
