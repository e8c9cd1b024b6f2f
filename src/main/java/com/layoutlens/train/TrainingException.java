package com.layoutlens.train;

/** A training run that cannot start or go on, with a message fit for the user (the folder, file or tensor). */
public class TrainingException extends Exception {

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
