package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.service.ModelDownloads;
import com.layoutlens.service.PredictionRun;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.controlsfx.control.StatusBar;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The main window. It lists the studio's tabs ({@link StudioTab}) and composes them with the
 * menu, the toolbar, the status bar and the keyboard help; every screen's state lives in its
 * view model, and this class only creates them and wires them together.
 */
final class MainView {

    private final LabelSet labelSet;
    private final Background background = new Background("layoutlens-io", 2, e -> error(e));
    private final StatusLine statusLine = new StatusLine();
    private final DatasetViewModel datasetVm;
    private final ReceiptViewModel receiptVm;
    private final ReceiptsViewModel receiptsVm;
    private final EvaluationViewModel evalVm;
    private final Map<Slot, ModelRunViewModel> runs = new EnumMap<>(Slot.class);
    private final ReceiptsView receipts;
    private final EvaluationView evalView;
    private final DiagnosticsView diagnostics;
    private final TrainingView training;
    private final ModelsView models;
    private final StatisticsView statistics;
    private final List<StudioTab> screens;
    private final TabPane tabs = new TabPane();
    private final StatusBar status;
    private final BorderPane root = new BorderPane();
    private final StackPane helpOverlay;

    MainView() {
        this(LabelSet.sroie());
    }

    /** The window over a label schema: colours, label keys, legend, matrices and model runs follow it. */
    MainView(LabelSet schema) {
        labelSet = schema;
        datasetVm = new DatasetViewModel(labelSet);
        receiptVm = new ReceiptViewModel(labelSet);
        receiptsVm = new ReceiptsViewModel(datasetVm, receiptVm, background, Background::fx, statusLine);
        evalVm = new EvaluationViewModel(datasetVm, background, Background::fx);
        receipts = new ReceiptsView(receiptsVm, new ImageCache(8));
        for (Slot slot : Slot.values()) {
            runs.put(slot, new ModelRunViewModel(slot, labelSet, (dir, ds, labels, progress, cancelled, devices) ->
                    PredictionRun.run(dir, ds, labels, "auto", PredictionRun.defaultCacheRoot(), progress, cancelled,
                            devices), background, Background::fx, receiptsVm));
        }
        status = StudioStatusBar.of(statusLine, receiptVm.saveStateProperty(), runs.values());
        receiptsVm.onGoldEdited(evalVm::recompute);
        evalView = new EvaluationView(evalVm, this::openWord, this::error);
        diagnostics = new DiagnosticsView(new DiagnosticsViewModel(background, Background::fx));
        diagnostics.viewModel().receiptProperty().bind(receiptVm.receiptProperty());
        diagnostics.viewModel().modelFolderProperty().bind(receiptsVm.shownModelFolderProperty());
        training = new TrainingView(new TrainingViewModel(() -> {
            Dataset d = datasetVm.datasetProperty().get();
            return d == null ? null : d.dir();
        }, background, Background::fx, receiptsVm::warning, this::error));
        training.viewModel().onUse(this::useModel);
        models = new ModelsView(new ModelsViewModel(ModelDownloads.fromEnvironment(), new Background("layoutlens-models", 2, e -> { }), Background::fx));
        models.viewModel().onRun(this::useModel);
        statistics = new StatisticsView(new StatisticsViewModel(datasetVm, background, Background::fx));
        screens = List.of(receipts, evalView, diagnostics, training, models, statistics);
        Map<String, List<Object>> menus = menus();
        helpOverlay = KeyboardHelp.overlay(StudioMenu.keyHelp(menus, screens));
        build(menus);
    }

