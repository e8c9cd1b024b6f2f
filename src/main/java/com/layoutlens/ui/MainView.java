package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.service.ModelDownloads;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The main window. It lists the studio's tabs ({@link StudioTab}) and composes them with the
 * menu, the toolbar, the status bar and the keyboard help; every screen's state lives in its
 * view model, and this class only creates them and wires them together.
 */
final class MainView {

    private final SchemaChoice schemaChoice;
    private final Background background = new Background("layoutlens-io", 2, e -> error(e));
    private final StatusLine statusLine = new StatusLine();
    private final DatasetViewModel datasetVm;
    private final ReceiptViewModel receiptVm;
    private final ReceiptsViewModel receiptsVm;
    private final EvaluationViewModel evalVm;
    private final Map<Slot, ModelRunViewModel> runs;
    private final ReceiptsView receipts;
    private final EvaluationView evalView;
    private final DiagnosticsView diagnostics;
    private final TrainingView training;
    private final ModelsView models;
    private final StatisticsView statistics;
    private final FormatTransfer transfer;
    private final List<StudioTab> screens;
    private final TabPane tabs = new TabPane();
    private final StatusBar status;
    private final BorderPane root = new BorderPane();
    private final StudioDialogs dialogs = new StudioDialogs(() -> root.getScene() == null ? null : root.getScene().getWindow());
    private final StackPane helpOverlay;
    private final WindowKeys keys;

    MainView() {
        this(LabelSet.sroie());
    }

