package com.layoutlens.train;

import com.layoutlens.data.Problem;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended.
 *
 * @param steps        steps completed (equal to the configured steps unless cancelled)
 * @param cancelled    stopped on request; {@code checkpoint} resumes it
 * @param lastLoss     the loss of the last step, NaN if none ran in this process
 * @param bestDevF1    the best dev micro F1, NaN without a dev set
 * @param bestStep     the step of the best model
 * @param initialDevF1 the dev micro F1 of the model before its first step (NaN without a dev set)
 * @param bestModel    the Hugging Face folder of the best model ({@code out/best})
 * @param checkpoint   the resumable checkpoint ({@code out/checkpoint})
 * @param log          the training log CSV
 * @param problems     what was wrong in the receipts read (file, line, message), including the receipts left out
 * @param trained      the ids of the receipts the model trained on, sorted
 * @param evaluated    the ids of the dev receipts it was evaluated on (of the dev folder when there is one), sorted
 */
public record TrainingResult(int steps, boolean cancelled, double lastLoss, double bestDevF1, int bestStep,
                             double initialDevF1, Path bestModel, Path checkpoint, Path log, List<Problem> problems,
                             List<String> trained, List<String> evaluated) {

    public TrainingResult {
        problems = problems == null ? List.of() : List.copyOf(problems);
        trained = trained == null ? List.of() : List.copyOf(trained);
        evaluated = evaluated == null ? List.of() : List.copyOf(evaluated);
    }

    public TrainingResult(int steps, boolean cancelled, double lastLoss, double bestDevF1, int bestStep,
                          double initialDevF1, Path bestModel, Path checkpoint, Path log, List<Problem> problems) {
        this(steps, cancelled, lastLoss, bestDevF1, bestStep, initialDevF1, bestModel, checkpoint, log, problems,
                List.of(), List.of());
    }
}
