package com.layoutlens.ui;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs {@link Task}s on named daemon threads and never swallows an exception: a failed
 * task reaches the given error handler on the FX thread.
 */
final class Background {

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
