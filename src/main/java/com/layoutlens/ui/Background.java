package com.layoutlens.ui;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs {@link Task}s and plain work on named daemon threads and never swallows an exception:
 * a failure reaches the given error handler on the FX thread. View models take it as an
 * {@link Worker}, and {@link #fx} as the UI thread's executor, so their tests pass
 * {@link Worker#direct()} and {@code Runnable::run} and run without the toolkit.
 */
final class Background implements Worker {

    private final ExecutorService pool;
    private final Consumer<Throwable> onError;

    Background(String name, int threads, Consumer<Throwable> onError) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.onError = onError;
    }

    <T> Task<T> run(Task<T> task) {
        task.exceptionProperty().addListener((obs, old, ex) -> {
            if (ex != null) {
                onError.accept(ex);
            }
        });
        pool.execute(task);
        return task;
    }

    /**
     * Runs work on a background thread; an exception or error it throws goes to the error
     * handler, unless the work was cancelled (interrupted) on purpose.
     */
    @Override
    public Future<?> submit(Runnable work) {
        return pool.submit(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                if (!Thread.currentThread().isInterrupted()) {
                    fx(() -> onError.accept(t));
                }
            }
        });
    }

    void shutdown() {
        pool.shutdownNow();
    }

    static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
            return;
        }
        try {
            Platform.runLater(r);
        } catch (IllegalStateException notStarted) {
            r.run(); // no FX toolkit (view-model tests): there is no other thread to hand over to
        }
    }
}
