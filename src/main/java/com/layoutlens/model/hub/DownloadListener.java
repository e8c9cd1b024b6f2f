package com.layoutlens.model.hub;

/** Hears how a download advances; called on the downloading thread, often, so keep it cheap. */
@FunctionalInterface
public interface DownloadListener {

    /**
     * @param file        the file being fetched
     * @param done        bytes of the whole download present so far (resumed and skipped bytes included)
     * @param total       bytes of the whole download, or -1 while not all sizes are known
     * @param transferred bytes received over the network in this run (for the rate)
     */
    void progress(String file, long done, long total, long transferred);

    /** Hears a file that was already complete, or that starts from a partial file, and skips it. */
    default void note(String message) {
    }

    /**
     * Hears something a user should still see after a download that succeeded: the hub sent a
     * malformed header, or a partial file had to be discarded. Goes to {@link #note} unless
     * overridden.
     */
    default void warning(String message) {
        note(message);
    }
}
