package com.layoutlens.ui;

import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Confusion;
import com.layoutlens.eval.ErrorCause;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.FieldScores;
import com.layoutlens.eval.LabelScore;
import com.layoutlens.eval.McNemar;
import com.layoutlens.eval.RuleEffect;
import com.layoutlens.eval.RuleParameter;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * The evaluation screen: the report-style metrics table for models A and B, their
 * confusion matrices side by side with the difference, the words behind a clicked cell,
 * and the post-processing rules as switches with their gold-data figures.
 */
final class EvaluationView implements StudioTab {

    private final EvaluationViewModel vm;
    private final LabelSet labels;
    private final BorderPane root = new BorderPane();
    private final GridPane metrics = new GridPane();
    private final HBox matrices = new HBox(24);
    private final VBox report = new VBox(14);
    private final Label ruleInfo = new Label();
    private final Label cellTitle = new Label("Click a matrix cell to list its words; click a word to open it.");
    private final TableView<EvaluationViewModel.CellWord> words = new TableView<>();
    private static final String ALL_CAUSES = "all causes";
    private final ChoiceBox<String> causeFilter = new ChoiceBox<>();
    private List<EvaluationViewModel.CellWord> cellList = List.of();
    private final Consumer<EvaluationViewModel.CellWord> open;
    private final Consumer<Throwable> onError;

