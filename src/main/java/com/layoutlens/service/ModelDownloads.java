package com.layoutlens.service;

import com.layoutlens.model.hub.DownloadListener;
import com.layoutlens.model.hub.HubClient;
import com.layoutlens.model.hub.HubException;
import com.layoutlens.model.hub.ModelFolders;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Model downloads as both front ends start them ({@code models download} and the Models tab):
 * which hub (the endpoint typed, else {@code HF_ENDPOINT}, else the public hub), which revision
 * (blank: {@value #DEFAULT_REVISION}), which folder (by default the name part of the hub id under
 * a models folder); then one download with its progress, the warnings a user should still see
 * afterwards, and a cancel that keeps the partial file for the next run to resume. The files are
 * checked (size, and SHA-256 where the hub gives it) by the hub client before they get their
 * real name, and the folder gets its origin note ({@code layoutlens.json}: hub id, revision,
 * commit, endpoint, files), which {@link Outcome#origin()} reads back as {@code models list}
 * shows it. Progress comes with the rate and the time left ({@link Progress}), so that every
 * front end shows the same figures.
 *
 * <p>The hub client for an endpoint comes from {@link Hubs}: {@link #fromEnvironment()} sends
 * {@code HF_TOKEN}; tests choose their own.
 */
public final class ModelDownloads {

    /** The public hub, used when neither the caller nor {@code HF_ENDPOINT} names another. */
    public static final String DEFAULT_ENDPOINT = HubClient.DEFAULT_ENDPOINT;
    /** The revision a blank one stands for. */
    public static final String DEFAULT_REVISION = "main";
    /** The folder {@code models download} puts model folders in unless told otherwise. */
    public static final Path DEFAULT_ROOT = Path.of("models");

    /** The hub client for a resolved endpoint URL. */
    @FunctionalInterface
    public interface Hubs {
        /** @throws IllegalArgumentException when {@code endpoint} is not an http(s) URL */
        HubClient open(String endpoint);
    }

    private final Hubs hubs;

    public ModelDownloads(Hubs hubs) {
        this.hubs = hubs;
    }

    /** Downloads from the hub the environment names, with {@code HF_TOKEN} for gated or private models. */
    public static ModelDownloads fromEnvironment() {
        String token = System.getenv("HF_TOKEN");
        return new ModelDownloads(endpoint -> new HubClient(endpoint, token));
    }

    /** The endpoint a user asked for: {@code typed} if not blank (trimmed), else {@code HF_ENDPOINT}, else the public hub. */
    public static String endpoint(String typed) {
        return HubClient.endpointFrom(typed == null ? null : typed.trim());
    }

    /** The revision a user asked for: {@code typed} trimmed, or {@value #DEFAULT_REVISION} when blank. */
    public static String revision(String typed) {
        return typed == null || typed.isBlank() ? DEFAULT_REVISION : typed.trim();
    }

    /** The folder a hub id downloads to under {@code root}: the name part of the id. */
    public static Path folderFor(Path root, String id) {
        return ModelFolders.folderFor(root, id);
    }

    /** The folder a download lands in: {@code chosen} when the user named one, else {@link #folderFor}. */
    public static Path folderFor(Path chosen, Path root, String id) {
        return chosen != null ? chosen : folderFor(root, id);
    }

    /**
     * How far a download is.
     *
     * @param file           the file being fetched
     * @param done           bytes of the whole download present so far (resumed and skipped bytes included)
     * @param total          bytes of the whole download, or -1 while not all sizes are known
     * @param transferred    bytes received over the network in this run
     * @param bytesPerSecond {@code transferred} over the time this run has taken
     */
    public record Progress(String file, long done, long total, long transferred, double bytesPerSecond) {

        /** {@code done / total}, or -1 while the total is not known. */
        public double fraction() {
            return total < 0 ? -1 : total == 0 ? 1 : done / (double) total;
        }

        /** Seconds left at the rate so far, or -1 while the total or the rate is not known. */
        public double secondsLeft() {
            return total < 0 || bytesPerSecond <= 0 ? -1 : Math.max(0, total - done) / bytesPerSecond;
        }

        /** Whether everything known is present (the end of a file's progress). */
        public boolean complete() {
            return done == total;
        }
    }

    /** Hears how a download advances, on the downloading thread: often, so keep it cheap. */
    public interface Listener {

        void progress(Progress progress);

        /** A file that was already complete, or that starts from a partial file. */
        default void note(String message) {
        }

        /** Something a user should still see after a download that succeeded (also in {@link Outcome#warnings()}). */
        default void warning(String message) {
            note(message);
        }
    }

    /**
     * One download of {@code id} at {@code revision} from {@code endpoint} (both as typed, see
     * {@link #endpoint} and {@link #revision}) into {@code folder}; nothing is fetched until
     * {@link Download#run}.
     *
     * @throws IllegalArgumentException when the endpoint is not an http(s) URL; the message names it
     */
    /** Whether {@code id} has the form of a hub model id ({@code owner/name} or {@code name}). */
    public static boolean isHubId(String id) {
        return com.layoutlens.model.hub.HubClient.isHubId(id);
    }

    public Download prepare(String id, String revision, String endpoint, Path folder) {
        return new Download(id.trim(), revision(revision), hubs.open(endpoint(endpoint)), folder);
    }

    /**
     * What a finished download brought, and what went wrong on the way without stopping it.
     *
     * @param origin where the folder came from as its origin note says ({@code id@revision from endpoint})
     */
    public record Outcome(String id, Path folder, List<String> fetched, List<String> skipped, long bytesTransferred,
                          List<String> warnings, String origin) {
        public Outcome {
            fetched = List.copyOf(fetched);
            skipped = List.copyOf(skipped);
            warnings = List.copyOf(warnings);
        }
    }

    /** A prepared download: run it once, on any thread; cancel it from another. */
    public static final class Download {
        private final String id;
        private final String revision;
        private final HubClient client;
        private final Path folder;
        private Thread runner;
        private boolean cancelled;

        private Download(String id, String revision, HubClient client, Path folder) {
            this.id = id;
            this.revision = revision;
            this.client = client;
            this.folder = folder;
        }

        public String id() {
            return id;
        }

        public String revision() {
            return revision;
        }

        public URI endpoint() {
            return client.endpoint();
        }

        public Path folder() {
            return folder;
        }

        /**
         * Downloads into the folder on the calling thread, telling {@code listener} (may be null)
         * how it advances; files already complete are kept, partial ones continued.
         *
         * @throws HubException when the download fails or is cancelled (the partial file is kept)
         */
        public Outcome run(Listener listener) throws HubException {
            synchronized (this) {
                if (cancelled) {
                    throw cancelledException(null);
                }
                runner = Thread.currentThread();
            }
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            DownloadListener heard = new DownloadListener() {
                @Override
                public void progress(String file, long done, long total, long transferred) {
                    if (listener != null) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        listener.progress(new Progress(file, done, total, transferred,
                                seconds > 0 ? transferred / seconds : 0));
                    }
                }

                @Override
                public void note(String message) {
                    if (listener != null) {
                        listener.note(message);
                    }
                }

                @Override
                public void warning(String message) {
                    warnings.add(message);
                    if (listener != null) {
                        listener.warning(message);
                    }
                }
            };
            try {
                HubClient.Result r = client.download(id, revision, folder, heard);
                synchronized (warnings) {
                    return new Outcome(id, r.folder(), r.fetched(), r.skipped(), r.bytesTransferred(), warnings,
                            ModelFolders.origin(r.folder()));
                }
            } catch (HubException e) {
                if (isCancelled()) {
                    throw cancelledException(e);
                }
                throw e;
            } finally {
                synchronized (this) {
                    runner = null;
                    if (cancelled) {
                        Thread.interrupted(); // the thread goes on to other work: the cancel was for this download
                    }
                }
            }
        }

        /** Stops the download (now, or before it starts); the partial file is kept, and the next run resumes it. */
        public synchronized void cancel() {
            cancelled = true;
            if (runner != null) {
                runner.interrupt();
            }
        }

        public synchronized boolean isCancelled() {
            return cancelled;
        }

        private HubException cancelledException(Throwable cause) {
            return new HubException("download of " + id + " cancelled; the partial file is kept in " + folder, cause);
        }
    }
}
