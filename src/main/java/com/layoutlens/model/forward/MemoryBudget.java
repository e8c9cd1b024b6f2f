package com.layoutlens.model.forward;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much memory a forward pass may take, so that a batch that would not fit is refused
 * before it starts rather than failing half-way (or being killed by the system): a share
 * of what the device has free, and of what the Java heap can still grow to.
 *
 * @param nativeBytes bytes the engine may use on the device; {@code Long.MAX_VALUE} when unknown
 * @param heapBytes   bytes the Java heap may still take
 * @param where       what the native figure describes, for messages ("available memory", "GPU memory")
 */
public record MemoryBudget(long nativeBytes, long heapBytes, String where) {

    /** Share of the free memory a single call may plan to use: the rest absorbs estimate error. */
    static final double SHARE = 0.8;

    /** The budget on this machine now, for a device. */
    public static MemoryBudget available(Device device) {
        Runtime rt = Runtime.getRuntime();
        long heapFree = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long heap = (long) (heapFree * SHARE);
        if (device.isGpu()) {
            try {
                MemoryUsage gpu = CudaUtils.getGpuMemory(device);
                return new MemoryBudget((long) ((gpu.getMax() - gpu.getCommitted()) * SHARE), heap, "free GPU memory");
            } catch (RuntimeException | LinkageError e) {
                return new MemoryBudget(Long.MAX_VALUE, heap, "GPU memory");
            }
        }
        return new MemoryBudget((long) (availableSystemMemory() * SHARE), heap, "available memory");
    }

    /** A budget whose native part the user set (the heap part stays what the JVM has). */
    public static MemoryBudget limitedTo(long bytes) {
        Runtime rt = Runtime.getRuntime();
        long heapFree = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return new MemoryBudget(bytes, (long) (heapFree * SHARE), "the --max-memory limit");
    }

    /**
     * Refuses an estimate above the budget, naming {@code input_ids}, whose batch and length
     * set the size.
     */
    public void check(MemoryEstimate need, long batch, long length) throws ForwardException {
        String what = "a batch of " + batch + " x " + length + " tokens needs about ";
        if (need.nativeBytes() > nativeBytes) {
            throw new ForwardException("input_ids", "tensor 'input_ids': " + what
                    + MemoryEstimate.format(need.nativeBytes()) + " for the forward pass, more than the "
                    + MemoryEstimate.format(nativeBytes) + " of " + where
                    + "; split the batch into smaller ones (fewer rows or shorter sequences)");
        }
        if (need.heapBytes() > heapBytes) {
            throw new ForwardException("input_ids", "tensor 'input_ids': " + what
                    + MemoryEstimate.format(need.heapBytes()) + " of Java heap for its inputs and outputs, more than the "
                    + MemoryEstimate.format(heapBytes) + " left; split the batch, leave out --hidden-states "
                    + "or give Java more heap (-Xmx)");
        }
    }

    /**
     * {@code MemAvailable} of {@code /proc/meminfo} (what can be used without swapping,
     * page cache included), or the free physical memory the JVM reports elsewhere.
     */
    static long availableSystemMemory() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getFreeMemorySize();
        }
        return Long.MAX_VALUE;
    }
}
