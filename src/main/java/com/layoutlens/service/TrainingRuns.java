package com.layoutlens.service;

import ai.djl.Device;
import com.layoutlens.model.DeviceFallback;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.train.TrainingConfig;
import com.layoutlens.train.TrainingException;
import com.layoutlens.train.TrainingResult;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Training runs as both front ends start them: a run that fails on the GPU because a CUDA
 * library is missing or its memory runs out resumes on the CPU from its last checkpoint (or
 * starts afresh there when it wrote none), and says why; any other failure is reported as it is.
 * {@code train} runs through {@link #run}; the Training tab, which runs in the background,
 * asks {@link #cpuRetry} after a failure.
 */
public final class TrainingRuns {

    private TrainingRuns() {
    }

    /** Runs one configuration to its end on the calling thread. */
    @FunctionalInterface
    public interface Runner {
        TrainingResult run(TrainingConfig config) throws TrainingException;
    }

    /** Which device a {@code --device} choice names ({@code auto}, {@code cpu}, {@code gpu}, {@code gpuN}). */
    @FunctionalInterface
    public interface DeviceChooser {
        Device choose(String choice) throws ModelFolderException;
    }

    /** A failed run's continuation on the CPU, and the words that say why. */
    public record Retry(TrainingConfig config, String message) {
    }

    /**
     * What follows a run of {@code config} that failed with {@code failure} on {@code device}:
     * the same run resumed on the CPU when the GPU failed as a missing CUDA library or a full
     * GPU does ({@link DeviceFallback}), else nothing.
     */
    public static Optional<Retry> cpuRetry(TrainingConfig config, Device device, Throwable failure) {
        DeviceFallback.Decision d = DeviceFallback.decide(device, failure);
        if (!d.useCpu()) {
            return Optional.empty();
        }
        return Optional.of(new Retry(config.toBuilder().device("cpu").resume(true).build(), d.message()));
    }

    /**
     * Runs {@code config} with {@code runner}; when it fails on the GPU as {@link #cpuRetry}
     * describes, {@code fellBack} hears why and the run resumes on the CPU.
     */
    public static TrainingResult run(TrainingConfig config, DeviceChooser devices, Runner runner,
                                     Consumer<String> fellBack) throws TrainingException {
        Device device;
        try {
            device = devices.choose(config.device());
        } catch (ModelFolderException | RuntimeException e) {
            device = null; // the run itself reports a device that cannot be had
        }
        try {
            return runner.run(config);
        } catch (TrainingException | RuntimeException e) {
            Optional<Retry> retry = cpuRetry(config, device, e);
            if (retry.isEmpty()) {
                throw e;
            }
            fellBack.accept(retry.get().message());
            return runner.run(retry.get().config());
        }
    }
}
