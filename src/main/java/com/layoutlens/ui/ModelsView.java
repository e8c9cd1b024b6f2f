package com.layoutlens.ui;

import com.layoutlens.model.hub.ModelFolderInfo;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The Models tab: the known model folders in a table (a broken one is a red row with its
 * problem, a half-downloaded one a yellow row), run / convert / copy / reveal for the selected
 * one, and the download form with its progress. Everything it shows is bound to its
 * {@link ModelsViewModel}.
 */
final class ModelsView implements StudioTab {

    private static final String ERROR_STYLE = "-fx-text-fill: #c0392b;";

    private final ModelsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<ModelFolderInfo> table = new TableView<>();
    private final Label deviceInfo = new Label();
    private final Label message = new Label();
    private final TextField hubId = new TextField();
    private final TextField endpoint = new TextField();
    private final ProgressBar downloadProgress = new ProgressBar(0);
    private final Label downloadStatus = new Label();

    ModelsView(ModelsViewModel vm) {
        this.vm = vm;
        build();
    }

    @Override
    public String id() {
        return "models";
    }

    @Override
    public String title() {
        return "Models";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Models tab: model folders, run, convert, download";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public ModelsViewModel viewModel() {
        return vm;
    }

    /** Listed again on every visit: downloads and training runs add folders meanwhile. */
    @Override
    public void onShown() {
        vm.refresh();
        vm.showDevice();
    }

    @Override
    public void onClose() {
        vm.shutdown();
    }

    private void build() {
        table.setId("models-table");
        table.setPlaceholder(new Label("No model folders yet: download one, or add a folder"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setItems(vm.models());
        table.getColumns().add(column("Model", 150, i -> i.folder().getFileName() == null ? i.folder().toString()
                : i.folder().getFileName().toString()));
        table.getColumns().add(column("Type", 85, i -> i.type() == null ? "?" : i.type()));
        table.getColumns().add(column("Size", 70, i -> ModelsViewModel.bytes(i.bytes())));
        table.getColumns().add(column("Parameters", 85, i -> i.parameters() < 0 ? "?"
                : ModelsViewModel.parameters(i.parameters())));
        table.getColumns().add(column("Labels", 260, i -> i.labels().isEmpty() ? "(none)" : String.join(" ", i.labels())));
        table.getColumns().add(column("Origin", 240, ModelFolderInfo::origin));
        table.getColumns().add(column("Files", 250, i -> String.join(" ", i.files())));
        table.getColumns().add(column("Problem", 300, ModelsViewModel::problem));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ModelFolderInfo item, boolean empty) {
                super.updateItem(item, empty);
                setStyle(empty || item == null ? "" : !item.ok() ? "-fx-background-color: #fbe3e1;"
                        : item.warnings().isEmpty() ? "" : "-fx-background-color: #fff6d8;");
                setTooltip(empty || item == null ? null : new Tooltip(ModelsViewModel.describe(item)));
            }
        });
        var selected = vm.selectedProperty();
        table.getSelectionModel().selectedItemProperty().addListener((o, a, i) -> selected.set(i));
        selected.addListener((o, a, i) -> {
            if (i != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(i);
                if (i != null) {
                    table.scrollTo(i);
                }
            }
        });

