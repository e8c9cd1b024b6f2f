package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceFallbackTest {

    @Test
    void cudaOutOfMemoryOnAGpuMovesToTheCpuAndSaysSo() {
        var e = new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total capacity)");
        DeviceFallback.Decision d = DeviceFallback.decide(Device.gpu(0), e);
        assertTrue(d.useCpu());
        assertEquals(DeviceFallback.Cause.OUT_OF_MEMORY, d.cause());
        assertTrue(d.message().startsWith("GPU 0 ran out of memory (CUDA out of memory. Tried to allocate 2.00 GiB"),
                d.message());
        assertTrue(d.message().contains("running on the CPU instead"), d.message());
    }

    @Test
    void aMissingCudaLibraryFoundInACauseMovesToTheCpu() {
        var link = new UnsatisfiedLinkError("libcudart.so.12: cannot open shared object file: No such file or directory");
        var e = new IllegalStateException("cannot load the model", new RuntimeException("engine failed", link));
        DeviceFallback.Decision d = DeviceFallback.decide(Device.gpu(1), e);
        assertTrue(d.useCpu());
        assertEquals(DeviceFallback.Cause.CUDA_MISSING, d.cause());
        assertTrue(d.message().contains("CUDA libraries for GPU 1 are missing"), d.message());
        assertTrue(d.message().contains("libcudart.so.12"), "the library is named: " + d.message());
    }

    @Test
    void driverAndBuildProblemsCountAsMissingCuda() {
        for (String m : new String[] {"Found no NVIDIA driver on your system.",
                "CUDA driver version is insufficient for CUDA runtime version",
                "Torch not compiled with CUDA enabled", "RuntimeError: No CUDA GPUs are available",
                "CUDA error: no kernel image is available for execution on the device",
                "\nCould not run 'aten::empty_strided' with arguments from the 'CUDA' backend."}) {
            assertEquals(DeviceFallback.Cause.CUDA_MISSING, DeviceFallback.classify(m), m);
        }
    }

    @Test
    void aPerReceiptErrorTextIsJudgedToo() {
        DeviceFallback.Decision d = DeviceFallback.decide(Device.gpu(0),
                "prediction failed: CUDA error: out of memory");
        assertTrue(d.useCpu());
        assertEquals(DeviceFallback.Cause.OUT_OF_MEMORY, d.cause());
    }

    @Test
    void theSameFailureOnTheCpuChangesNothing() {
        DeviceFallback.Decision d = DeviceFallback.decide(Device.cpu(),
                new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB"));
        assertFalse(d.useCpu());
        assertNull(d.message());
    }

    @Test
    void aBrokenModelOnTheGpuIsNotRetriedOnTheCpu() {
        DeviceFallback.Decision d = DeviceFallback.decide(Device.gpu(0),
                new ModelFolderException("model.safetensors: header length 99999 exceeds the file size"));
        assertFalse(d.useCpu());
        assertEquals(DeviceFallback.Cause.OTHER, d.cause());
        assertNull(d.message());
    }

    @Test
    void aFullJavaHeapIsNotAGpuProblem() {
        DeviceFallback.Decision d = DeviceFallback.decide(Device.gpu(0),
                new RuntimeException("worker died", new OutOfMemoryError("Java heap space")));
        assertFalse(d.useCpu());
    }

    @Test
    void memoryWordsWithoutAGpuAreNotAGpuFailure() {
        assertEquals(DeviceFallback.Cause.OTHER, DeviceFallback.classify("DefaultCPUAllocator: can't allocate memory"));
        assertEquals(DeviceFallback.Cause.OTHER, DeviceFallback.classify((String) null));
    }

    @Test
    void nvidiaLibrariesAreRecognisedByNameAndOthersAreNot() {
        for (String m : new String[] {"libcupti.so.12: cannot open shared object file", "libcudart.so.12",
                "libnccl.so.2", "libnvJitLink.so.12", "libcuda.so.1", "cudnn64_9.dll was not found",
                "nvcuda.dll"}) {
            assertTrue(DeviceFallback.namesNvidiaLibrary(m), m);
            assertEquals(DeviceFallback.Cause.CUDA_MISSING, DeviceFallback.classify(m), m);
        }
        for (String m : new String[] {"libcurl.so.4: cannot open shared object file", "libgomp.so.1",
                "tensor 'cudnn' missing"}) {
            assertFalse(DeviceFallback.namesNvidiaLibrary(m), m);
        }
    }
}
