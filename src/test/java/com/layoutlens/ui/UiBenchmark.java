package com.layoutlens.ui;

import javafx.application.Platform;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app's responsiveness, headless (Monocle, software rendering): time to list a large
 * receipt folder, time to switch receipts once their images are cached (select, load the
 * labels, redraw every box), a full redraw at several zoom levels, and the heap.
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt &amp;&amp; \
 *   java -Dprism.order=sw -Dglass.platform=Monocle -Dmonocle.platform=Headless \
 *   -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) com.layoutlens.ui.UiBenchmark [DIR]
 * </pre>
 * DIR defaults to ../shared/sroie (real scans, hundreds of boxes on the long ones).
 */
public final class UiBenchmark {

    private UiBenchmark() {
    }

    private static void onFx(Runnable r) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> err = new AtomicReference<>();
        Platform.runLater(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                err.set(t);
            } finally {
                done.countDown();
            }
        });
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("FX thread did not answer");
        }
        if (err.get() != null) {
            throw new IllegalStateException(err.get());
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/sroie");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        MainView[] view = new MainView[1];
        onFx(() -> {
            view[0] = new MainView();
            Stage s = new Stage();
            s.setScene(view[0].scene(1200, 800));
            s.show();
        });
        long t0 = System.nanoTime();
        var loaded = new java.util.concurrent.atomic.AtomicBoolean();
        onFx(() -> view[0].open(dir, () -> loaded.set(true)));
        while (!loaded.get() || view[0].table().getItems().isEmpty()) {
            Thread.sleep(5);
        }
        onFx(() -> { });
        System.out.printf("listed %d receipts in %.2f s%n", view[0].table().getItems().size(), (System.nanoTime() - t0) / 1e9);

        int n = Math.min(40, view[0].table().getItems().size());
        // first pass loads the images into the cache (as a user scrolling through would)
        for (int i = 0; i < n; i++) {
            final int k = i;
            onFx(() -> view[0].table().getSelectionModel().select(k));
        }
        Thread.sleep(3000); // background image decoding
        double[] ms = new double[n];
        int maxBoxes = 0;
        for (int i = 0; i < n; i++) {
            final int k = i % 8; // the image cache holds 8 scans
            long a = System.nanoTime();
            onFx(() -> view[0].table().getSelectionModel().select(k == 0 ? 7 : k - 1));
            onFx(() -> view[0].table().getSelectionModel().select(k));
            ms[i] = (System.nanoTime() - a) / 2e6;
            maxBoxes = Math.max(maxBoxes, view[0].canvas().drawnBoxes());
        }
        Arrays.sort(ms);
        System.out.printf("switching receipts (cached images): p50 %.1f ms, p95 %.1f ms, max %.1f ms; up to %d boxes drawn "
                + "(goal: < 50 ms)%n", ms[n / 2], ms[(int) (n * 0.95)], ms[n - 1], maxBoxes);
        double[] z = new double[30];
        for (int i = 0; i < z.length; i++) {
            final double f = i % 2 == 0 ? 1.25 : 0.8;
            long a = System.nanoTime();
            onFx(() -> view[0].canvas().zoom(f));
            z[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(z);
        System.out.printf("zoom step with a full redraw: p50 %.1f ms, max %.1f ms%n", z[z.length / 2], z[z.length - 1]);
        System.gc();
        System.out.printf("heap in use %.0f MB (goal: < 1 GB)%n",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6);
        Platform.exit();
        System.exit(0);
    }
}
