package com.layoutlens.model;

import ai.djl.Device;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides what to do when work on a GPU fails. Two failures are the machine's, not the
 * model's: a CUDA library that is missing or does not match the driver, and a GPU that runs
 * out of memory. Both leave the CPU usable, so the work is run again there and the user is
 * told why, instead of getting an engine error; every other failure (a broken weights file, a
 * wrong tokenizer) would fail the same way on the CPU and is passed on as it is.
 *
 * <p>Engine messages are the only evidence: PyTorch reports both conditions as generic engine
 * exceptions, so they are recognised by their text, which has been stable across releases.
 */
public final class DeviceFallback {

    /** What kind of failure it was. */
    public enum Cause {
        /** A CUDA or cuDNN library is missing, too old for the driver, or there is no usable GPU. */
        CUDA_MISSING,
        /** The GPU's memory ran out. */
        OUT_OF_MEMORY,
        /** Anything else: the CPU would fail the same way. */
        OTHER
    }

    /**
     * The decision.
     *
     * @param useCpu  whether to run the work again on the CPU
     * @param cause   what the failure was
     * @param message a sentence for the user (why the CPU is used, what would bring the GPU
     *                back), or {@code null} when nothing changes
     */
    public record Decision(boolean useCpu, Cause cause, String message) {
    }

    private static final String[] CUDA_MISSING = {
            "cuda driver", "no cuda gpus are available", "found no nvidia driver",
            "not compiled with cuda", "cuda initialization", "cuda driver version is insufficient",
            "no kernel image is available", "cuda error: unknown error", "cudaerrorinsufficientdriver",
            "cudaerrornodevice", "libtorch_cuda", "c10_cuda", "torch_cuda.dll",
            // what the CPU build of PyTorch answers when a tensor is put on a GPU
            "from the 'cuda' backend"};
    /**
     * A file name of NVIDIA's libraries (CUDA runtime, cuBLAS, cuDNN, NCCL, NVRTC, CUPTI, the
     * driver's libcuda, and their Windows DLLs), lower case.
     */
    private static final Pattern NVIDIA_LIBRARY = Pattern.compile(
            "lib(cuda|cudart|cublas|cudnn|cufft|cufile|curand|cusolver|cusparse|cupti|nvrtc|nvjitlink"
                    + "|nvtoolsext|nvtx|nccl)|(cudart|cublas|cudnn|cufft|curand|cusolver|cusparse|nvrtc)64"
                    + "|nvcuda\\.dll");
    private static final String[] OUT_OF_MEMORY = {
            "out of memory", "cublas_status_alloc_failed", "cudaerrormemoryallocation", "cudnn_status_alloc_failed"};

    private DeviceFallback() {
    }

    /** The kind of a failure, judged from the messages of the exception and its causes. */
    public static Cause classify(Throwable failure) {
        Cause found = Cause.OTHER;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return Cause.OTHER; // the Java heap: the CPU has the same heap
            }
            String text = t.getClass().getSimpleName() + ": " + t.getMessage();
            Cause c = classify(text);
            if (c != Cause.OTHER) {
                found = c;
                break;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found;
    }

    /** The kind of a failure from its message alone (per-receipt errors arrive as text). */
    public static Cause classify(String message) {
        if (message == null) {
            return Cause.OTHER;
        }
        String m = message.toLowerCase(Locale.ROOT);
        // "CUDA out of memory" names CUDA too: memory is the more precise diagnosis
        for (String s : OUT_OF_MEMORY) {
            if (m.contains(s) && (m.contains("cuda") || m.contains("gpu") || m.contains("cublas")
                    || m.contains("cudnn") || m.contains("tried to allocate"))) {
                return Cause.OUT_OF_MEMORY;
            }
        }
        if (namesNvidiaLibrary(m)) {
            return Cause.CUDA_MISSING;
        }
        for (String s : CUDA_MISSING) {
            if (m.contains(s)) {
                return Cause.CUDA_MISSING;
            }
        }
        return Cause.OTHER;
    }

    /** Whether a message names one of NVIDIA's libraries (the usual sign of a missing CUDA install). */
    static boolean namesNvidiaLibrary(String message) {
        return message != null && NVIDIA_LIBRARY.matcher(message.toLowerCase(Locale.ROOT)).find();
    }

    /** What to do after {@code failure} on {@code device}. */
    public static Decision decide(Device device, Throwable failure) {
        return decide(device, classify(failure), firstLine(failure));
    }

    /** What to do after a failure reported as text on {@code device}. */
    public static Decision decide(Device device, String failure) {
        return decide(device, classify(failure), failure);
    }

    private static Decision decide(Device device, Cause cause, String detail) {
        if (device == null || !device.isGpu() || cause == Cause.OTHER) {
            return new Decision(false, device != null && device.isGpu() ? cause : Cause.OTHER, null);
        }
        String gpu = "GPU " + device.getDeviceId();
        String why = shorten(detail);
        String message = switch (cause) {
            case OUT_OF_MEMORY -> gpu + " ran out of memory (" + why + "); running on the CPU instead, which is "
                    + "slower. Close other programs that use the GPU, or run fewer jobs at once, to use it again.";
            case CUDA_MISSING -> "the CUDA libraries for " + gpu + " are missing or do not match the driver ("
                    + why + "); running on the CPU instead. Install the CUDA runtime that the PyTorch build "
                    + "expects, or update the NVIDIA driver, to use the GPU.";
            case OTHER -> throw new IllegalStateException();
        };
        return new Decision(true, cause, message);
    }

    private static String firstLine(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (classify(c.getClass().getSimpleName() + ": " + c.getMessage()) != Cause.OTHER) {
                return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return t == null ? "" : String.valueOf(t.getMessage());
    }

    private static String shorten(String s) {
        if (s == null || s.isBlank()) {
            return "no details";
        }
        String line = s.strip().lines().findFirst().orElse("").strip();
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
