package com.layoutlens.train;

/** A training run that cannot start or go on, with a message fit for the user (the folder, file or tensor). */
public class TrainingException extends Exception {

    private final boolean workFailed;

    public TrainingException(String message) {
        this(message, null, false);
    }

    public TrainingException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private TrainingException(String message, Throwable cause, boolean workFailed) {
        super(message, cause);
        this.workFailed = workFailed;
    }

    /** The run went ahead and failed: a file it had to write, or receipts that {@code strict} does not accept. */
    public static TrainingException failed(String message, Throwable cause) {
        return new TrainingException(message, cause, true);
    }

    /**
     * True when the run failed on its own work (a write, the data under {@code strict}); false when it could
     * not start with what it was given (a folder, a model, an option).
     */
    public boolean workFailed() {
        return workFailed;
    }
}