    EvaluationView(EvaluationViewModel vm, Consumer<EvaluationViewModel.CellWord> open, Consumer<Throwable> onError) {
        this.vm = vm;
        this.labels = vm.labelSet();
        this.open = open;
        this.onError = onError;
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

        metrics.setId("metrics");
        metrics.setHgap(14);
        metrics.setVgap(4);
        matrices.setId("matrices");
        report.getChildren().addAll(metrics, matrices);
        report.setPadding(new Insets(10));
        report.setStyle("-fx-background-color: white;");

        words.setId("cell-words");
        words.setPlaceholder(new Label("No words"));
        words.getColumns().add(col("Receipt", 90, w -> w.receipt()));
        words.getColumns().add(col("Segment", 60, w -> String.valueOf(w.segment())));
        words.getColumns().add(col("Word", 50, w -> String.valueOf(w.word())));
        words.getColumns().add(col("Text", 160, w -> w.text()));
        words.getColumns().add(col("Gold", 80, w -> w.gold()));
        words.getColumns().add(col("Predicted", 80, w -> w.predicted()));
        words.getColumns().add(col("Score", 60, w -> w.score() == null ? "" : String.format(Locale.ROOT, "%.3f", w.score())));
        TableColumn<EvaluationViewModel.CellWord, String> causeCol = col("Cause", 90,
                w -> w.cause() == null ? "" : w.cause().id());
        causeCol.setId("cause-column");
        words.getColumns().add(causeCol);
        causeFilter.setId("cause-filter");
        causeFilter.getItems().add(ALL_CAUSES);
        for (ErrorCause c : ErrorCause.values()) {
            causeFilter.getItems().add(c.id());
        }
        causeFilter.setValue(ALL_CAUSES);
        StringBuilder help = new StringBuilder("Each wrong word gets the first cause that applies, in this order:");
        for (ErrorCause c : ErrorCause.values()) {
            help.append("\n").append(c.id()).append(": ").append(c.description());
        }
        causeFilter.setTooltip(new Tooltip(help.toString()));
        causeFilter.valueProperty().addListener((o, a, b) -> filterWords());
        words.getSelectionModel().selectedItemProperty().addListener((o, a, w) -> {
            if (w != null) {
                open.accept(w);
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button allA = new Button("All errors of A");
        allA.setId("all-errors-A");
        allA.setOnAction(e -> listAll(Slot.A));
        Button allB = new Button("All errors of B");
        allB.setId("all-errors-B");
        allB.setOnAction(e -> listAll(Slot.B));
        HBox listBar = new HBox(8, cellTitle, gap, allA, allB, new Label("cause"), causeFilter);
        listBar.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(4, listBar, words);
        bottom.setPadding(new Insets(6));
        VBox.setVgrow(words, Priority.ALWAYS);
        bottom.setPrefHeight(260);

        ScrollPane scroll = new ScrollPane(report);
        scroll.setFitToWidth(true);
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(scroll, bottom);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
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

    private static javafx.scene.layout.Region spacer() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static TableColumn<EvaluationViewModel.CellWord, String> col(
            String name, double width, java.util.function.Function<EvaluationViewModel.CellWord, String> f) {
        TableColumn<EvaluationViewModel.CellWord, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private void show(EvaluationViewModel.Results r) {
        metrics.getChildren().clear();
        matrices.getChildren().clear();
        if (r == null || (r.a() == null && r.b() == null)) {
            metrics.add(new Label("Open model predictions (model A, model B) to evaluate them against the gold labels."),
                    0, 0);
            ruleInfo.setText("");
            return;
        }
        ruleInfo.setText(ruleText(r.a() != null ? r.a() : r.b()));
        fillMetrics(r.a(), r.b());
        if (r.a() != null) {
            matrices.getChildren().add(matrix(Slot.A.name(), r.a().confusion(), r.a(), null, null));
        }
        if (r.b() != null) {
            matrices.getChildren().add(matrix(Slot.B.name(), r.b().confusion(), r.b(), null, null));
        }
        if (r.a() != null && r.b() != null) {
            matrices.getChildren().add(matrix("B - A", null, null, Confusion.difference(r.a().confusion(), r.b().confusion()),
                    r.comparison()));
            if (r.comparison() != null) {
                matrices.getChildren().add(significance(r.comparison()));
            }
        }
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

    /** A grid's header row: one label a column in row 0, styled {@code style}. */
    private static void addHead(GridPane grid, String[] head, String style) {
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.setStyle(style);
            grid.add(l, c, 0);
        }
    }

    private void fillMetrics(Evaluation a, Evaluation b) {
        // word level: each word's type; entity level: whole entities as seqeval's default mode reads them
        String[] head = {"", "A word F1", "A entity F1", "A EM", "A EM no space",
                "B word F1", "B entity F1", "B EM", "B EM no space"};
        addHead(metrics, head, "-fx-font-weight: bold;");
        for (javafx.scene.Node n : metrics.getChildren()) {
            if (n instanceof Label l && l.getText().endsWith("word F1")) {
                l.setTooltip(new Tooltip("word level: F1 over words, each word's type (B-/I- prefixes stripped)"));
            } else if (n instanceof Label l && l.getText().endsWith("entity F1")) {
                l.setTooltip(new Tooltip("entity level: F1 over whole entities as seqeval's default mode reads them;"
                        + " the tooltip of each figure gives strict mode's too"));
            }
        }
        int row = 1;
        for (String label : labels.entityLabels()) {
            String field = labels.fieldOf(label);
            metrics.add(new Label(label), 0, row);
            put(a, label, field, 1, row);
            put(b, label, field, 5, row);
            row++;
        }
        metrics.add(bold("micro / all"), 0, row);
        put(a, null, FieldScores.ALL, 1, row);
        put(b, null, FieldScores.ALL, 5, row);
        row++;
        metrics.add(new Label("SROIE P / R / F1"), 0, row);
        if (a != null) {
            metrics.add(new Label(prf(a.fields().sroie())), 1, row, 4, 1);
        }
        if (b != null) {
            metrics.add(new Label(prf(b.fields().sroie())), 5, row, 4, 1);
        }
        row++;
        metrics.add(new Label("receipts / words"), 0, row);
        if (a != null) {
            metrics.add(new Label(a.receipts() + " / " + a.words()), 1, row, 4, 1);
        }
        if (b != null) {
            metrics.add(new Label(b.receipts() + " / " + b.words()), 5, row, 4, 1);
        }
    }

    private static Label bold(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    private void put(Evaluation e, String label, String field, int col, int row) {
        if (e == null) {
            return;
        }
        LabelScore s = label == null ? e.micro() : e.labels().get(label);
        FieldScores.Count c = field == null ? null : e.fields().fields().get(field);
        Label f1 = new Label(pct(s.f1()));
        f1.setId("f1-" + (col == 1 ? Slot.A : Slot.B) + "-" + (label == null ? "micro" : label));
        f1.setTooltip(new Tooltip("tp " + s.tp() + ", fp " + s.fp() + ", fn " + s.fn() + "; precision "
                + pct(s.precision()) + ", recall " + pct(s.recall())));
        metrics.add(f1, col, row);
        LabelScore es = label == null ? e.entityMicro() : e.entities().get(label);
        LabelScore strict = label == null ? e.entityStrictMicro() : e.entitiesStrict().get(label);
        Label ef1 = new Label(es == null ? "-" : pct(es.f1()));
        ef1.setId("entity-f1-" + (col == 1 ? Slot.A : Slot.B) + "-" + (label == null ? "micro" : label));
        if (es != null) {
            ef1.setTooltip(new Tooltip("entities: tp " + es.tp() + ", fp " + es.fp() + ", fn " + es.fn()
                    + (strict == null ? "" : "; strict mode F1 " + pct(strict.f1()))));
        }
        metrics.add(ef1, col + 1, row);
        metrics.add(new Label(c == null ? "-" : pct(c.emRate())), col + 2, row);
        metrics.add(new Label(c == null ? "-" : pct(c.emNoSpaceRate())), col + 3, row);
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f", 100 * x);
    }

    private static String prf(LabelScore s) {
        return pct(s.precision()) + " / " + pct(s.recall()) + " / " + pct(s.f1());
    }

    /**
     * McNemar's test per label beside the difference matrix: the words only A gets right, only
     * B, the exact p-value (also for false positives and false negatives alone), and whether the
     * difference is likely noise (p at or above 0.05).
     */
    private Node significance(Comparison c) {
        GridPane g = new GridPane();
        g.setId("mcnemar");
        g.setHgap(10);
        g.setVgap(6);
        String[] head = {"label", "only A right", "only B right", "p", "p fp", "p fn", ""};
        addHead(g, head, "-fx-font-weight: bold; -fx-font-size: 11;");
        int row = 1;
        for (var e : c.tests().entrySet()) {
            addTest(g, row++, e.getKey(), e.getValue().correct(), e.getValue().fp().pValue(), e.getValue().fn().pValue());
        }
        addTest(g, row, "all words", c.overall(), Double.NaN, Double.NaN);
        Label title = new Label("McNemar, A vs B");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13;");
        Label note = new Label("Exact two-sided test on the words where exactly one model is right;\n"
                + "p \u2265 0.05: the difference is likely noise (faded in the B - A matrix).");
        note.setStyle("-fx-font-size: 10; -fx-text-fill: #777;");
        return new VBox(6, title, g, note);
    }

    private static void addTest(GridPane g, int row, String label, McNemar t, double pFp, double pFn) {
        String id = label.replace(" ", "-");
        g.add(new Label(label), 0, row);
        g.add(new Label(String.valueOf(t.onlyA())), 1, row);
        g.add(new Label(String.valueOf(t.onlyB())), 2, row);
        Label p = new Label(p(t.pValue()));
        p.setId("mcnemar-p-" + id);
        g.add(p, 3, row);
        g.add(new Label(Double.isNaN(pFp) ? "" : p(pFp)), 4, row);
        g.add(new Label(Double.isNaN(pFn) ? "" : p(pFn)), 5, row);
        boolean noise = !t.significant(EvaluationViewModel.SIGNIFICANCE);
        Label verdict = new Label(noise ? "likely noise" : t.onlyB() > t.onlyA() ? "B better" : "A better");
        verdict.setId("mcnemar-verdict-" + id);
        verdict.setStyle(noise ? "-fx-text-fill: #888; -fx-font-style: italic;"
                : "-fx-text-fill: #1b5e20; -fx-font-weight: bold;");
        verdict.setTooltip(new Tooltip(t.onlyA() + " words only A gets right, " + t.onlyB() + " only B; p = "
                + p(t.pValue()) + (noise ? " \u2265 0.05" : " < 0.05")));
        g.add(verdict, 6, row);
    }

    private static String p(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /**
     * A matrix grid: counts (with e) or a difference (with diff); with a comparison, a difference
     * cell whose labels all differ by likely noise is faded.
     */
    private Node matrix(String name, Confusion c, Evaluation e, long[][] diff, Comparison comparison) {
        GridPane g = new GridPane();
        g.setHgap(2);
        g.setVgap(2);
        int n = labels.size();
        Label corner = new Label("gold \\ pred");
        corner.setStyle("-fx-font-size: 10; -fx-text-fill: #777;");
        g.add(corner, 0, 0);
        for (int j = 0; j < n; j++) {
            Label h = new Label(labels.label(j));
            h.setStyle("-fx-font-weight: bold; -fx-font-size: 11;");
            h.setMinWidth(64);
            h.setAlignment(Pos.CENTER);
            g.add(h, j + 1, 0);
        }
        long max = 1;
        if (c != null) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        max = Math.max(max, c.count(i, j));
                    }
                }
            }
        }
        int outside = labels.indexOf(labels.outside());
        for (int i = 0; i < n; i++) {
            Label rh = new Label(labels.label(i));
            rh.setStyle("-fx-font-weight: bold; -fx-font-size: 11;");
            g.add(rh, 0, i + 1);
            for (int j = 0; j < n; j++) {
                long v = c != null ? c.count(i, j) : diff[i][j];
                Button cell = new Button(c != null ? String.valueOf(v) : (v > 0 ? "+" + v : String.valueOf(v)));
                cell.setId("cell-" + name.replace(" ", "") + "-" + labels.label(i) + "-" + labels.label(j));
                cell.setMinWidth(64);
                cell.setPrefHeight(30);
                String bg;
                if (c == null) {
                    boolean good = (i == j) == (v > 0);
                    bg = v == 0 ? "#f4f4f4" : good ? "#c8e6c9" : "#ffcdd2";
                } else if (i == j) {
                    bg = "#e3f2fd";
                } else {
                    double t = 0.15 + 0.85 * v / (double) max;
                    bg = v == 0 ? "#ffffff" : String.format(Locale.ROOT, "derive(#e53935, %.0f%%)", 100 * (1 - t) * 0.9);
                }
                boolean hard = (i != j) && (labels.label(i).equals("TOTAL") || labels.label(j).equals("TOTAL")
                        || labels.label(i).equals("COMPANY") || labels.label(j).equals("COMPANY"));
                boolean fp = i == outside && j != outside;
                String border = fp ? "#b71c1c" : hard ? "#ef6c00" : "#cfcfcf";
                cell.setStyle("-fx-background-color: " + border + ", " + bg + "; -fx-background-insets: 0, "
                        + (fp || hard ? "2" : "1") + "; -fx-background-radius: 0;");
                String tip = "gold " + labels.label(i) + ", predicted " + labels.label(j)
                        + (fp ? " (false positive)" : j == outside && i != outside ? " (missed)" : "");
                if (comparison != null && v != 0) {
                    boolean noise = true;
                    for (String l : new String[] {labels.label(i), labels.label(j)}) {
                        if (!l.equals(labels.outside())) {
                            noise &= EvaluationViewModel.likelyNoise(comparison, l);
                            tip += String.format(Locale.ROOT, "%nMcNemar on %s: p = %s", l,
                                    p(comparison.tests().get(l).correct().pValue()));
                        }
                    }
                    if (noise) {
                        cell.setOpacity(0.45);
                        cell.getStyleClass().add("likely-noise");
                        tip += "\nlikely noise (p \u2265 0.05)";
                    }
                }
                cell.setTooltip(new Tooltip(tip));
                if (e != null) {
                    final int gi = i;
                    final int pj = j;
                    cell.setOnAction(ev -> listCell(name, e, labels.label(gi), labels.label(pj)));
                } else {
                    cell.setDisable(false);
                }
                g.add(cell, j + 1, i + 1);
            }
        }
        Label title = new Label(c != null ? "Model " + name : name + " (green: B better)");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13;");
        return new VBox(6, title, g);
    }

    void listCell(String model, Evaluation e, String gold, String predicted) {
        List<EvaluationViewModel.CellWord> list = vm.cellWords(e, gold, predicted);
        String causes = EvaluationViewModel.causeSummary(list);
        cellTitle.setText("Model " + model + ": gold " + gold + ", predicted " + predicted + ": " + list.size()
                + " word" + (list.size() == 1 ? "" : "s") + (causes.isEmpty() ? "" : " (" + causes + ")"));
        cellList = list;
        filterWords();
    }

    /** Lists every wrong word of a model, with its cause (the filter then keeps one cause). */
    void listAll(Slot slot) {
        EvaluationViewModel.Results r = vm.resultsProperty().get();
        Evaluation e = r == null ? null : slot == Slot.A ? r.a() : r.b();
        List<EvaluationViewModel.CellWord> list = vm.errorWords(e);
        String causes = EvaluationViewModel.causeSummary(list);
        cellTitle.setText("Model " + slot + ": every error, " + list.size() + " word" + (list.size() == 1 ? "" : "s")
                + (causes.isEmpty() ? "" : " (" + causes + ")"));
        cellList = list;
        filterWords();
    }

    /** Shows the words of the clicked cell that have the chosen cause. */
    private void filterWords() {
        String c = causeFilter.getValue();
        words.getSelectionModel().clearSelection();
        words.getItems().setAll(EvaluationViewModel.withCause(cellList,
                c == null || c.equals(ALL_CAUSES) ? null : ErrorCause.of(c)));
    }

    ChoiceBox<String> causeFilter() {
        return causeFilter;
    }

    TableView<EvaluationViewModel.CellWord> wordsTable() {
        return words;
    }

    private void chooseAndExport(String kind) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName("evaluation." + kind);
        java.io.File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
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
        com.layoutlens.data.AtomicFiles.writeString(file, vm.csv());
    }

    /** The metrics table and the matrices as a picture for a report. */
    void exportPng(Path file) throws IOException {
        WritableImage img = report.snapshot(null, null);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out);
        com.layoutlens.data.AtomicFiles.write(file, out.toByteArray());
    }

}
