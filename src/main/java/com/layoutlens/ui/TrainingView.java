package com.layoutlens.ui;

import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.train.Preset;
import com.layoutlens.train.TrainableModels;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingEvent;
import com.layoutlens.train.TrainingJob;
import com.layoutlens.train.TrainingResult;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The training panel: fine-tunes a model folder (or trains a fresh preset) on the open
 * receipt folder's current, corrected labels in the background, with the report's
 * defaults filled in; shows progress, the loss and dev-F1 curves, and lets a finished run
 * be picked as model A or B. The app stays usable while it runs.
 */
final class TrainingView {

    /** "fresh tiny LayoutLMv2 model": a size and a family, one choice per size and family that trains from scratch. */
    private static final Map<String, Map.Entry<Preset, String>> FRESH = freshChoices();
    static final String FINE_TUNE = "fine-tune a model folder";

    private final BorderPane root = new BorderPane();
    private final ChoiceBox<String> start = new ChoiceBox<>();
    private final TextField from = new TextField();
    private final TextField out = new TextField();
    private final TextField lr = new TextField("5e-5");
    private final TextField maxLength = new TextField(String.valueOf(TrainingConfig.MAX_LENGTH));
    private final TextField seed = new TextField(String.valueOf(TrainingConfig.SEED));
    private final TextField batch = new TextField(String.valueOf(TrainingConfig.BATCH));
    private final TextField steps = new TextField(String.valueOf(TrainingConfig.STEPS));
    private final Button run = new Button("Start");
    private final Button cancel = new Button("Cancel");
    private final Button resume = new Button("Resume");
    private final Button useA = new Button("Use as model A");
    private final Button useB = new Button("Use as model B");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Train on the open receipt folder's labels (corrections included).");
    private final Label deviceLabel = new Label("Device: chosen when a run starts (the GPU when there is one)");
    /** The device setting runs get: auto until a GPU failure moves training to the CPU. */
    private String deviceChoice = "auto";
    /** The device the current run uses, once known. */
    private volatile ai.djl.Device runDevice;
    private final XYChart.Series<Number, Number> loss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> devF1 = new XYChart.Series<>();
    private final ObjectProperty<TrainingJob> job = new SimpleObjectProperty<>();
    private final ObjectProperty<TrainingResult> result = new SimpleObjectProperty<>();
    private final Supplier<Path> dataset;
    private final BiConsumer<Path, String> useModel;
    private final Consumer<Throwable> onError;
    private final Consumer<String> onWarning;

    TrainingView(Supplier<Path> dataset, BiConsumer<Path, String> useModel, Consumer<Throwable> onError,
                 Consumer<String> onWarning) {
        this.dataset = dataset;
        this.useModel = useModel;
        this.onError = onError;
        this.onWarning = onWarning;
        build();
    }

    private static Map<String, Map.Entry<Preset, String>> freshChoices() {
        Map<String, Map.Entry<Preset, String>> choices = new java.util.LinkedHashMap<>();
        for (String type : TrainableModels.freshModelTypes()) {
            for (Preset p : Preset.all()) {
                choices.put("fresh " + p.name() + " " + ModelFamilies.displayName(type) + " model", Map.entry(p, type));
            }
        }
        return choices;
    }

