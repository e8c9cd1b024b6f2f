package com.layoutlens.model.forward;

import java.util.Locale;

/**
 * The memory a forward pass needs, in bytes: {@code nativeBytes} on the device (the
 * engine's tensors, outside the Java heap) and {@code heapBytes} in the Java heap (the
 * inputs and the outputs copied back for writing). Estimates, on the generous side.
 */
public record MemoryEstimate(long nativeBytes, long heapBytes) {

    /** Bytes as people read them: {@code 1.5 GB}, {@code 12.0 MB}. */
    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
