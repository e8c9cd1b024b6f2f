package com.layoutlens.ui;

import com.layoutlens.data.AtomicFiles;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.RuleEffect;
import com.layoutlens.eval.RuleParameter;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The evaluation screen: the post-processing rules as switches with their gold-data figures
 * above the report (the metrics table, {@link EvaluationReport}, and the matrices with the
 * difference and McNemar's test, {@link EvaluationMatrices}), and the words behind a clicked
 * cell below ({@link EvaluationWordList}).
 */
final class EvaluationView implements StudioTab {

    private final EvaluationViewModel vm;
    private final BorderPane root = new BorderPane();
    private final EvaluationReport metrics;
    private final EvaluationMatrices matrices;
    private final EvaluationWordList words;
    private final VBox report = new VBox(14);
    private final Label ruleInfo = new Label();
    private final Consumer<Throwable> onError;

    EvaluationView(EvaluationViewModel vm, Consumer<EvaluationViewModel.CellWord> open, Consumer<Throwable> onError) {
        this.vm = vm;
        this.onError = onError;
        metrics = new EvaluationReport(vm.labelSet());
        words = new EvaluationWordList(vm, open);
        matrices = new EvaluationMatrices(vm.labelSet(), words::listCell);
        build();
        vm.resultsProperty().addListener((o, a, r) -> show(r));
        show(vm.resultsProperty().get());
    }

    @Override
    public String id() {
        return "evaluation";
    }

    @Override
    public String title() {
        return "Evaluation";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Evaluation tab: metrics, confusion matrices, rules";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public EvaluationViewModel viewModel() {
        return vm;
    }

    private void build() {
        HBox rules = new HBox(8);
        for (RuleSwitch r : vm.ruleSwitches()) {
            CheckBox on = new CheckBox(r.type().caption());
            on.setId("rule-" + r.type().name());
            on.selectedProperty().bindBidirectional(r.onProperty());
            rules.getChildren().add(on);
            for (RuleParameter<?> p : r.type().parameters()) {
                rules.getChildren().add(control(r, p));
                if (!p.unit().isEmpty()) {
                    rules.getChildren().add(new Label(p.unit()));
                }
            }
        }
        Button csv = new Button("Export CSV...");
        csv.setOnAction(e -> chooseAndExport("csv"));
        Button png = new Button("Export PNG...");
        png.setOnAction(e -> chooseAndExport("png"));
        rules.getChildren().addAll(spacer(), csv, png);
        rules.setAlignment(Pos.CENTER_LEFT);
        ruleInfo.setId("rule-info");
        ruleInfo.setWrapText(true);
        ruleInfo.setStyle("-fx-text-fill: #555;");
        VBox top = new VBox(6, rules, ruleInfo);
        top.setPadding(new Insets(8));
        root.setTop(top);

        report.getChildren().addAll(metrics.node(), matrices.node());
        report.setPadding(new Insets(10));
        report.setStyle("-fx-background-color: white;");
        ScrollPane scroll = new ScrollPane(report);
        scroll.setFitToWidth(true);
        SplitPane split = new SplitPane(scroll, words.node());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        root.setCenter(split);
    }

    /** A rule parameter's control, chosen by its kind and bound to the view model. */
    private static Node control(RuleSwitch r, RuleParameter<?> p) {
        return switch (p.kind()) {
            case COUNT -> {
                Spinner<Integer> s = new Spinner<>(p.min(), p.max(), r.countProperty(p.name()).get());
                s.setPrefWidth(70);
                s.valueProperty().addListener((o, a, b) -> r.countProperty(p.name()).set(b));
                yield s;
            }
            case WORDS -> {
                TextField t = new TextField();
                t.setPrefColumnCount(16);
                t.textProperty().bindBidirectional(r.wordsProperty(p.name()));
                yield t;
            }
        };
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private void show(EvaluationViewModel.Results r) {
        if (r == null || (r.a() == null && r.b() == null)) {
            metrics.showEmpty();
            matrices.clear();
            ruleInfo.setText("");
            return;
        }
        ruleInfo.setText(ruleText(r.a() != null ? r.a() : r.b()));
        metrics.show(r.a(), r.b());
        matrices.show(r.a(), r.b(), r.comparison());
    }

    private String ruleText(Evaluation e) {
        if (e.rules().isEmpty()) {
            return "No rule switched on. Each rule shows here how many gold words it keeps before you trust it.";
        }
        StringBuilder sb = new StringBuilder();
        for (RuleEffect x : e.rules()) {
            sb.append(String.format(Locale.ROOT,
                    "%s: on gold labels it keeps %d of %d %s words (%.1f%%) and %d of %d values whole; it would delete "
                            + "%d true positives. On this model it changed %d words: %d false positives removed, "
                            + "%d true positives lost.%n",
                    x.rule(), x.goldWordsKept(), x.goldWords(), x.label(), 100 * x.goldWordShare(), x.goldSpansKept(),
                    x.goldSpans(), x.goldWordsDeleted(), x.changedWords(), x.removedFp(), x.removedTp()));
        }
        return sb.toString().trim();
    }

    void listCell(String model, Evaluation e, String gold, String predicted) {
        words.listCell(model, e, gold, predicted);
    }

    /** Lists every wrong word of a model, with its cause (the filter then keeps one cause). */
    void listAll(Slot slot) {
        words.listAll(slot);
    }

    ChoiceBox<String> causeFilter() {
        return words.causeFilter();
    }

    TableView<EvaluationViewModel.CellWord> wordsTable() {
        return words.wordsTable();
    }

    private void chooseAndExport(String kind) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName("evaluation." + kind);
        File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            if (kind.equals("csv")) {
                exportCsv(f.toPath());
            } else {
                exportPng(f.toPath());
            }
        } catch (IOException ex) {
            onError.accept(ex);
        }
    }

    /** Metrics and matrices of both models as CSV. */
    void exportCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, vm.csv());
    }

    /** The metrics table and the matrices as a picture for a report. */
    void exportPng(Path file) throws IOException {
        WritableImage img = report.snapshot(null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
        AtomicFiles.write(file, out.toByteArray());
    }

}
