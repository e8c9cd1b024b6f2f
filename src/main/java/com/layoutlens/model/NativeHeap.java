package com.layoutlens.model;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Keeps the memory PyTorch frees on the CPU for its next tensor instead of handing it back to
 * the operating system at once.
 *
 * <p>A forward pass allocates and frees tens of large tensors (a base model's attention scores
 * for 8 windows of 320 tokens are 39 MB, 12 times a pass). glibc's defaults give every
 * allocation over 128 KB its own {@code mmap} and return the heap's top to the kernel as soon as
 * 128 KB are free, so each new tensor is faulted in again page by page: about 3 million page
 * faults for 120 receipts with base-size LayoutLM, about a tenth of the run's time. Here
 * allocations up to 32 MB (glibc's ceiling for this setting) come from the heap and up to 1 GB
 * of free heap is kept; {@link #release()} hands it back when a long job is done. Values are
 * unchanged: only where memory comes from.
 *
 * <p>Linux with glibc only; elsewhere, or with {@code -Dlayoutlens.nativeHeap=system}, nothing
 * changes. Applied once, on the first model load or engine start.
 */
public final class NativeHeap {

    /** glibc's mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    /**
     * The largest allocation served from the heap (and so reused without new page faults): the
     * most glibc accepts for M_MMAP_THRESHOLD on 64-bit machines (HEAP_MAX_SIZE / 2).
     */
    public static final int LARGEST_REUSED_BYTES = 32 * 1024 * 1024;
    static final int TRIM_THRESHOLD = 1024 * 1024 * 1024;

    private static volatile Boolean tuned;

    private NativeHeap() {
    }

    /**
     * Applies the settings once; returns whether they are in force (false off glibc, when
     * switched off, or when glibc refused them).
     */
    public static boolean tune() {
        Boolean t = tuned;
        if (t != null) {
            return t;
        }
        synchronized (NativeHeap.class) {
            if (tuned == null) {
                tuned = apply();
            }
            return tuned;
        }
    }

    /** Hands free heap memory back to the system (glibc's {@code malloc_trim}); a no-op where {@link #tune} did nothing. */
    public static void release() {
        if (Boolean.TRUE.equals(tuned)) {
            try {
                libc().getFunction("malloc_trim").invokeInt(new Object[] {0});
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                // nothing to release with
            }
        }
    }

    private static boolean apply() {
        if ("system".equalsIgnoreCase(System.getProperty("layoutlens.nativeHeap", "")) || !Platform.isLinux()) {
            return false;
        }
        try {
            NativeLibrary c = libc();
            c.getFunction("gnu_get_libc_version"); // glibc only: musl's mallopt ignores its arguments
            Function mallopt = c.getFunction("mallopt");
            // mmap threshold first: setting it also stops glibc from moving both thresholds on its own
            boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, LARGEST_REUSED_BYTES}) == 1;
            ok &= mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
            return ok;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static NativeLibrary libc() {
        return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
    }
}
