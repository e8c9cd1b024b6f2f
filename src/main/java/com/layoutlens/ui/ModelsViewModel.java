package com.layoutlens.ui;

import com.layoutlens.model.Devices;
import com.layoutlens.model.hub.CheckpointConverter;
import com.layoutlens.model.hub.ModelFolderInfo;
import com.layoutlens.model.hub.ModelFolders;
import com.layoutlens.service.ModelDownloads;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The Models tab's state and commands: the model folders the app knows (the bundled
 * {@code models/}, the downloads folder, folders the user adds), described by
 * {@link ModelFolders} without loading weights; the selected one runs as model A or B or is
 * converted to safetensors; a hub id is downloaded ({@link DownloadViewModel}) into the
 * downloads folder, and the new folder is listed and selected.
 */
final class ModelsViewModel {

    private final Worker background;
    private final Executor ui;
    private BiConsumer<Path, Slot> runModel = (p, s) -> { };
    private final ObservableList<Path> extraFolders = FXCollections.observableArrayList();
    private final ObjectProperty<Path> bundled = new SimpleObjectProperty<>(Path.of("models"));
    private final ObjectProperty<Path> downloads = new SimpleObjectProperty<>(ModelFolders.downloadsFolder());
    private final ObservableList<ModelFolderInfo> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelFolderInfo> selected = new SimpleObjectProperty<>();
    private final StringProperty folders = new SimpleStringProperty("");
    private final StringProperty device = new SimpleStringProperty("Device: ...");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty messageIsError = new SimpleBooleanProperty(false);
    private final BooleanProperty converting = new SimpleBooleanProperty(false);
    private long refreshGeneration;
    private final DownloadViewModel download;

    /**
     * @param service    the downloads service the download form uses
     * @param background its own threads: a download of several gigabytes must not hold up other work
     * @param ui         the UI thread
     */
    ModelsViewModel(ModelDownloads service, Worker background, Executor ui) {
        this.background = background;
        this.ui = ui;
        this.download = new DownloadViewModel(service, background, ui, downloads::get, this::refresh);
        extraFolders.addListener((ListChangeListener<Path>) c -> refresh());
        bundled.addListener(o -> refresh());
        downloads.addListener(o -> refresh());
    }

    /** What "Run as model A / B" does with the selected folder. */
    void onRun(BiConsumer<Path, Slot> action) {
        this.runModel = action;
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

    /** Says which device model runs and training use; asking loads the engine, so in the background. */
    void showDevice() {
        background.execute(() -> {
            String d = Devices.describe("auto");
            ui.execute(() -> device.set("Model runs and training use: " + d
                    + ("cpu".equals(d) ? " (the engine sees no GPU)" : "")
                    + "; a GPU that fails (CUDA missing, out of memory) hands the work to the CPU"));
        });
    }

    /** Lists the folders again in the background; the newest request wins. */
    void refresh() {
        refresh(null);
    }

    /** Lists the folders again and selects {@code select} (null: keeps the selection). */
    void refresh(Path select) {
        List<Path> where = searchedFolders();
        long gen = ++refreshGeneration;
        folders.set("Looking in: " + (where.isEmpty() ? "(no folders)"
                : String.join(", ", where.stream().map(Path::toString).toList())));
        background.execute(() -> {
            ModelFolders.Listing listing;
            try {
                listing = ModelFolders.listAll(where);
            } catch (RuntimeException e) {
                ui.execute(() -> showMessage("Cannot list the model folders: " + e.getMessage(), true));
                return;
            }
            ui.execute(() -> {
                if (gen != refreshGeneration) {
                    return;
                }
                ModelFolderInfo before = selected.get();
                Path keep = select != null ? select : before == null ? null : before.folder();
                models.setAll(listing.models());
                if (!listing.errors().isEmpty()) {
                    showMessage(String.join("; ", listing.errors()), true);
                }
                selected.set(keep == null ? null
                        : models.stream().filter(i -> same(i.folder(), keep)).findFirst().orElse(null));
            });
        });
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Adds a folder to search; it is listed at once. */
    void addFolder(Path dir) {
        if (extraFolders.stream().noneMatch(p -> same(p, dir))) {
            extraFolders.add(dir);
        }
    }

    /** Runs the selected folder as model A or B, if it is usable. */
    void run(Slot slot) {
        ModelFolderInfo i = selected.get();
        if (i != null && i.ok()) {
            runModel.accept(i.folder(), slot);
        }
    }

    /** Whether the selected folder can be converted now. */
    boolean canConvert() {
        return selected.get() != null && selected.get().convertible() && !converting.get();
    }

    /** Converts the selected folder's pytorch_model.bin in the background, then lists it again. */
    void convertSelected() {
        if (!canConvert()) {
            return;
        }
        Path folder = selected.get().folder();
        converting.set(true);
        showMessage("Converting " + folder + " to safetensors...", false);
        background.execute(() -> {
            try {
                CheckpointConverter.Result r = CheckpointConverter.convert(folder, false);
                ui.execute(() -> showMessage(String.format(Locale.ROOT,
                        "Wrote %s: %d tensors, %s parameters, each compared with %s", r.target(), r.tensors(),
                        parameters(r.parameters()), r.source().getFileName()), false));
            } catch (Exception e) {
                ui.execute(() -> showMessage("Conversion failed: " + messageOf(e), true));
            }
            ui.execute(() -> {
                converting.set(false);
                refresh(folder);
            });
        });
    }

    /** Opens the selected folder in the file manager, in the background; says so when the desktop cannot. */
    void reveal() {
        ModelFolderInfo i = selected.get();
        if (i == null) {
            return;
        }
        Path p = i.folder().toAbsolutePath();
        background.execute(() -> {
            try {
                if (!java.awt.Desktop.isDesktopSupported()
                        || !java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                    throw new UnsupportedOperationException("this desktop cannot open folders from Java");
                }
                java.awt.Desktop.getDesktop().open(p.toFile());
            } catch (Exception e) {
                ui.execute(() -> showMessage("Cannot open " + p + " (" + messageOf(e) + "); use Copy path instead", true));
            }
        });
    }

    void showMessage(String text, boolean error) {
        message.set(text);
        messageIsError.set(error);
    }

    /** Stops a download when the app closes. */
    void shutdown() {
        download.shutdown();
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
        return text.replace(i.folder().toString() + File.separator, "");
    }

    /** The folder's path, its problem and its notes, one per line. */
    static String describe(ModelFolderInfo i) {
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

    ObservableList<Path> extraFolders() {
        return extraFolders;
    }

    ObjectProperty<Path> bundledProperty() {
        return bundled;
    }

    ObjectProperty<Path> downloadsProperty() {
        return downloads;
    }

    ObservableList<ModelFolderInfo> models() {
        return models;
    }

    ObjectProperty<ModelFolderInfo> selectedProperty() {
        return selected;
    }

    StringProperty foldersProperty() {
        return folders;
    }

    StringProperty deviceProperty() {
        return device;
    }

    StringProperty messageProperty() {
        return message;
    }

    BooleanProperty messageIsErrorProperty() {
        return messageIsError;
    }

    /** The download form and the download in progress. */
    DownloadViewModel download() {
        return download;
    }

    BooleanProperty convertingProperty() {
        return converting;
    }
}
