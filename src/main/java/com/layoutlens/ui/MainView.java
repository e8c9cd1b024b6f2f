package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The main window: receipt list on the left, the receipt with its boxes in the centre,
 * the word inspector on the right, problems and the status bar below. All state lives in
 * the view models; this class wires nodes to them.
 */
final class MainView {

    private final LabelSet labelSet = LabelSet.sroie();
    private final DatasetViewModel datasetVm = new DatasetViewModel(labelSet);
    private final ReceiptViewModel receiptVm = new ReceiptViewModel(labelSet);
    private final ImageCache images = new ImageCache(8);
    private final Background background;
    private final BorderPane root = new BorderPane();
    private final StackPane stack = new StackPane();
    private final StatusBar status = new StatusBar();
    private final TableView<ReceiptItem> table = new TableView<>();
    private final ReceiptCanvas canvas;
    private final Label hoverInfo = new Label(" ");
    private final Label saveState = new Label();
    private final ListView<Problem> problemList = new ListView<>(datasetVm.problems());
    private final Node helpOverlay;
    private final TabPane tabs = new TabPane();
    private final EvaluationViewModel evalVm = new EvaluationViewModel(labelSet);
    private final EvaluationView evalView;
    private final javafx.beans.property.StringProperty shownModel = new javafx.beans.property.SimpleStringProperty("A");
    private final java.util.concurrent.atomic.AtomicLong evalGeneration = new java.util.concurrent.atomic.AtomicLong();
    private final Tab receiptsTab = new Tab("Receipts");
    private final Tab evaluationTab = new Tab("Evaluation");
    private final Tab inputTab = new Tab("Model input");
    private final Tab trainingTab = new Tab("Training");
    private final Tab modelsTab = new Tab("Models");
    private final TrainingView training;
    private final ModelsView models;
    /** The model run in progress per slot (A, B); a new run for a slot cancels the old one. */
    private final Map<String, Task<?>> runs = new java.util.HashMap<>();
    private final DiagnosticsView diagnostics;
    private final Map<String, Path> modelDirs = new java.util.HashMap<>();

    /** javafx.scene.Node, named here to keep the import list readable. */
    private interface Node {
        javafx.scene.Node node();
    }

    MainView() {
        this.background = new Background("layoutlens-io", 2, this::showError);
        this.canvas = new ReceiptCanvas(receiptVm, images);
        this.helpOverlay = buildHelp();
        this.evalView = new EvaluationView(evalVm, this::openWord, this::showError);
        this.diagnostics = new DiagnosticsView(background);
        this.training = new TrainingView(() -> {
            Dataset d = datasetVm.datasetProperty().get();
            return d == null ? null : d.dir();
        }, (model, slot) -> {
            tabs.getSelectionModel().select(receiptsTab);
            runModel(model, slot);
        }, this::showError,
                msg -> Background.fx(() -> datasetVm.problems().add(Problem.warning("(training)", 0, msg))));
        this.models = new ModelsView((model, slot) -> {
            tabs.getSelectionModel().select(receiptsTab);
            runModel(model, slot);
        });
        diagnostics.receiptProperty().bind(receiptVm.receiptProperty());
        build();
        wireEvaluation();
    }

    /** Recomputes the evaluation whenever a model, a rule or a gold label changes. */
    private void wireEvaluation() {
        datasetVm.modelAProperty().addListener(o -> recomputeEvaluation());
        datasetVm.modelBProperty().addListener(o -> recomputeEvaluation());
        evalVm.totalKeywordProperty().addListener(o -> recomputeEvaluation());
        evalVm.keywordsProperty().addListener(o -> {
            if (evalVm.totalKeywordProperty().get()) {
                recomputeEvaluation();
            }
        });
        evalVm.companyTopProperty().addListener(o -> recomputeEvaluation());
        evalVm.companyLinesProperty().addListener(o -> {
            if (evalVm.companyTopProperty().get()) {
                recomputeEvaluation();
            }
        });
        shownModel.addListener(o -> updateDiagnosticsModel());
        shownModel.addListener(o -> {
            ReceiptItem sel = table.getSelectionModel().getSelectedItem();
            receiptVm.setPrediction(sel == null ? null : shownRows(sel.id()));
        });
        java.util.function.Consumer<com.layoutlens.data.LabelDocument> onEdit = d -> Background.fx(() -> {
            Receipt r = receiptVm.receiptProperty().get();
            if (r != null) {
                datasetVm.updateGold(r.id(), d.rows());
                recomputeEvaluation();
            }
        });
        receiptVm.goldProperty().addListener((o, old, doc) -> {
            if (old != null) {
                old.removeListener(onEdit);
            }
            if (doc != null) {
                doc.addListener(onEdit);
            }
        });
    }