    private void build() {
        start.getItems().addAll(FRESH.keySet());
        start.getItems().add(FINE_TUNE);
        start.setValue(start.getItems().get(0));
        start.setId("train-start-from");
        from.setPromptText("model folder to fine-tune");
        from.setId("train-from");
        Button browse = new Button("...");
        browse.setOnAction(e -> {
            java.io.File f = new DirectoryChooser().showDialog(root.getScene() == null ? null : root.getScene().getWindow());
            if (f != null) {
                from.setText(f.toString());
                start.setValue(FINE_TUNE);
            }
        });
        from.disableProperty().bind(start.valueProperty().isNotEqualTo(FINE_TUNE));
        out.setText(defaultOut().toString());
        out.setId("train-out");
        steps.setId("train-steps");
        lr.setId("train-lr");
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        form.getColumnConstraints().add(labels);
        int r = 0;
        form.addRow(r++, new Label("Start from"), start, new HBox(4, from, browse));
        form.addRow(r++, new Label("Output folder"), out);
        GridPane.setColumnSpan(out, 2);
        form.addRow(r++, new Label("Learning rate"), lr, new Label("empty: 5e-5 to fine-tune (the report), the preset's own "
                + "for a fresh model"));
        form.addRow(r++, new Label("Max sequence length"), maxLength);
        form.addRow(r++, new Label("Seed"), seed);
        form.addRow(r++, new Label("Batch size"), batch);
        form.addRow(r++, new Label("Steps"), steps);
        start.valueProperty().addListener((o, a, b) -> {
            if (FINE_TUNE.equals(b)) {
                lr.setText("5e-5");
            } else if (FINE_TUNE.equals(a)) {
                lr.setText("");
            }
        });
        lr.setText("");

        run.setId("train-run");
        cancel.setId("train-cancel");
        resume.setId("train-resume");
        useA.setId("train-use-a");
        useB.setId("train-use-b");
        run.setOnAction(e -> launch(false));
        resume.setOnAction(e -> launch(true));
        cancel.setOnAction(e -> {
            if (job.get() != null) {
                job.get().cancel();
                status.setText("Cancelling after the current step (a checkpoint is written; Resume continues it)");
            }
        });
        cancel.disableProperty().bind(job.isNull());
        run.disableProperty().bind(job.isNotNull());
        resume.disableProperty().bind(job.isNotNull());
        useA.disableProperty().bind(result.isNull());
        useB.disableProperty().bind(result.isNull());
        useA.setOnAction(e -> useModel.accept(result.get().bestModel(), "A"));
        useB.setOnAction(e -> useModel.accept(result.get().bestModel(), "B"));
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setId("train-progress");
        status.setId("train-status");
        status.setWrapText(true);
        deviceLabel.setId("train-device");
        HBox buttons = new HBox(8, run, cancel, resume, useA, useB);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox left = new VBox(10, form, buttons, progress, deviceLabel, status);
        left.setPadding(new Insets(10));
        left.setPrefWidth(620);

        loss.setName("training loss");
        devF1.setName("dev micro F1");
        LineChart<Number, Number> lossChart = chart("step", "loss", loss);
        lossChart.setId("train-loss-chart");
        LineChart<Number, Number> f1Chart = chart("step", "dev F1", devF1);
        f1Chart.setId("train-f1-chart");
        ((NumberAxis) f1Chart.getYAxis()).setAutoRanging(false);
        ((NumberAxis) f1Chart.getYAxis()).setLowerBound(0);
        ((NumberAxis) f1Chart.getYAxis()).setUpperBound(1);
        ((NumberAxis) f1Chart.getYAxis()).setTickUnit(0.2);
        VBox charts = new VBox(6, lossChart, f1Chart);
        VBox.setVgrow(lossChart, Priority.ALWAYS);
        VBox.setVgrow(f1Chart, Priority.ALWAYS);
        charts.setPadding(new Insets(6));
        root.setLeft(left);
        root.setCenter(charts);
    }

    private static LineChart<Number, Number> chart(String x, String y, XYChart.Series<Number, Number> s) {
        NumberAxis xa = new NumberAxis();
        xa.setLabel(x);
        NumberAxis ya = new NumberAxis();
        ya.setLabel(y);
        LineChart<Number, Number> c = new LineChart<>(xa, ya);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        c.getData().add(s);
        return c;
    }

