package com.layoutlens.ui;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Receipts screen: the folder's receipts in a filterable list on the left, the receipt
 * with its boxes in the centre, the word inspector on the right, problems below. The keys
 * of the receipt view (next receipt, labels, toggles, zoom) are handled here.
 */
final class ReceiptsView implements StudioTab, SuspectsViewModel.Receipts {

    private final ReceiptsViewModel vm;
    private final ReceiptViewModel receiptVm;
    private final LabelSet labelSet;
    private final ReceiptCanvas canvas;
    private final TableView<ReceiptItem> table = new TableView<>();
    private final Label hoverInfo = new Label(" ");
    private final OcrEditing ocr;
    private final ListView<Problem> problemList;
    private final SplitPane root;

    ReceiptsView(ReceiptsViewModel vm, ImageCache images) {
        this.vm = vm;
        this.receiptVm = vm.receipt();
        this.labelSet = vm.labelSet();
        this.canvas = new ReceiptCanvas(receiptVm, images);
        this.ocr = new OcrEditing(receiptVm, canvas);
        this.problemList = new ListView<>(vm.datasets().problems());
        this.root = build();
        receiptVm.hoveredProperty().addListener((o, a, b) -> hoverInfo.setText(vm.hoverText()));
        receiptVm.revisionProperty().addListener((o, a, b) -> hoverInfo.setText(vm.hoverText()));
    }

    @Override
    public String id() {
        return "receipts";
    }

