package com.layoutlens.ui;

import com.layoutlens.model.hub.CheckpointConverter;
import com.layoutlens.model.hub.DownloadListener;
import com.layoutlens.model.hub.HubClient;
import com.layoutlens.model.hub.ModelFolderInfo;
import com.layoutlens.model.hub.ModelFolders;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
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
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The Models tab: the model folders the app knows (the bundled {@code models/}, the downloads
 * folder, folders the user adds), described by {@link ModelFolders} without loading weights;
 * runs one as model A or B, converts PyTorch weights to safetensors, and downloads a model
 * from a hub with progress, cancel and resume. A broken folder is a row with its problem.
 */
final class ModelsView {

    private final BorderPane root = new BorderPane();
    private final TableView<ModelFolderInfo> table = new TableView<>();
    private final ObservableList<Path> extraFolders = FXCollections.observableArrayList();
    private final ObjectProperty<Path> bundled = new SimpleObjectProperty<>(Path.of("models"));
    private final ObjectProperty<Path> downloads = new SimpleObjectProperty<>(ModelFolders.downloadsFolder());
    private final ObjectProperty<Task<?>> download = new SimpleObjectProperty<>();
    private final ObjectProperty<Task<?>> conversion = new SimpleObjectProperty<>();
    private final Label folders = new Label();
    private final Label details = new Label();
    private final Label deviceInfo = new Label("Device: ...");
    private final Label message = new Label();
    private final TextField hubId = new TextField();
    private final TextField revision = new TextField("main");
    private final TextField endpoint = new TextField(HubClient.endpointFrom(null));
    private final ProgressBar downloadProgress = new ProgressBar(0);
    private final Label downloadStatus = new Label();
    private final Background background;
    private final BiConsumer<Path, String> runModel;
    private long refreshGeneration;

    /**
     * @param runModel runs a model folder as slot "A" or "B" (the main window's run path)
     */
    ModelsView(BiConsumer<Path, String> runModel) {
        this.runModel = runModel;
        // its own threads: a download of several gigabytes must not hold up receipt loading or model
        // runs; failures are shown in the tab by each task's own handler
        this.background = new Background("layoutlens-models", 2, e -> { });
        build();
    }

    private void build() {
        table.setId("models-table");
        table.setPlaceholder(new Label("No model folders yet: download one, or add a folder"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column("Model", 150, i -> i.folder().getFileName() == null ? i.folder().toString()
                : i.folder().getFileName().toString()));
        table.getColumns().add(column("Type", 85, i -> i.type() == null ? "?" : i.type()));
        table.getColumns().add(column("Size", 70, i -> bytes(i.bytes())));
        table.getColumns().add(column("Parameters", 85, i -> i.parameters() < 0 ? "?" : parameters(i.parameters())));
        table.getColumns().add(column("Labels", 260, i -> i.labels().isEmpty() ? "(none)" : String.join(" ", i.labels())));
        table.getColumns().add(column("Origin", 240, ModelFolderInfo::origin));
        table.getColumns().add(column("Files", 250, i -> String.join(" ", i.files())));
        table.getColumns().add(column("Problem", 300, ModelsView::problem));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ModelFolderInfo item, boolean empty) {
                super.updateItem(item, empty);
                setStyle(empty || item == null ? "" : !item.ok() ? "-fx-background-color: #fbe3e1;"
                        : item.warnings().isEmpty() ? "" : "-fx-background-color: #fff6d8;");
                setTooltip(empty || item == null ? null : new Tooltip(describe(item)));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, i) ->
                details.setText(i == null ? "" : describe(i)));