    private static Path defaultOut() {
        return Path.of("models", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Starts (or resumes) a run with the form's settings; errors in the form are shown, not thrown. */
    TrainingJob launch(boolean resumeRun) {
        Path data = dataset.get();
        if (data == null) {
            status.setText("Open a receipt folder first: training reads its labels.");
            return null;
        }
        TrainingConfig config;
        try {
            TrainingConfig.Builder b = TrainingConfig.builder(data, Path.of(out.getText().trim()))
                    .device(deviceChoice)
                    .steps(Integer.parseInt(steps.getText().trim()))
                    .batchSize(Integer.parseInt(batch.getText().trim()))
                    .maxLength(Integer.parseInt(maxLength.getText().trim()))
                    .seed(Integer.parseInt(seed.getText().trim()))
                    .resume(resumeRun);
            if (!lr.getText().isBlank()) {
                b.learningRate(Double.parseDouble(lr.getText().trim()));
            }
            if (FINE_TUNE.equals(start.getValue())) {
                if (from.getText().isBlank() || !Files.isDirectory(Path.of(from.getText().trim()))) {
                    status.setText("Choose the model folder to fine-tune.");
                    return null;
                }
                b.from(Path.of(from.getText().trim()));
            } else {
                Map.Entry<Preset, String> fresh = FRESH.get(start.getValue());
                b.preset(fresh.getKey());
                b.modelType(fresh.getValue());
            }
            config = b.build();
        } catch (IllegalArgumentException e) {
            status.setText("Cannot start: " + e.getMessage());
            return null;
        }
        if (!resumeRun) {
            loss.getData().clear();
            devF1.getData().clear();
        }
        result.set(null);
        showDevice(config.device());
        TrainingJob j = new TrainingJob(config);
        j.addListener(ev -> Platform.runLater(() -> onEvent(ev)));
        job.set(j);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        status.setText("Preparing data and model...");
        j.start().whenComplete((res, err) -> Platform.runLater(() -> {
            job.set(null);
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause() : err;
                com.layoutlens.model.DeviceFallback.Decision d = com.layoutlens.model.DeviceFallback.decide(runDevice,
                        cause);
                if (d.useCpu()) {
                    // the model layer's verdict: CUDA is missing or the GPU is full, the CPU can do it;
                    // resuming continues from the last checkpoint, or starts afresh when there is none
                    deviceChoice = "cpu";
                    // the run goes on: a warning, not an error
                    onWarning.accept("Training: " + d.message());
                    if (launch(true) != null) {
                        status.setText(d.message());
                        return;
                    }
                }
                status.setText("Training failed: " + cause.getMessage());
                progress.setProgress(0);
                onError.accept(cause);
                return;
            }
            result.set(res);
            status.setText(String.format(Locale.ROOT, "%s after %d steps: best dev F1 %.3f at step %d (before training "
                            + "%.3f); best model in %s", res.cancelled() ? "Cancelled" : "Finished", res.steps(),
                    res.bestDevF1(), res.bestStep(), res.initialDevF1(), res.bestModel()));
        }));
        return j;
    }

    /** Shows which device a run uses; choosing it may load the engine, so it happens off the FX thread. */
    private void showDevice(String choice) {
        runDevice = null;
        deviceLabel.setText("Device: ...");
        Thread t = new Thread(() -> {
            String text;
            try {
                ai.djl.Device d = com.layoutlens.model.Devices.choose(choice);
                runDevice = d;
                text = "Device: " + com.layoutlens.model.Devices.name(d) + ("cpu".equals(choice)
                        ? " (after a GPU failure; see Problems)" : "");
            } catch (com.layoutlens.model.ModelFolderException | RuntimeException e) {
                text = "Device: " + e.getMessage();
            }
            String shown = text;
            Platform.runLater(() -> deviceLabel.setText(shown));
        }, "layoutlens-device");
        t.setDaemon(true);
        t.start();
    }

    private void onEvent(TrainingEvent e) {
        switch (e.kind()) {
            case STEP -> {
                progress.setProgress(e.fraction());
                // at most about 400 points: a chart redraws all of them on every change
                int every = Math.max(1, e.totalSteps() / 400);
                if (Double.isFinite(e.loss()) && (e.step() % every == 0 || e.step() == e.totalSteps())) {
                    loss.getData().add(new XYChart.Data<>(e.step(), e.loss()));
                }
                status.setText(String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %.2f steps/s  ETA %.0f s%s",
                        e.step(), e.totalSteps(), e.loss(), e.learningRate(), e.stepsPerSecond(), e.etaSeconds(),
                        Double.isFinite(e.bestDevF1()) ? String.format(Locale.ROOT, "  best dev F1 %.3f", e.bestDevF1()) : ""));
            }
            case EVALUATED -> {
                if (Double.isFinite(e.devF1())) {
                    devF1.getData().add(new XYChart.Data<>(e.step(), e.devF1()));
                }
            }
            default -> {
                if (e.message() != null && !e.message().isBlank()) {
                    status.setText(e.message());
                }
            }
        }
    }

    Node node() {
        return root;
    }

    ObjectProperty<TrainingJob> jobProperty() {
        return job;
    }

    ObjectProperty<TrainingResult> resultProperty() {
        return result;
    }

    XYChart.Series<Number, Number> lossSeries() {
        return loss;
    }

    XYChart.Series<Number, Number> devF1Series() {
        return devF1;
    }

    TextField stepsField() {
        return steps;
    }

    TextField outField() {
        return out;
    }

    Label deviceLabel() {
        return deviceLabel;
    }
}
