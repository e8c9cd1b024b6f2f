package com.layoutlens.ui;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Suspects screen: the gold words whose label is probably wrong ({@link SuspectsViewModel}),
 * most likely first, with receipt, word, text, its line, gold and suggested label and confidence;
 * a label filter; the prediction folder (chosen, or the latest cross-validation's out-of-fold/).
 * Selecting a suspect shows its receipt with the word selected; A or Enter accepts the
 * suggestion, Delete dismisses it (either selects the next suspect, leaving the receipt on show
 * so that Ctrl+Z undoes the edit), O or a double-click goes to the Receipts tab.
 */
final class SuspectsView implements StudioTab {

    private final SuspectsViewModel vm;
    private final Runnable showReceipts;
    private final BorderPane root = new BorderPane();
    private final TableView<SuspectsViewModel.Row> table = new TableView<>();
    /** The next suspect being selected after an accept or a dismissal: it is not opened yet. */
    private boolean advancing;

    /** @param showReceipts selects the Receipts tab */
    SuspectsView(SuspectsViewModel vm, Runnable showReceipts) {
        this.vm = vm;
        this.showReceipts = showReceipts;
        build();
    }

    @Override
    public String id() {
        return "suspects";
    }

    @Override
    public String title() {
        return "Suspects";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT7, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Suspects tab: gold labels that are probably wrong (confident learning on out-of-fold probabilities)";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public SuspectsViewModel viewModel() {
        return vm;
    }

    @Override
    public void onShown() {
        vm.loadIfNeeded();
    }

    @Override
    public List<KeyHelp> keys() {
        return List.of(new KeyHelp("A, Enter", "Suspects: accept the suggested label (an undoable, saved label edit)"),
                new KeyHelp("Delete", "Suspects: dismiss the suspect, the gold label is right (remembered)"),
                new KeyHelp("O, double-click", "Suspects: show the receipt in the Receipts tab"));
    }

    private void build() {
        TextField folder = new TextField();
        folder.setId("suspects-folder");
        folder.setPromptText("prediction folder with p_TAG columns (out-of-fold/ of a cross-validation)");
        vm.folderProperty().addListener((o, a, p) -> folder.setText(p == null ? "" : p.toString()));
        folder.setOnAction(e -> vm.choose(folder.getText().isBlank() ? null : Path.of(folder.getText().trim())));
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button choose = new Button("Choose...");
        choose.setOnAction(e -> {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Predictions with probabilities (out-of-fold/, or predict --probs output)");
            java.io.File f = c.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
            if (f != null) {
                vm.choose(f.toPath());
            }
        });
        Button load = new Button("Load");
        load.setId("suspects-load");
        load.setOnAction(e -> vm.choose(folder.getText().isBlank() ? null : Path.of(folder.getText().trim())));
        load.disableProperty().bind(vm.loadingProperty());
        ComboBox<String> filter = new ComboBox<>();
        filter.setId("suspects-filter");
        filter.getItems().setAll(vm.filterChoices());
        filter.valueProperty().bindBidirectional(vm.filterProperty());
        HBox bar = new HBox(8, new Label("Predictions"), folder, choose, load, new Label("Label"), filter);
        bar.setAlignment(Pos.CENTER_LEFT);

        table.setId("suspects-table");
        table.setPlaceholder(new Label("No suspects loaded"));
        table.getColumns().add(column("receipt", 140, SuspectsViewModel.Row::receipt));
        table.getColumns().add(column("word", 70, r -> r.segment() + "." + r.word()));
        table.getColumns().add(column("text", 140, SuspectsViewModel.Row::text));
        table.getColumns().add(column("line", 320, SuspectsViewModel.Row::context));
        table.getColumns().add(column("gold", 90, SuspectsViewModel.Row::gold));
        table.getColumns().add(column("suggested", 90, SuspectsViewModel.Row::suggested));
        TableColumn<SuspectsViewModel.Row, Double> confidence = new TableColumn<>("confidence");
        confidence.setPrefWidth(90);
        confidence.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().confidence()));
        confidence.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(Locale.ROOT, "%.3f", v));
            }
        });
        table.getColumns().add(confidence);
        table.setItems(vm.rows());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null && !advancing) {
                vm.open(row);
            }
        });
        table.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && selected() != null) {
                vm.open(selected());
                showReceipts.run();
            }
        });
        table.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);

        Label status = new Label();
        status.setId("suspects-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        Label source = new Label();
        source.textProperty().bind(vm.sourceProperty().map(s -> s.isEmpty() ? "" : "Predictions: " + s));
        source.setStyle("-fx-text-fill: #666; -fx-font-size: 11;");
        VBox top = new VBox(6, bar, status, source);
        top.setPadding(new Insets(8));
        root.setTop(top);
        root.setCenter(table);
    }

    private SuspectsViewModel.Row selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    /** A, Enter: accept; Delete, Backspace: dismiss; O: show the receipt. The next suspect is selected after either. */
    private void onKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        SuspectsViewModel.Row row = selected();
        if (row == null) {
            return;
        }
        int at = table.getSelectionModel().getSelectedIndex();
        if (e.getCode() == KeyCode.O) {
            vm.open(row);
            showReceipts.run();
            e.consume();
            return;
        }
        if (e.getCode() != KeyCode.A && e.getCode() != KeyCode.ENTER && e.getCode() != KeyCode.DELETE
                && e.getCode() != KeyCode.BACK_SPACE) {
            return;
        }
        e.consume();
        // the next suspect is selected but its receipt not opened yet (the table moves the selection
        // as the row leaves): the receipt just edited stays on show, so Ctrl+Z still undoes the
        // accepted label; accepting the next one opens its receipt
        advancing = true;
        try {
            if (e.getCode() == KeyCode.A || e.getCode() == KeyCode.ENTER) {
                vm.accept(row);
            } else {
                vm.dismiss(row);
            }
            if (!table.getItems().isEmpty()) {
                table.getSelectionModel().clearAndSelect(Math.min(at, table.getItems().size() - 1));
                table.scrollTo(Math.max(0, table.getSelectionModel().getSelectedIndex() - 3));
            }
        } finally {
            advancing = false;
        }
    }

    private static TableColumn<SuspectsViewModel.Row, String> column(String title, double width,
                                                                    Function<SuspectsViewModel.Row, String> value) {
        TableColumn<SuspectsViewModel.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(value.apply(x.getValue())));
        return c;
    }

    TableView<SuspectsViewModel.Row> table() {
        return table;
    }
}
