package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

import java.util.Locale;

/** Where models run: the GPU when the engine sees one, else the CPU, unless the user says otherwise. */
public final class Devices {

    private Devices() {
    }

    /**
     * Whether {@code choice} is a device {@link #choose} understands, said without asking the
     * engine (a driver that does not run the model itself checks its executors' option so).
     */
    public static boolean isChoice(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        return c.equals("auto") || c.isEmpty() || c.equals("cpu")
                || (c.startsWith("gpu") || c.startsWith("cuda")) && gpuIndex(c) >= 0;
    }

    /** The GPU index of {@code gpu}, {@code gpuN}, {@code cuda}, {@code cuda:N}; -1 when the number is none. */
    private static int gpuIndex(String c) {
        String n = c.replaceFirst("^(gpu|cuda)[:]?", "");
        try {
            int id = n.isEmpty() ? 0 : Integer.parseInt(n);
            return id >= 0 ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The device for a user choice.
     *
     * @param choice {@code cpu}, {@code gpu} (the first GPU), {@code gpuN}, or null / {@code auto}
     * @throws ModelFolderException when a GPU is asked for and the engine sees none
     */
    public static Device choose(String choice) throws ModelFolderException {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        int gpus = pytorch().getGpuCount();
        switch (c) {
            case "auto":
            case "":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            default:
                if (c.startsWith("gpu") || c.startsWith("cuda")) {
                    int id = gpuIndex(c);
                    if (id < 0) {
                        throw new ModelFolderException("unknown device '" + choice + "' (use cpu, gpu or gpuN)");
                    }
                    if (id >= gpus) {
                        throw new ModelFolderException("device '" + choice + "' asked for, but the engine sees "
                                + (gpus == 0 ? "no GPU (the CPU build of PyTorch is on the class path)" : gpus + " GPUs"));
                    }
                    return Device.gpu(id);
                }
                throw new ModelFolderException("unknown device '" + choice + "' (use cpu, gpu or gpuN)");
        }
    }

    /**
     * The PyTorch engine, loading its native library on first use. A library that cannot be
     * loaded (most often a CUDA build of PyTorch named by {@code PYTORCH_LIBRARY_PATH} whose
     * NVIDIA libraries are not installed) becomes one message naming the library, the missing
     * piece and what to do, instead of DJL's bare "Failed to load PyTorch native library".
     *
     * <p>Every call also pins the CPU thread count (see {@link #pinThreadCount}), so that
     * the same inputs give the same bits however busy the machine is.
     */
    public static Engine pytorch() throws ModelFolderException {
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (EngineException | UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new ModelFolderException(engineFailure(e, System.getenv("PYTORCH_LIBRARY_PATH")), e);
        }
        pinThreadCount();
        return engine;
    }

    /**
     * Keeps PyTorch's intra-op thread count as it is and stops MKL from choosing its own.
     * DJL sets the count only when {@code ai.djl.pytorch.num_threads} is given; otherwise MKL
     * runs with its default {@code MKL_DYNAMIC=TRUE} and may use fewer threads for a matrix
     * product than asked, at its own discretion: a weight gradient (a product over the batch
     * and sequence) is then summed in another order, an ulp changes, and two training runs
     * with the same seed part ways (a 200-step CPU run diverged at step 53 on a loaded
     * machine). {@code torch::set_num_threads} with the current count switches MKL's dynamic
     * mode off, as Intel's reproducibility conditions ask, and leaves the count unchanged.
     */
    public static void pinThreadCount() {
        try {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(ai.djl.pytorch.jni.JniUtils.getNumThreads());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // an engine without these calls runs as before; nothing the user can act on
        }
    }

    /** The user's message for an engine that would not load; {@code libraryPath} is PYTORCH_LIBRARY_PATH or null. */
    static String engineFailure(Throwable e, String libraryPath) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.toString() : root.getMessage();
        StringBuilder m = new StringBuilder("PyTorch's native library could not be loaded");
        m.append(libraryPath == null || libraryPath.isBlank()
                ? " (the build's own CPU library)" : " from PYTORCH_LIBRARY_PATH=" + libraryPath);
        m.append(": ").append(detail);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("libcuda.so")) {
            m.append(". libcuda.so is the NVIDIA driver itself: this machine has no NVIDIA driver installed, so"
                    + " a CUDA build of PyTorch cannot start here; unset PYTORCH_LIBRARY_PATH to run on the CPU"
                    + " with the bundled library.");
        } else if (DeviceFallback.namesNvidiaLibrary(detail)) {
            m.append(". This is a CUDA build of PyTorch and NVIDIA's CUDA libraries it was built against are"
                    + " missing: install them (pip installs them with torch==2.7.1), or unset PYTORCH_LIBRARY_PATH"
                    + " to run on the CPU with the bundled library.");
        } else if (libraryPath != null && !libraryPath.isBlank()) {
            m.append(". PYTORCH_LIBRARY_PATH must name the lib folder of PyTorch 2.7.1 exactly; unset it to run"
                    + " on the CPU with the bundled library.");
        }
        return m.toString();
    }

    /** The short name users see and type back: {@code cpu}, {@code gpu} (the first GPU) or {@code gpuN}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu" + (device.getDeviceId() > 0 ? device.getDeviceId() : "") : "cpu";
    }

    /**
     * Which device a choice would use, as a short name, without failing: the app shows it
     * before a job starts, and a choice that cannot be honoured is reported by the job itself.
     */
    public static String describe(String choice) {
        try {
            return name(choose(choice));
        } catch (ModelFolderException | RuntimeException e) {
            return "cpu";
        }
    }
}