    /** Every action of the menu, by menu; null separates groups. */
    private Map<String, List<Object>> menus() {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        m.put("File", Arrays.asList(
                new StudioAction("Open receipt folder...", StudioMenu.key(KeyCode.O, false), "open a receipt folder",
                        this::chooseReceipts),
                new StudioAction("Open predictions as model A...", StudioMenu.key(KeyCode.A, true), "open predictions as model A",
                        () -> choosePredictions(Slot.A)),
                new StudioAction("Open predictions as model B...", StudioMenu.key(KeyCode.B, true), "open predictions as model B",
                        () -> choosePredictions(Slot.B)),
                new StudioAction("Schema...", null, null, this::chooseSchema),
                null, new StudioAction("Quit", StudioMenu.key(KeyCode.Q, false), null, Platform::exit)));
        m.put("Edit", receipts.editMenu(this::error));
        List<Object> view = new ArrayList<>(receipts.viewMenu());
        view.addAll(Arrays.asList(null, new StudioAction("Keyboard shortcuts (F1)", null, null, this::toggleHelp)));
        m.put("View", view);
        m.put("Models", Arrays.asList(
                new StudioAction("Run model as A...", StudioMenu.key(KeyCode.R, false), "run a model folder as model A",
                        () -> chooseModel(Slot.A)),
                new StudioAction("Run model as B...", StudioMenu.key(KeyCode.R, true), "run a model folder as model B",
                        () -> chooseModel(Slot.B)), null,
                new StudioAction("Model folders, downloads...", models.shortcut(), null, () -> select(models))));
        return m;
    }

    private void build(Map<String, List<Object>> menus) {
        root.setTop(new VBox(StudioMenu.bar(menus), receipts.toolbar(this::chooseReceipts, this::choosePredictions)));
        for (StudioTab s : screens) {
            Tab t = new Tab(s.title(), s.node());
            t.setId("tab-" + s.id());
            t.setClosable(false);
            t.setOnSelectionChanged(e -> {
                if (t.isSelected()) {
                    s.onShown();
                }
            });
            tabs.getTabs().add(t);
        }
        root.setCenter(tabs);
        statusLine.say("Ready");
        root.setBottom(status);
    }

    Scene scene(double w, double h) {
        Scene scene = new Scene(new StackPane(root, helpOverlay), w, h);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        return scene;
    }

