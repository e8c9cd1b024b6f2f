package com.layoutlens.model.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads every tensor of a checkpoint, one at a time, and prints the time, the heap limit and the
 * peak resident memory: the manual check that base- and large-size models load with the default
 * heap. Not a test. Usage: {@code CheckpointLoadBenchmark <file or model folder>...}
 */
public final class CheckpointLoadBenchmark {

    private CheckpointLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path p = Path.of(a);
            long t0 = System.nanoTime();
            double sum = 0;
            long elements = 0;
            int count = 0;
            try (Checkpoint c = Checkpoints.open(p)) {
                long t1 = System.nanoTime();
                for (String name : c.names()) {
                    TensorInfo info = c.info(name);
                    if (info.dtype().isFloatingPoint()) {
                        float[] v = c.readFloats(name);
                        for (float x : v) {
                            sum += x;
                        }
                        elements += v.length;
                    } else {
                        elements += c.readLongs(name).length;
                    }
                    count++;
                }
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "%s (%d MB): %d tensors, %d elements, float sum %.6f;"
                                + " open %.3f s, read all %.3f s%n", c.source(), Files.size(c.source()) >> 20,
                        count, elements, sum, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "max heap %d MB; %s%n", Runtime.getRuntime().maxMemory() >> 20, memory());
    }

    private static String memory() {
        try {
            StringBuilder b = new StringBuilder();
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM") || line.startsWith("RssAnon") || line.startsWith("RssFile")) {
                    b.append(line.replaceAll("\\s+", " ")).append("; ");
                }
            }
            return b.toString();
        } catch (Exception e) {
            return "no /proc/self/status";
        }
    }
}
