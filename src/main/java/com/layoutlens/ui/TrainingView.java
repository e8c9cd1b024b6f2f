package com.layoutlens.ui;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The training panel: the form with the report's defaults, Start / Cancel / Resume, progress,
 * the loss and dev-F1 curves, and "use as model A / B" for a finished run. Everything it shows
 * is bound to its {@link TrainingViewModel}; the app stays usable while a run goes on.
 */
final class TrainingView implements StudioTab {

    private final TrainingViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TextField steps = field(null, "train-steps");
    private final TextField out = field(null, "train-out");
    private final Label deviceLabel = new Label();
    private final XYChart.Series<Number, Number> loss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> devF1 = new XYChart.Series<>();

    TrainingView(TrainingViewModel vm) {
        this.vm = vm;
        build();
    }

    @Override
    public String id() {
        return "training";
    }

    @Override
    public String title() {
        return "Training";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Training tab: fine-tune or train a model on these labels";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public TrainingViewModel viewModel() {
        return vm;
    }

    private static TextField field(javafx.beans.property.StringProperty p, String id) {
        TextField f = new TextField();
        if (id != null) {
            f.setId(id);
        }
        if (p != null) {
            f.textProperty().bindBidirectional(p);
        }
        return f;
    }

    private void build() {
        ChoiceBox<TrainingStart> start = new ChoiceBox<>();
        start.getItems().addAll(TrainingStart.all());
        start.setId("train-start-from");
        start.valueProperty().bindBidirectional(vm.startProperty());
        TextField from = field(vm.fromProperty(), "train-from");
        from.setPromptText("model folder to fine-tune");
        from.disableProperty().bind(vm.startProperty().isNotEqualTo(TrainingStart.FINE_TUNE));
        Button browse = new Button("...");
        browse.setOnAction(e -> {
            java.io.File f = new DirectoryChooser().showDialog(root.getScene() == null ? null : root.getScene().getWindow());
            if (f != null) {
                vm.fromProperty().set(f.toString());
                vm.startProperty().set(TrainingStart.FINE_TUNE);
            }
        });
        out.textProperty().bindBidirectional(vm.outProperty());
        steps.textProperty().bindBidirectional(vm.stepsProperty());
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        form.getColumnConstraints().add(labels);
        int r = 0;
        form.addRow(r++, new Label("Start from"), start, new HBox(4, from, browse));
        form.addRow(r++, new Label("Output folder"), out);
        GridPane.setColumnSpan(out, 2);
        form.addRow(r++, new Label("Learning rate"), field(vm.learningRateProperty(), "train-lr"),
                new Label("empty: 5e-5 to fine-tune (the report), the preset's own for a fresh model"));
        form.addRow(r++, new Label("Max sequence length"), field(vm.maxLengthProperty(), null));
        form.addRow(r++, new Label("Seed"), field(vm.seedProperty(), null));
        form.addRow(r++, new Label("Batch size"), field(vm.batchProperty(), null));
        form.addRow(r++, new Label("Steps"), steps);
        CheckBox split = new CheckBox("Split at the first total keyword");
        split.setId("train-total-segments");
        split.selectedProperty().bindBidirectional(vm.totalSegmentsProperty());
        form.addRow(r++, new Label("Token types"), split, new Label("0 before the receipt's first TOTAL, AMOUNT, RM or $, "
                + "1 from it on; the model folder remembers it (unticked: a fine-tuned folder's own choice)"));
        TextField folds = field(vm.foldsProperty(), "train-folds");
        folds.setPromptText("empty: one model");
        form.addRow(r++, new Label("Cross-validation folds"), folds,
                new Label("K >= 2: K models, each predicting the receipts it did not see (out-of-fold/, for Suspects)"));

        Button run = button("Start", "train-run", () -> vm.launch(false));
        Button cancel = button("Cancel", "train-cancel", vm::cancel);
        Button resume = button("Resume", "train-resume", () -> vm.launch(true));
        Button useA = button("Use as model A", "train-use-a", () -> vm.use(Slot.A));
        Button useB = button("Use as model B", "train-use-b", () -> vm.use(Slot.B));
        cancel.disableProperty().bind(vm.jobProperty().isNull().and(vm.crossValidatingProperty().not()));
        run.disableProperty().bind(vm.jobProperty().isNotNull().or(vm.crossValidatingProperty()));
        resume.disableProperty().bind(vm.jobProperty().isNotNull().or(vm.crossValidatingProperty()));
        useA.disableProperty().bind(vm.resultProperty().isNull());
        useB.disableProperty().bind(vm.resultProperty().isNull());
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setId("train-progress");
        progress.progressProperty().bind(vm.progressProperty());
        Label status = new Label();
        status.setId("train-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        deviceLabel.setId("train-device");
        deviceLabel.textProperty().bind(vm.deviceProperty());
        HBox buttons = new HBox(8, run, cancel, resume, useA, useB);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox left = new VBox(10, form, buttons, progress, deviceLabel, status);
        left.setPadding(new Insets(10));
        left.setPrefWidth(620);

        loss.setName("training loss");
        devF1.setName("dev micro F1");
        mirror(vm.loss(), loss);
        mirror(vm.devF1(), devF1);
        LineChart<Number, Number> lossChart = chart("step", "loss", loss);
        lossChart.setId("train-loss-chart");
        LineChart<Number, Number> f1Chart = chart("step", "dev F1", devF1);
        f1Chart.setId("train-f1-chart");
        NumberAxis f1Axis = (NumberAxis) f1Chart.getYAxis();
        f1Axis.setAutoRanging(false);
        f1Axis.setLowerBound(0);
        f1Axis.setUpperBound(1);
        f1Axis.setTickUnit(0.2);
        VBox charts = new VBox(6, lossChart, f1Chart);
        VBox.setVgrow(lossChart, Priority.ALWAYS);
        VBox.setVgrow(f1Chart, Priority.ALWAYS);
        charts.setPadding(new Insets(6));
        root.setLeft(left);
        root.setCenter(charts);
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Keeps a chart series equal to the view model's points. */
    private static void mirror(ObservableList<TrainingViewModel.Point> points, XYChart.Series<Number, Number> series) {
        points.addListener((ListChangeListener<TrainingViewModel.Point>) c -> {
            if (points.size() == series.getData().size() + 1) {
                TrainingViewModel.Point p = points.get(points.size() - 1);
                series.getData().add(new XYChart.Data<>(p.step(), p.value()));
            } else {
                series.getData().setAll(points.stream()
                        .map(p -> new XYChart.Data<Number, Number>(p.step(), p.value())).toList());
            }
        });
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

    // for tests

    javafx.beans.property.ObjectProperty<com.layoutlens.train.TrainingJob> jobProperty() {
        return vm.jobProperty();
    }

    javafx.beans.property.ObjectProperty<com.layoutlens.train.TrainingResult> resultProperty() {
        return vm.resultProperty();
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
