package com.layoutlens.ui;

import ai.djl.Device;
import com.layoutlens.data.Problem;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingEvent;
import com.layoutlens.train.TrainingJob;
import com.layoutlens.train.TrainingResult;
import com.layoutlens.service.CrossValidation;
import com.layoutlens.service.TrainingRuns;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Training screen's state and commands: the form (with the report's defaults), the run
 * in progress, its progress, status and device lines, the loss and dev-F1 points, and the
 * finished run that can become model A or B. A GPU that fails as CUDA does moves the run to
 * the CPU, resuming from its last checkpoint.
 */
final class TrainingViewModel {

    /** The report's learning rate for fine-tuning. */
    static final String FINE_TUNE_LR = "5e-5";

    /** A point of a chart: the step and the value there. */
    record Point(int step, double value) {
    }

    private final Supplier<Path> dataset;
    private final Executor background;
    private final Executor ui;
    private final Consumer<Problem> onWarning;
    private final Consumer<Throwable> onError;
    private BiConsumer<Path, Slot> useModel = (p, s) -> { };
    private final ObjectProperty<TrainingStart> start = new SimpleObjectProperty<>(TrainingStart.all().get(0));
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty out = new SimpleStringProperty(defaultOut().toString());
    private final StringProperty learningRate = new SimpleStringProperty("");
    private final StringProperty maxLength = new SimpleStringProperty(String.valueOf(TrainingConfig.MAX_LENGTH));
    private final StringProperty seed = new SimpleStringProperty(String.valueOf(TrainingConfig.SEED));
    private final StringProperty batch = new SimpleStringProperty(String.valueOf(TrainingConfig.BATCH));
    private final StringProperty steps = new SimpleStringProperty(String.valueOf(TrainingConfig.STEPS));
    /** {@code --total-segments}: on gives the run the split; off leaves a fine-tuned folder's own choice, else none. */
    private final BooleanProperty totalSegments = new SimpleBooleanProperty(false);
    /** Cross-validation folds: empty (or 0, 1) trains one model; K >= 2 runs {@link CrossValidation}. */
    private final StringProperty folds = new SimpleStringProperty("");
    /** A cross-validation in progress (between folds no job runs). */
    private final BooleanProperty crossValidating = new SimpleBooleanProperty(false);
    /** The out-of-fold folder of the last finished cross-validation, for the Suspects list. */
    private final ObjectProperty<Path> outOfFold = new SimpleObjectProperty<>();
    /** The fold in progress (from 1) and the number of folds; 0 when no cross-validation runs. */
    private int fold;
    private int foldCount;
    private final java.util.concurrent.atomic.AtomicBoolean cancelFolds = new java.util.concurrent.atomic.AtomicBoolean();
    private final StringProperty status = new SimpleStringProperty(
            "Train on the open receipt folder's labels (corrections included).");
    private final StringProperty device = new SimpleStringProperty(
            "Device: chosen when a run starts (the GPU when there is one)");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final ObjectProperty<TrainingJob> job = new SimpleObjectProperty<>();
    private final ObjectProperty<TrainingResult> result = new SimpleObjectProperty<>();
    private final ObservableList<Point> loss = FXCollections.observableArrayList();
    private final ObservableList<Point> devF1 = FXCollections.observableArrayList();
    /** The device setting runs get: auto until a GPU failure moves training to the CPU. */
    private String deviceChoice = "auto";
    /** The device the current run uses, once known. */
    private volatile Device runDevice;

    /**
     * @param dataset    the open receipt folder, or null
     * @param background where the device is chosen (that may load the engine)
     * @param ui         the UI thread, where the run's events arrive
     * @param onWarning  where a move to the CPU is reported (the Problems list)
     * @param onError    where a failed run is reported
     */
    TrainingViewModel(Supplier<Path> dataset, Executor background, Executor ui, Consumer<Problem> onWarning,
                      Consumer<Throwable> onError) {
        this.dataset = dataset;
        this.background = background;
        this.ui = ui;
        this.onWarning = onWarning;
        this.onError = onError;
        start.addListener((o, a, b) -> {
            if (b == TrainingStart.FINE_TUNE) {
                learningRate.set(FINE_TUNE_LR);
            } else if (a == TrainingStart.FINE_TUNE) {
                learningRate.set("");
            }
        });
    }