    /** The window's keys: the help, the tabs' shortcuts, then the receipt view's keys (on every tab). */
    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof TextField) {
            return;
        }
        if (helpOverlay.isVisible() && (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.F1)) {
            helpOverlay.setVisible(false);
            e.consume();
            return;
        }
        for (StudioTab t : screens) {
            if (t.shortcut().match(e)) {
                select(t);
                e.consume();
                return;
            }
        }
        if (receipts.onKey(e)) {
            e.consume();
        } else if (!e.isShortcutDown() && (e.getCode() == KeyCode.F1 || e.getCode() == KeyCode.SLASH)) {
            toggleHelp();
            e.consume();
        }
    }

    private void toggleHelp() {
        helpOverlay.setVisible(!helpOverlay.isVisible());
    }

    private void select(StudioTab screen) {
        tabs.getSelectionModel().select(screens.indexOf(screen));
    }

    private void openWord(EvaluationViewModel.CellWord w) {
        select(receipts);
        receipts.openWord(w);
    }

    /** Runs a model folder as A or B from another tab, showing the receipts. */
    private void useModel(Path model, Slot slot) {
        select(receipts);
        runModel(model, slot);
    }

    /** Asks for a folder; {@code then} gets it unless the user cancels. */
    private void chooseFolder(String title, Consumer<Path> then) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        File f = c.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            then.accept(f.toPath());
        }
    }

    private void chooseReceipts() {
        chooseFolder("Open a receipt folder (img/, box/, key/)", this::open);
    }

    private void choosePredictions(Slot slot) {
        chooseFolder("Open a folder of prediction label files as model " + slot, dir -> openPredictions(dir, slot));
    }

    private void chooseModel(Slot slot) {
        chooseFolder("Choose a model folder (config.json, model.safetensors, tokenizer) to run as model " + slot,
                dir -> runModel(dir, slot));
    }

    /** Opens a receipt folder in the background; problems go to the problems panel. */
    void open(Path dir) {
        open(dir, null);
    }

    /**
     * Who rebuilds the window over another schema (the app: a new window over the folder); null
     * keeps this one's schema whatever the folder.
     */
    private java.util.function.BiConsumer<Path, LabelSet> onSchema;

    void onSchemaChange(java.util.function.BiConsumer<Path, LabelSet> then) {
        onSchema = then;
    }

    LabelSet schema() {
        return labelSet;
    }

    /** File > Schema...: a built-in schema or a file, remembered for the open folder, the window rebuilt over it. */
    private void chooseSchema() {
        Dataset ds = datasetVm.datasetProperty().get();
        if (ds == null) {
            error(new IllegalStateException("open a receipt folder before choosing its schema"));
            return;
        }
        List<String> choices = new ArrayList<>(LabelSet.BUILT_IN);
        String fromFile = "a schema file (JSON)...";
        choices.add(fromFile);
        javafx.scene.control.ChoiceDialog<String> d = new javafx.scene.control.ChoiceDialog<>(
                choices.contains(labelSet.name()) ? labelSet.name() : choices.get(0), choices);
        d.setTitle("Schema");
        d.setHeaderText("The label schema of " + ds.dir() + " (now " + labelSet + ")");
        d.showAndWait().ifPresent(choice -> {
            String spec = choice;
            if (choice.equals(fromFile)) {
                javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
                fc.setTitle("A label schema (JSON: labels, outside, fields, scheme)");
                File f = fc.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
                if (f == null) {
                    return;
                }
                spec = f.toString();
            }
            useSchema(ds.dir(), spec);
        });
    }

    /** Uses a schema ({@code --schema} value) for a folder: remembered for it, the window rebuilt over it. */
    void useSchema(Path folder, String spec) {
        try {
            LabelSet s = AppSchema.choose(spec, folder);
            if (onSchema != null) {
                onSchema.accept(folder, s);
            }
        } catch (java.io.IOException e) {
            error(e);
        }
    }

    /** As {@link #open(Path)}, then runs {@code afterLoaded} on the FX thread once the folder is shown. */
    void open(Path dir, Runnable afterLoaded) {
        if (onSchema != null) {
            // another folder may have another schema (remembered, or that of its label files)
            try {
                LabelSet s = AppSchema.choose(null, dir);
                if (!s.name().equals(labelSet.name()) || s.scheme() != labelSet.scheme()) {
                    onSchema.accept(dir, s);
                    return;
                }
            } catch (java.io.IOException e) {
                error(e);
            }
        }
        receiptsVm.open(dir, ds -> {
            receipts.selectFirst();
            if (afterLoaded != null) {
                afterLoaded.run();
            }
        });
    }

    void openPredictionsA(Path dir) {
        openPredictions(dir, Slot.A);
    }

    /** Reads a prediction folder as model A or B in the background and counts errors per receipt. */
    void openPredictions(Path dir, Slot slot) {
        receiptsVm.openPredictions(dir, slot);
    }

    /** Runs a model folder over the open receipt folder as model A or B (see {@link ModelRunViewModel}). */
    void runModel(Path modelDir, Slot slot) {
        Dataset ds = datasetVm.datasetProperty().get();
        if (ds == null) {
            error(new IllegalStateException("open a receipt folder before running a model"));
            return;
        }
        runs.get(slot).start(modelDir, ds);
    }

    private void error(Throwable e) {
        receiptsVm.error(e);
    }

    void shutdown() {
        background.shutdown();
        screens.forEach(StudioTab::onClose);
    }

    // for tests
    DatasetViewModel datasetViewModel() {
        return datasetVm;
    }

    ReceiptViewModel receiptViewModel() {
        return receiptVm;
    }

    TextField ocrEditor() {
        return receipts.ocrEditor();
    }

    ReceiptCanvas canvas() {
        return receipts.canvas();
    }

    TableView<ReceiptItem> table() {
        return receipts.table();
    }

    StatusBar statusBar() {
        return status;
    }

    EvaluationView evaluationView() {
        return evalView;
    }

    StatisticsView statisticsView() {
        return statistics;
    }

    EvaluationViewModel evaluationViewModel() {
        return evalVm;
    }

    TrainingView training() {
        return training;
    }

    ModelsView models() {
        return models;
    }

    DiagnosticsView diagnostics() {
        return diagnostics;
    }

    TabPane tabs() {
        return tabs;
    }

    Node helpOverlay() {
        return helpOverlay;
    }
}
