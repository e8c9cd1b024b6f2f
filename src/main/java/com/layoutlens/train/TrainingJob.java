package com.layoutlens.train;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A training run as a job: start it on a background thread (or run it on the caller's),
 * observe it through listeners, cancel it between steps. A cancelled job writes a
 * checkpoint of its last completed step, so {@code resume} continues exactly there.
 *
 * <p>The PyTorch engine records gradients for one collector at a time per process, so only
 * one job may train at a time; a second one fails at its first step with a clear message.
 */
public final class TrainingJob {

    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private volatile CompletableFuture<TrainingResult> future;

    public TrainingJob(TrainingConfig config) {
        this.config = config;
    }

    public TrainingConfig config() {
        return config;
    }

    public TrainingJob addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    public void removeListener(TrainingListener listener) {
        listeners.remove(listener);
    }

    /**
     * Starts the run on a daemon thread named {@code layoutlens-training}.
     *
     * @return completes with the result, or exceptionally with a {@link TrainingException}
     * @throws IllegalStateException when already started
     */
    public synchronized CompletableFuture<TrainingResult> start() {
        if (future != null) {
            throw new IllegalStateException("this job was already started");
        }
        CompletableFuture<TrainingResult> f = new CompletableFuture<>();
        future = f;
        Thread t = new Thread(() -> {
            try {
                f.complete(execute());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "layoutlens-training");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Runs on the calling thread (command line, tests). */
    public TrainingResult run() throws TrainingException {
        synchronized (this) {
            if (future != null) {
                throw new IllegalStateException("this job was already started");
            }
            future = new CompletableFuture<>();
        }
        try {
            TrainingResult r = execute();
            future.complete(r);
            return r;
        } catch (TrainingException | RuntimeException e) {
            future.completeExceptionally(e);
            throw e;
        }
    }

    /** Runs and reports a failure as a {@code FAILED} event before passing it on. */
    private TrainingResult execute() throws TrainingException {
        try {
            return new TrainingRun(config, this::emit, cancel::get).run();
        } catch (TrainingException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            emit(new TrainingEvent(TrainingEvent.Kind.FAILED, 0, config.steps(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, "training failed: " + message));
            throw e;
        }
    }

    /** Asks the job to stop after the step in progress; it then writes a checkpoint and ends as cancelled. */
    public void cancel() {
        cancel.set(true);
    }

    public boolean isCancelRequested() {
        return cancel.get();
    }

    /** The running or finished job's result, or null before {@link #start()}. */
    public CompletableFuture<TrainingResult> result() {
        return future;
    }

    private void emit(TrainingEvent e) {
        for (TrainingListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ignored) {
                // an observer's fault must not end the run
            }
        }
    }

    /** A folder holding a model (its config or weights) is never a run's output folder. */
    public static void refuseModelFolder(java.nio.file.Path out) throws TrainingException {
        for (String name : java.util.List.of("config.json", "model.safetensors", "pytorch_model.bin")) {
            if (java.nio.file.Files.isRegularFile(out.resolve(name))) {
                throw new TrainingException(out + " already holds a model (" + name + "): choose another output folder");
            }
        }
    }
}
