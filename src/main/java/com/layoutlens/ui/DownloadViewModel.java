package com.layoutlens.ui;

import com.layoutlens.service.ModelDownloads;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Models tab's download form and the download in progress: a hub id, revision and
 * endpoint; progress (file, bytes, rate), Cancel (the partial file is kept) and resume. The
 * hub client comes from the factory it is given, so the app and the tests choose the client
 * for an endpoint.
 */
final class DownloadViewModel {

    private final ModelDownloads service;
    private final Worker background;
    private final Executor ui;
    private final Supplier<Path> downloads;
    private final Consumer<Path> listed;
    private final StringProperty hubId = new SimpleStringProperty("");
    private final StringProperty revision = new SimpleStringProperty("main");
    private final StringProperty endpoint = new SimpleStringProperty(ModelDownloads.endpoint(null));
    private final ObjectProperty<Future<?>> download = new SimpleObjectProperty<>();
    private final DoubleProperty downloadProgress = new SimpleDoubleProperty(0);
    private final StringProperty downloadStatus = new SimpleStringProperty("");
    private final BooleanProperty downloadIsError = new SimpleBooleanProperty(false);
    /** The download in progress, or the last one. */
    private ModelDownloads.Download current;

    /**
     * @param service    the downloads service
     * @param background its own threads: a download of several gigabytes must not hold up other work
     * @param ui         the UI thread
     * @param downloads  the folder downloads go to
     * @param listed     lists the model folders again after a download ends, selecting the
     *                   given folder (null: keeping the selection)
     */
    DownloadViewModel(ModelDownloads service, Worker background, Executor ui, Supplier<Path> downloads,
                      Consumer<Path> listed) {
        this.service = service;
        this.background = background;
        this.ui = ui;
        this.downloads = downloads;
        this.listed = listed;
    }

    /**
     * Downloads the hub id of the form into the downloads folder in the background, with
     * progress; Cancel keeps the partial file, and Download again resumes it.
     */
    void startDownload() {
        String id = hubId.get().trim();
        if (id.isEmpty() || download.get() != null) {
            return;
        }
        ModelDownloads.Download d;
        try {
            d = service.prepare(id, revision.get(), endpoint.get(), ModelDownloads.folderFor(downloads.get(), id));
        } catch (IllegalArgumentException e) {
            showDownload("Endpoint: " + e.getMessage(), true);
            return;
        }
        Object[] self = new Object[1];
        downloadProgress.set(-1);
        showDownload("", false);
        Future<?> f = background.submit(() -> {
            report(self, "Asking " + d.endpoint() + " for the files of " + id + "...", Double.NaN);
            try {
                ModelDownloads.Outcome r = d.run(new ModelDownloads.Listener() {
                    @Override
                    public void progress(ModelDownloads.Progress p) {
                        report(self, String.format(Locale.ROOT, "%s: %s of %s, %s/s", p.file(),
                                ModelsViewModel.bytes(p.done()), p.total() < 0 ? "?" : ModelsViewModel.bytes(p.total()),
                                ModelsViewModel.bytes((long) p.bytesPerSecond())), p.total() > 0 ? p.fraction() : -1);
                    }

                    @Override
                    public void note(String text) {
                        report(self, text, Double.NaN);
                    }
                });
                ui.execute(() -> {
                    if (end(self)) {
                        downloadProgress.set(1);
                        showDownload(doneMessage(r), false);
                        listed.accept(r.folder());
                    }
                });
            } catch (Exception e) {
                ui.execute(() -> {
                    if (end(self)) {
                        downloadProgress.set(0);
                        showDownload("Download failed: " + inAppWords(messageOf(e)), true);
                        listed.accept(null);
                    }
                });
            }
        });
        self[0] = f;
        if (!f.isDone()) {
            download.set(f);
        }
        current = d;
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
            current.cancel();
            f.cancel(true);
            downloadProgress.set(0);
            showDownload("Download cancelled; the partial file is kept in " + current.folder() + ", and Download resumes it",
                    false);
            listed.accept(null);
        }
    }

    private void showDownload(String text, boolean error) {
        downloadStatus.set(text);
        downloadIsError.set(error);
    }

    /** Stops a download when the app closes. */
    void shutdown() {
        Future<?> f = download.get();
        if (f != null) {
            current.cancel();
            f.cancel(true);
        }
    }

    /**
     * What a finished download says, with what went wrong on the way (a malformed header, a
     * partial file discarded), which the progress line showed only for a moment.
     */
    static String doneMessage(ModelDownloads.Outcome r) {
        String m = String.format(Locale.ROOT, "%s: %d file%s downloaded, %d already complete, %s received, in %s",
                r.id(), r.fetched().size(), r.fetched().size() == 1 ? "" : "s", r.skipped().size(),
                ModelsViewModel.bytes(r.bytesTransferred()), r.folder());
        return r.warnings().isEmpty() ? m : m + ". On the way: " + String.join("; ", r.warnings());
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
}
