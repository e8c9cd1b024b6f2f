package com.layoutlens.ui;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The status bar's line and progress. A job that owns the line (reading a folder) keeps it
 * until it ends: other messages wait their turn rather than hide its progress.
 */
final class StatusLine {

    private final StringProperty text = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private boolean busy;

    /** Shows a line unless a job owns the status bar. */
    void say(String line) {
        if (!busy) {
            text.set(line);
        }
    }

    /** A job takes the status bar. */
    void busy(String line) {
        busy = true;
        text.set(line);
        progress.set(-1);
    }

    /** The job's progress, done of total. */
    void progress(long done, long total) {
        if (busy) {
            progress.set(total > 0 ? done / (double) total : -1);
        }
    }

    /** The job is over: the status bar is free again. */
    void idle() {
        busy = false;
        progress.set(0);
    }

    boolean isBusy() {
        return busy;
    }

    StringProperty textProperty() {
        return text;
    }

    DoubleProperty progressProperty() {
        return progress;
    }
}