    /** Evaluates A and B against the current gold labels in the background; the newest request wins. */
    Task<EvaluationViewModel.Results> recomputeEvaluation() {
        Dataset ds = datasetVm.datasetProperty().get();
        DatasetViewModel.Predictions a = datasetVm.modelAProperty().get();
        DatasetViewModel.Predictions b = datasetVm.modelBProperty().get();
        List<com.layoutlens.eval.Rule> rules = evalVm.rules();
        long gen = evalGeneration.incrementAndGet();
        Task<EvaluationViewModel.Results> t = new Task<>() {
            @Override
            protected EvaluationViewModel.Results call() {
                if (ds == null || (a == null && b == null)) {
                    return null;
                }
                return evalVm.compute(ds.receipts(), datasetVm.goldMap(), a == null ? null : a.rows(),
                        b == null ? null : b.rows(), rules);
            }
        };
        t.setOnSucceeded(e -> {
            if (gen == evalGeneration.get()) {
                evalVm.resultsProperty().set(t.getValue());
            }
        });
        background.run(t);
        return t;
    }

    private void updateDiagnosticsModel() {
        Path p = modelDirs.get(shownModel.get());
        diagnostics.modelFolderProperty().set(p != null ? p : modelDirs.get("A"));
    }

    private List<LabelRow> shownRows(String id) {
        DatasetViewModel.Predictions p = "B".equals(shownModel.get()) ? datasetVm.modelBProperty().get()
                : datasetVm.modelAProperty().get();
        return p == null ? null : p.rows().get(id);
    }