        Button runA = button("Run as model A", "models-run-a", () -> vm.run(Slot.A));
        Button runB = button("Run as model B", "models-run-b", () -> vm.run(Slot.B));
        Button convert = button("Convert to safetensors", "models-convert", vm::convertSelected);
        Button copy = button("Copy path", "models-copy-path", this::copyPath);
        Button reveal = button("Show in file manager", "models-reveal", vm::reveal);
        runA.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null || !selected.get().ok(),
                selected));
        runB.disableProperty().bind(runA.disableProperty());
        convert.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canConvert(), selected,
                vm.convertingProperty()));
        copy.disableProperty().bind(selected.isNull());
        reveal.disableProperty().bind(selected.isNull());
        convert.setTooltip(new Tooltip("Write model.safetensors beside pytorch_model.bin (kept), checked tensor by "
                + "tensor: safetensors cannot carry code and opens faster"));
        Button fetch = button("Download...", "models-download", hubId::requestFocus);
        fetch.setTooltip(new Tooltip("Download a model folder from the Hugging Face hub or a mirror (form below)"));
        ToolBar bar = new ToolBar(button("Refresh", "models-refresh", vm::refresh),
                button("Add folder...", "models-add", this::chooseFolder), fetch, runA, runB, convert, copy, reveal);

        Label folders = label("models-folders", vm.foldersProperty());
        folders.setWrapText(true);
        folders.setStyle("-fx-text-fill: #666;");
        Label details = new Label();
        details.setId("models-details");
        details.setWrapText(true);
        details.textProperty().bind(Bindings.createStringBinding(() -> selected.get() == null ? ""
                : ModelsViewModel.describe(selected.get()), selected));
        message.setId("models-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.styleProperty().bind(Bindings.when(vm.messageIsErrorProperty()).then(ERROR_STYLE).otherwise(""));
        deviceInfo.setId("models-device");
        deviceInfo.setStyle("-fx-text-fill: #666;");
        deviceInfo.textProperty().bind(vm.deviceProperty());
        VBox centre = new VBox(6, folders, deviceInfo, table, details, message);
        VBox.setVgrow(table, Priority.ALWAYS);
        centre.setPadding(new Insets(6));

        root.setTop(bar);
        root.setCenter(centre);
        root.setBottom(downloadPane());
    }

    private Node downloadPane() {
        hubId.setId("download-id");
        hubId.setPromptText("owner/name, e.g. microsoft/layoutlm-base-uncased");
        hubId.setPrefColumnCount(32);
        hubId.textProperty().bindBidirectional(vm.download().hubIdProperty());
        TextField revision = new TextField();
        revision.setId("download-revision");
        revision.setPrefColumnCount(10);
        revision.textProperty().bindBidirectional(vm.download().revisionProperty());
        endpoint.setId("download-endpoint");
        endpoint.setPrefColumnCount(28);
        endpoint.textProperty().bindBidirectional(vm.download().endpointProperty());
        endpoint.setTooltip(new Tooltip("The hub or a mirror; the HF_ENDPOINT environment variable sets the default. "
                + "HF_TOKEN is sent for gated or private models."));
        Button start = button("Download", "download-start", vm.download()::startDownload);
        Button cancel = button("Cancel", "download-cancel", vm.download()::cancelDownload);
        start.disableProperty().bind(vm.download().downloadProperty().isNotNull().or(hubId.textProperty().isEmpty()));
        cancel.disableProperty().bind(vm.download().downloadProperty().isNull());
        hubId.setOnAction(e -> {
            if (!start.isDisabled()) {
                vm.download().startDownload();
            }
        });
        downloadProgress.setId("download-progress");
        downloadProgress.setPrefWidth(260);
        downloadProgress.progressProperty().bind(vm.download().downloadProgressProperty());
        downloadStatus.setId("download-status");
        downloadStatus.setWrapText(true);
        downloadStatus.textProperty().bind(vm.download().downloadStatusProperty());
        downloadStatus.styleProperty().bind(Bindings.when(vm.download().downloadIsErrorProperty()).then(ERROR_STYLE).otherwise(""));
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Hub id"), hubId, new Label("Revision"), revision);
        form.addRow(1, new Label("Endpoint"), endpoint, start, cancel);
        Label where = new Label();
        where.textProperty().bind(Bindings.createStringBinding(() -> "Saved under " + vm.downloadsProperty().get()
                + "; files are checked (size, SHA-256) and an interrupted download resumes where it stopped.",
                vm.downloadsProperty()));
        where.setStyle("-fx-text-fill: #666;");
        HBox progressRow = new HBox(8, downloadProgress, downloadStatus);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(downloadStatus, Priority.ALWAYS);
        VBox box = new VBox(6, form, where, progressRow);
        box.setPadding(new Insets(6));
        TitledPane pane = new TitledPane("Download from a model hub", box);
        pane.setId("download-pane");
        pane.setCollapsible(false);
        return pane;
    }

    private static Label label(String id, StringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TableColumn<ModelFolderInfo, String> column(String name, double width,
                                                               Function<ModelFolderInfo, String> f) {
        TableColumn<ModelFolderInfo, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
            }
        });
        return c;
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Add a folder of model folders (or one model folder)");
        java.io.File f = c.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            vm.addFolder(f.toPath());
        }
    }

    private void copyPath() {
        ModelFolderInfo i = vm.selectedProperty().get();
        if (i != null) {
            ClipboardContent c = new ClipboardContent();
            c.putString(i.folder().toAbsolutePath().toString());
            Clipboard.getSystemClipboard().setContent(c);
            vm.showMessage("Copied " + i.folder().toAbsolutePath(), false);
        }
    }

    // for tests

    TableView<ModelFolderInfo> table() {
        return table;
    }

    void addFolder(Path dir) {
        vm.addFolder(dir);
    }

    ObjectProperty<Path> downloadsProperty() {
        return vm.downloadsProperty();
    }

    ObjectProperty<Future<?>> downloadProperty() {
        return vm.download().downloadProperty();
    }

    TextField hubIdField() {
        return hubId;
    }

    TextField endpointField() {
        return endpoint;
    }

    ProgressBar downloadProgress() {
        return downloadProgress;
    }

    Label downloadStatus() {
        return downloadStatus;
    }

    Label deviceInfo() {
        return deviceInfo;
    }

    Label message() {
        return message;
    }

    ObservableList<Path> extraFolders() {
        return vm.extraFolders();
    }
}
