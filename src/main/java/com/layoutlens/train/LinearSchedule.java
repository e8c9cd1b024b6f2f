package com.layoutlens.train;

/**
 * transformers' {@code get_linear_schedule_with_warmup}: the rate rises linearly from 0
 * over the warm-up steps, then falls linearly to 0 at the last step.
 */
public record LinearSchedule(double peak, int warmupSteps, int totalSteps) {

    /** The rate of the update made at {@code step} (0-based, as the scheduler's counter before it steps). */
    public double rate(int step) {
        if (step < warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
