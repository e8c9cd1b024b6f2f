package com.layoutlens.model;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeHeapTest {

    @Test
    void tunedOnGlibcAndIdempotent() {
        boolean glibc = Platform.isLinux() && !"system".equalsIgnoreCase(System.getProperty("layoutlens.nativeHeap", ""));
        boolean first = NativeHeap.tune();
        if (glibc) {
            boolean isGlibc;
            try {
                com.sun.jna.NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("gnu_get_libc_version");
                isGlibc = true;
            } catch (UnsatisfiedLinkError e) {
                isGlibc = false;
            }
            assertEquals(isGlibc, first, "glibc accepts both settings");
        }
        assertEquals(first, NativeHeap.tune());
        NativeHeap.release(); // must not fail either way
    }
}