    /** Opens the receipt of a word listed under a matrix cell, with the word selected and centred. */
    void openWord(EvaluationViewModel.CellWord w) {
        datasetVm.filterProperty().set("");
        for (ReceiptItem item : table.getItems()) {
            if (item.id().equals(w.receipt())) {
                tabs.getSelectionModel().select(receiptsTab);
                table.getSelectionModel().select(item);
                table.scrollTo(item);
                List<LabelRow> rows = receiptVm.goldRows();
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i).segment() == w.segment() && rows.get(i).word() == w.word()) {
                        receiptVm.selection().clear();
                        receiptVm.selection().add(i);
                        final int idx = i;
                        javafx.application.Platform.runLater(() -> {
                            canvas.centreOn(idx);
                            canvas.requestFocus();
                        });
                        break;
                    }
                }
                return;
            }
        }
    }

    Scene scene(double w, double h) {
        Scene scene = new Scene(stack, w, h);
        installShortcuts(scene);
        return scene;
    }

    private void build() {
        root.setTop(new VBox(menu(), toolbar()));

        table.setItems(datasetVm.filtered());
        table.setPlaceholder(new Label("No receipts: open a folder (Ctrl+O)"));
        table.setId("receipts");
        TableColumn<ReceiptItem, ReceiptItem> thumb = new TableColumn<>("");
        thumb.setPrefWidth(40);
        thumb.setSortable(false);
        thumb.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        thumb.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.image.ImageView view = new javafx.scene.image.ImageView();

            @Override
            protected void updateItem(ReceiptItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null || item.receipt().image() == null) {
                    view.setImage(null);
                    setGraphic(null);
                } else {
                    // only visible rows get a cell, so thumbnails load lazily, in the background
                    view.setImage(ImageCache.thumbnail(item.receipt().image(), 32, 40));
                    setGraphic(view);
                }
            }
        });
        table.getColumns().add(thumb);
        table.getColumns().add(column("Receipt", 100, i -> new ReadOnlyStringWrapper(i.id())));
        table.getColumns().add(column("Words", 60, i -> new ReadOnlyObjectWrapper<>(i.words())));
        TableColumn<ReceiptItem, Number> errA = new TableColumn<>("Errors A");
        errA.setPrefWidth(70);
        errA.setCellValueFactory(c -> c.getValue().errorsAProperty());
        errA.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null || n.intValue() < 0 ? "" : String.valueOf(n.intValue()));
            }
        });
        table.getColumns().add(errA);
        TableColumn<ReceiptItem, Number> errB = new TableColumn<>("Errors B");
        errB.setPrefWidth(70);
        errB.setCellValueFactory(c -> c.getValue().errorsBProperty());
        errB.setCellFactory(errA.getCellFactory());
        table.getColumns().add(errB);
        TableColumn<ReceiptItem, Number> f1 = new TableColumn<>("F1 A");
        f1.setPrefWidth(55);
        f1.setCellValueFactory(c -> c.getValue().f1AProperty());
        f1.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null || n.doubleValue() < 0 ? "" : String.format("%.2f", n.doubleValue()));
            }
        });
        table.getColumns().add(f1);
        table.getColumns().add(column("Problems", 70, i -> new ReadOnlyObjectWrapper<>(i.problems())));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> showReceipt(item));
        TextField filter = new TextField();
        filter.setId("filter");
        filter.setPromptText("Filter: id, 'errors', 'problems'");
        filter.textProperty().bindBidirectional(datasetVm.filterProperty());
        VBox left = new VBox(filter, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        left.setMinWidth(200);

        hoverInfo.setId("hover-info");
        hoverInfo.setPadding(new Insets(4, 8, 4, 8));
        hoverInfo.setMaxWidth(Double.MAX_VALUE);
        BorderPane centre = new BorderPane(canvas);
        centre.setBottom(hoverInfo);

        SplitPane split = new SplitPane(left, centre, inspector());
        split.setDividerPositions(0.2, 0.78);

        problemList.setId("problems");
        problemList.setPlaceholder(new Label("No problems"));
        problemList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.toString());
                setStyle(empty || p == null || !p.isError() ? "" : "-fx-text-fill: #c0392b;");
            }
        });
        TitledPane problems = new TitledPane();
        problems.setContent(problemList);
        problems.textProperty().bind(Bindings.size(datasetVm.problems()).asString("Problems (%d)"));
        problems.setExpanded(false);
        problems.setPrefHeight(160);
        datasetVm.problems().addListener((javafx.collections.ListChangeListener<Problem>) c -> {
            if (!datasetVm.problems().isEmpty() && datasetVm.problems().stream().anyMatch(Problem::isError)) {
                problems.setExpanded(true);
            }
        });

        SplitPane main = new SplitPane(split, problems);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.85);
        receiptsTab.setContent(main);
        receiptsTab.setClosable(false);
        receiptsTab.setId("tab-receipts");
        evaluationTab.setContent(evalView.node());
        evaluationTab.setClosable(false);
        evaluationTab.setId("tab-evaluation");
        inputTab.setContent(diagnostics.node());
        inputTab.setClosable(false);
        inputTab.setId("tab-input");
        trainingTab.setContent(training.node());
        trainingTab.setClosable(false);
        trainingTab.setId("tab-training");
        modelsTab.setContent(models.node());
        modelsTab.setClosable(false);
        modelsTab.setId("tab-models");
        // listed again on every visit: downloads and training runs add folders meanwhile
        modelsTab.setOnSelectionChanged(e -> {
            if (modelsTab.isSelected()) {
                models.refresh();
                models.showDevice();
            }
        });
        tabs.getTabs().addAll(receiptsTab, evaluationTab, inputTab, trainingTab, modelsTab);
        root.setCenter(tabs);

        saveState.setId("save-state");
        saveState.textProperty().bind(receiptVm.saveStateProperty());
        status.getRightItems().add(saveState);
        say("Ready");
        root.setBottom(status);

        receiptVm.hoveredProperty().addListener((o, a, b) -> updateHover());
        receiptVm.revisionProperty().addListener((o, a, b) -> updateHover());
        stack.getChildren().addAll(root, helpOverlay.node());
    }

    private static <T> TableColumn<ReceiptItem, T> column(String name, double width,
                                                          Function<ReceiptItem, javafx.beans.value.ObservableValue<T>> f) {
        TableColumn<ReceiptItem, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> f.apply(cd.getValue()));
        return c;
    }

    private MenuBar menu() {
        MenuItem open = new MenuItem("Open receipt folder...");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseFolder());
        MenuItem openA = new MenuItem("Open predictions as model A...");
        openA.setAccelerator(new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openA.setOnAction(e -> choosePredictions("A"));
        MenuItem openB = new MenuItem("Open predictions as model B...");
        openB.setAccelerator(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openB.setOnAction(e -> choosePredictions("B"));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> javafx.application.Platform.exit());
        Menu file = new Menu("File", null, open, openA, openB, new SeparatorMenuItem(), quit);

        MenuItem undo = new MenuItem("Undo");
        undo.setAccelerator(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN));
        undo.setOnAction(e -> receiptVm.undo());
        MenuItem redo = new MenuItem("Redo");
        redo.setAccelerator(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN));
        redo.setOnAction(e -> receiptVm.redo());
        Menu label = new Menu("Set label");
        for (int i = 0; i < labelSet.size(); i++) {
            String l = labelSet.label(i);
            MenuItem m = new MenuItem(l + "  (" + i + ")");
            m.setOnAction(e -> receiptVm.labelSelection(l));
            label.getItems().add(m);
        }
        MenuItem reload = new MenuItem("Reload labels from disk");
        reload.setOnAction(e -> {
            try {
                receiptVm.reloadFromDisk();
            } catch (IOException ex) {
                showError(ex);
            }
        });
        MenuItem overwrite = new MenuItem("Overwrite labels on disk with these");
        overwrite.setOnAction(e -> {
            try {
                receiptVm.overwriteDisk();
            } catch (IOException ex) {
                showError(ex);
            }
        });
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), label, new SeparatorMenuItem(),
                reload, overwrite);

        CheckMenuItem gold = new CheckMenuItem("Gold boxes (G)");
        gold.selectedProperty().bindBidirectional(receiptVm.showGoldProperty());
        CheckMenuItem pred = new CheckMenuItem("Predicted boxes (P)");
        pred.selectedProperty().bindBidirectional(receiptVm.showPredictionProperty());
        CheckMenuItem diff = new CheckMenuItem("Disagreements only (D)");
        diff.selectedProperty().bindBidirectional(receiptVm.diffModeProperty());
        CheckMenuItem segs = new CheckMenuItem("Segment groups (S)");
        segs.selectedProperty().bindBidirectional(receiptVm.showSegmentsProperty());
        MenuItem help = new MenuItem("Keyboard shortcuts (F1)");
        help.setOnAction(e -> toggleHelp());
        Menu view = new Menu("View", null, gold, pred, diff, segs, new SeparatorMenuItem(), help);
        MenuItem runA = new MenuItem("Run model as A...");
        runA.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        runA.setOnAction(e -> chooseModel("A"));
        MenuItem runB = new MenuItem("Run model as B...");
        runB.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        runB.setOnAction(e -> chooseModel("B"));
        MenuItem manage = new MenuItem("Model folders, downloads...");
        manage.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN));
        manage.setOnAction(e -> tabs.getSelectionModel().select(modelsTab));
        Menu modelMenu = new Menu("Models", null, runA, runB, new SeparatorMenuItem(), manage);
        MenuBar bar = new MenuBar(file, edit, view, modelMenu);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolbar() {
        Button open = new Button("Open folder");
        open.setOnAction(e -> chooseFolder());
        Button openA = new Button("Predictions A");
        openA.setOnAction(e -> choosePredictions("A"));
        Button openB = new Button("Predictions B");
        openB.setOnAction(e -> choosePredictions("B"));
        javafx.scene.control.ChoiceBox<String> shown = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList("A", "B"));
        shown.setId("shown-model");
        shown.valueProperty().bindBidirectional(shownModel);
        shown.setTooltip(new javafx.scene.control.Tooltip("Which model's prediction the receipt view shows (M switches)"));
        ToggleButton gold = new ToggleButton("Gold");
        gold.setId("toggle-gold");
        gold.selectedProperty().bindBidirectional(receiptVm.showGoldProperty());
        ToggleButton pred = new ToggleButton("Prediction");
        pred.setId("toggle-pred");
        pred.selectedProperty().bindBidirectional(receiptVm.showPredictionProperty());
        ToggleButton diff = new ToggleButton("Diff");
        diff.setId("toggle-diff");
        diff.selectedProperty().bindBidirectional(receiptVm.diffModeProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox legend = new HBox(8);
        legend.setAlignment(Pos.CENTER_LEFT);
        for (String l : labelSet.entityLabels()) {
            Label chip = new Label(labelSet.indexOf(l) + " " + l);
            chip.setStyle("-fx-text-fill: white; -fx-padding: 2 6; -fx-background-radius: 3; -fx-background-color: "
                    + LabelColors.css(LabelColors.of(labelSet.indexOf(l), labelSet.indexOf(labelSet.outside()))) + ";");
            legend.getChildren().add(chip);
        }
        Label hint = new Label("dashed = prediction");
        legend.getChildren().add(hint);
        return new ToolBar(open, openA, openB, new Label("show model"), shown, gold, pred, diff, spring, legend);
    }

    private VBox inspector() {
        Label title = new Label("Word");
        title.setStyle("-fx-font-weight: bold;");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        Label text = new Label();
        text.setId("inspect-text");
        Label goldL = new Label();
        goldL.setId("inspect-gold");
        Label predL = new Label();
        predL.setId("inspect-pred");
        Label box = new Label();
        grid.addRow(0, new Label("Text"), text);
        grid.addRow(1, new Label("Gold"), goldL);
        grid.addRow(2, new Label("Prediction"), predL);
        grid.addRow(3, new Label("Box"), box);
        Runnable update = () -> {
            int[] idx = receiptVm.selectedOrHovered();
            List<LabelRow> rows = receiptVm.goldRows();
            if (idx.length == 0 || idx[0] >= rows.size()) {
                text.setText(receiptVm.selection().size() > 1 ? receiptVm.selection().size() + " words" : "");
                goldL.setText("");
                predL.setText("");
                box.setText("");
                return;
            }
            LabelRow r = rows.get(idx[0]);
            text.setText(idx.length > 1 ? idx.length + " words, first: " + r.text() : r.text());
            goldL.setText(r.label());
            LabelRow p = receiptVm.predictionOf(r);
            predL.setText(p == null ? "-" : p.label() + (p.score() == null ? "" : String.format(" (%.3f)", p.score())));
            box.setText(r.box().x0() + "," + r.box().y0() + " - " + r.box().x1() + "," + r.box().y1());
        };
        receiptVm.revisionProperty().addListener(o -> update.run());
        VBox buttons = new VBox(4);
        for (int i = 0; i < labelSet.size(); i++) {
            String l = labelSet.label(i);
            Button b = new Button(i + "  " + l);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setFocusTraversable(false);
            b.setOnAction(e -> receiptVm.labelSelection(l));
            buttons.getChildren().add(b);
        }
        Label note = new Label("Word boxes are cut from their OCR segment in proportion to character offsets "
                + "(an approximation).");
        note.setWrapText(true);
        note.setStyle("-fx-text-fill: #777; -fx-font-size: 11;");
        VBox box2 = new VBox(10, title, grid, new Label("Set label (keys 0-" + (labelSet.size() - 1) + "):"),
                buttons, note);
        box2.setPadding(new Insets(10));
        box2.setMinWidth(180);
        return box2;
    }

    private Node buildHelp() {
        String[][] keys = {
                {"Ctrl+O", "open a receipt folder"}, {"Ctrl+Shift+A", "open predictions as model A"},
                {"Ctrl+R / Ctrl+Shift+R", "run a model folder as model A / B"},
                {"Page Down / Alt+Right", "next receipt"}, {"Page Up / Alt+Left", "previous receipt"},
                {"0 ... " + (labelSet.size() - 1), "set the label of the selected words (0 = O)"},
                {"Ctrl+Z / Ctrl+Y", "undo / redo"}, {"E", "next disagreement with model A"},
                {"G / P / D / S", "gold boxes / predicted boxes / disagreements / segment groups"},
                {"M", "show model A's or model B's prediction"}, {"Ctrl+Shift+B", "open predictions as model B"},
                {"Ctrl+1 / 2 / 3 / 4", "Receipts / Evaluation / Model input / Training tab"},
                {"Ctrl+5", "Models tab: model folders, run, convert, download"},
                {"F  + / -", "fit to window, zoom in / out"}, {"Ctrl+wheel, right-drag", "zoom, pan"},
                {"click, Shift+click, drag", "select a word, add to the selection, select a rectangle"},
                {"Esc", "clear the selection, close this help"}, {"F1", "this help"}};
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(6);
        for (int i = 0; i < keys.length; i++) {
            Label k = new Label(keys[i][0]);
            k.setStyle("-fx-font-weight: bold; -fx-text-fill: white;");
            Label v = new Label(keys[i][1]);
            v.setStyle("-fx-text-fill: white;");
            g.addRow(i, k, v);
        }
        Label title = new Label("Keyboard shortcuts");
        title.setStyle("-fx-font-size: 16; -fx-text-fill: white; -fx-font-weight: bold;");
        VBox box = new VBox(12, title, g);
        box.setPadding(new Insets(24));
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        box.setStyle("-fx-background-color: rgba(30,30,30,0.92); -fx-background-radius: 8;");
        StackPane overlay = new StackPane(box);
        overlay.setId("help-overlay");
        overlay.setStyle("-fx-background-color: rgba(0,0,0,0.25);");
        overlay.setVisible(false);
        overlay.setOnMouseClicked(e -> overlay.setVisible(false));
        return () -> overlay;
    }

    private void toggleHelp() {
        helpOverlay.node().setVisible(!helpOverlay.node().isVisible());
    }

    private void installShortcuts(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() instanceof TextField) {
                return;
            }
            if (helpOverlay.node().isVisible() && (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.F1)) {
                helpOverlay.node().setVisible(false);
                e.consume();
                return;
            }
            if (e.isShortcutDown() && e.getCode() == KeyCode.Z) {
                if (e.isShiftDown()) {
                    receiptVm.redo();
                } else {
                    receiptVm.undo();
                }
                e.consume();
                return;
            }
            if (e.isShortcutDown() && (e.getCode() == KeyCode.DIGIT1 || e.getCode() == KeyCode.DIGIT2
                    || e.getCode() == KeyCode.DIGIT3 || e.getCode() == KeyCode.DIGIT4
                    || e.getCode() == KeyCode.DIGIT5)) {
                tabs.getSelectionModel().select(e.getCode() == KeyCode.DIGIT1 ? receiptsTab
                        : e.getCode() == KeyCode.DIGIT2 ? evaluationTab
                        : e.getCode() == KeyCode.DIGIT3 ? inputTab
                        : e.getCode() == KeyCode.DIGIT4 ? trainingTab : modelsTab);
                e.consume();
                return;
            }
            if (e.isShortcutDown() && e.getCode() == KeyCode.Y) {
                receiptVm.redo();
                e.consume();
                return;
            }
            if (e.isShortcutDown()) {
                return;
            }
            if (e.getCode().isDigitKey()) {
                int d = e.getCode().getCode() - (e.getCode().isKeypadKey() ? KeyCode.NUMPAD0.getCode() : KeyCode.DIGIT0.getCode());
                if (d >= 0 && d < labelSet.size()) {
                    receiptVm.labelSelection(labelSet.label(d));
                    e.consume();
                }
                return;
            }
            boolean handled = true;
            switch (e.getCode()) {
                case PAGE_DOWN -> move(1);
                case PAGE_UP -> move(-1);
                case RIGHT -> {
                    if (e.isAltDown()) {
                        move(1);
                    } else {
                        handled = false;
                    }
                }
                case LEFT -> {
                    if (e.isAltDown()) {
                        move(-1);
                    } else {
                        handled = false;
                    }
                }
                case G -> receiptVm.showGoldProperty().set(!receiptVm.showGoldProperty().get());
                case P -> receiptVm.showPredictionProperty().set(!receiptVm.showPredictionProperty().get());
                case D -> receiptVm.diffModeProperty().set(!receiptVm.diffModeProperty().get());
                case S -> receiptVm.showSegmentsProperty().set(!receiptVm.showSegmentsProperty().get());
                case E -> {
                    int i = receiptVm.selectNextError();
                    if (i >= 0) {
                        canvas.centreOn(i);
                    } else {
                        say("No disagreements on this receipt");
                    }
                }
                case F -> canvas.fit();
                case M -> shownModel.set("A".equals(shownModel.get()) ? "B" : "A");
                case PLUS, ADD, EQUALS -> canvas.zoom(1.25);
                case MINUS, SUBTRACT -> canvas.zoom(0.8);
                case ESCAPE -> receiptVm.selection().clear();
                case F1, SLASH -> toggleHelp();
                default -> handled = false;
            }
            if (handled) {
                e.consume();
            }
        });
    }

    private void move(int delta) {
        int n = table.getItems().size();
        if (n == 0) {
            return;
        }
        int i = table.getSelectionModel().getSelectedIndex();
        int next = Math.max(0, Math.min(n - 1, i < 0 ? 0 : i + delta));
        table.getSelectionModel().select(next);
        table.scrollTo(Math.max(0, next - 3));
    }

    private void updateHover() {
        int h = receiptVm.hoveredProperty().get();
        List<LabelRow> rows = receiptVm.goldRows();
        if (h < 0 || h >= rows.size()) {
            Receipt r = receiptVm.receiptProperty().get();
            hoverInfo.setText(r == null ? " " : r.id() + ": " + rows.size() + " words, "
                    + receiptVm.errors().size() + " disagreement(s) with model " + shownModel.get() + "; hover a box for details");
            return;
        }
        LabelRow g = rows.get(h);
        LabelRow p = receiptVm.predictionOf(g);
        hoverInfo.setText(String.format("'%s'   gold: %s   model " + shownModel.get() + ": %s%s   segment %d, word %d", g.text(), g.label(),
                p == null ? "-" : p.label(), p == null || p.score() == null ? "" : String.format(" (%.3f)", p.score()),
                g.segment(), g.word()));
    }

    private void showReceipt(ReceiptItem item) {
        if (item == null) {
            return;
        }
        try {
            receiptVm.show(item.receipt(), datasetVm.labelsDir(), shownRows(item.id()),
                    datasetVm.goldRowsCached(item.receipt()));
            say(item.id() + (item.receipt().image() == null ? " (no image)" : ""));
        } catch (IOException e) {
            showError(e);
        }
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Open a receipt folder (img/, box/, key/)");
        java.io.File f = c.showDialog(window());
        if (f != null) {
            open(f.toPath());
        }
    }

    private void choosePredictions(String slot) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Open a folder of prediction label files as model " + slot);
        java.io.File f = c.showDialog(window());
        if (f != null) {
            openPredictions(f.toPath(), slot);
        }
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** Opens a receipt folder in the background; problems go to the problems panel. */
    Task<Dataset> open(Path dir) {
        return open(dir, null);
    }

    /** As {@link #open(Path)}, then runs {@code afterLoaded} on the FX thread once the folder is shown. */
    Task<Dataset> open(Path dir, Runnable afterLoaded) {
        Task<Dataset> t = datasetVm.loadTask(dir);
        status.textProperty().bind(t.messageProperty());
        status.progressProperty().bind(t.progressProperty());
        t.setOnSucceeded(e -> {
            unbindStatus();
            Dataset ds = t.getValue();
            datasetVm.accept(ds);
            say(ds.receipts().size() + " receipts from " + dir
                    + (ds.problems().isEmpty() ? "" : ", " + ds.problems().size() + " problem(s)"));
            if (!table.getItems().isEmpty()) {
                table.getSelectionModel().select(0);
            }
            if (afterLoaded != null) {
                afterLoaded.run();
            }
        });
        t.setOnFailed(e -> unbindStatus());
        background.run(t);
        return t;
    }

    Task<Map<String, DatasetViewModel.ReceiptScore>> openPredictionsA(Path dir) {
        return openPredictions(dir, "A");
    }

    /** Reads a prediction folder as model A or B in the background and counts errors per receipt. */
    Task<Map<String, DatasetViewModel.ReceiptScore>> openPredictions(Path dir, String slot) {
        boolean isA = "A".equals(slot);
        Task<Map<String, DatasetViewModel.ReceiptScore>> t = new Task<>() {
            DatasetViewModel.Predictions p;

            @Override
            protected Map<String, DatasetViewModel.ReceiptScore> call() throws IOException {
                updateMessage("Reading predictions " + dir);
                p = datasetVm.readPredictions(dir);
                updateMessage("Counting disagreements");
                Map<String, DatasetViewModel.ReceiptScore> errors = datasetVm.countErrors(p);
                Background.fx(() -> {
                    (isA ? datasetVm.modelAProperty() : datasetVm.modelBProperty()).set(p);
                    ReceiptItem sel = table.getSelectionModel().getSelectedItem();
                    if (sel != null) {
                        receiptVm.setPrediction(shownRows(sel.id()));
                    }
                });
                return errors;
            }
        };
        t.setOnSucceeded(e -> {
            Map<String, DatasetViewModel.ReceiptScore> errors = t.getValue();
            showScores(errors, isA);
            int total = errors.values().stream().mapToInt(DatasetViewModel.ReceiptScore::errors).sum();
            say("Model " + slot + ": " + dir + " (" + total + " disagreeing words)");
        });
        background.run(t);
        return t;
    }

    /**
     * Runs a model folder over the open receipt folder in the background (cached results
     * are reused) and shows its predictions as model A or B. Each run has its own progress
     * area in the status bar (device, receipts done, speed, ETA, Cancel), so runs of A and B
     * started together are both visible; Cancel stops between batches, keeping what was done.
     * A GPU that fails as CUDA does hands the run over to the CPU, and the Problems list says why.
     */
    Task<com.layoutlens.model.predict.PredictionRun.Outcome> runModel(Path modelDir, String slot) {
        Dataset ds = datasetVm.datasetProperty().get();
        if (ds == null) {
            showError(new IllegalStateException("open a receipt folder before running a model"));
            return null;
        }
        String name = modelDir.toAbsolutePath().normalize().getFileName().toString();
        Task<com.layoutlens.model.predict.PredictionRun.Outcome> t = new Task<>() {
            private volatile String device = "?";

            @Override
            protected com.layoutlens.model.predict.PredictionRun.Outcome call() throws Exception {
                long start = System.nanoTime();
                updateMessage(slot + ": " + name + ", loading");
                return com.layoutlens.model.predict.PredictionRun.run(modelDir, ds, labelSet, "auto",
                        com.layoutlens.model.predict.PredictionRun.defaultCacheRoot(), (done, total) -> {
                            double secs = (System.nanoTime() - start) / 1e9;
                            double rate = secs > 0 ? done / secs : 0;
                            updateProgress(done, total);
                            updateMessage(String.format("%s: %s on %s, %d/%d receipts, %.1f/s, ETA %.0f s", slot,
                                    name, device, done, total, rate, rate > 0 ? (total - done) / rate : 0));
                        }, this::isCancelled, new com.layoutlens.model.predict.PredictionRun.DeviceListener() {
                            @Override
                            public void using(String d) {
                                device = d;
                                updateMessage(slot + ": " + name + ", loading on " + d);
                            }

                            @Override
                            public void fellBack(String message) {
                                updateMessage(slot + ": " + name + ", GPU failed, going on on the CPU");
                                Background.fx(() -> datasetVm.problems().add(Problem.warning("(model " + slot + ")", 0,
                                        message)));
                            }
                        });
            }
        };
        Task<?> previous = runs.put(slot, t);
        if (previous != null) {
            previous.cancel(false);
        }
        HBox indicator = runIndicator(t, slot);
        status.getRightItems().add(0, indicator);
        Runnable done = () -> {
            status.getRightItems().remove(indicator);
            runs.remove(slot, t);
        };
        t.setOnSucceeded(e -> {
            done.run();
            var out = t.getValue();
            datasetVm.problems().addAll(out.problems());
            DatasetViewModel.Predictions p = new DatasetViewModel.Predictions(name + " (" + out.device() + ")",
                    out.cacheDir(), out.rows());
            modelDirs.put(slot, modelDir);
            setPredictions(p, slot);
            updateDiagnosticsModel();
            say(out.predicted() == 0
                    ? String.format("Model %s: %s, all %d receipts from the cache", slot, name, out.fromCache())
                    : String.format("Model %s: %s on %s, %d receipts predicted, %d from the cache%s%s", slot, name,
                    out.device(), out.predicted(), out.fromCache(), out.cancelled() ? " (cancelled)" : "",
                    out.fallback() == null ? "" : "; the GPU failed, so it ran on the CPU (see Problems)"));
        });
        t.setOnCancelled(e -> {
            done.run();
            say("Model " + slot + " cancelled; receipts done so far are cached");
        });
        t.setOnFailed(e -> done.run());
        background.run(t);
        return t;
    }

    /** A run's own corner of the status bar: what it does (device included), a progress bar, Cancel. */
    private HBox runIndicator(Task<?> t, String slot) {
        Label text = new Label();
        text.setId("run-" + slot + "-text");
        text.textProperty().bind(t.messageProperty());
        text.setMaxWidth(420);
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("run-" + slot + "-progress");
        bar.setPrefWidth(90);
        bar.progressProperty().bind(t.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-" + slot);
        cancel.setOnAction(e -> t.cancel(false));
        HBox box = new HBox(6, text, bar, cancel);
        box.setId("run-" + slot);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(0, 8, 0, 0));
        return box;
    }

    /** Shows a model's predictions as A or B and counts each receipt's disagreements in the background. */
    private void setPredictions(DatasetViewModel.Predictions p, String slot) {
        boolean isA = "A".equals(slot);
        (isA ? datasetVm.modelAProperty() : datasetVm.modelBProperty()).set(p);
        ReceiptItem sel = table.getSelectionModel().getSelectedItem();
        if (sel != null) {
            receiptVm.setPrediction(shownRows(sel.id()));
        }
        Task<Map<String, DatasetViewModel.ReceiptScore>> count = new Task<>() {
            @Override
            protected Map<String, DatasetViewModel.ReceiptScore> call() {
                return datasetVm.countErrors(p);
            }
        };
        count.setOnSucceeded(e -> showScores(count.getValue(), isA));
        background.run(count);
    }

    /** Puts a model's per-receipt errors and F1 into the receipt list (-1 where it has no prediction). */
    private void showScores(Map<String, DatasetViewModel.ReceiptScore> scores, boolean isA) {
        for (ReceiptItem i : datasetVm.items()) {
            DatasetViewModel.ReceiptScore sc = scores.get(i.id());
            (isA ? i.errorsAProperty() : i.errorsBProperty()).set(sc == null ? -1 : sc.errors());
            (isA ? i.f1AProperty() : i.f1BProperty()).set(sc == null ? -1 : sc.f1());
        }
    }

    private void chooseModel(String slot) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Choose a model folder (config.json, model.safetensors, tokenizer) to run as model " + slot);
        java.io.File f = c.showDialog(window());
        if (f != null) {
            runModel(f.toPath(), slot);
        }
    }

    /** Puts a line in the status bar unless a running job owns it (its progress line wins). */
    private void say(String text) {
        if (!status.textProperty().isBound()) {
            status.setText(text);
        }
    }

    private void unbindStatus() {
        status.textProperty().unbind();
        status.progressProperty().unbind();
        status.setProgress(0);
    }

    private void showError(Throwable ex) {
        Background.fx(() -> {
            unbindStatus();
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            say("Error: " + msg);
            datasetVm.problems().add(Problem.error("(app)", 0, msg));
        });
    }

    void shutdown() {
        background.shutdown();
        models.shutdown();
    }

    // for tests
    DatasetViewModel datasetViewModel() {
        return datasetVm;
    }

    ReceiptViewModel receiptViewModel() {
        return receiptVm;
    }

    ReceiptCanvas canvas() {
        return canvas;
    }

    TableView<ReceiptItem> table() {
        return table;
    }

    StatusBar statusBar() {
        return status;
    }

    EvaluationView evaluationView() {
        return evalView;
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

    javafx.scene.Node helpOverlay() {
        return helpOverlay.node();
    }
}