        Button refresh = button("Refresh", "models-refresh", e -> refresh());
        Button add = button("Add folder...", "models-add", e -> chooseFolder());
        Button runA = button("Run as model A", "models-run-a", e -> run("A"));
        Button runB = button("Run as model B", "models-run-b", e -> run("B"));
        Button convert = button("Convert to safetensors", "models-convert", e -> convertSelected());
        Button copy = button("Copy path", "models-copy-path", e -> copyPath());
        Button reveal = button("Show in file manager", "models-reveal", e -> reveal());
        var selected = table.getSelectionModel().selectedItemProperty();
        runA.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null || !selected.get().ok(),
                selected));
        runB.disableProperty().bind(runA.disableProperty());
        convert.disableProperty().bind(Bindings.createBooleanBinding(() -> selected.get() == null
                || !selected.get().convertible() || conversion.get() != null, selected, conversion));
        copy.disableProperty().bind(selected.isNull());
        reveal.disableProperty().bind(selected.isNull());
        convert.setTooltip(new Tooltip("Write model.safetensors beside pytorch_model.bin (kept), checked tensor by "
                + "tensor: safetensors cannot carry code and opens faster"));
        Button fetch = button("Download...", "models-download", e -> hubId.requestFocus());
        fetch.setTooltip(new Tooltip("Download a model folder from the Hugging Face hub or a mirror (form below)"));
        ToolBar bar = new ToolBar(refresh, add, fetch, runA, runB, convert, copy, reveal);

        folders.setId("models-folders");
        folders.setWrapText(true);
        folders.setStyle("-fx-text-fill: #666;");
        details.setId("models-details");
        details.setWrapText(true);
        message.setId("models-message");
        message.setWrapText(true);
        deviceInfo.setId("models-device");
        deviceInfo.setStyle("-fx-text-fill: #666;");
        VBox centre = new VBox(6, folders, deviceInfo, table, details, message);
        VBox.setVgrow(table, Priority.ALWAYS);
        centre.setPadding(new Insets(6));

        root.setTop(bar);
        root.setCenter(centre);
        root.setBottom(downloadPane());
        extraFolders.addListener((javafx.collections.ListChangeListener<Path>) c -> refresh());
        bundled.addListener(o -> refresh());
        downloads.addListener(o -> refresh());
    }

    private Node downloadPane() {
        hubId.setId("download-id");
        hubId.setPromptText("owner/name, e.g. microsoft/layoutlm-base-uncased");
        hubId.setPrefColumnCount(32);
        revision.setId("download-revision");
        revision.setPrefColumnCount(10);
        endpoint.setId("download-endpoint");
        endpoint.setPrefColumnCount(28);
        endpoint.setTooltip(new Tooltip("The hub or a mirror; the HF_ENDPOINT environment variable sets the default. "
                + "HF_TOKEN is sent for gated or private models."));
        Button start = button("Download", "download-start", e -> startDownload());
        Button cancel = button("Cancel", "download-cancel", e -> {
            Task<?> t = download.get();
            if (t != null) {
                t.cancel(true);
            }
        });
        start.disableProperty().bind(download.isNotNull().or(hubId.textProperty().isEmpty()));
        cancel.disableProperty().bind(download.isNull());
        hubId.setOnAction(e -> {
            if (!start.isDisabled()) {
                startDownload();
            }
        });
        downloadProgress.setId("download-progress");
        downloadProgress.setPrefWidth(260);
        downloadStatus.setId("download-status");
        downloadStatus.setWrapText(true);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Hub id"), hubId, new Label("Revision"), revision);
        form.addRow(1, new Label("Endpoint"), endpoint, start, cancel);
        Label where = new Label();
        where.textProperty().bind(Bindings.createStringBinding(() -> "Saved under " + downloads.get()
                + "; files are checked (size, SHA-256) and an interrupted download resumes where it stopped.",
                downloads));
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

    private static Button button(String text, String id, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(action);
        return b;
    }

    private static TableColumn<ModelFolderInfo, String> column(String name, double width,
                                                               java.util.function.Function<ModelFolderInfo, String> f) {
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

    /** The folders searched, in order: bundled models, downloads, then the user's own. */
    List<Path> searchedFolders() {
        List<Path> out = new ArrayList<>();
        if (bundled.get() != null && Files.isDirectory(bundled.get())) {
            out.add(bundled.get());
        }
        if (downloads.get() != null && Files.isDirectory(downloads.get())) {
            out.add(downloads.get()); // created by the first download; absent until then, which is no error
        }
        out.addAll(extraFolders);
        return out;
    }

    /** Says which device model runs and training will use; asking loads the engine, so off the FX thread. */
    Task<String> showDevice() {
        Task<String> t = new Task<>() {
            @Override
            protected String call() {
                return com.layoutlens.model.Devices.describe("auto");
            }
        };
        t.setOnSucceeded(e -> deviceInfo.setText("Model runs and training use: " + t.getValue()
                + ("cpu".equals(t.getValue()) ? " (the engine sees no GPU)" : "")
                + "; a GPU that fails (CUDA missing, out of memory) hands the work to the CPU"));
        background.run(t);
        return t;
    }

    /** Lists the folders again in the background; the newest request wins. */
    Task<ModelFolders.Listing> refresh() {
        return refresh(null);
    }

    private Task<ModelFolders.Listing> refresh(Path select) {
        List<Path> where = searchedFolders();
        long gen = ++refreshGeneration;
        folders.setText("Looking in: " + (where.isEmpty() ? "(no folders)" : String.join(", ",
                where.stream().map(Path::toString).toList())));
        Task<ModelFolders.Listing> t = new Task<>() {
            @Override
            protected ModelFolders.Listing call() {
                return ModelFolders.listAll(where);
            }
        };
        t.setOnSucceeded(e -> {
            if (gen != refreshGeneration) {
                return;
            }
            ModelFolderInfo before = table.getSelectionModel().getSelectedItem();
            Path keep = select != null ? select : before == null ? null : before.folder();
            table.getItems().setAll(t.getValue().models());
            if (!t.getValue().errors().isEmpty()) {
                showMessage(String.join("; ", t.getValue().errors()), true);
            }
            if (keep != null) {
                for (ModelFolderInfo i : table.getItems()) {
                    if (same(i.folder(), keep)) {
                        table.getSelectionModel().select(i);
                        table.scrollTo(i);
                        break;
                    }
                }
            }
        });
        t.setOnFailed(e -> showMessage("Cannot list the model folders: " + t.getException().getMessage(), true));
        background.run(t);
        return t;
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Add a folder of model folders (or one model folder)");
        java.io.File f = c.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            addFolder(f.toPath());
        }
    }

    /** Adds a folder to search; it is listed at once. */
    void addFolder(Path dir) {
        if (extraFolders.stream().noneMatch(p -> same(p, dir))) {
            extraFolders.add(dir);
        }
    }

    private void run(String slot) {
        ModelFolderInfo i = table.getSelectionModel().getSelectedItem();
        if (i != null && i.ok()) {
            runModel.accept(i.folder(), slot);
        }
    }

    /** Converts the selected folder's pytorch_model.bin in the background, then lists it again. */
    Task<CheckpointConverter.Result> convertSelected() {
        ModelFolderInfo i = table.getSelectionModel().getSelectedItem();
        if (i == null || !i.convertible() || conversion.get() != null) {
            return null;
        }
        Path folder = i.folder();
        Task<CheckpointConverter.Result> t = new Task<>() {
            @Override
            protected CheckpointConverter.Result call() throws Exception {
                return CheckpointConverter.convert(folder, false);
            }
        };
        conversion.set(t);
        showMessage("Converting " + folder + " to safetensors...", false);
        t.setOnSucceeded(e -> {
            conversion.set(null);
            CheckpointConverter.Result r = t.getValue();
            showMessage(String.format(Locale.ROOT, "Wrote %s: %d tensors, %s parameters, each compared with %s",
                    r.target(), r.tensors(), parameters(r.parameters()), r.source().getFileName()), false);
            refresh(folder);
        });
        t.setOnFailed(e -> {
            conversion.set(null);
            showMessage("Conversion failed: " + messageOf(t.getException()), true);
            refresh(folder);
        });
        background.run(t);
        return t;
    }

    private void copyPath() {
        ModelFolderInfo i = table.getSelectionModel().getSelectedItem();
        if (i != null) {
            ClipboardContent c = new ClipboardContent();
            c.putString(i.folder().toAbsolutePath().toString());
            Clipboard.getSystemClipboard().setContent(c);
            showMessage("Copied " + i.folder().toAbsolutePath(), false);
        }
    }

    private void reveal() {
        ModelFolderInfo i = table.getSelectionModel().getSelectedItem();
        if (i == null) {
            return;
        }
        Path p = i.folder().toAbsolutePath();
        Task<Void> t = new Task<>() {
            @Override
            protected Void call() throws Exception {
                if (!java.awt.Desktop.isDesktopSupported()
                        || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                    throw new UnsupportedOperationException("this desktop cannot open folders from Java");
                }
                java.awt.Desktop.getDesktop().open(p.toFile());
                return null;
            }
        };
        t.setOnFailed(e -> showMessage("Cannot open " + p + " (" + messageOf(t.getException())
                + "); use Copy path instead", true));
        background.run(t);
    }

    /**
     * Downloads the hub id in the form into the downloads folder in the background, with
     * progress; Cancel keeps the partial file, and Download again resumes it.
     */
    Task<HubClient.Result> startDownload() {
        String id = hubId.getText().trim();
        String rev = revision.getText().isBlank() ? "main" : revision.getText().trim();
        if (id.isEmpty() || download.get() != null) {
            return null;
        }
        HubClient client;
        try {
            client = new HubClient(HubClient.endpointFrom(endpoint.getText().trim()), System.getenv("HF_TOKEN"));
        } catch (IllegalArgumentException e) {
            showDownload("Endpoint: " + e.getMessage(), true);
            return null;
        }
        Path out = ModelFolders.folderFor(downloads.get(), id);
        List<String> warnings = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Task<HubClient.Result> t = new Task<>() {
            @Override
            protected HubClient.Result call() throws Exception {
                long start = System.nanoTime();
                updateMessage("Asking " + client.endpoint() + " for the files of " + id + "...");
                return client.download(id, rev, out, new DownloadListener() {
                    @Override
                    public void progress(String file, long done, long total, long transferred) {
                        double secs = (System.nanoTime() - start) / 1e9;
                        double rate = secs > 0 ? transferred / secs : 0;
                        if (total > 0) {
                            updateProgress(done, total);
                        } else {
                            updateProgress(-1, 1);
                        }
                        updateMessage(String.format(Locale.ROOT, "%s: %s of %s, %s/s", file, bytes(done),
                                total < 0 ? "?" : bytes(total), bytes((long) rate)));
                    }

                    @Override
                    public void note(String message) {
                        updateMessage(message);
                    }

                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                        updateMessage(message);
                    }
                });
            }
        };
        download.set(t);
        downloadProgress.progressProperty().bind(t.progressProperty());
        downloadStatus.setStyle("");
        downloadStatus.textProperty().bind(t.messageProperty());
        Runnable done = () -> {
            download.set(null);
            downloadProgress.progressProperty().unbind();
            downloadStatus.textProperty().unbind();
        };
        t.setOnSucceeded(e -> {
            done.run();
            HubClient.Result r = t.getValue();
            downloadProgress.setProgress(1);
            showDownload(doneMessage(id, r, warnings), false);
            refresh(r.folder());
        });
        t.setOnFailed(e -> {
            done.run();
            downloadProgress.setProgress(0);
            showDownload("Download failed: " + inAppWords(messageOf(t.getException())), true);
            refresh();
        });
        t.setOnCancelled(e -> {
            done.run();
            downloadProgress.setProgress(0);
            showDownload("Download cancelled; the partial file is kept in " + out + ", and Download resumes it", false);
            refresh();
        });
        background.run(t);
        return t;
    }

    private void showMessage(String text, boolean error) {
        message.setText(text);
        message.setStyle(error ? "-fx-text-fill: #c0392b;" : "");
    }

    private void showDownload(String text, boolean error) {
        downloadStatus.setText(text);
        downloadStatus.setStyle(error ? "-fx-text-fill: #c0392b;" : "");
    }

    /**
     * The hub client speaks to command-line users ("run the same command again", "--endpoint");
     * here the same advice points at the form.
     */
    /**
     * What a finished download says, with what went wrong on the way (a malformed header, a
     * partial file discarded), which the progress line showed only for a moment.
     */
    static String doneMessage(String id, HubClient.Result r, List<String> warnings) {
        String m = String.format(Locale.ROOT, "%s: %d file%s downloaded, %d already complete, %s received, in %s",
                id, r.fetched().size(), r.fetched().size() == 1 ? "" : "s", r.skipped().size(),
                bytes(r.bytesTransferred()), r.folder());
        synchronized (warnings) {
            return warnings.isEmpty() ? m : m + ". On the way: " + String.join("; ", warnings);
        }
    }

    static String inAppWords(String message) {
        return message.replace("run the same command again", "click Download again")
                .replace("run the command again", "click Download again")
                .replace("use --endpoint", "set the Endpoint field to a mirror");
    }

    private static String messageOf(Throwable e) {
        return e == null ? "unknown error" : e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * What is wrong with a folder, or what to know before using it; empty when nothing. The
     * folder's own path is left out (the row names it), so the column shows the file and the fault.
     */
    static String problem(ModelFolderInfo i) {
        String text = String.join("; ", !i.ok() ? i.problems() : i.warnings());
        String prefix = i.folder().toString() + java.io.File.separator;
        return text.replace(prefix, "");
    }

    private static String describe(ModelFolderInfo i) {
        StringBuilder b = new StringBuilder(i.folder().toAbsolutePath().toString());
        for (String p : i.problems()) {
            b.append("\nProblem: ").append(p);
        }
        for (String w : i.warnings()) {
            b.append("\nNote: ").append(w);
        }
        return b.toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    static String parameters(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f M", n / 1e6);
        }
        if (n >= 1_000) {
            return String.format(Locale.ROOT, "%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    Node node() {
        return root;
    }

    void shutdown() {
        Task<?> t = download.get();
        if (t != null) {
            t.cancel(true);
        }
        background.shutdown();
    }

    // for tests and the main window

    TableView<ModelFolderInfo> table() {
        return table;
    }

    ObjectProperty<Path> bundledProperty() {
        return bundled;
    }

    ObjectProperty<Path> downloadsProperty() {
        return downloads;
    }

    ObjectProperty<Task<?>> downloadProperty() {
        return download;
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
        return extraFolders;
    }
}