    @Override
    public String title() {
        return "Receipts";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Receipts tab: the folder's receipts, boxes and labels";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public Object viewModel() {
        return vm;
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("Page Down / Alt+Right", "next receipt"),
                new KeyHelp("Page Up / Alt+Left", "previous receipt"),
                new KeyHelp("0 ... " + Math.min(9, labelSet.size() - 1), "set the label of the selected words (0 = O)"
                        + (labelSet.size() > 10 ? "; the other types: Edit > Set label" : "")),
                new KeyHelp("E", "next disagreement with model A"),
                new KeyHelp("G / P / D / S", "gold boxes / predicted boxes / disagreements / segment groups"),
                new KeyHelp("M", "show model A's or model B's prediction"),
                new KeyHelp("F  + / -", "fit to window, zoom in / out"),
                new KeyHelp("Ctrl+wheel, right-drag", "zoom, pan"),
                new KeyHelp("click, Shift+click, drag", "select a word, add to the selection, select a rectangle"),
                new KeyHelp("F2, double-click", "correct the word's text (a space splits it; the number keys then"
                        + " label the parts one after the other, Esc closes their labels)"),
                new KeyHelp("Ctrl+M", "merge the selected neighbouring words (also where one segment ends and the next begins)"),
                new KeyHelp("Delete / Shift+Delete", "delete the selected words / the word's segment"),
                new KeyHelp("N then drag, Alt+drag", "draw a word the OCR missed, then type its text"),
                new KeyHelp("drag a selected box's edge", "move that edge (a corner moves two)"),
                new KeyHelp("Tab, Enter", "next word that looks misread, accept its correction (or type one)"),
                new KeyHelp("O", "the original OCR beside the corrections"),
                new KeyHelp("Esc", "clear the selection, close the help"));
    }

    private SplitPane build() {
        table.setItems(vm.datasets().filtered());
        table.setPlaceholder(new Label("No receipts: open a folder (Ctrl+O)"));
        table.setId("receipts");
        TableColumn<ReceiptItem, ReceiptItem> thumb = new TableColumn<>("");
        thumb.setPrefWidth(40);
        thumb.setSortable(false);
        thumb.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        thumb.setCellFactory(col -> new TableCell<>() {
            private final ImageView view = new ImageView();

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
        table.getColumns().add(column("Words", 60, i -> i.wordsProperty().asObject()));
        table.getColumns().add(number("Errors A", 70, ReceiptItem::errorsAProperty, "%.0f"));
        table.getColumns().add(number("Errors B", 70, ReceiptItem::errorsBProperty, "%.0f"));
        table.getColumns().add(number("F1 A", 55, ReceiptItem::f1AProperty, "%.2f"));
        table.getColumns().add(column("Problems", 70, i -> new ReadOnlyObjectWrapper<>(i.problems())));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> vm.select(item));
        TextField filter = new TextField();
        filter.setId("filter");
        filter.setPromptText("Filter: id, 'errors', 'problems'");
        filter.textProperty().bindBidirectional(vm.datasets().filterProperty());
        VBox left = new VBox(filter, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        left.setMinWidth(200);

        hoverInfo.setId("hover-info");
        hoverInfo.setPadding(new Insets(4, 8, 4, 8));
        hoverInfo.setMaxWidth(Double.MAX_VALUE);
        BorderPane centre = new BorderPane(canvas);
        centre.setBottom(ocr.attach(hoverInfo));

        SplitPane split = new SplitPane(left, centre, WordInspector.of(receiptVm, labelSet));
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
        problems.textProperty().bind(Bindings.size(vm.datasets().problems()).asString("Problems (%d)"));
        problems.setExpanded(false);
        problems.setPrefHeight(160);
        vm.datasets().problems().addListener((ListChangeListener<Problem>) c -> {
            if (vm.datasets().problems().stream().anyMatch(Problem::isError)) {
                problems.setExpanded(true);
            }
        });

        SplitPane main = new SplitPane(split, problems);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.85);
        return main;
    }

    private static <T> TableColumn<ReceiptItem, T> column(String name, double width,
                                                          Function<ReceiptItem, ObservableValue<T>> f) {
        TableColumn<ReceiptItem, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> f.apply(cd.getValue()));
        return c;
    }

    /** A column of a per-model figure, blank where the model has none (-1). */
    private static TableColumn<ReceiptItem, Number> number(String name, double width,
                                                           Function<ReceiptItem, ObservableValue<Number>> f, String format) {
        TableColumn<ReceiptItem, Number> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> f.apply(cd.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null || n.doubleValue() < 0 ? "" : String.format(format, n.doubleValue()));
            }
        });
        return c;
    }

    /** The toolbar above the tabs: open buttons, which model the receipt view shows, the box toggles, the legend. */
    ToolBar toolbar(Runnable chooseFolder, Consumer<Slot> choosePredictions) {
        Button open = new Button("Open folder");
        open.setOnAction(e -> chooseFolder.run());
        Button openA = new Button("Predictions A");
        openA.setOnAction(e -> choosePredictions.accept(Slot.A));
        Button openB = new Button("Predictions B");
        openB.setOnAction(e -> choosePredictions.accept(Slot.B));
        ChoiceBox<Slot> shown = new ChoiceBox<>(FXCollections.observableArrayList(Slot.values()));
        shown.setId("shown-model");
        shown.valueProperty().bindBidirectional(vm.shownProperty());
        shown.setTooltip(new Tooltip("Which model's prediction the receipt view shows (M switches)"));
        ToggleButton gold = toggle("Gold", "toggle-gold");
        gold.selectedProperty().bindBidirectional(receiptVm.showGoldProperty());
        ToggleButton pred = toggle("Prediction", "toggle-pred");
        pred.selectedProperty().bindBidirectional(receiptVm.showPredictionProperty());
        ToggleButton diff = toggle("Diff", "toggle-diff");
        diff.selectedProperty().bindBidirectional(receiptVm.diffModeProperty());
        ToggleButton byCause = toggle("By cause", "toggle-cause");
        byCause.selectedProperty().bindBidirectional(receiptVm.diffByCauseProperty());
        byCause.disableProperty().bind(receiptVm.diffModeProperty().not());
        StringBuilder causeHelp = new StringBuilder("Colour the disagreements by their cause:");
        for (com.layoutlens.eval.ErrorCause c : com.layoutlens.eval.ErrorCause.values()) {
            causeHelp.append("\n").append(c.id()).append(" (").append(LabelColors.css(LabelColors.of(c))).append("): ")
                    .append(c.description());
        }
        byCause.setTooltip(new Tooltip(causeHelp.toString()));
        HBox causeLegend = new HBox(6);
        causeLegend.setId("cause-legend");
        causeLegend.setAlignment(Pos.CENTER_LEFT);
        for (com.layoutlens.eval.ErrorCause c : com.layoutlens.eval.ErrorCause.values()) {
            Label chip = new Label(c.id());
            chip.setStyle("-fx-text-fill: white; -fx-padding: 2 6; -fx-background-radius: 3; -fx-background-color: "
                    + LabelColors.css(LabelColors.of(c)) + ";");
            chip.setTooltip(new Tooltip(c.description()));
            causeLegend.getChildren().add(chip);
        }
        causeLegend.visibleProperty().bind(receiptVm.diffModeProperty().and(receiptVm.diffByCauseProperty()));
        causeLegend.managedProperty().bind(causeLegend.visibleProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox legend = new HBox(8);
        legend.setAlignment(Pos.CENTER_LEFT);
        for (String l : labelSet.entityLabels()) {
            Label chip = new Label(labelSet.indexOf(l) <= 9 ? labelSet.indexOf(l) + " " + l : l);
            chip.setStyle("-fx-text-fill: white; -fx-padding: 2 6; -fx-background-radius: 3; -fx-background-color: "
                    + LabelColors.css(LabelColors.of(labelSet.indexOf(l), labelSet.indexOf(labelSet.outside()))) + ";");
            legend.getChildren().add(chip);
        }
        legend.getChildren().add(new Label("dashed = prediction"));
        legend.visibleProperty().bind(causeLegend.visibleProperty().not());
        legend.managedProperty().bind(legend.visibleProperty());
        return new ToolBar(open, openA, openB, new Label("show model"), shown, gold, pred, diff, byCause, spring,
                causeLegend, legend);
    }

    private static ToggleButton toggle(String text, String id) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        return b;
    }

    /** The Edit menu's actions and the View menu's switches of the receipt view; null separates groups. */
    List<Object> editMenu(Consumer<Throwable> onError) {
        Menu label = new Menu("Set label");
        for (int i = 0; i < labelSet.size(); i++) {
            String l = labelSet.label(i);
            // digits 0-9 set the first ten; this menu is the picker for all of a larger schema's types
            label.getItems().add(StudioMenu.item(new StudioAction(i <= 9 ? l + "  (" + i + ")" : l, null, null,
                    () -> receiptVm.labelSelection(l))));
        }
        return Arrays.asList(new StudioAction("Undo", StudioMenu.key(KeyCode.Z, false), "undo", receiptVm::undo),
                new StudioAction("Redo", StudioMenu.key(KeyCode.Y, false), "redo", receiptVm::redo), null, label, null,
                new StudioAction("Reload labels from disk", null, null, io(receiptVm::reloadFromDisk, onError)),
                new StudioAction("Overwrite labels on disk with these", null, null, io(receiptVm::overwriteDisk, onError)));
    }

    /** The View menu's switches of the receipt view. */
    List<Object> viewMenu() {
        return Arrays.asList(StudioMenu.check("Gold boxes (G)", receiptVm.showGoldProperty()),
                StudioMenu.check("Predicted boxes (P)", receiptVm.showPredictionProperty()),
                StudioMenu.check("Disagreements only (D)", receiptVm.diffModeProperty()),
                StudioMenu.check("Disagreements coloured by cause", receiptVm.diffByCauseProperty()),
                StudioMenu.check("Segment groups (S)", receiptVm.showSegmentsProperty()),
                StudioMenu.check("Original OCR beside the corrections (O)", receiptVm.showOriginalProperty()));
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** A label-file operation; a failure is shown, not thrown. */
    private static Runnable io(IoAction action, Consumer<Throwable> onError) {
        return () -> {
            try {
                action.run();
            } catch (IOException ex) {
                onError.accept(ex);
            }
        };
    }

    /** Opens the text editor on a word. */
    void startEdit(int index) {
        ocr.startEdit(index);
    }

    /** Handles a key of the receipt view (whatever the tab, as the shortcuts always did); answers whether it did. */
    boolean onKey(KeyEvent e) {
        if (canvas.isFocused() && ocr.onOcrKey(e)) {
            return true;
        }
        if (e.isShortcutDown()) {
            if (e.getCode() == KeyCode.Z) {
                if (e.isShiftDown()) {
                    receiptVm.redo();
                } else {
                    receiptVm.undo();
                }
                return true;
            }
            if (e.getCode() == KeyCode.Y) {
                receiptVm.redo();
                return true;
            }
            return false;
        }
        if (e.getCode().isDigitKey()) {
            int d = e.getCode().getCode() - (e.getCode().isKeypadKey() ? KeyCode.NUMPAD0.getCode() : KeyCode.DIGIT0.getCode());
            if (d >= 0 && d < labelSet.size()) {
                receiptVm.labelSelection(labelSet.label(d));
                return true;
            }
            return false;
        }
        switch (e.getCode()) {
            case PAGE_DOWN -> move(1);
            case PAGE_UP -> move(-1);
            case RIGHT, LEFT -> {
                if (!e.isAltDown()) {
                    return false;
                }
                move(e.getCode() == KeyCode.RIGHT ? 1 : -1);
            }
            case G -> receiptVm.showGoldProperty().set(!receiptVm.showGoldProperty().get());
            case P -> receiptVm.showPredictionProperty().set(!receiptVm.showPredictionProperty().get());
            case D -> receiptVm.diffModeProperty().set(!receiptVm.diffModeProperty().get());
            case S -> receiptVm.showSegmentsProperty().set(!receiptVm.showSegmentsProperty().get());
            case E -> {
                int i = vm.nextError();
                if (i >= 0) {
                    canvas.centreOn(i);
                }
            }
            case F -> canvas.fit();
            case M -> vm.toggleShown();
            case PLUS, ADD, EQUALS -> canvas.zoom(1.25);
            case MINUS, SUBTRACT -> canvas.zoom(0.8);
            case ESCAPE -> receiptVm.selection().clear();
            default -> {
                return false;
            }
        }
        return true;
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

    /** Selects the first receipt of the list, if any. */
    void selectFirst() {
        if (!table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
        }
    }

    /** Opens the receipt of a word listed under a matrix cell, with the word selected and centred. */
    void openWord(EvaluationViewModel.CellWord w) {
        openWord(w.receipt(), w.segment(), w.word(), true);
    }

    /** Opens a receipt with a word selected and centred; false when the folder has no such word. */
    private boolean openWord(String receipt, int segment, int word, boolean focus) {
        vm.datasets().filterProperty().set("");
        for (ReceiptItem item : table.getItems()) {
            if (item.id().equals(receipt)) {
                if (table.getSelectionModel().getSelectedItem() != item) {
                    table.getSelectionModel().select(item);
                }
                table.scrollTo(item);
                int i = vm.indexOf(segment, word);
                if (i >= 0) {
                    receiptVm.selection().clear();
                    receiptVm.selection().add(i);
                    Platform.runLater(() -> {
                        canvas.centreOn(i);
                        if (focus) {
                            canvas.requestFocus();
                        }
                    });
                }
                return i >= 0;
            }
        }
        return false;
    }

    /** The Suspects list's way in: the receipt shown with the word selected, the list keeping the focus. */
    @Override
    public boolean open(String receipt, int segment, int word) {
        return openWord(receipt, segment, word, false);
    }

    /** The Suspects list's label edit: the label keys' own path (one undoable edit of the receipt, saved). */
    @Override
    public boolean label(String receipt, int segment, int word, String label) {
        var shown = receiptVm.receiptProperty().get();
        int i = vm.indexOf(segment, word);
        return shown != null && shown.id().equals(receipt) && i >= 0 && receiptVm.labelWord(i, label);
    }

    TextField ocrEditor() {
        return ocr.editor();
    }

    ReceiptCanvas canvas() {
        return canvas;
    }

    TableView<ReceiptItem> table() {
        return table;
    }
}
