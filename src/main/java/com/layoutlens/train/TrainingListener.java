package com.layoutlens.train;

/**
 * Receives a job's events on the training thread; a UI hands them over to its own thread.
 * An exception thrown here is ignored by the job, so a faulty observer cannot stop training.
 */
@FunctionalInterface
public interface TrainingListener {
    void onEvent(TrainingEvent event);
}
