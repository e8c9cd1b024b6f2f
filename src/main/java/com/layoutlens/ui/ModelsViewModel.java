package com.layoutlens.ui;

import com.layoutlens.model.Devices;
import com.layoutlens.model.hub.CheckpointConverter;
import com.layoutlens.model.hub.DownloadListener;
import com.layoutlens.model.hub.HubClient;
import com.layoutlens.model.hub.ModelFolderInfo;
import com.layoutlens.model.hub.ModelFolders;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
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
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The Models tab's state and commands: the model folders the app knows (the bundled
 * {@code models/}, the downloads folder, folders the user adds), described by
 * {@link ModelFolders} without loading weights; the selected one runs as model A or B or is
 * converted to safetensors; a hub id is downloaded with progress, cancel and resume. The hub
 * client comes from the factory it is given, so tests and the app choose the endpoint's client.
 */
final class ModelsViewModel {

    private final Function<String, HubClient> hubs;
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
    private final StringProperty hubId = new SimpleStringProperty("");
    private final StringProperty revision = new SimpleStringProperty("main");
    private final StringProperty endpoint = new SimpleStringProperty(HubClient.endpointFrom(null));
    private final ObjectProperty<Future<?>> download = new SimpleObjectProperty<>();
    private final DoubleProperty downloadProgress = new SimpleDoubleProperty(0);
    private final StringProperty downloadStatus = new SimpleStringProperty("");
    private final BooleanProperty downloadIsError = new SimpleBooleanProperty(false);
    private final BooleanProperty converting = new SimpleBooleanProperty(false);
    private long refreshGeneration;
    /** Where the download in progress writes. */
    private Path downloadOut;

    /**
     * @param hubs       the hub client for an endpoint (as typed; blank: the default); may throw
     *                   IllegalArgumentException for a bad endpoint
     * @param background its own threads: a download of several gigabytes must not hold up other work
     * @param ui         the UI thread
     */
    ModelsViewModel(Function<String, HubClient> hubs, Worker background, Executor ui) {
        this.hubs = hubs;
        this.background = background;
        this.ui = ui;
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

    private void refresh(Path select) {
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

    /**
     * Downloads the hub id of the form into the downloads folder in the background, with
     * progress; Cancel keeps the partial file, and Download again resumes it.
     */
    void startDownload() {
        String id = hubId.get().trim();
        String rev = revision.get().isBlank() ? "main" : revision.get().trim();
        if (id.isEmpty() || download.get() != null) {
            return;
        }
        HubClient client;
        try {
            client = hubs.apply(endpoint.get().trim());
        } catch (IllegalArgumentException e) {
            showDownload("Endpoint: " + e.getMessage(), true);
            return;
        }
        Path out = ModelFolders.folderFor(downloads.get(), id);
        Object[] self = new Object[1];
        downloadProgress.set(-1);
        showDownload("", false);
        Future<?> f = background.submit(() -> {
            long start = System.nanoTime();
            report(self, "Asking " + client.endpoint() + " for the files of " + id + "...", Double.NaN);
            try {
                HubClient.Result r = client.download(id, rev, out, new DownloadListener() {
                    @Override
                    public void progress(String file, long done, long total, long transferred) {
                        double secs = (System.nanoTime() - start) / 1e9;
                        double rate = secs > 0 ? transferred / secs : 0;
                        report(self, String.format(Locale.ROOT, "%s: %s of %s, %s/s", file, bytes(done),
                                total < 0 ? "?" : bytes(total), bytes((long) rate)), total > 0 ? done / (double) total : -1);
                    }

                    @Override
                    public void note(String text) {
                        report(self, text, Double.NaN);
                    }
                });
                ui.execute(() -> {
                    if (end(self)) {
                        downloadProgress.set(1);
                        showDownload(String.format(Locale.ROOT, "%s: %d file%s downloaded, %d already complete, %s "
                                        + "received, in %s", id, r.fetched().size(), r.fetched().size() == 1 ? "" : "s",
                                r.skipped().size(), bytes(r.bytesTransferred()), r.folder()), false);
                        refresh(r.folder());
                    }
                });
            } catch (Exception e) {
                ui.execute(() -> {
                    if (end(self)) {
                        downloadProgress.set(0);
                        showDownload("Download failed: " + inAppWords(messageOf(e)), true);
                        refresh();
                    }
                });
            }
        });
        self[0] = f;
        if (!f.isDone()) {
            download.set(f);
        }
        downloadOut = out;
    }

    /** Shows a download's progress if it is still the one in progress. */
    private void report(Object[] self, String text, double fraction) {
        ui.execute(() -> {
            if (self[0] == null || self[0] == download.get()) {
                downloadStatus.set(text);
                if (!Double.isNaN(fraction)) {
                    downloadProgress.set(fraction);
                }
            }
        });
    }

    /** Ends a download if it is still the one in progress (not cancelled); answers whether it was. */
    private boolean end(Object[] self) {
        if (self[0] != null && self[0] != download.get()) {
            return false;
        }
        download.set(null);
        return true;
    }

    /** Cancels the download: the partial file is kept, and the next Download resumes it. */
    void cancelDownload() {
        Future<?> f = download.get();
        if (f != null) {
            download.set(null);
            f.cancel(true);
            downloadProgress.set(0);
            showDownload("Download cancelled; the partial file is kept in " + downloadOut + ", and Download resumes it",
                    false);
            refresh();
        }
    }

    void showMessage(String text, boolean error) {
        message.set(text);
        messageIsError.set(error);
    }

    private void showDownload(String text, boolean error) {
        downloadStatus.set(text);
        downloadIsError.set(error);
    }

    /** Stops a download when the app closes. */
    void shutdown() {
        Future<?> f = download.get();
        if (f != null) {
            f.cancel(true);
        }
    }

    /**
     * The hub client speaks to command-line users ("run the same command again", "--endpoint");
     * here the same advice points at the form.
     */
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
        String text = !i.ok() ? i.error() : String.join("; ", i.warnings());
        return text.replace(i.folder().toString() + File.separator, "");
    }

    /** The folder's path, its problem and its notes, one per line. */
    static String describe(ModelFolderInfo i) {
        StringBuilder b = new StringBuilder(i.folder().toAbsolutePath().toString());
        if (!i.ok()) {
            b.append("\nProblem: ").append(i.error());
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

    StringProperty hubIdProperty() {
        return hubId;
    }

    StringProperty revisionProperty() {
        return revision;
    }

    StringProperty endpointProperty() {
        return endpoint;
    }

    ObjectProperty<Future<?>> downloadProperty() {
        return download;
    }

    DoubleProperty downloadProgressProperty() {
        return downloadProgress;
    }

    StringProperty downloadStatusProperty() {
        return downloadStatus;
    }

    BooleanProperty downloadIsErrorProperty() {
        return downloadIsError;
    }

    BooleanProperty convertingProperty() {
        return converting;
    }
}
