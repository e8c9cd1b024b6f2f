package com.layoutlens.train;

/**
 * What a running job reports. Figures that do not apply to an event are {@code NaN}.
 *
 * @param kind           what happened
 * @param step           optimizer steps completed
 * @param totalSteps     steps the run will take
 * @param loss           the loss of the step just taken
 * @param learningRate   the rate that step used
 * @param stepsPerSecond training speed since this process started the run (evaluation excluded)
 * @param etaSeconds     time left at that speed
 * @param devF1          word-level micro F1 on dev (entity labels, O excluded) for {@code EVALUATED}
 * @param bestDevF1      the best dev F1 so far
 * @param message        a line for a log or status bar
 */
public record TrainingEvent(Kind kind, int step, int totalSteps, double loss, double learningRate,
                            double stepsPerSecond, double etaSeconds, double devF1, double bestDevF1,
                            String message) {

    public enum Kind {
        /** Something wrong in the receipts (a file, a line and what), reported before training starts. */
        PROBLEM,
        /** Data and model are ready; the first step is next. */
        STARTED,
        /** One optimizer step is done. */
        STEP,
        /** Dev evaluation is done. */
        EVALUATED,
        /** A resumable checkpoint (or the best model) was written. */
        CHECKPOINT,
        /** All steps are done. */
        FINISHED,
        /** Stopped on request after a checkpoint of the last completed step. */
        CANCELLED,
        /** Stopped by an error; the message says which. */
        FAILED
    }

    /** Fraction of the steps done, 0..1. */
    public double fraction() {
        return totalSteps == 0 ? 1 : (double) step / totalSteps;
    }
}