    /** The window over a label schema: colours, label keys, legend, matrices and model runs follow it. */
    MainView(LabelSet schema) {
        schemaChoice = new SchemaChoice(schema);
        datasetVm = new DatasetViewModel(schema);
        receiptVm = new ReceiptViewModel(schema);
        receiptsVm = new ReceiptsViewModel(datasetVm, receiptVm, background, Background::fx, statusLine);
        evalVm = new EvaluationViewModel(datasetVm, background, Background::fx);
        receipts = new ReceiptsView(receiptsVm, new ImageCache(8));
        runs = ModelRunViewModel.forEachSlot(schema, background, Background::fx, receiptsVm);
        status = StudioStatusBar.of(statusLine, receiptVm.saveStateProperty(), runs.values());
        receiptsVm.onGoldEdited(evalVm::recompute);
        evalView = new EvaluationView(evalVm, this::openWord, this::error);
        diagnostics = new DiagnosticsView(new DiagnosticsViewModel(background, Background::fx));
        diagnostics.viewModel().receiptProperty().bind(receiptVm.receiptProperty());
        diagnostics.viewModel().modelFolderProperty().bind(receiptsVm.shownModelFolderProperty());
        training = new TrainingView(new TrainingViewModel(datasetVm::folder, background, Background::fx,
                receiptsVm::warning, this::error));
        training.viewModel().onUse(this::useModel);
        models = new ModelsView(new ModelsViewModel(ModelDownloads.fromEnvironment(), new Background("layoutlens-models", 2, e -> { }), Background::fx));
        models.viewModel().onRun(this::useModel);
        statistics = new StatisticsView(new StatisticsViewModel(datasetVm, background, Background::fx));
        transfer = new FormatTransfer(new FormatTransferViewModel(datasetVm, background, Background::fx, statusLine,
                receiptsVm::warning), dialogs, this::open);
        SuspectsView suspects = new SuspectsView(new SuspectsViewModel(datasetVm, background, Background::fx, receipts, this::error),
                () -> select(receipts));
        training.viewModel().outOfFoldProperty().addListener((o, a, dir) -> suspects.viewModel().offer(dir));
        screens = List.of(receipts, evalView, diagnostics, training, models, statistics, suspects);
        Map<String, List<Object>> menus = menus();
        helpOverlay = KeyboardHelp.overlay(StudioMenu.keyHelp(menus, screens));
        keys = new WindowKeys(helpOverlay, screens, this::select, receipts::onKey);
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
                new StudioAction("Schema...", null, null, this::chooseSchema), null, transfer.importAction(),
                transfer.exportAction(), null, new StudioAction("Quit", StudioMenu.key(KeyCode.Q, false), null, Platform::exit)));
        m.put("Edit", receipts.editMenu(this::error));
        List<Object> view = new ArrayList<>(receipts.viewMenu());
        view.addAll(Arrays.asList(null, new StudioAction("Keyboard shortcuts (F1)", null, null, () -> keys.toggleHelp())));
        m.put("View", view);
        m.put("Models", Arrays.asList(
                new StudioAction("Run model as A...", StudioMenu.key(KeyCode.R, false), "run a model folder as model A",
                        () -> dialogs.chooseModel(Slot.A, dir -> runModel(dir, Slot.A))),
                new StudioAction("Run model as B...", StudioMenu.key(KeyCode.R, true), "run a model folder as model B",
                        () -> dialogs.chooseModel(Slot.B, dir -> runModel(dir, Slot.B))), null,
                new StudioAction("Model folders, downloads...", models.shortcut(), null, () -> select(models))));
        return m;
    }

    private void build(Map<String, List<Object>> menus) {
        root.setTop(new VBox(StudioMenu.bar(menus), receipts.toolbar(this::chooseReceipts, this::choosePredictions)));
        screens.forEach(s -> tabs.getTabs().add(StudioTab.tabOf(s)));
        root.setCenter(tabs);
        statusLine.say("Ready");
        root.setBottom(status);
    }

    Scene scene(double w, double h) {
        Scene scene = new Scene(new StackPane(root, helpOverlay), w, h);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        return scene;
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

    private void chooseReceipts() {
        dialogs.chooseReceipts(this::open);
    }

    private void choosePredictions(Slot slot) {
        dialogs.choosePredictions(slot, dir -> openPredictions(dir, slot));
    }

    /** Opens a receipt folder in the background; problems go to the problems panel. */
    void open(Path dir) {
        open(dir, null);
    }

    /** Who rebuilds the window over another schema (the app: a new window); null keeps this one's schema. */
    void onSchemaChange(BiConsumer<Path, LabelSet> then) {
        schemaChoice.onChange(then);
    }

    LabelSet schema() {
        return schemaChoice.current();
    }

    /** File > Schema...: a built-in schema or a file, remembered for the open folder, the window rebuilt over it. */
    private void chooseSchema() {
        Dataset ds = datasetVm.datasetProperty().get();
        if (ds == null) {
            error(new IllegalStateException("open a receipt folder before choosing its schema"));
            return;
        }
        dialogs.chooseSchema(schemaChoice, ds.dir(), spec -> useSchema(ds.dir(), spec));
    }

    /** Uses a schema ({@code --schema} value) for a folder: remembered for it, the window rebuilt over it. */
    void useSchema(Path folder, String spec) {
        try {
            schemaChoice.use(folder, spec);
        } catch (IOException e) {
            error(e);
        }
    }

    /** As {@link #open(Path)}, then runs {@code afterLoaded} on the FX thread once the folder is shown. */
    void open(Path dir, Runnable afterLoaded) {
        try {
            // another folder may have another schema (remembered, or that of its label files)
            if (schemaChoice.rebuildsFor(dir)) {
                return;
            }
        } catch (IOException e) {
            error(e);
        }
        receiptsVm.open(dir, ds -> {
            receipts.selectFirst();
            if (afterLoaded != null) {
                afterLoaded.run();
            }
        });
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
        try {
            if (schemaChoice.rebuildsForModel(ds.dir(), modelDir, slot)) {
                return; // the folder has no schema of its own: a window over the model's runs it
            }
        } catch (IOException e) {
            error(e);
        }
        runs.get(slot).start(modelDir, ds);
    }

    /** The model run this window was rebuilt for (see {@link SchemaChoice#rebuildsForModel}), or null. */
    SchemaChoice.ModelRun pendingModelRun() {
        return schemaChoice.pending();
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