    /** What "Use as model A / B" does with the best model of the finished run. */
    void onUse(BiConsumer<Path, Slot> action) {
        this.useModel = action;
    }

    private static Path defaultOut() {
        return Path.of("models", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** The form's settings as a training configuration, or null with the reason in the status line. */
    TrainingConfig config(boolean resumeRun) {
        Path data = dataset.get();
        if (data == null) {
            status.set("Open a receipt folder first: training reads its labels.");
            return null;
        }
        try {
            TrainingConfig.Builder b = TrainingConfig.builder(data, Path.of(out.get().trim()))
                    .device(deviceChoice)
                    .steps(Integer.parseInt(steps.get().trim()))
                    .batchSize(Integer.parseInt(batch.get().trim()))
                    .maxLength(Integer.parseInt(maxLength.get().trim()))
                    .seed(Integer.parseInt(seed.get().trim()))
                    .totalSegments(totalSegments.get() ? Boolean.TRUE : null)
                    .resume(resumeRun);
            if (!learningRate.get().isBlank()) {
                b.learningRate(Double.parseDouble(learningRate.get().trim()));
            }
            if (start.get() == TrainingStart.FINE_TUNE) {
                if (from.get().isBlank() || !Files.isDirectory(Path.of(from.get().trim()))) {
                    status.set("Choose the model folder to fine-tune.");
                    return null;
                }
                b.from(Path.of(from.get().trim()));
            } else {
                b.preset(start.get().preset());
                b.modelType(start.get().modelType());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            status.set("Cannot start: " + e.getMessage());
            return null;
        }
    }

    /** The number of cross-validation folds in the form: 0 for none, -1 (with the reason shown) when unusable. */
    int foldCount() {
        String k = folds.get() == null ? "" : folds.get().trim();
        if (k.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(k);
            if (n >= 2) {
                return n;
            }
            if (n == 0 || n == 1) {
                return 0;
            }
        } catch (NumberFormatException e) {
            // below
        }
        status.set("Cross-validation folds: a number of at least 2 (K models, each predicting the receipts it did not "
                + "train on), or empty for one model; not '" + k + "'");
        return -1;
    }

    /** Starts (or resumes) a run with the form's settings; errors in the form are shown, not thrown. */
    TrainingJob launch(boolean resumeRun) {
        TrainingConfig config = config(resumeRun);
        if (config == null) {
            return null;
        }
        int k = foldCount();
        if (k < 0) {
            return null;
        }
        if (k >= 2) {
            launchCrossValidation(config, k);
            return null;
        }
        if (!resumeRun) {
            loss.clear();
            devF1.clear();
        }
        result.set(null);
        chooseDevice(config.device());
        TrainingJob j = new TrainingJob(config);
        j.addListener(ev -> ui.execute(() -> onEvent(ev)));
        job.set(j);
        progress.set(-1);
        status.set("Preparing data and model...");
        j.start().whenComplete((res, err) -> ui.execute(() -> finished(res, err)));
        return j;
    }

    /**
     * Runs a K-fold cross-validation of the form's settings on a background thread, through the
     * same service as {@code train --cross-val K}: each fold's run shows its progress here as a
     * single run does, the bar covers all folds, and when it ends {@link #outOfFoldProperty()}
     * names the out-of-fold predictions for the Suspects list.
     */
    void launchCrossValidation(TrainingConfig config, int k) {
        loss.clear();
        devF1.clear();
        result.set(null);
        outOfFold.set(null);
        cancelFolds.set(false);
        crossValidating.set(true);
        fold = 0;
        foldCount = k;
        progress.set(-1);
        status.set("Cross-validation: reading the labelled receipts...");
        chooseDevice(config.device());
        CrossValidation.Listener listener = new CrossValidation.Listener() {
            @Override
            public void foldStarted(int f, int kk, java.util.List<String> heldOut) {
                ui.execute(() -> {
                    fold = f;
                    loss.clear();
                    devF1.clear();
                    status.set(String.format(Locale.ROOT, "Fold %d/%d: training without its %d receipts", f, kk,
                            heldOut.size()));
                });
            }

            @Override
            public void predicting(int f, int kk, int done, int total) {
                ui.execute(() -> status.set(String.format(Locale.ROOT, "Fold %d/%d: predicting its held-out receipts, "
                        + "%d of %d", f, kk, done, total)));
            }

            @Override
            public void fellBack(String message) {
                onWarning.accept(Problem.warning("(training)", 0, "Training: " + message));
            }
        };
        TrainingRuns.Runner runner = c -> {
            TrainingJob j = new TrainingJob(c);
            j.addListener(ev -> ui.execute(() -> onEvent(ev)));
            ui.execute(() -> job.set(j));
            if (cancelFolds.get()) {
                j.cancel();
            }
            try {
                return j.run();
            } finally {
                ui.execute(() -> job.set(null));
            }
        };
        CrossValidation.start(config, k, Devices::choose, runner, listener, cancelFolds::get).whenComplete((o, e) ->
                ui.execute(() -> crossValidated(o, e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e)));
    }

    private void crossValidated(CrossValidation.Outcome o, Throwable err) {
        crossValidating.set(false);
        fold = 0;
        foldCount = 0;
        if (err != null) {
            status.set("Cross-validation failed: " + err.getMessage());
            progress.set(0);
            onError.accept(err);
            return;
        }
        o.problems().stream().filter(p -> !o.plan().problems().contains(p)).forEach(onWarning);
        if (o.cancelled()) {
            status.set(String.format(Locale.ROOT, "Cross-validation cancelled after %d of %d folds; Resume continues it",
                    o.folds().size(), o.plan().k()));
            return;
        }
        progress.set(1);
        outOfFold.set(o.outOfFold());
        status.set(String.format(Locale.ROOT, "Cross-validation finished: %d folds, %d of %d labelled receipts predicted "
                + "out of fold -> %s; the Suspects tab lists the labels they doubt", o.plan().k(), o.written(),
                o.plan().receipts().size(), o.outOfFold()));
    }

    private void finished(TrainingResult res, Throwable err) {
        job.set(null);
        if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            TrainingConfig resumed = config(true);
            var retry = resumed == null ? java.util.Optional.<com.layoutlens.service.TrainingRuns.Retry>empty()
                    : com.layoutlens.service.TrainingRuns.cpuRetry(resumed, runDevice, cause);
            if (retry.isPresent()) {
                // the model layer's verdict: CUDA is missing or the GPU is full, the CPU can do it;
                // resuming continues from the last checkpoint, or starts afresh when there is none.
                // The run goes on: a warning, not an error
                deviceChoice = "cpu";
                onWarning.accept(Problem.warning("(training)", 0, "Training: " + retry.get().message()));
                if (launch(true) != null) {
                    status.set(retry.get().message());
                    return;
                }
            }
            status.set("Training failed: " + cause.getMessage());
            progress.set(0);
            onError.accept(cause);
            return;
        }
        result.set(res);
        status.set(String.format(Locale.ROOT, "%s after %d steps: best dev F1 %.3f at step %d (before training "
                        + "%.3f); best model in %s", res.cancelled() ? "Cancelled" : "Finished", res.steps(),
                res.bestDevF1(), res.bestStep(), res.initialDevF1(), res.bestModel()));
    }

    /** Says which device a run uses; choosing it may load the engine, so it happens in the background. */
    private void chooseDevice(String choice) {
        runDevice = null;
        device.set("Device: ...");
        background.execute(() -> {
            String text;
            try {
                Device d = Devices.choose(choice);
                runDevice = d;
                text = "Device: " + Devices.name(d) + ("cpu".equals(choice) ? " (after a GPU failure; see Problems)" : "");
            } catch (ModelFolderException | RuntimeException e) {
                text = "Device: " + e.getMessage();
            }
            String shown = text;
            ui.execute(() -> device.set(shown));
        });
    }

    /** Shows one event of the run: progress and loss per step, dev F1 per evaluation, messages. */
    void onEvent(TrainingEvent e) {
        switch (e.kind()) {
            // a broken label line, a receipt left out: listed in Problems with its file and line
            case PROBLEM -> onWarning.accept(Problem.warning("(training)", 0, "Training: " + e.message()));
            case STEP -> {
                progress.set(foldCount > 0 && fold > 0 ? (fold - 1 + e.fraction()) / foldCount : e.fraction());
                // at most about 400 points: a chart redraws all of them on every change
                int every = Math.max(1, e.totalSteps() / 400);
                if (Double.isFinite(e.loss()) && (e.step() % every == 0 || e.step() == e.totalSteps())) {
                    loss.add(new Point(e.step(), e.loss()));
                }
                status.set(String.format(Locale.ROOT, "%sstep %d/%d  loss %.4f  lr %.2e  %.2f steps/s  ETA %.0f s%s",
                        foldCount > 0 && fold > 0 ? "fold " + fold + "/" + foldCount + "  " : "", e.step(), e.totalSteps(), e.loss(), e.learningRate(), e.stepsPerSecond(), e.etaSeconds(),
                        Double.isFinite(e.bestDevF1()) ? String.format(Locale.ROOT, "  best dev F1 %.3f", e.bestDevF1()) : ""));
            }
            case EVALUATED -> {
                if (Double.isFinite(e.devF1())) {
                    devF1.add(new Point(e.step(), e.devF1()));
                }
            }
            default -> {
                if (e.message() != null && !e.message().isBlank()) {
                    status.set(e.message());
                }
            }
        }
    }

    /** Asks the run to stop after its current step (a checkpoint is written). */
    void cancel() {
        cancelFolds.set(true);
        if (crossValidating.get() && job.get() == null) {
            status.set("Cancelling the cross-validation (Resume continues it)");
        }
        if (job.get() != null) {
            job.get().cancel();
            status.set("Cancelling after the current step (a checkpoint is written; Resume continues it)");
        }
    }

    /** Runs the finished run's best model as A or B. */
    void use(Slot slot) {
        if (result.get() != null) {
            useModel.accept(result.get().bestModel(), slot);
        }
    }

    ObjectProperty<TrainingStart> startProperty() {
        return start;
    }

    StringProperty fromProperty() {
        return from;
    }

    StringProperty outProperty() {
        return out;
    }

    StringProperty learningRateProperty() {
        return learningRate;
    }

    StringProperty maxLengthProperty() {
        return maxLength;
    }

    StringProperty seedProperty() {
        return seed;
    }

    StringProperty batchProperty() {
        return batch;
    }

    StringProperty stepsProperty() {
        return steps;
    }

    /** Token types split at the receipt's first total keyword ({@code train --total-segments}). */
    BooleanProperty totalSegmentsProperty() {
        return totalSegments;
    }

    StringProperty foldsProperty() {
        return folds;
    }

    BooleanProperty crossValidatingProperty() {
        return crossValidating;
    }

    ObjectProperty<Path> outOfFoldProperty() {
        return outOfFold;
    }

    StringProperty statusProperty() {
        return status;
    }

    StringProperty deviceProperty() {
        return device;
    }

    DoubleProperty progressProperty() {
        return progress;
    }

    ObjectProperty<TrainingJob> jobProperty() {
        return job;
    }

    ObjectProperty<TrainingResult> resultProperty() {
        return result;
    }

    ObservableList<Point> loss() {
        return loss;
    }

    ObservableList<Point> devF1() {
        return devF1;
    }
}
