package com.layoutlens.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Where view models send work off the UI thread: {@link Background} in the app (named daemon
 * threads, failures reported), the calling thread in view-model tests.
 */
interface Worker extends Executor {

    /** Runs work in the background; cancelling the future interrupts it. */
    Future<?> submit(Runnable work);

    @Override
    default void execute(Runnable work) {
        submit(work);
    }

    /** Runs all work at once on the calling thread, for tests without the toolkit. */
    static Worker direct() {
        return work -> {
            work.run();
            return CompletableFuture.completedFuture(null);
        };
    }
}
